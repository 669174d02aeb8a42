//! Specification of the ES|QL parser: one test per construct (the ES|QL reference
//! pages are named in comments), the seed 002 rule with an AST snapshot, and bad
//! inputs with their exact diagnostics.

use kqlc::diagnostic::{Code, Diagnostic};
use kqlc::source::Span;
use kqlc::syntax::esql::ast::{
    BinaryOp, CommandKind, Expr, ExprKind, Literal, Query, SourceKind, TimeUnit, UnaryOp,
};
use kqlc::syntax::esql::parse;
use std::path::PathBuf;

// ---------------------------------------------------------------- helpers

/// Parses a query that must have no diagnostic at all.
fn parse_ok(text: &str) -> Query {
    let (query, diagnostics) = parse(text);
    assert!(
        diagnostics.is_empty(),
        "unexpected diagnostics for {text:?}: {diagnostics:#?}"
    );
    query.unwrap_or_else(|| panic!("no tree for {text:?}"))
}

/// The diagnostics of a query that must fail.
fn parse_err(text: &str) -> Vec<Diagnostic> {
    let (_, diagnostics) = parse(text);
    assert!(
        diagnostics.iter().any(Diagnostic::is_error),
        "expected an error for {text:?}"
    );
    diagnostics
}

/// The commands after the source.
fn commands(text: &str) -> Vec<CommandKind> {
    parse_ok(text)
        .commands
        .into_iter()
        .map(|c| c.kind)
        .collect()
}

/// The condition of `ROW a = 1 | WHERE <condition>`.
fn condition(condition: &str) -> Expr {
    match commands(&format!("ROW a = 1 | WHERE {condition}")).remove(0) {
        CommandKind::Where(e) => e,
        other => panic!("not a WHERE: {other:?}"),
    }
}

/// A compact prefix form of an expression, so that structure reads at a glance.
fn sx(e: &Expr) -> String {
    let list = |items: &[Expr]| items.iter().map(sx).collect::<Vec<_>>().join(" ");
    match &e.kind {
        ExprKind::Literal(Literal::Null) => "null".into(),
        ExprKind::Literal(Literal::Bool(b)) => b.to_string(),
        ExprKind::Literal(Literal::Integer(n)) => n.to_string(),
        ExprKind::Literal(Literal::UnsignedLong(n)) => format!("{n}ul"),
        ExprKind::Literal(Literal::Decimal(x)) => format!("{x:?}"),
        ExprKind::Literal(Literal::String(s)) => format!("{s:?}"),
        ExprKind::Literal(Literal::TimeSpan { value, unit }) => format!("{value}{unit:?}"),
        ExprKind::Field(name) => name.name.clone(),
        ExprKind::Param(p) => format!("?{p}"),
        ExprKind::Array(items) => format!("[{}]", list(items)),
        ExprKind::Map(m) => format!("{{{} entries}}", m.entries.len()),
        ExprKind::Call {
            name,
            args,
            options,
        } => {
            let opts = options.as_ref().map_or(String::new(), |m| {
                format!(" {{{} options}}", m.entries.len())
            });
            format!("{}({}){opts}", name.name, list(args))
        }
        ExprKind::Star => "*".into(),
        ExprKind::Unary {
            op: UnaryOp::Neg,
            operand,
        } => format!("(neg {})", sx(operand)),
        ExprKind::Unary {
            op: UnaryOp::Plus,
            operand,
        } => format!("(pos {})", sx(operand)),
        ExprKind::Not(operand) => format!("(not {})", sx(operand)),
        ExprKind::Binary { op, lhs, rhs } => {
            let op = match op {
                BinaryOp::Or => "or",
                BinaryOp::And => "and",
                BinaryOp::Eq => "==",
                BinaryOp::NotEq => "!=",
                BinaryOp::EqIgnoreCase => "=~",
                BinaryOp::Lt => "<",
                BinaryOp::Le => "<=",
                BinaryOp::Gt => ">",
                BinaryOp::Ge => ">=",
                BinaryOp::Add => "+",
                BinaryOp::Sub => "-",
                BinaryOp::Mul => "*",
                BinaryOp::Div => "/",
                BinaryOp::Mod => "%",
            };
            format!("({op} {} {})", sx(lhs), sx(rhs))
        }
        ExprKind::Like {
            operand,
            patterns,
            negated,
            regex,
        } => {
            format!(
                "({}{} {} {})",
                if *negated { "not-" } else { "" },
                if *regex { "rlike" } else { "like" },
                sx(operand),
                list(patterns)
            )
        }
        ExprKind::In {
            operand,
            list: items,
            negated,
        } => format!(
            "({} {} {})",
            if *negated { "not-in" } else { "in" },
            sx(operand),
            list(items)
        ),
        ExprKind::IsNull { operand, negated } => format!(
            "({} {})",
            if *negated { "is-not-null" } else { "is-null" },
            sx(operand)
        ),
        ExprKind::Match { field, query } => format!("(match {} {})", sx(field), sx(query)),
        ExprKind::Cast { operand, ty } => format!("(cast {} {})", sx(operand), ty.name),
        ExprKind::Paren(inner) => sx(inner),
    }
}

fn sx_of(text: &str) -> String {
    sx(&condition(text))
}

/// `(code id, message, span)` of every diagnostic, for exact comparisons.
fn summary(diagnostics: &[Diagnostic]) -> Vec<(&'static str, String, Span)> {
    diagnostics
        .iter()
        .map(|d| (d.code.id(), d.message.clone(), d.span))
        .collect()
}

// ---------------------------------------------------------------- seed 002

/// The ES|QL query of seed 002, rebuilt from the rule page in `../shared/seeds`: the
/// lines from `editfrom …` (the page's "edit" link glued to the query) up to the
/// MITRE section. `None` when the shared folder is absent.
fn seed_002_query() -> Option<String> {
    let shared =
        PathBuf::from(std::env::var("KQLC_SHARED").unwrap_or_else(|_| "../shared".to_string()));
    let page = std::fs::read_to_string(shared.join("seeds/002_baa78f212001af6f.txt")).ok()?;
    let mut lines = page.lines().skip_while(|l| !l.starts_with("editfrom "));
    let first = lines.next()?.strip_prefix("edit")?;
    let rest: Vec<&str> = lines.take_while(|l| !l.starts_with("Framework:")).collect();
    Some(
        std::iter::once(first)
            .chain(rest)
            .collect::<Vec<_>>()
            .join("\n"),
    )
}

#[test]
fn seed_002_parses_with_no_diagnostic_and_its_tree_is_stable() {
    let Some(text) = seed_002_query() else {
        println!("SKIPPED: ../shared/seeds/002_baa78f212001af6f.txt is absent");
        return;
    };
    assert!(text.starts_with(
        "from logs-azure.aadgraphactivitylogs-* metadata _id, _version, _index\n| where "
    ));
    let query = parse_ok(&text);
    let SourceKind::From {
        indices, metadata, ..
    } = &query.source.kind
    else {
        panic!("not FROM")
    };
    assert_eq!(indices[0].index, "logs-azure.aadgraphactivitylogs-*");
    assert_eq!(
        metadata.iter().map(|m| m.name.as_str()).collect::<Vec<_>>(),
        ["_id", "_version", "_index"]
    );
    assert_eq!(query.commands.len(), 7);
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../snapshots/esql_parse");
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| insta::assert_debug_snapshot!("seed_002", query));
}

#[test]
fn every_prefix_of_a_real_query_parses_without_panicking() {
    let text = "from logs-* metadata _id | where a.b >= 400 and c like \"x*\" | eval t = date_trunc(2 minutes, @timestamp) \
                | stats n = count(*) where x is not null, v = values(`y z`) by h = host.name | sort n desc nulls last | keep Esql.*, u* | limit 10";
    for end in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
        let _ = parse(&text[..end]);
    }
}

// ---------------------------------------------------------------- source commands

#[test]
fn from_takes_index_patterns_and_metadata_fields() {
    // esql-from: FROM index_pattern [METADATA fields]
    let query = parse_ok(
        "FROM logs-endpoint.events.process-*, .alerts-security.*, remote:logs-*, \"quoted-*\" METADATA _id, _index",
    );
    let SourceKind::From {
        indices,
        metadata,
        time_series,
    } = query.source.kind
    else {
        panic!("not FROM")
    };
    let names: Vec<(Option<&str>, &str)> = indices
        .iter()
        .map(|i| (i.cluster.as_deref(), i.index.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            (None, "logs-endpoint.events.process-*"),
            (None, ".alerts-security.*"),
            (Some("remote"), "logs-*"),
            (None, "quoted-*")
        ]
    );
    assert_eq!(indices[0].span, Span::new(5, 35));
    assert_eq!(metadata.len(), 2);
    assert!(!time_series);
}

#[test]
fn row_builds_named_constants() {
    let query = parse_ok("ROW a = 1, b = \"x\", c = [1, 2]");
    let SourceKind::Row(fields) = query.source.kind else {
        panic!("not ROW")
    };
    let shown: Vec<(String, String)> = fields
        .iter()
        .map(|f| {
            (
                f.name.as_ref().map_or(String::new(), |n| n.name.clone()),
                sx(&f.value),
            )
        })
        .collect();
    assert_eq!(
        shown,
        [
            ("a".into(), "1".into()),
            ("b".into(), "\"x\"".into()),
            ("c".into(), "[1 2]".into())
        ]
    );
}

#[test]
fn show_info_is_a_source_command() {
    let query = parse_ok("SHOW INFO");
    assert!(matches!(query.source.kind, SourceKind::Show(ref w) if w.name == "INFO"));
}

#[test]
fn keywords_and_command_names_are_case_insensitive() {
    let upper = commands("FROM x | WHERE a IS NOT NULL AND b LIKE \"x\" | SORT a DESC NULLS FIRST");
    let lower = commands("from x | where a is not null and b like \"x\" | sort a desc nulls first");
    let mixed = commands("From x | wHeRe a Is NoT nUlL aNd b LiKe \"x\" | SoRt a DeSc NuLlS fIrSt");
    assert_eq!(format!("{upper:?}").len(), format!("{lower:?}").len());
    assert_eq!(format!("{lower:?}").len(), format!("{mixed:?}").len());
}

// ---------------------------------------------------------------- expressions

#[test]
fn or_binds_loosest_then_and_then_not_then_comparison() {
    // esql-operators: precedence OR < AND < NOT < comparison < + - < * / %
    assert_eq!(
        sx_of("a or b and not c == 1"),
        "(or a (and b (not (== c 1))))"
    );
    assert_eq!(sx_of("not a and b"), "(and (not a) b)");
}

#[test]
fn not_applies_to_a_whole_predicate() {
    assert_eq!(sx_of("not x in (1, 2)"), "(not (in x 1 2))");
    assert_eq!(sx_of("not x like \"a*\""), "(not (like x \"a*\"))");
    assert_eq!(sx_of("not x is null"), "(not (is-null x))");
}

#[test]
fn arithmetic_has_the_usual_precedence_and_associates_left() {
    assert_eq!(
        sx_of("a + b * c - d % 2 > 0"),
        "(> (- (+ a (* b c)) (% d 2)) 0)"
    );
    assert_eq!(sx_of("a - b - c == 0"), "(== (- (- a b) c) 0)");
    assert_eq!(sx_of("-a * -2 < 0"), "(< (* (neg a) (neg 2)) 0)");
}

#[test]
fn every_comparison_operator() {
    assert_eq!(
        sx_of("a == 1 or a != 1 or a < 1 or a <= 1 or a > 1 or a >= 1 or a =~ \"x\""),
        "(or (or (or (or (or (or (== a 1) (!= a 1)) (< a 1)) (<= a 1)) (> a 1)) (>= a 1)) (=~ a \"x\"))"
    );
}

#[test]
fn comparisons_do_not_chain() {
    let diagnostics = parse_err("ROW a = 1 | WHERE a == 1 == 2");
    assert_eq!(diagnostics[0].code, Code::EsqlSyntaxError);
}

#[test]
fn like_and_rlike_take_a_pattern_or_a_list_and_may_be_negated() {
    // esql-like / esql-rlike; the list form `LIKE ("a*", "b*")`
    assert_eq!(sx_of("x LIKE \"a*\""), "(like x \"a*\")");
    assert_eq!(sx_of("x NOT RLIKE \"a.*\""), "(not-rlike x \"a.*\")");
    assert_eq!(sx_of("x like (\"a*\", \"b*\")"), "(like x \"a*\" \"b*\")");
    assert_eq!(
        sx_of("x like to_lower(\"A*\")"),
        "(like x to_lower(\"A*\"))"
    );
}

#[test]
fn in_and_not_in_take_a_parenthesised_list() {
    assert_eq!(sx_of("x IN (\"a\", \"b\", y)"), "(in x \"a\" \"b\" y)");
    assert_eq!(sx_of("x NOT IN (1)"), "(not-in x 1)");
}

#[test]
fn is_null_and_is_not_null() {
    assert_eq!(
        sx_of("x IS NULL and y IS NOT NULL"),
        "(and (is-null x) (is-not-null y))"
    );
}

#[test]
fn colon_is_the_match_operator() {
    assert_eq!(sx_of("message : \"error\""), "(match message \"error\")");
}

#[test]
fn double_colon_casts_bind_tighter_than_unary_minus() {
    assert_eq!(
        sx_of("-x::long < \"1\"::integer + 1"),
        "(< (neg (cast x long)) (+ (cast \"1\" integer) 1))"
    );
}

#[test]
fn function_calls_keep_their_name_and_take_star_maps_and_nesting() {
    assert_eq!(sx_of("COUNT(*) > 0"), "(> COUNT(*) 0)");
    assert_eq!(
        sx_of("to_lower(CONCAT(a, \"-\", b)) == \"x\""),
        "(== to_lower(CONCAT(a \"-\" b)) \"x\")"
    );
    assert_eq!(
        sx_of("f() and g(1, {\"k\": 2, \"j\": \"v\"})"),
        "(and f() g(1) {2 options})"
    );
    assert_eq!(
        sx_of("first(x, @timestamp) == 1"),
        "(== first(x @timestamp) 1)"
    );
}

#[test]
fn literals_of_every_kind() {
    assert_eq!(
        sx_of("a == null or a == true or a == false"),
        "(or (or (== a null) (== a true)) (== a false))"
    );
    assert_eq!(
        sx_of("a == 9223372036854775807 or a == 18446744073709551615 or a == 99999999999999999999"),
        "(or (or (== a 9223372036854775807) (== a 18446744073709551615ul)) (== a 1e20))"
    );
    assert_eq!(
        sx_of("a == 1.5 or a == .5 or a == 1. or a == 1e3 or a == 2.5E-1"),
        "(or (or (or (or (== a 1.5) (== a 0.5)) (== a 1.0)) (== a 1000.0)) (== a 0.25))"
    );
    assert_eq!(
        sx_of("a == ? or a == ?name or a == ?2"),
        "(or (or (== a ?) (== a ?name)) (== a ?2))"
    );
    assert_eq!(
        sx_of("a in ([1, -2], [\"x\"], [true, false])"),
        "(in a [1 (neg 2)] [\"x\"] [true false])"
    );
}

#[test]
fn strings_take_escapes_and_triple_quotes_are_raw() {
    // esql-syntax: "\t \n \r \" \\" escapes; """…""" takes none
    assert_eq!(sx_of(r#"a == "t\tn\nq\"b\\""#), r#"(== a "t\tn\nq\"b\\")"#);
    assert_eq!(
        sx_of(r##"a == """C:\Windows\"x""""##),
        r#"(== a "C:\\Windows\\\"x")"#
    );
    // Up to two quotes after the closing `"""` belong to the text.
    assert_eq!(sx_of(r##"a == """x""""" "##), r#"(== a "x\"\"")"#);
}

#[test]
fn integers_qualified_by_a_time_unit_are_time_spans() {
    // esql-time-spans: `1 hour`, `7 days`; abbreviations such as `5m`, `2h`
    assert_eq!(
        sx_of("@timestamp > now() - 1 hour"),
        "(> @timestamp (- now() 1Hour))"
    );
    let e = condition(
        "a == 7 days or a == 2 minutes or a == 5m or a == 3 mo or a == 1 YEAR or a == 10 ms",
    );
    assert_eq!(
        sx(&e),
        "(or (or (or (or (or (== a 7Day) (== a 2Minute)) (== a 5Minute)) (== a 3Month)) (== a 1Year)) (== a 10Millisecond))"
    );
    let ExprKind::Binary { rhs, .. } = &condition("t == 2 minutes").kind else {
        panic!()
    };
    assert_eq!(rhs.span, Span::new(23, 32));
    assert!(matches!(
        rhs.kind,
        ExprKind::Literal(Literal::TimeSpan {
            value: 2,
            unit: TimeUnit::Minute
        })
    ));
}

#[test]
fn identifiers_dotted_back_quoted_and_at_prefixed() {
    assert_eq!(
        sx_of("http.response.status_code >= 400"),
        "(>= http.response.status_code 400)"
    );
    assert_eq!(
        sx_of("`weird name` == 1 and source.`as`.number == 2 and @timestamp > 0"),
        "(and (and (== weird name 1) (== source.as.number 2)) (> @timestamp 0))"
    );
    assert_eq!(sx_of("`a``b` == 1"), "(== a`b 1)");
}

// ---------------------------------------------------------------- processing commands

#[test]
fn eval_takes_named_and_unnamed_fields() {
    let CommandKind::Eval(fields) = commands("ROW a = 1 | EVAL Esql.x = a + 1, a * 2").remove(0)
    else {
        panic!()
    };
    assert_eq!(
        fields[0].name.as_ref().map(|n| n.name.as_str()),
        Some("Esql.x")
    );
    assert_eq!(sx(&fields[0].value), "(+ a 1)");
    assert!(fields[1].name.is_none());
}

#[test]
fn stats_takes_aggregates_with_where_filters_and_by_groups() {
    // esql-stats-by: STATS [name =] agg [WHERE cond], … [BY [name =] group, …]
    let CommandKind::Stats(stats) = commands("FROM x | STATS n = count(*) WHERE x > 1, max(y) BY h = host.name, bucket(@timestamp, 1 hour)").remove(0) else { panic!() };
    assert_eq!(stats.aggregates.len(), 2);
    assert_eq!(
        stats.aggregates[0].filter.as_ref().map(sx),
        Some("(> x 1)".to_string())
    );
    assert_eq!(sx(&stats.aggregates[1].field.value), "max(y)");
    assert_eq!(
        stats
            .groups
            .iter()
            .map(|g| sx(&g.value))
            .collect::<Vec<_>>(),
        ["host.name", "bucket(@timestamp 1Hour)"]
    );
    assert_eq!(
        stats.groups[0].name.as_ref().map(|n| n.name.as_str()),
        Some("h")
    );
}

#[test]
fn stats_may_have_only_groups() {
    let CommandKind::Stats(stats) = commands("FROM x | STATS BY host.name").remove(0) else {
        panic!()
    };
    assert!(stats.aggregates.is_empty());
    assert_eq!(stats.groups.len(), 1);
}

#[test]
fn inline_stats_is_written_as_one_word_or_two() {
    let kinds = commands("FROM x | INLINESTATS n = count(*) BY h | inline stats m = max(y)");
    assert!(matches!(&kinds[0], CommandKind::InlineStats(s) if s.groups.len() == 1));
    assert!(
        matches!(&kinds[1], CommandKind::InlineStats(s) if s.aggregates.len() == 1 && s.groups.is_empty())
    );
}

#[test]
fn keep_and_drop_take_name_patterns() {
    let kinds = commands("FROM x | KEEP user.id, Esql.*, *_name, @timestamp, `a b` | DROP tmp*");
    let CommandKind::Keep(patterns) = &kinds[0] else {
        panic!()
    };
    assert_eq!(
        patterns
            .iter()
            .map(|p| p.pattern.as_str())
            .collect::<Vec<_>>(),
        ["user.id", "Esql.*", "*_name", "@timestamp", "a b"]
    );
    assert_eq!(patterns[1].span, Span::new(23, 29));
    assert!(matches!(&kinds[1], CommandKind::Drop(p) if p[0].pattern == "tmp*"));
}

#[test]
fn rename_takes_as_and_assignment_forms() {
    let CommandKind::Rename(renames) = commands("FROM x | RENAME a.b AS c, new = old").remove(0)
    else {
        panic!()
    };
    let pairs: Vec<(&str, &str)> = renames
        .iter()
        .map(|r| (r.old.pattern.as_str(), r.new.pattern.as_str()))
        .collect();
    assert_eq!(pairs, [("a.b", "c"), ("old", "new")]);
}

#[test]
fn sort_keys_take_direction_and_null_order() {
    let CommandKind::Sort(keys) =
        commands("FROM x | SORT a, b DESC, c ASC NULLS LAST, d NULLS FIRST").remove(0)
    else {
        panic!()
    };
    let shown: Vec<(Option<bool>, Option<bool>)> =
        keys.iter().map(|k| (k.descending, k.nulls_first)).collect();
    assert_eq!(
        shown,
        [
            (None, None),
            (Some(true), None),
            (Some(false), Some(false)),
            (None, Some(true))
        ]
    );
}

#[test]
fn limit_takes_a_whole_number_or_a_parameter() {
    assert!(matches!(&commands("FROM x | LIMIT 10")[0], CommandKind::Limit(e) if sx(e) == "10"));
    assert!(matches!(&commands("FROM x | LIMIT ?n")[0], CommandKind::Limit(e) if sx(e) == "?n"));
    let diagnostics = parse_err("FROM x | LIMIT 1.5");
    assert_eq!(
        summary(&diagnostics),
        [(
            "ESQL001",
            "LIMIT takes a whole number".to_string(),
            Span::new(15, 18)
        )]
    );
}

#[test]
fn dissect_takes_a_pattern_and_options_and_grok_one_or_more_patterns() {
    // esql-dissect: DISSECT input "pattern" [APPEND_SEPARATOR="<separator>"]
    let kinds = commands(
        "FROM x | DISSECT message \"%{a} %{b}\" APPEND_SEPARATOR = \"-\" | GROK m \"\"\"%{IP:ip}\"\"\", \"%{WORD:w}\"",
    );
    let CommandKind::Dissect {
        input,
        pattern,
        options,
    } = &kinds[0]
    else {
        panic!()
    };
    assert_eq!(
        (
            sx(input).as_str(),
            pattern.value.as_str(),
            options[0].name.name.as_str(),
            sx(&options[0].value).as_str()
        ),
        ("message", "%{a} %{b}", "APPEND_SEPARATOR", "\"-\"")
    );
    let CommandKind::Grok { patterns, .. } = &kinds[1] else {
        panic!()
    };
    assert_eq!(
        patterns
            .iter()
            .map(|p| p.value.as_str())
            .collect::<Vec<_>>(),
        ["%{IP:ip}", "%{WORD:w}"]
    );
}

#[test]
fn mv_expand_takes_a_field() {
    assert!(
        matches!(&commands("FROM x | MV_EXPAND a.b")[0], CommandKind::MvExpand(n) if n.name == "a.b")
    );
}

#[test]
fn enrich_takes_policy_match_field_and_with_list() {
    let CommandKind::Enrich { policy, on, with } =
        commands("FROM x | ENRICH _any:hosts-policy ON host.ip WITH owner = user.name, team")
            .remove(0)
    else {
        panic!()
    };
    assert_eq!(policy.pattern, "_any:hosts-policy");
    assert_eq!(on.map(|p| p.pattern), Some("host.ip".to_string()));
    assert_eq!(
        with.iter()
            .map(|w| (
                w.new_name.as_ref().map(|n| n.pattern.as_str()),
                w.field.pattern.as_str()
            ))
            .collect::<Vec<_>>(),
        [(Some("owner"), "user.name"), (None, "team")]
    );
}

#[test]
fn lookup_join_takes_an_index_and_join_fields() {
    let CommandKind::LookupJoin { index, on } =
        commands("FROM x | LOOKUP JOIN threat-intel-lookup ON source.ip, user.name").remove(0)
    else {
        panic!()
    };
    assert_eq!(index.index, "threat-intel-lookup");
    assert_eq!(
        on.iter().map(sx).collect::<Vec<_>>(),
        ["source.ip", "user.name"]
    );
}

#[test]
fn change_point_completion_and_sample() {
    let kinds = commands(
        "FROM x | CHANGE_POINT n ON t AS kind, pvalue | COMPLETION Esql.out = prompt WITH { \"inference_id\": \".anthropic\" } | COMPLETION p WITH {\"inference_id\": \"e\"} | SAMPLE 0.1",
    );
    assert!(
        matches!(&kinds[0], CommandKind::ChangePoint { value, key: Some(k), names: Some((a, b)) } if value.name == "n" && k.name == "t" && a.name == "kind" && b.name == "pvalue")
    );
    assert!(
        matches!(&kinds[1], CommandKind::Completion { target: Some(t), options, .. } if t.name == "Esql.out" && options.entries[0].0.value == "inference_id")
    );
    assert!(matches!(
        &kinds[2],
        CommandKind::Completion { target: None, .. }
    ));
    assert!(matches!(&kinds[3], CommandKind::Sample(e) if sx(e) == "0.1"));
}

#[test]
fn comments_of_both_kinds_are_ignored() {
    let kinds = commands(
        "FROM x // the source\n/* a block\ncomment */ | WHERE a /* inline */ == 1\n// trailing",
    );
    assert_eq!(kinds.len(), 1);
}

#[test]
fn spans_cover_each_command_and_the_whole_query() {
    let query = parse_ok("FROM x | WHERE a == 1 | KEEP a");
    assert_eq!(query.span, Span::new(0, 30));
    assert_eq!(query.source.span, Span::new(0, 6));
    assert_eq!(
        query.commands.iter().map(|c| c.span).collect::<Vec<_>>(),
        [Span::new(9, 21), Span::new(24, 30)]
    );
}

// ---------------------------------------------------------------- bad input

#[test]
fn stats_without_aggregate_or_group_is_an_error() {
    let diagnostics = parse_err("FROM logs | STATS | LIMIT 1");
    assert_eq!(
        summary(&diagnostics),
        [(
            "ESQL001",
            "STATS needs at least one aggregate or a BY grouping".to_string(),
            Span::new(12, 17)
        )]
    );
    assert_eq!(
        diagnostics[0].help.as_deref(),
        Some("write e.g. `STATS n = COUNT(*) BY host.name`")
    );
}

#[test]
fn unterminated_string_is_reported_at_its_quote() {
    let diagnostics = parse_err("FROM logs | WHERE a == \"abc\n| LIMIT 1");
    assert_eq!(
        summary(&diagnostics),
        [(
            "ESQL002",
            "unterminated string literal".to_string(),
            Span::new(23, 24)
        )]
    );
}

#[test]
fn unknown_command_suggests_the_nearest_name() {
    let diagnostics = parse_err("FROM logs | EVL x = 1 | LIMT 5");
    assert_eq!(
        summary(&diagnostics),
        [
            (
                "ESQL004",
                "unknown command `EVL`".to_string(),
                Span::new(12, 15)
            ),
            (
                "ESQL004",
                "unknown command `LIMT`".to_string(),
                Span::new(24, 28)
            )
        ]
    );
    assert_eq!(diagnostics[0].help.as_deref(), Some("did you mean `EVAL`?"));
    assert_eq!(
        diagnostics[1].help.as_deref(),
        Some("did you mean `LIMIT`?")
    );
}

#[test]
fn each_bad_command_is_reported_and_the_good_ones_kept() {
    let (query, diagnostics) = parse("FROM logs | WHERE a == | EVAL b = 1 | SORT | KEEP b");
    assert_eq!(diagnostics.len(), 2, "{diagnostics:#?}");
    assert_eq!(diagnostics[0].span, Span::new(23, 24));
    assert_eq!(diagnostics[1].span, Span::new(43, 44));
    let kept: Vec<&str> = query
        .iter()
        .flat_map(|q| &q.commands)
        .map(|c| {
            if matches!(c.kind, CommandKind::Eval(_)) {
                "eval"
            } else {
                "other"
            }
        })
        .collect();
    assert_eq!(kept, ["eval", "other"]);
}

#[test]
fn kql_text_gets_the_kql_hint() {
    let diagnostics = parse_err(
        "SigninLogs | where UserPrincipalName has \"admin\" | summarize count() by IPAddress",
    );
    assert_eq!(diagnostics[0].code, Code::EsqlSyntaxError);
    assert_eq!(
        diagnostics[0].help.as_deref(),
        Some("this looks like KQL; use a .kql file or --language kql")
    );
    let diagnostics = parse_err("let x = 1;\nT | where a == x");
    assert_eq!(
        diagnostics[0].help.as_deref(),
        Some("this looks like KQL; use a .kql file or --language kql")
    );
    assert_eq!(
        diagnostics[0].labels[0].message,
        "`let` starts a KQL statement"
    );
    let diagnostics = parse_err("FROM logs | where process.name has \"x\"");
    assert_eq!(
        diagnostics[0].help.as_deref(),
        Some("this looks like KQL; use a .kql file or --language kql")
    );
    assert_eq!(
        diagnostics[0].labels[0].message,
        "`has` is a KQL string operator"
    );
}

#[test]
fn plain_es_ql_errors_do_not_get_the_kql_hint() {
    let diagnostics = parse_err("FROM logs | WHERE a ==");
    assert!(diagnostics.iter().all(
        |d| d.help.as_deref() != Some("this looks like KQL; use a .kql file or --language kql")
    ));
}

#[test]
fn a_query_must_start_with_a_source_command() {
    let diagnostics = parse_err("WHERE a == 1");
    assert_eq!(
        summary(&diagnostics),
        [(
            "ESQL001",
            "a query starts with FROM, ROW or SHOW, not `WHERE`".to_string(),
            Span::new(0, 5)
        )]
    );
    let diagnostics = parse_err("");
    assert_eq!(
        diagnostics[0].message,
        "expected FROM, ROW or SHOW, found end of input"
    );
    let diagnostics = parse_err("FRM logs");
    assert_eq!(diagnostics[0].help.as_deref(), Some("did you mean `FROM`?"));
}

#[test]
fn unbalanced_parentheses_are_reported_once_at_the_opener() {
    let diagnostics = parse_err("FROM logs | WHERE (a == 1 | LIMIT 1");
    assert_eq!(
        summary(&diagnostics),
        [("ESQL003", "unclosed `(`".to_string(), Span::new(18, 19))]
    );
}

#[test]
fn invalid_escapes_and_time_units_are_invalid_literals() {
    let diagnostics = parse_err(r#"ROW a = "C:\Windows" | EVAL t = 5 fortnights"#);
    assert_eq!(
        summary(&diagnostics),
        [
            (
                "ESQL006",
                "invalid escape `\\W` in a string".to_string(),
                Span::new(11, 13)
            ),
            (
                "ESQL006",
                "unknown time unit `fortnights`".to_string(),
                Span::new(34, 44)
            )
        ]
    );
}

#[test]
fn single_quotes_and_stray_characters_are_invalid_tokens() {
    let diagnostics = parse_err("FROM logs | WHERE a == 'x' # c");
    assert_eq!(
        summary(&diagnostics)[0],
        (
            "ESQL005",
            "ES|QL strings are written in double quotes".to_string(),
            Span::new(23, 26)
        )
    );
    assert_eq!(
        summary(&diagnostics)[1],
        (
            "ESQL005",
            "invalid character `#`".to_string(),
            Span::new(27, 28)
        )
    );
}

#[test]
fn trailing_pipe_and_source_after_pipe_are_errors() {
    assert_eq!(
        parse_err("FROM logs |")[0].message,
        "expected a command after `|`, found end of input"
    );
    assert_eq!(
        parse_err("FROM a | FROM b")[0].message,
        "`FROM` starts a query; it cannot follow `|`"
    );
}

#[test]
fn nested_like_pattern_lists_do_not_make_parsing_exponential() {
    // P(k+1) = `((x like P(k)), 1)`: were list items expressions, each level would parse twice.
    let mut pattern = "\"a\"".to_string();
    for _ in 0..40 {
        pattern = format!("((x like {pattern}), 1)");
    }
    let started = std::time::Instant::now();
    let diagnostics = parse_err(&format!("ROW a = 1 | WHERE x like {pattern}"));
    assert!(
        started.elapsed().as_secs() < 5,
        "took {:?}",
        started.elapsed()
    );
    assert_eq!(diagnostics[0].code, Code::EsqlSyntaxError);
}

#[test]
fn deep_nesting_is_refused_without_overflowing_the_stack() {
    let text = format!("ROW a = {}1{}", "(".repeat(5000), ")".repeat(5000));
    let diagnostics = parse_err(&text);
    assert_eq!(diagnostics[0].code, Code::EsqlTooComplex);
}

#[test]
fn nesting_just_under_the_limit_still_parses() {
    let text = format!("ROW a = {}1{}", "(".repeat(199), ")".repeat(199));
    let handle = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || parse(&text).1);
    let diagnostics = handle
        .map(|h| h.join().unwrap_or_default())
        .unwrap_or_default();
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
}

#[test]
fn long_prefix_operator_chains_are_refused() {
    let text = format!("ROW a = 1 | WHERE {}x", "NOT ".repeat(5000));
    assert_eq!(parse_err(&text)[0].code, Code::EsqlTooComplex);
}

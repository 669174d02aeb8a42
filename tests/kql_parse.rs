//! Specification of the KQL parser: the seed rules parse cleanly, and each construct
//! parses to the expected tree shape. Kusto references are named in comments.

use crate::common;

use kqlc::syntax::kql::ast::*;
use kqlc::syntax::kql::parse;

/// Parses and insists on no diagnostics.
fn parse_ok(text: &str) -> Query {
    let (query, diagnostics) = parse(text);
    assert!(
        diagnostics.is_empty(),
        "unexpected diagnostics for {text:?}: {diagnostics:#?}"
    );
    query.expect("a query when there is no diagnostic")
}

/// The last statement's expression.
fn last_expr(text: &str) -> Expr {
    let query = parse_ok(text);
    match query.statements.last().map(|s| s.kind.clone()) {
        Some(StatementKind::Expr(e)) => e,
        other => panic!("last statement is not an expression: {other:?}"),
    }
}

/// The operators of the final pipe.
fn operators(text: &str) -> Vec<OperatorKind> {
    match last_expr(text).kind {
        ExprKind::Pipe { operators, .. } => operators.into_iter().map(|o| o.kind).collect(),
        other => panic!("not a pipe: {other:?}"),
    }
}

fn only_operator(text: &str) -> OperatorKind {
    let mut ops = operators(text);
    assert_eq!(ops.len(), 1, "expected one operator in {text:?}");
    ops.remove(0)
}

/// The predicate of `T | where …`.
fn predicate(condition: &str) -> Expr {
    match only_operator(&format!("T | where {condition}")) {
        OperatorKind::Where(e) => e,
        other => panic!("not a where: {other:?}"),
    }
}

fn name_of(e: &Expr) -> &str {
    match &e.kind {
        ExprKind::Name(i) => &i.name,
        other => panic!("not a name: {other:?}"),
    }
}

fn binary(e: &Expr) -> (BinaryOp, &Expr, &Expr) {
    match &e.kind {
        ExprKind::Binary { op, lhs, rhs } => (*op, lhs, rhs),
        other => panic!("not a binary expression: {other:?}"),
    }
}

/// The `query: |` block of a Sentinel YAML rule, de-indented (test-local extraction).
fn yaml_query(yaml: &str) -> String {
    let mut lines = yaml.lines().skip_while(|l| !l.starts_with("query:"));
    lines.next();
    let block: Vec<&str> = lines
        .take_while(|l| l.is_empty() || l.starts_with(' '))
        .collect();
    let indent = block
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    block
        .iter()
        .map(|l| l.get(indent..).unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

fn seed(name: &str) -> String {
    let path = format!("corpus/rules/{name}");
    let text = std::fs::read_to_string(&path).expect("seed rule file in the repository");
    if name.ends_with(".yaml") {
        yaml_query(&text)
    } else {
        text
    }
}

const SEEDS: &[&str] = &[
    "new-pa-pca-or-pcas-added-to-azure-devops.yaml",
    "provisioning-failure-burst-single-job.yaml",
    "workload-identity-multiple-sps-created-by-single-principal.kql",
];

#[test]
fn every_seed_rule_parses_without_diagnostics() {
    for name in SEEDS {
        let text = seed(name);
        assert!(!text.trim().is_empty(), "no query extracted from {name}");
        parse_ok(&text);
    }
}

#[test]
fn the_shared_bench_seed_parses_without_diagnostics() {
    let shared = common::shared_dir();
    let Ok(text) = std::fs::read_to_string(format!("{shared}/bench/seed000.kql")) else {
        println!("SKIPPED: {shared}/bench/seed000.kql is absent");
        return;
    };
    parse_ok(&text);
}

#[test]
fn seed_rule_trees_match_their_snapshots() {
    for name in SEEDS {
        let query = parse_ok(&seed(name));
        let snapshot = name.trim_end_matches(".yaml").trim_end_matches(".kql");
        insta::with_settings!({snapshot_path => "../snapshots/parse", prepend_module_to_snapshot => false}, {
            insta::assert_debug_snapshot!(snapshot, query);
        });
    }
}

// --- statements ---------------------------------------------------------------

#[test]
fn let_statements_then_a_tabular_statement() {
    let query = parse_ok("let x = 5; let T = AuditLogs | take 1; T");
    assert_eq!(query.statements.len(), 3);
    assert!(
        matches!(&query.statements[0].kind, StatementKind::Let { name, value: LetValue::Expr(_) } if name.name == "x")
    );
    assert!(matches!(&query.statements[2].kind, StatementKind::Expr(e) if name_of(e) == "T"));
}

#[test]
fn a_trailing_semicolon_is_allowed_but_not_an_empty_statement() {
    // Kusto.Language: `let x = 1; x;` parses, `let x = 1;; x` is an incomplete fragment.
    assert_eq!(parse_ok("let x = 1; x;").statements.len(), 2);
    assert!(!kqlc::parse_kql("let x = 1;; x").1.is_empty());
}

#[test]
fn a_query_may_end_with_a_let() {
    assert_eq!(parse_ok("let x = 1;").statements.len(), 1);
}

#[test]
fn empty_input_is_an_empty_query() {
    assert!(parse_ok("  // only a comment\n").statements.is_empty());
}

#[test]
fn let_function_with_scalar_default_and_tabular_parameters() {
    // https://learn.microsoft.com/kusto/query/let-statement
    let query = parse_ok(
        "let f = (T:(IPAddress:string), U:(*), n:long = 10) { let k = n; T | take k }; f(X, Y)",
    );
    let StatementKind::Let {
        value: LetValue::Function(def),
        ..
    } = &query.statements[0].kind
    else {
        panic!("not a function")
    };
    assert_eq!(def.params.len(), 3);
    assert!(
        matches!(&def.params[0].ty, ParamType::Tabular { columns, any_columns: false } if columns[0].0.name == "IPAddress" && columns[0].1.name == "string")
    );
    assert!(
        matches!(&def.params[1].ty, ParamType::Tabular { columns, any_columns: true } if columns.is_empty())
    );
    assert!(matches!(&def.params[2].ty, ParamType::Scalar(t) if t.name == "long"));
    assert!(def.params[2].default.is_some());
    assert_eq!(def.body.len(), 2);
}

#[test]
fn let_view_without_parameters() {
    let query = parse_ok("let v = view () { T }; v");
    assert!(
        matches!(&query.statements[0].kind, StatementKind::Let { value: LetValue::Function(def), .. } if def.params.is_empty())
    );
}

#[test]
fn set_and_declare_query_parameters() {
    let query =
        parse_ok("set querytrace; set x = 5; declare query_parameters(n:long = 3, s:string); T");
    assert!(
        matches!(&query.statements[0].kind, StatementKind::Set { name, value: None } if name.name == "querytrace")
    );
    assert!(matches!(
        &query.statements[1].kind,
        StatementKind::Set { value: Some(_), .. }
    ));
    assert!(
        matches!(&query.statements[2].kind, StatementKind::DeclareQueryParameters { params } if params.len() == 2)
    );
}

// --- expressions ----------------------------------------------------------------

#[test]
fn and_binds_tighter_than_or() {
    let e = predicate("a == 1 or b == 2 and c == 3");
    let (op, _, rhs) = binary(&e);
    assert_eq!(op, BinaryOp::Or);
    assert_eq!(binary(rhs).0, BinaryOp::And);
}

#[test]
fn multiplication_binds_tighter_than_addition_and_comparison_is_weakest() {
    let e = predicate("a + b * c > 2");
    let (op, lhs, _) = binary(&e);
    assert_eq!(op, BinaryOp::Gt);
    let (add, _, product) = binary(lhs);
    assert_eq!(add, BinaryOp::Add);
    assert_eq!(binary(product).0, BinaryOp::Mul);
}

#[test]
fn string_operators_carry_negation_and_case_sensitivity() {
    let cases = [
        ("a has 'x'", StringOpKind::Has, false, false),
        ("a !has 'x'", StringOpKind::Has, true, false),
        ("a has_cs 'x'", StringOpKind::Has, false, true),
        ("a !contains_cs 'x'", StringOpKind::Contains, true, true),
        ("a !startswith 'x'", StringOpKind::StartsWith, true, false),
        ("a endswith_cs 'x'", StringOpKind::EndsWith, false, true),
        ("a hasprefix 'x'", StringOpKind::HasPrefix, false, false),
        ("a !hassuffix 'x'", StringOpKind::HasSuffix, true, false),
        (
            "a matches regex @'\\d+'",
            StringOpKind::MatchesRegex,
            false,
            true,
        ),
    ];
    for (text, kind, negated, case_sensitive) in cases {
        let e = predicate(text);
        assert_eq!(
            binary(&e).0,
            BinaryOp::Str(StringOp {
                kind,
                negated,
                case_sensitive
            }),
            "{text}"
        );
    }
}

#[test]
fn has_any_takes_a_parenthesised_list() {
    let e = predicate("a has_any ('x', 'y')");
    let (op, _, rhs) = binary(&e);
    assert_eq!(
        op,
        BinaryOp::Str(StringOp {
            kind: StringOpKind::HasAny,
            negated: false,
            case_sensitive: false
        })
    );
    assert!(matches!(&rhs.kind, ExprKind::List(items) if items.len() == 2));
}

#[test]
fn comparison_symbols_map_to_their_operators() {
    for (text, op) in [
        ("a == 1", BinaryOp::Eq),
        ("a != 1", BinaryOp::NotEq),
        ("a <> 1", BinaryOp::NotEq),
        ("a =~ 'x'", BinaryOp::EqTilde),
        ("a !~ 'x'", BinaryOp::NotEqTilde),
        ("a <= 1", BinaryOp::Le),
        ("a >= 1", BinaryOp::Ge),
    ] {
        assert_eq!(binary(&predicate(text)).0, op, "{text}");
    }
}

#[test]
fn in_and_its_negated_case_insensitive_forms() {
    let e = predicate("a !in~ ('x', dynamic(['y']), (T | project c))");
    let ExprKind::In {
        list,
        negated,
        case_insensitive,
        ..
    } = e.kind
    else {
        panic!("not in")
    };
    assert!(negated && case_insensitive);
    assert_eq!(list.len(), 3);
    assert!(matches!(
        &list[1].kind,
        ExprKind::Literal(Literal::Dynamic(_))
    ));
    assert!(
        matches!(&list[2].kind, ExprKind::Paren(inner) if matches!(inner.kind, ExprKind::Pipe { .. }))
    );
}

#[test]
fn between_takes_full_expressions_as_bounds() {
    // Kusto.Language's QueryGrammar.cs accepts any expression on each side of `..`.
    let e = predicate("TimeGenerated between (WindowEnd - BurstWindow .. WindowEnd)");
    let ExprKind::Between {
        low, high, negated, ..
    } = e.kind
    else {
        panic!("not between")
    };
    assert!(!negated);
    assert_eq!(binary(&low).0, BinaryOp::Sub);
    assert_eq!(name_of(&high), "WindowEnd");
    assert!(matches!(
        predicate("x !between (1 .. 5)").kind,
        ExprKind::Between { negated: true, .. }
    ));
}

#[test]
fn member_index_and_call_postfixes() {
    let e = predicate("tostring(TargetResources[0].id) == x.['a b'].type");
    let (_, lhs, rhs) = binary(&e);
    let ExprKind::Call { name, args } = &lhs.kind else {
        panic!("not a call")
    };
    assert_eq!(name.name, "tostring");
    assert!(
        matches!(&args[0].value.kind, ExprKind::Member { target, member } if member.name == "id" && matches!(target.kind, ExprKind::Index { .. }))
    );
    assert!(
        matches!(&rhs.kind, ExprKind::Member { member, target } if member.name == "type" && matches!(&target.kind, ExprKind::Member { member, .. } if member.name == "a b"))
    );
}

#[test]
fn named_arguments_and_star_arguments() {
    let e = predicate("f(x, name = 'v') and arg_max(T, *) == 1");
    let (_, lhs, _) = binary(&e);
    let ExprKind::Call { args, .. } = &lhs.kind else {
        panic!("not a call")
    };
    assert_eq!(args[1].name.as_ref().map(|n| n.name.as_str()), Some("name"));
}

#[test]
fn unary_minus_and_timespans() {
    let e = predicate("ago(-1d) < now()");
    let (_, lhs, _) = binary(&e);
    let ExprKind::Call { args, .. } = &lhs.kind else {
        panic!("not a call")
    };
    assert!(
        matches!(&args[0].value.kind, ExprKind::Unary { op: UnaryOp::Neg, operand } if operand.kind == ExprKind::Literal(Literal::TimeSpan(Some(864_000_000_000))))
    );
}

#[test]
fn typed_literals() {
    let literal_of = |text: &str| match last_expr(&format!("print x = {text}")).kind {
        ExprKind::Source(source) => match &source.kind {
            SourceKind::Print(items) => match &items[0].value.kind {
                ExprKind::Literal(l) => l.clone(),
                other => panic!("not a literal: {other:?}"),
            },
            other => panic!("not print: {other:?}"),
        },
        other => panic!("not a source: {other:?}"),
    };
    assert_eq!(literal_of("int(null)"), Literal::Int(None));
    assert_eq!(literal_of("long(-5)"), Literal::Long(Some(-5)));
    assert_eq!(literal_of("bool(true)"), Literal::Bool(Some(true)));
    assert_eq!(literal_of("decimal(1.5)"), Literal::Decimal(Some(1.5)));
    assert!(matches!(literal_of("real(nan)"), Literal::Real(Some(x)) if x.is_nan()));
    assert_eq!(
        literal_of("datetime(2021-01-01 10:00:00)"),
        Literal::DateTime(Some(16_094_952_000_000_000))
    );
    assert_eq!(literal_of("datetime(null)"), Literal::DateTime(None));
    assert_eq!(
        literal_of("timespan(1.02:00:00)"),
        Literal::TimeSpan(Some(936_000_000_000))
    );
    assert_eq!(
        literal_of("guid(74be27de-1e4e-49d9-b579-fe0b331d3642)"),
        Literal::Guid(Some("74be27de-1e4e-49d9-b579-fe0b331d3642".into()))
    );
    assert_eq!(literal_of("0x1F"), Literal::Long(Some(31)));
    assert_eq!(literal_of("1e-3"), Literal::Real(Some(0.001)));
    assert_eq!(literal_of("@'a''b'"), Literal::String("a'b".into()));
    assert_eq!(literal_of("h'secret'"), Literal::String("secret".into()));
}

#[test]
fn dynamic_literals_are_json() {
    let e = predicate("x == dynamic({'a': [1, -2.5, \"s\", true, null], \"b\": {}})");
    let (_, _, rhs) = binary(&e);
    let ExprKind::Literal(Literal::Dynamic(json)) = &rhs.kind else {
        panic!("not dynamic")
    };
    assert_eq!(
        json,
        &serde_json::json!({"a": [1, -2.5, "s", true, null], "b": {}})
    );
}

#[test]
fn typeof_is_its_own_node() {
    let e = predicate("gettype(x) == typeof(string)");
    assert!(matches!(&binary(&e).2.kind, ExprKind::TypeOf(t) if t.name == "string"));
}

// --- sources --------------------------------------------------------------------

fn source_kind(text: &str) -> SourceKind {
    let e = last_expr(text);
    let e = match e.kind {
        ExprKind::Pipe { input, .. } => *input,
        _ => e,
    };
    match e.kind {
        ExprKind::Source(s) => s.kind,
        other => panic!("not a source: {other:?}"),
    }
}

#[test]
fn leading_sources() {
    assert!(
        matches!(source_kind("union isfuzzy=true A, (B | take 1), Sec*"), SourceKind::Union { params, tables } if params.len() == 1 && tables.len() == 3 && name_of(&tables[2]) == "Sec*")
    );
    assert!(
        matches!(source_kind("datatable(a:long, b:string) [1, 'x', 2, 'y',]"), SourceKind::Datatable { columns, values } if columns.len() == 2 && values.len() == 4)
    );
    assert!(
        matches!(source_kind("externaldata(a:string) [h@'https://x'] with (format='csv')"), SourceKind::ExternalData { urls, .. } if urls.len() == 1)
    );
    assert!(
        matches!(source_kind("range x from 1 to 10 step 2 | take 1"), SourceKind::Range { name, .. } if name.name == "x")
    );
    assert!(
        matches!(source_kind("search in (T1, T2) 'needle'"), SourceKind::Search { tables, .. } if tables.len() == 2)
    );
    assert!(matches!(
        source_kind("find in (T) where x == 1 | take 1"),
        SourceKind::Find { tables, project: None, .. } if tables.len() == 1
    ));
    assert!(matches!(
        source_kind("find withsource=S in (T, U) where x == 1 project a, b: long, pack_all()"),
        SourceKind::Find { params, project: Some(p), .. }
            if params.len() == 1 && p.columns.len() == 2 && p.pack_all
    ));
    assert!(matches!(
        source_kind("find in (database('*').*) where x == 1"),
        SourceKind::FindOther
    ));
    assert!(matches!(
        source_kind("evaluate hint.distribution=per_node plugin(1)"),
        SourceKind::Evaluate { .. }
    ));
}

#[test]
fn a_call_is_a_valid_pipe_source() {
    let e = last_expr("_GetWatchlist('X') | project R");
    assert!(
        matches!(e.kind, ExprKind::Pipe { input, .. } if matches!(input.kind, ExprKind::Call { .. }))
    );
}

// --- operators --------------------------------------------------------------------

#[test]
fn summarize_with_params_named_aggregates_and_bin_by() {
    let op = only_operator(
        "T | summarize hint.shufflekey=k X = count(), dcount(y) by bin(TimeGenerated, 1h), k",
    );
    let OperatorKind::Summarize {
        params,
        aggregates,
        by,
    } = op
    else {
        panic!("not summarize")
    };
    assert_eq!(params[0].name.name, "hint.shufflekey");
    assert_eq!(aggregates[0].names[0].name, "X");
    assert!(aggregates[1].names.is_empty());
    assert_eq!(by.len(), 2);
}

#[test]
fn summarize_without_aggregates_or_without_by() {
    assert!(
        matches!(only_operator("T | summarize by k"), OperatorKind::Summarize { aggregates, by, .. } if aggregates.is_empty() && by.len() == 1)
    );
    assert!(
        matches!(only_operator("T | summarize count()"), OperatorKind::Summarize { aggregates, by, .. } if aggregates.len() == 1 && by.is_empty())
    );
}

#[test]
fn extend_and_project_assignments_including_tuples() {
    let OperatorKind::Extend(items) = only_operator("T | extend (a, b) = f(x), c = 1, d") else {
        panic!("not extend")
    };
    assert_eq!(items[0].names.len(), 2);
    assert_eq!(items[1].names[0].name, "c");
    assert!(items[2].names.is_empty());
}

#[test]
fn project_variants() {
    assert!(
        matches!(only_operator("T | project-away a, b*, ['c d']"), OperatorKind::ProjectAway(p) if p[1].pattern == "b*" && p[2].pattern == "c d")
    );
    assert!(
        matches!(only_operator("T | project-keep *_s"), OperatorKind::ProjectKeep(p) if p[0].pattern == "*_s")
    );
    assert!(
        matches!(only_operator("T | project-rename New = Old"), OperatorKind::ProjectRename(p) if p[0].0.name == "New" && p[0].1.name == "Old")
    );
    assert!(
        matches!(only_operator("T | project-reorder b desc, a* granny-asc"), OperatorKind::ProjectReorder(k) if k[0].descending == Some(true) && k[1].descending == Some(false))
    );
}

#[test]
fn count_take_top_sort_distinct() {
    assert!(
        matches!(only_operator("T | count as N"), OperatorKind::Count { name: Some(n) } if n.name == "N")
    );
    assert!(matches!(
        only_operator("T | limit 5"),
        OperatorKind::Take(_)
    ));
    assert!(
        matches!(only_operator("T | top 3 by x desc nulls last"), OperatorKind::Top { by, .. } if by.descending == Some(true) && by.nulls_first == Some(false))
    );
    assert!(
        matches!(only_operator("T | order by a asc, b"), OperatorKind::Sort(k) if k.len() == 2 && k[0].descending == Some(false) && k[1].descending.is_none())
    );
    assert!(
        matches!(only_operator("T | distinct *"), OperatorKind::Distinct { columns } if columns[0].kind == ExprKind::Star)
    );
}

#[test]
fn a_named_distinct_column_becomes_extend_then_distinct() {
    let ops = operators("T | distinct C = tostring(x), D");
    assert!(matches!(&ops[0], OperatorKind::Extend(items) if items[0].names[0].name == "C"));
    assert!(
        matches!(&ops[1], OperatorKind::Distinct { columns } if name_of(&columns[0]) == "C" && name_of(&columns[1]) == "D")
    );
}

#[test]
fn join_on_left_right_equalities() {
    let op = only_operator(
        "T | join kind=leftouter hint.strategy=broadcast (U | take 1) on $left.A == $right.B, C",
    );
    let OperatorKind::Join { params, right, on } = op else {
        panic!("not join")
    };
    assert_eq!(params.len(), 2);
    assert!(matches!(right.kind, ExprKind::Paren(_)));
    let (op, lhs, rhs) = binary(&on[0]);
    assert_eq!(op, BinaryOp::Eq);
    assert!(
        matches!(&lhs.kind, ExprKind::Member { target, member } if name_of(target) == "$left" && member.name == "A")
    );
    assert!(matches!(&rhs.kind, ExprKind::Member { target, .. } if name_of(target) == "$right"));
    assert_eq!(name_of(&on[1]), "C");
}

#[test]
fn join_with_a_named_right_side_and_lookup() {
    assert!(
        matches!(only_operator("T | join U on k"), OperatorKind::Join { right, .. } if name_of(&right) == "U")
    );
    assert!(matches!(
        only_operator("T | lookup kind=inner U on k"),
        OperatorKind::Lookup { .. }
    ));
}

#[test]
fn union_as_an_operator() {
    assert!(
        matches!(only_operator("T | union withsource=S U, (V | take 1)"), OperatorKind::Union { params, tables } if params[0].name.name == "withsource" && tables.len() == 2)
    );
}

#[test]
fn mv_expand_items_params_and_limit() {
    let op = only_operator(
        "T | mv-expand bagexpansion=array with_itemindex=i x = c to typeof(string), d limit 10",
    );
    let OperatorKind::MvExpand {
        params,
        items,
        limit,
    } = op
    else {
        panic!("not mv-expand")
    };
    assert_eq!(params.len(), 2);
    assert_eq!(items[0].name.as_ref().map(|n| n.name.as_str()), Some("x"));
    assert_eq!(
        items[0].to_type.as_ref().map(|t| t.name.as_str()),
        Some("string")
    );
    assert!(limit.is_some());
    assert!(matches!(
        only_operator("T | mvexpand c"),
        OperatorKind::MvExpand { .. }
    ));
}

#[test]
fn mv_apply_body_is_a_list_of_operators_without_source() {
    let op = only_operator(
        "T | mv-apply r = rs to typeof(string) on (extend lo = split(r, '-')[0] | summarize any = max(lo))",
    );
    let OperatorKind::MvApply { items, body, .. } = op else {
        panic!("not mv-apply")
    };
    assert_eq!(
        items[0].to_type.as_ref().map(|t| t.name.as_str()),
        Some("string")
    );
    assert_eq!(body.len(), 2);
    assert!(matches!(body[0].kind, OperatorKind::Extend(_)));
    assert!(matches!(body[1].kind, OperatorKind::Summarize { .. }));
}

#[test]
fn parse_patterns_with_kinds() {
    let op = only_operator(
        "T | parse kind=regex flags=i Msg with * 'user=' User:string ' id=' Id:long *",
    );
    let OperatorKind::Parse { kind, pattern, .. } = op else {
        panic!("not parse")
    };
    assert_eq!(kind, ParseKind::Regex);
    assert!(matches!(&pattern[0], ParsePart::Wildcard(_)));
    assert!(matches!(&pattern[1], ParsePart::Literal(s, _) if s == "user="));
    assert!(
        matches!(&pattern[2], ParsePart::Column { name, ty: Some(t) } if name.name == "User" && t.name == "string")
    );
    assert!(matches!(
        only_operator("T | parse-where Msg with 'a' x"),
        OperatorKind::Parse {
            kind: ParseKind::Where,
            ..
        }
    ));
    assert!(
        matches!(only_operator("T | parse-kv Msg as (a:string, b:long) with (pair_delimiter=',')"), OperatorKind::ParseKv { columns, params, .. } if columns.len() == 2 && params.len() == 1)
    );
}

#[test]
fn make_series_with_default_range_and_by() {
    let op = only_operator(
        "T | make-series n = count() default = 0 on TimeGenerated from ago(1d) to now() step 1h by k",
    );
    assert!(
        matches!(op, OperatorKind::MakeSeries { defaults, from: Some(_), to: Some(_), by, .. } if by.len() == 1 && defaults[0].is_some())
    );
    let op = only_operator("T | make-series avg(x) on t in range(0, 10, 1)");
    assert!(matches!(
        op,
        OperatorKind::MakeSeries {
            from: Some(_),
            to: Some(_),
            ..
        }
    ));
}

#[test]
fn render_ignores_its_options() {
    assert!(
        matches!(only_operator("T | render timechart with (title='x', ysplit=axes)"), OperatorKind::Render { chart } if chart.name == "timechart")
    );
}

#[test]
fn evaluate_invoke_as_serialize_sample_getschema_search() {
    let ops = operators(
        "T | evaluate bag_unpack(x) | invoke f(1) | as hint.materialized=true X | serialize n = row_number() | sample 5 | sample-distinct 3 of c | getschema | search 'x'",
    );
    assert!(
        matches!(&ops[0], OperatorKind::Evaluate { call, .. } if matches!(call.kind, ExprKind::Call { .. }))
    );
    assert!(matches!(&ops[1], OperatorKind::Invoke(_)));
    assert!(matches!(&ops[2], OperatorKind::As { name } if name.name == "X"));
    assert!(matches!(&ops[3], OperatorKind::Serialize(a) if a.len() == 1));
    assert!(matches!(&ops[4], OperatorKind::Sample(_)));
    assert!(matches!(&ops[5], OperatorKind::SampleDistinct { .. }));
    assert!(matches!(&ops[6], OperatorKind::GetSchema));
    assert!(matches!(&ops[7], OperatorKind::Search { .. }));
}

#[test]
fn top_nested_levels() {
    let op = only_operator(
        "T | top-nested 3 of a with others = 'x' by count() desc, top-nested of b by sum(v)",
    );
    let OperatorKind::TopNested(levels) = op else {
        panic!("not top-nested")
    };
    assert_eq!(levels.len(), 2);
    assert!(
        levels[0].count.is_some()
            && levels[0].with_others.is_some()
            && levels[0].descending == Some(true)
    );
    assert!(levels[1].count.is_none());
}

#[test]
fn rare_operators_are_opaque_and_skip_their_body() {
    let ops = operators("T | partition by k {take 1 | count} | fork (where x) (take 2) | take 1");
    assert!(matches!(&ops[0], OperatorKind::Opaque { name } if name.name == "partition"));
    assert!(matches!(&ops[1], OperatorKind::Opaque { name } if name.name == "fork"));
    assert!(matches!(&ops[2], OperatorKind::Take(_)));
}

/// partition-operator: `partition [hints] by Column (subquery)` parses its subquery.
#[test]
fn partition_with_a_subquery_parses_its_operators() {
    let ops = operators("T | partition hint.strategy=native by k (take 1 | count) | take 1");
    assert!(
        matches!(&ops[0], OperatorKind::Partition { params, body, .. } if params.len() == 1 && body.len() == 2)
    );
    assert!(matches!(&ops[1], OperatorKind::Take(_)));
}

#[test]
fn keywords_are_valid_column_names() {
    // Contextual keywords only: `by`, `has`, `to` are reserved (tests/kql_syntax_kusto.rs).
    let e = predicate("count > 1 and kind == 'x' and type has 'y' and on == step");
    assert_eq!(binary(&e).0, BinaryOp::And);
}

#[test]
fn spans_are_byte_ranges_of_the_query() {
    let text = "T | where x == 1";
    let OperatorKind::Where(e) = only_operator(text) else {
        panic!("not where")
    };
    assert_eq!(&text[e.span.range()], "x == 1");
}

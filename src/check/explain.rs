//! `kqlc explain`: a rule described as a catalog would describe it: its numbered
//! stages with their text, the indicators its `where` stages match (field, kind,
//! values), and its output fields with the stage that produced each and its type.

use super::CheckOptions;
use crate::diagnostic::Diagnostic;
use crate::syntax::kql::ast::{self, BinaryOp, ExprKind, Literal, StringOpKind};
use crate::syntax::kql::lower::lower_for_check;
use serde::Serialize;

/// One stage of the rule's main pipe: its operator name and its text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Stage {
    /// 1-based, as the seed pages number them.
    pub number: usize,
    /// `source`, `where`, `extend`, `join`, …
    pub kind: String,
    pub text: String,
}

/// A field compared with constant values in a `where` stage.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Indicator {
    pub field: String,
    /// `eq`, `match` (has/contains/startswith…), `regex` or `in`.
    pub kind: String,
    pub values: Vec<String>,
    /// The stage the comparison is in.
    pub stage: usize,
}

/// A column of the rule's result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OutputField {
    pub name: String,
    /// The stage that last produced the column, and its kind.
    pub stage: usize,
    pub source: String,
    /// Kusto type name (`unknown` for columns of tables without a schema).
    #[serde(rename = "type")]
    pub ty: String,
}

/// The whole description.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Explanation {
    pub stages: Vec<Stage>,
    pub indicators: Vec<Indicator>,
    pub outputs: Vec<OutputField>,
}

/// Describes a parsed query whose text is `text`; the error when it cannot be lowered.
pub fn explain(
    query: &ast::Query,
    text: &str,
    options: &CheckOptions,
) -> Result<Explanation, Diagnostic> {
    let (source, operators) = main_pipe(query);
    let mut stages = vec![Stage {
        number: 1,
        kind: "source".into(),
        text: slice(text, source.span).to_string(),
    }];
    for (i, op) in operators.iter().enumerate() {
        let body = slice(text, op.span);
        stages.push(Stage {
            number: i + 2,
            kind: operator_word(body),
            text: format!("| {body}"),
        });
    }
    let mut indicators = Vec::new();
    for (i, op) in operators.iter().enumerate() {
        if let ast::OperatorKind::Where(predicate) = &op.kind {
            collect_indicators(predicate, i + 2, &mut indicators);
        }
    }
    let outputs = output_fields(query, operators, options)?;
    Ok(Explanation {
        stages,
        indicators,
        outputs,
    })
}

/// The last tabular statement as `source | operators`.
fn main_pipe(query: &ast::Query) -> (&ast::Expr, &[ast::Operator]) {
    let last = query.statements.iter().rev().find_map(|s| match &s.kind {
        ast::StatementKind::Expr(e) => Some(e),
        _ => None,
    });
    match last.map(|e| (e, &e.kind)) {
        Some((_, ExprKind::Pipe { input, operators })) => (input, operators),
        Some((e, _)) => (e, &[]),
        None => (&EMPTY, &[]),
    }
}

static EMPTY: ast::Expr = ast::Expr {
    kind: ExprKind::Star,
    span: crate::source::Span { start: 0, end: 0 },
};

fn slice(text: &str, span: crate::source::Span) -> &str {
    text.get(span.range()).unwrap_or("").trim()
}

/// The operator's name as written: `where`, `project-reorder`, `mv-expand`, …
fn operator_word(body: &str) -> String {
    body.chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect()
}

/// Fields compared with literals, in the order written.
fn collect_indicators(e: &ast::Expr, stage: usize, out: &mut Vec<Indicator>) {
    match &e.kind {
        ExprKind::Paren(inner) => collect_indicators(inner, stage, out),
        ExprKind::Binary {
            op: BinaryOp::And | BinaryOp::Or,
            lhs,
            rhs,
        } => {
            collect_indicators(lhs, stage, out);
            collect_indicators(rhs, stage, out);
        }
        ExprKind::Binary { op, lhs, rhs } => {
            let kind = match op {
                BinaryOp::Eq | BinaryOp::EqTilde => "eq",
                BinaryOp::Str(s) if s.negated => return,
                BinaryOp::Str(s) if s.kind == StringOpKind::MatchesRegex => "regex",
                BinaryOp::Str(_) => "match",
                _ => return,
            };
            if let (Some(field), values) = (field_name(lhs), literal_values(rhs))
                && !values.is_empty()
            {
                out.push(Indicator {
                    field,
                    kind: kind.into(),
                    values,
                    stage,
                });
            }
        }
        ExprKind::In {
            operand,
            list,
            negated: false,
            ..
        } => {
            let values: Vec<String> = list.iter().flat_map(literal_values).collect();
            if let Some(field) = field_name(operand)
                && !values.is_empty()
            {
                out.push(Indicator {
                    field,
                    kind: "in".into(),
                    values,
                    stage,
                });
            }
        }
        _ => {}
    }
}

/// `Col`, `Col.a.b`, `tolower(Col)`: the field a comparison tests.
fn field_name(e: &ast::Expr) -> Option<String> {
    match &e.kind {
        ExprKind::Name(id) => Some(id.name.clone()),
        ExprKind::Paren(inner) => field_name(inner),
        ExprKind::Member { target, member } => {
            Some(format!("{}.{}", field_name(target)?, member.name))
        }
        ExprKind::Call { args, .. } if args.len() == 1 => field_name(&args[0].value),
        _ => None,
    }
}

/// The constant values of a literal or a `( … )` list of literals.
fn literal_values(e: &ast::Expr) -> Vec<String> {
    match &e.kind {
        ExprKind::Literal(Literal::String(s)) => vec![s.clone()],
        ExprKind::Literal(Literal::Long(Some(n)) | Literal::Int(Some(n))) => vec![n.to_string()],
        ExprKind::Literal(Literal::Dynamic(serde_json::Value::Array(items))) => items
            .iter()
            .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string))
            .collect(),
        ExprKind::List(items) => items.iter().flat_map(literal_values).collect(),
        ExprKind::Paren(inner) => literal_values(inner),
        _ => Vec::new(),
    }
}

/// The result columns, each with the last stage that produced it: a column first
/// appears, or is assigned by an `extend`, or is output by a `project`/`summarize`
/// (which make every column of theirs). Found by lowering each prefix of the pipe.
fn output_fields(
    query: &ast::Query,
    operators: &[ast::Operator],
    options: &CheckOptions,
) -> Result<Vec<OutputField>, Diagnostic> {
    let mut producer: Vec<(String, usize, String)> = Vec::new();
    let mut previous: Vec<String> = Vec::new();
    let mut final_schema = Vec::new();
    for n in 0..=operators.len() {
        // A stage that makes a graph has no columns (its graph operator has them).
        if n > 0 && makes_graph(&operators[n - 1]) {
            previous = Vec::new();
            continue;
        }
        let prefix = with_operators(query, n);
        let plan = lower_for_check(&prefix, &options.catalog).plan?;
        let names: Vec<String> = plan.root.schema.iter().map(|c| c.name.clone()).collect();
        let (stage, kind) = match n {
            0 => (1, "source".to_string()),
            _ => (n + 1, stage_kind(&operators[n - 1])),
        };
        let makes_all = matches!(
            kind.as_str(),
            "project"
                | "summarize"
                | "distinct"
                | "count"
                | "make-graph"
                | "graph-match"
                | "graph-shortest-paths"
                | "graph-to-table"
        );
        for name in &names {
            let assigned = n > 0 && assigns(&operators[n - 1], name);
            if n == 0 || makes_all || assigned || !previous.contains(name) {
                producer.retain(|(p, _, _)| p != name);
                producer.push((name.clone(), stage, kind.clone()));
            }
        }
        previous = names;
        final_schema = plan.root.schema;
    }
    Ok(final_schema
        .iter()
        .map(|c| {
            let (stage, source) = producer
                .iter()
                .find(|(p, _, _)| p == &c.name)
                .map_or((1, "source".to_string()), |(_, s, k)| (*s, k.clone()));
            OutputField {
                name: c.name.clone(),
                stage,
                source,
                ty: c.ty.name().to_string(),
            }
        })
        .collect())
}

fn stage_kind(op: &ast::Operator) -> String {
    use ast::OperatorKind as K;
    match &op.kind {
        K::Where(_) => "where",
        K::Extend(_) => "extend",
        K::Project(_) => "project",
        K::ProjectAway(_) => "project-away",
        K::ProjectKeep(_) => "project-keep",
        K::ProjectRename(_) => "project-rename",
        K::ProjectReorder(_) => "project-reorder",
        K::Summarize { .. } => "summarize",
        K::Distinct { .. } => "distinct",
        K::Count { .. } => "count",
        K::Join { .. } => "join",
        K::Lookup { .. } => "lookup",
        K::Union { .. } => "union",
        K::MvExpand { .. } => "mv-expand",
        K::MvApply { .. } => "mv-apply",
        K::Parse { .. } => "parse",
        K::Evaluate { .. } => "evaluate",
        K::Reduce { .. } => "reduce",
        K::TopHitters { .. } => "top-hitters",
        K::MakeGraph(_) => "make-graph",
        K::GraphMatch(m) if m.shortest => "graph-shortest-paths",
        K::GraphMatch(_) => "graph-match",
        K::GraphToTable(_) => "graph-to-table",
        K::GraphMarkComponents { .. } => "graph-mark-components",
        _ => "operator",
    }
    .to_string()
}

/// Whether a stage's value is a graph rather than a table.
fn makes_graph(op: &ast::Operator) -> bool {
    use ast::OperatorKind as K;
    match &op.kind {
        K::MakeGraph(m) => m.partition.is_none(),
        K::GraphMarkComponents { .. } => true,
        _ => false,
    }
}

/// Whether an `extend` or `project-rename` stage assigns column `name` by name.
fn assigns(op: &ast::Operator, name: &str) -> bool {
    use ast::OperatorKind as K;
    match &op.kind {
        K::Extend(items) => items.iter().any(|a| a.names.iter().any(|n| n.name == name)),
        K::ProjectRename(pairs) => pairs.iter().any(|(new, _)| new.name == name),
        _ => false,
    }
}

/// The query with its main pipe cut after `n` operators.
fn with_operators(query: &ast::Query, n: usize) -> ast::Query {
    let mut q = query.clone();
    if let Some(ast::StatementKind::Expr(e)) = q
        .statements
        .iter_mut()
        .rev()
        .map(|s| &mut s.kind)
        .find(|k| matches!(k, ast::StatementKind::Expr(_)))
        && let ExprKind::Pipe { operators, .. } = &mut e.kind
    {
        operators.truncate(n);
    }
    q
}

/// The explanation as aligned text tables.
pub fn render_table(e: &Explanation) -> String {
    let mut out = String::from("Stages\n");
    for s in &e.stages {
        out.push_str(&format!(
            "{:>3}  {:<16} {}\n",
            s.number,
            s.kind,
            indent(&s.text)
        ));
    }
    out.push_str("\nIndicators\n");
    let width = e
        .indicators
        .iter()
        .map(|i| i.field.len())
        .max()
        .unwrap_or(5)
        .max(5);
    out.push_str(&format!(
        "{:<width$}  {:<6} {:<6} values\n",
        "field", "kind", "stage"
    ));
    for i in &e.indicators {
        out.push_str(&format!(
            "{:<width$}  {:<6} {:<6} {}\n",
            i.field,
            i.kind,
            i.stage,
            i.values.join(", ")
        ));
    }
    out.push_str("\nOutput fields\n");
    let width = e
        .outputs
        .iter()
        .map(|o| o.name.len())
        .max()
        .unwrap_or(5)
        .max(5);
    out.push_str(&format!(
        "{:<width$}  {:<9} {:<6} {}\n",
        "field", "type", "stage", "source"
    ));
    for o in &e.outputs {
        out.push_str(&format!(
            "{:<width$}  {:<9} {:<6} {}\n",
            o.name, o.ty, o.stage, o.source
        ));
    }
    out
}

/// Continuation lines of a stage's text, indented under its first line.
fn indent(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .collect::<Vec<_>>()
        .join(&format!("\n{:>3}  {:<16} ", "", ""))
}

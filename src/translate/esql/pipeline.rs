//! Plan operators written as ES|QL processing commands, one line each (`| WHERE …`).

use super::Writer;
use super::expr::{Strings, condition, value};
use super::text;
use crate::plan::tabular::join::{Join, JoinKind};
use crate::plan::tabular::project::Project;
use crate::plan::tabular::summarize::{AggCall, Summarize};
use crate::plan::{Expr, ExprKind, Node, Op};
use crate::value::{Column, Type};

/// The lines of the query that computes `n`: a source command, then `| COMMAND` lines.
pub fn node(w: &mut Writer, n: &Node) -> Vec<String> {
    match &n.op {
        Op::Scan(scan) => vec![format!("FROM {}", index(&scan.table))],
        Op::Union(u) => {
            let mut names = Vec::new();
            for i in &u.inputs {
                match &i.op {
                    Op::Scan(scan) => names.push(index(&scan.table)),
                    _ => {
                        w.refuse(
                            i.span,
                            "a union of queries",
                            "ES|QL's FROM unites indices, not queries",
                        );
                    }
                }
            }
            vec![format!("FROM {}", names.join(", "))]
        }
        Op::Values(v) if v.rows.len() == 1 => {
            let fields: Vec<String> = v.rows[0]
                .iter()
                .zip(&n.schema)
                .map(|(e, c)| {
                    format!(
                        "{} = {}",
                        text::name(&c.name),
                        value(w, e, &[], Strings::Kusto)
                    )
                })
                .collect();
            vec![format!("ROW {}", fields.join(", "))]
        }
        Op::Where(op) => then(w, &op.input, |w, cols| {
            vec![format!(
                "| WHERE {}",
                condition(w, &op.predicate, cols, true)
            )]
        }),
        Op::Extend(op) => then(w, &op.input, |w, cols| {
            let fields: Vec<String> = op
                .exprs
                .iter()
                .zip(&n.schema[cols.len()..])
                .map(|(e, c)| {
                    format!(
                        "{} = {}",
                        text::name(&c.name),
                        value(w, e, cols, Strings::Kusto)
                    )
                })
                .collect();
            vec![format!("| EVAL {}", fields.join(", "))]
        }),
        Op::Project(op) => then(w, &op.input, |w, cols| project(w, op, cols, &n.schema)),
        Op::Summarize(op) => then(w, &op.input, |w, cols| summarize(w, op, cols, &n.schema)),
        Op::Sort(op) => then(w, &op.input, |w, cols| {
            let keys: Vec<String> = op
                .keys
                .iter()
                .map(|k| {
                    let direction = if k.descending { "DESC" } else { "ASC" };
                    let nulls = if k.nulls_first { "FIRST" } else { "LAST" };
                    format!(
                        "{} {direction} NULLS {nulls}",
                        value(w, &k.expr, cols, Strings::Bare)
                    )
                })
                .collect();
            vec![format!("| SORT {}", keys.join(", "))]
        }),
        Op::Take(op) => then(w, &op.input, |_, _| vec![format!("| LIMIT {}", op.count)]),
        Op::MvExpand(op) => then(w, &op.input, |w, cols| {
            match op.expansion.items.as_slice() {
                [item]
                    if item.replaces.is_some() && matches!(item.expr.kind, ExprKind::Column(_)) =>
                {
                    vec![format!(
                        "| MV_EXPAND {}",
                        value(w, &item.expr, cols, Strings::Bare)
                    )]
                }
                _ => vec![w.refuse(
                    n.span,
                    "this mv-expand",
                    "ES|QL's MV_EXPAND expands one column in place",
                )],
            }
        }),
        Op::Join(j) => join(w, j, n),
        _ => vec![w.refuse(
            n.span,
            "this operator",
            "ES|QL has no command with the same meaning",
        )],
    }
}

/// A KQL table read as the ES|QL index of that name.
fn index(table: &str) -> String {
    if table
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "_-.*".contains(c))
    {
        table.to_string()
    } else {
        format!("\"{table}\"")
    }
}

/// The lines of `input`, then the lines `stage` writes over its columns.
fn then(
    w: &mut Writer,
    input: &Node,
    stage: impl FnOnce(&mut Writer, &[Column]) -> Vec<String>,
) -> Vec<String> {
    let mut lines = node(w, input);
    lines.extend(stage(w, &input.schema));
    lines
}

/// `project`: `DROP`/`KEEP` when it only selects, `RENAME` for renames, `EVAL` for the
/// rest, then `KEEP` in the projected order.
fn project(w: &mut Writer, p: &Project, cols: &[Column], out: &[Column]) -> Vec<String> {
    let source = |e: &Expr| match e.kind {
        ExprKind::Column(j) => Some(j),
        _ => None,
    };
    let same = |i: usize| source(&p.exprs[i]).is_some_and(|j| cols[j].name == out[i].name);
    let names: Vec<String> = out.iter().map(|c| text::name(&c.name)).collect();
    if out.len() == cols.len() && (0..out.len()).all(|i| source(&p.exprs[i]) == Some(i) && same(i))
    {
        return Vec::new();
    }
    if (0..out.len()).all(same) {
        let in_order = cols
            .iter()
            .filter(|c| out.iter().any(|o| o.name == c.name))
            .map(|c| c.name.as_str())
            .eq(out.iter().map(|c| c.name.as_str()));
        let dropped: Vec<String> = cols
            .iter()
            .filter(|c| !out.iter().any(|o| o.name == c.name))
            .map(|c| text::name(&c.name))
            .collect();
        if in_order && dropped.len() < out.len() {
            return vec![format!("| DROP {}", dropped.join(", "))];
        }
        return vec![format!("| KEEP {}", names.join(", "))];
    }
    let mut lines = Vec::new();
    let uses = |j: usize| p.exprs.iter().filter(|e| source(e) == Some(j)).count();
    let mut renames = Vec::new();
    let mut evals = Vec::new();
    for (i, (e, c)) in p.exprs.iter().zip(out).enumerate() {
        if same(i) {
            continue;
        }
        match source(e) {
            Some(j) if uses(j) == 1 && !out.iter().any(|o| o.name == cols[j].name) => {
                renames.push(format!(
                    "{} AS {}",
                    text::name(&cols[j].name),
                    text::name(&c.name)
                ));
            }
            _ => evals.push(format!(
                "{} = {}",
                text::name(&c.name),
                value(w, e, cols, Strings::Kusto)
            )),
        }
    }
    if !evals.is_empty() {
        lines.push(format!("| EVAL {}", evals.join(", ")));
    }
    if !renames.is_empty() {
        lines.push(format!("| RENAME {}", renames.join(", ")));
    }
    lines.push(format!("| KEEP {}", names.join(", ")));
    lines
}

/// `summarize aggs by keys` as `STATS aggs BY keys`, then `KEEP` in KQL's order (keys
/// first). Without keys it is one row even on no input, as in KQL.
fn summarize(w: &mut Writer, s: &Summarize, cols: &[Column], out: &[Column]) -> Vec<String> {
    let keys: Vec<String> = s
        .keys
        .iter()
        .zip(out)
        .map(|(k, c)| {
            let v = value(w, k, cols, Strings::Bare);
            let name = text::name(&c.name);
            if v == name {
                v
            } else {
                format!("{name} = {v}")
            }
        })
        .collect();
    let aggs: Vec<String> = s
        .aggregates
        .iter()
        .zip(&out[s.keys.len()..])
        .map(|(a, c)| format!("{} = {}", text::name(&c.name), aggregate(w, a, cols)))
        .collect();
    let mut line = format!("| STATS {}", aggs.join(", "));
    if !keys.is_empty() {
        if aggs.is_empty() {
            line = "| STATS".into();
        }
        line.push_str(&format!(" BY {}", keys.join(", ")));
    }
    let mut lines = vec![line.replace("STATS  BY", "STATS BY")];
    if !keys.is_empty() && !aggs.is_empty() {
        let names: Vec<String> = out.iter().map(|c| text::name(&c.name)).collect();
        lines.push(format!("| KEEP {}", names.join(", ")));
    }
    lines
}

/// One KQL aggregate as ES|QL.
fn aggregate(w: &mut Writer, a: &AggCall, cols: &[Column]) -> String {
    let arg = |w: &mut Writer, i: usize, strings: Strings| value(w, &a.args[i], cols, strings);
    let span = a
        .args
        .first()
        .map_or(crate::source::Span::new(0, 0), |x| x.span);
    match (a.func.0.name, a.args.len()) {
        ("count", 0) => "COUNT(*)".into(),
        ("countif", 1) => format!("COUNT(*) WHERE {}", condition(w, &a.args[0], cols, true)),
        ("dcount", 1 | 2) => format!("COUNT_DISTINCT({})", arg(w, 0, Strings::Kusto)),
        ("dcountif", 2 | 3) => format!(
            "COUNT_DISTINCT({}) WHERE {}",
            arg(w, 0, Strings::Kusto),
            condition(w, &a.args[1], cols, true)
        ),
        ("sumif", 2) => format!(
            "SUM({}) WHERE {}",
            arg(w, 0, Strings::Bare),
            condition(w, &a.args[1], cols, true)
        ),
        ("sum", 1) => format!("SUM({})", arg(w, 0, Strings::Bare)),
        ("avg", 1) => format!("AVG({})", arg(w, 0, Strings::Bare)),
        ("min", 1) => format!("MIN({})", arg(w, 0, Strings::Bare)),
        ("max", 1) => format!("MAX({})", arg(w, 0, Strings::Bare)),
        ("make_set" | "makeset", 1) => format!("VALUES({})", arg(w, 0, Strings::Bare)),
        ("make_set_if", 2) => format!(
            "VALUES({}) WHERE {}",
            arg(w, 0, Strings::Bare),
            condition(w, &a.args[1], cols, true)
        ),
        ("make_set" | "makeset", 2) => match a.args[1].as_literal() {
            Some(crate::value::Value::Long(n)) if *n > 0 => {
                format!(
                    "MV_SLICE(VALUES({}), 0, {})",
                    arg(w, 0, Strings::Bare),
                    n - 1
                )
            }
            _ => w.refuse(
                span,
                "make_set's size",
                "only a constant size is translated",
            ),
        },
        ("percentile", 2) => format!(
            "PERCENTILE({}, {})",
            arg(w, 0, Strings::Bare),
            arg(w, 1, Strings::Bare)
        ),
        ("stdevp", 1) => format!("STD_DEV({})", arg(w, 0, Strings::Bare)),
        (name, _) => w.refuse(
            span,
            &format!("the aggregate `{name}`"),
            "ES|QL has no aggregate with the same meaning",
        ),
    }
}

/// `join kind=leftouter (T) on key` with a plain table on the right is ES|QL's
/// `LOOKUP JOIN T ON key`; any other join has no faithful ES|QL form.
fn join(w: &mut Writer, j: &Join, n: &Node) -> Vec<String> {
    let same_key = match (j.left_keys.as_slice(), j.right_keys.as_slice()) {
        ([l], [r]) => match (&l.kind, &r.kind) {
            (ExprKind::Column(a), ExprKind::Column(b)) => {
                let (ln, rn) = (&j.left.schema[*a].name, &j.right.schema[*b].name);
                (ln == rn && j.left.schema[*a].ty != Type::Dynamic).then(|| ln.clone())
            }
            _ => None,
        },
        _ => None,
    };
    match (&j.kind, &j.right.op, same_key) {
        (JoinKind::LeftOuter, Op::Scan(scan), Some(key)) => {
            let mut lines = node(w, &j.left);
            lines.push(format!(
                "| LOOKUP JOIN {} ON {}",
                index(&scan.table),
                text::name(&key)
            ));
            lines
        }
        _ => vec![w.refuse(
            n.span,
            "this join",
            "ES|QL's LOOKUP JOIN is a left join of a lookup index on one field of the same name; \
             innerunique de-duplication and inner-join row dropping cannot be kept",
        )],
    }
}

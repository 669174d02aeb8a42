//! Plan operators written as KQL pipeline stages, one line each (`| where …`).

use super::Writer;
use super::expr::{condition, single_valued, value};
use super::text;
use crate::plan::tabular::mv_expand::MvExpand;
use crate::plan::tabular::project::Project;
use crate::plan::tabular::summarize::{AggCall, Summarize};
use crate::plan::{Expr, ExprKind, Node, Op};
use crate::translate::esql_index::REST_OF_INDEX;
use crate::value::{Column, Type};

/// The lines of the pipeline that computes `n`: a source, then `| stage` lines.
pub fn node(w: &mut Writer, n: &Node) -> Vec<String> {
    let mut lines = match &n.op {
        Op::Scan(scan) => vec![text::name(&scan.table)],
        Op::Values(values) => values_source(w, &values.rows, n),
        Op::Union(union) => vec![union_source(w, &union.inputs)],
        Op::Where(op) => {
            let mut lines = node(w, &op.input);
            lines.push(format!(
                "| where {}",
                condition(w, &op.predicate, &op.input.schema, true)
            ));
            lines
        }
        Op::Project(op) => project(w, op, n),
        Op::Summarize(op) => summarize(w, op, &n.schema, &[]),
        Op::Sort(op) => {
            let mut lines = node(w, &op.input);
            let keys: Vec<String> = op
                .keys
                .iter()
                .map(|k| {
                    let key = sort_key(&k.expr);
                    let direction = if k.descending { "desc" } else { "asc" };
                    let nulls = if k.nulls_first { "first" } else { "last" };
                    let v = value(w, key, &op.input.schema);
                    let sorted = format!("{v} {direction} nulls {nulls}");
                    if matches!(key.ty, Type::String | Type::Unknown | Type::Dynamic) {
                        // An ES|QL null string is `""` in KQL: put it where ES|QL puts nulls.
                        let test = if k.nulls_first {
                            "isnotempty"
                        } else {
                            "isempty"
                        };
                        format!("{test}({v}) asc, {sorted}")
                    } else {
                        sorted
                    }
                })
                .collect();
            lines.push(format!("| sort by {}", keys.join(", ")));
            lines
        }
        Op::Take(op) => {
            let mut lines = node(w, &op.input);
            lines.push(format!("| take {}", op.count));
            lines
        }
        Op::MvExpand(op) => mv_expand(w, op, n),
        _ => {
            w.refuse(
                n.span,
                "this command",
                "KQL translation has no form for it yet",
            );
            Vec::new()
        }
    };
    merge_extends(&mut lines);
    lines
}

/// The key of a sort: ES|QL's sort key wrapper (min or max of a multi-value) dropped.
fn sort_key(e: &Expr) -> &Expr {
    match &e.kind {
        ExprKind::Call { func, args } if func.0.name == "esql_sort_key" && !args.is_empty() => {
            &args[0]
        }
        _ => e,
    }
}

/// Joins two `| extend` lines in a row into one (KQL evaluates them left to right).
fn merge_extends(lines: &mut Vec<String>) {
    if lines.len() < 2 {
        return;
    }
    let last = lines.len() - 1;
    if lines[last].starts_with("| extend ") && lines[last - 1].starts_with("| extend ") {
        let tail = lines.remove(last);
        let prev = &mut lines[last - 1];
        prev.push_str(", ");
        prev.push_str(&tail["| extend ".len()..]);
    }
}

/// ES|QL `ROW a = 1, b = "x"` as KQL `print a = 1, b = "x"`.
fn values_source(w: &mut Writer, rows: &[Vec<Expr>], n: &Node) -> Vec<String> {
    let [row] = rows else {
        w.refuse(
            n.span,
            "this table of rows",
            "only one row (ROW) is translated, as `print`",
        );
        return Vec::new();
    };
    let fields: Vec<String> = row
        .iter()
        .zip(&n.schema)
        .map(|(e, c)| {
            if !single_valued(w, e, &[]) {
                w.note_multi_valued(&c.name);
            }
            format!("{} = {}", text::name(&c.name), value(w, e, &[]))
        })
        .collect();
    vec![format!("print {}", fields.join(", "))]
}

/// `FROM a, b` as `union a, b` (columns matched by name, as ES|QL does).
fn union_source(w: &mut Writer, inputs: &[Node]) -> String {
    let parts: Vec<String> = inputs
        .iter()
        .map(|i| match &i.op {
            Op::Scan(scan) => text::name(&scan.table),
            _ => format!("({})", node(w, i).join(" ")),
        })
        .collect();
    format!("union {}", parts.join(", "))
}

/// A generic `mv-expand`: each item into its column.
fn mv_expand(w: &mut Writer, op: &MvExpand, n: &Node) -> Vec<String> {
    let mut lines = node(w, &op.input);
    let width = op.input.schema.len();
    let mut items = Vec::new();
    let mut appended = 0;
    for item in &op.expansion.items {
        let target = match item.replaces {
            Some(i) => i,
            None => {
                appended += 1;
                width + appended - 1
            }
        };
        let name = n.schema.get(target).map_or("value", |c| c.name.as_str());
        items.push(format!(
            "{} = {}",
            text::name(name),
            value(w, &item.expr, &op.input.schema)
        ));
    }
    lines.push(format!("| mv-expand {}", items.join(", ")));
    lines
}

/// The input of an ES|QL expansion (`MV_EXPAND`, a multi-valued `BY` field): the node
/// it expands and the column, when `n` is the lowering's expand-into-a-new-column.
fn expansion(n: &Node) -> Option<(&Node, usize)> {
    let Op::Project(p) = &n.op else { return None };
    let Op::MvExpand(m) = &p.input.op else {
        return None;
    };
    let [item] = m.expansion.items.as_slice() else {
        return None;
    };
    let (ExprKind::Column(i), None) = (&item.expr.kind, item.replaces) else {
        return None;
    };
    (p.exprs.len() == m.input.schema.len() + 1).then_some((&m.input, *i))
}

fn project(w: &mut Writer, p: &Project, n: &Node) -> Vec<String> {
    if let Op::Summarize(s) = &p.input.op {
        return summarize_projected(w, s, p, n);
    }
    if let Some(lines) = mv_expand_in_place(w, p, n) {
        return lines;
    }
    let input = &p.input;
    let mut lines = node(w, input);
    let icols = &input.schema;
    let rest = |cols: &[Column]| cols.iter().any(|c| c.name == REST_OF_INDEX);
    let plain = |e: &Expr| match e.kind {
        ExprKind::Column(j) => Some(j),
        _ => None,
    };
    let same = |i: usize| plain(&p.exprs[i]).is_some_and(|j| icols[j].name == n.schema[i].name);
    let identity = p.exprs.len() == icols.len()
        && (0..p.exprs.len()).all(|i| plain(&p.exprs[i]) == Some(i) && same(i));
    if identity {
        return lines;
    }
    if let Some(line) = extend(w, p, n) {
        lines.extend(line);
        return lines;
    }
    let renamed_in_place =
        p.exprs.len() == icols.len() && (0..p.exprs.len()).all(|i| plain(&p.exprs[i]) == Some(i));
    if renamed_in_place {
        let renames: Vec<String> = (0..p.exprs.len())
            .filter(|i| !same(*i))
            .map(|i| {
                format!(
                    "{} = {}",
                    text::name(&n.schema[i].name),
                    text::name(&icols[i].name)
                )
            })
            .collect();
        lines.push(format!("| project-rename {}", renames.join(", ")));
        return lines;
    }
    if rest(&n.schema) {
        let kept: Vec<&str> = n.schema.iter().map(|c| c.name.as_str()).collect();
        let in_order = (0..p.exprs.len()).all(same)
            && icols
                .iter()
                .filter(|c| kept.contains(&c.name.as_str()))
                .map(|c| c.name.as_str())
                .eq(kept.iter().copied());
        if !in_order {
            lines.push(w.refuse(
                n.span,
                "this reordering of the index's fields",
                "KQL lists the columns it keeps; the index's other fields are unknown",
            ));
            return lines;
        }
        let removed: Vec<String> = icols
            .iter()
            .filter(|c| !kept.contains(&c.name.as_str()))
            .map(|c| text::name(&c.name))
            .collect();
        lines.push(format!("| project-away {}", removed.join(", ")));
        return lines;
    }
    let fields: Vec<String> = p
        .exprs
        .iter()
        .zip(&n.schema)
        .enumerate()
        .map(|(i, (e, c))| {
            if same(i) {
                text::name(&c.name)
            } else {
                format!("{} = {}", text::name(&c.name), value(w, e, icols))
            }
        })
        .collect();
    lines.push(format!("| project {}", fields.join(", ")));
    lines
}

/// ES|QL `EVAL` (and DISSECT/GROK): the input columns in order, less the ones it
/// replaces or drops, then the new ones. A new name is `| extend`; a replaced one moves
/// to the end as ES|QL moves it; dropped helper columns go with `project-away`.
fn extend(w: &mut Writer, p: &Project, n: &Node) -> Option<Vec<String>> {
    let icols = &p.input.schema;
    let new_at = p
        .exprs
        .iter()
        .zip(&n.schema)
        .position(|(e, c)| !matches!(e.kind, ExprKind::Column(j) if icols[j].name == c.name))?;
    let added = &n.schema[new_at..];
    let kept: Vec<&str> = n.schema[..new_at].iter().map(|c| c.name.as_str()).collect();
    let expected: Vec<&str> = icols
        .iter()
        .map(|c| c.name.as_str())
        .filter(|name| !added.iter().any(|a| a.name == *name))
        .collect();
    let removed: Vec<&str> = expected
        .iter()
        .copied()
        .filter(|e| !kept.contains(e))
        .collect();
    let in_order = expected
        .iter()
        .copied()
        .filter(|e| kept.contains(e))
        .eq(kept.iter().copied());
    let repeated =
        (new_at..p.exprs.len()).any(|i| n.schema[..i].iter().any(|c| c.name == n.schema[i].name));
    if !in_order
        || repeated
        || removed.contains(&REST_OF_INDEX)
        || added.iter().any(|c| c.name == REST_OF_INDEX)
    {
        return None;
    }
    let mut lines = Vec::new();
    for (e, c) in p.exprs[new_at..].iter().zip(added) {
        let v = value(w, e, icols);
        let replaced = icols.iter().any(|i| i.name == c.name);
        let last_already = icols.last().is_some_and(|l| l.name == c.name) && added.len() == 1;
        if replaced && !last_already {
            let temp = text::name(&format!("{}__new", c.name));
            lines.push(format!("| extend {temp} = {v}"));
            lines.push(format!("| project-away {}", text::name(&c.name)));
            lines.push(format!("| project-rename {} = {temp}", text::name(&c.name)));
        } else {
            lines.push(format!("| extend {} = {v}", text::name(&c.name)));
        }
    }
    if !removed.is_empty() {
        let names: Vec<String> = removed.iter().map(|r| text::name(r)).collect();
        lines.push(format!("| project-away {}", names.join(", ")));
    }
    Some(lines)
}

/// ES|QL `MV_EXPAND x`: one row per value of `x`, in place (`| mv-expand x`).
fn mv_expand_in_place(w: &mut Writer, p: &Project, n: &Node) -> Option<Vec<String>> {
    let (base, i) = expansion(&p.input)?;
    let width = base.schema.len();
    let back = p.exprs.len() == width
        && p.exprs.iter().enumerate().all(|(k, e)| {
            matches!(e.kind, ExprKind::Column(j) if (k == i && j == width) || (k != i && j == k))
        });
    if !back || n.schema.len() != width {
        return None;
    }
    let mut lines = node(w, base);
    lines.push(format!("| mv-expand {}", text::name(&base.schema[i].name)));
    Some(lines)
}

/// The input of a summarize with ES|QL's expanded `BY` fields peeled off: the base
/// node, and for each column of the summarize input its name in the KQL pipeline.
fn peel(w: &mut Writer, input: &Node, lines: &mut Vec<String>) -> Vec<Column> {
    let Some((base, i)) = expansion(input) else {
        lines.extend(node(w, input));
        return input.schema.clone();
    };
    let mut cols = peel(w, base, lines);
    let original = cols[i].clone();
    if !single_valued(w, &Expr::column(i, original.ty, input.span), &cols) {
        lines.push(format!("| mv-expand {}", text::name(&original.name)));
    }
    cols.push(original);
    cols
}

/// `| summarize` with the given names for its output columns (keys, then aggregates).
fn summarize(w: &mut Writer, s: &Summarize, schema: &[Column], names: &[String]) -> Vec<String> {
    let mut lines = Vec::new();
    let cols = peel(w, &s.input, &mut lines);
    let name_of = |j: usize| {
        names
            .get(j)
            .cloned()
            .unwrap_or_else(|| schema[j].name.clone())
    };
    let aggs: Vec<String> = s
        .aggregates
        .iter()
        .enumerate()
        .map(|(k, a)| {
            let j = s.keys.len() + k;
            format!(
                "{} = {}",
                text::name(&name_of(j)),
                aggregate(w, a, &cols, schema[j].ty)
            )
        })
        .collect();
    let keys: Vec<String> = s
        .keys
        .iter()
        .enumerate()
        .map(|(j, k)| {
            let v = value(w, k, &cols);
            let name = text::name(&name_of(j));
            if v == name {
                v
            } else {
                format!("{name} = {v}")
            }
        })
        .collect();
    let mut line = format!("| summarize {}", aggs.join(", "));
    if !keys.is_empty() {
        line.push_str(&format!(" by {}", keys.join(", ")));
    }
    lines.push(line);
    let sets: Vec<String> = s
        .aggregates
        .iter()
        .enumerate()
        .filter(|(_, a)| a.func.0.name == "make_set")
        .map(|(k, _)| {
            let v = text::name(&name_of(s.keys.len() + k));
            format!(
                "{v} = iff(array_length({v}) == 0, dynamic(null), iff(array_length({v}) == 1, {v}[0], {v}))"
            )
        })
        .collect();
    if !sets.is_empty() {
        lines.push(format!("| extend {}", sets.join(", ")));
    }
    lines
}

/// One aggregate call. ES|QL's `COUNT(x)` counts the values that are present.
fn aggregate(w: &mut Writer, a: &AggCall, cols: &[Column], ty: Type) -> String {
    let args: Vec<String> = a.args.iter().map(|x| value(w, x, cols)).collect();
    let is_registry = crate::functions::registry::aggregate(a.func.0.name)
        .is_some_and(|k| std::ptr::eq(k, a.func.0));
    match (a.func.0.name, args.as_slice()) {
        ("count", []) => "count()".into(),
        ("countif", [x]) if !is_registry => format!("countif(isnotempty({x}))"),
        ("dcount", [x, ..]) => format!("dcount({x})"),
        ("esql_top", _) => w.refuse(
            a.args
                .first()
                .map_or(crate::source::Span::new(0, 0), |x| x.span),
            "TOP",
            "KQL's top-nested is not an aggregate; write it by hand",
        ),
        ("esql_first" | "esql_last", _) => w.refuse(
            a.args
                .first()
                .map_or(crate::source::Span::new(0, 0), |x| x.span),
            "FIRST/LAST",
            "KQL's arg_min/arg_max return a row, not one value; write it by hand",
        ),
        (name, _) => {
            let _ = ty;
            format!("{}({})", kql_aggregate_name(name), args.join(", "))
        }
    }
}

/// The KQL aggregate an ES|QL one lowers to computes the same value (up to the
/// last digits of a double sum: KQL's are not compensated).
fn kql_aggregate_name(name: &str) -> &str {
    match name {
        "esql_sum" => "sum",
        "esql_avg" => "avg",
        "esql_percentile" => "percentile",
        "esql_std_dev" => "stdevp",
        "esql_variance" => "variancep",
        other => other,
    }
}

/// ES|QL `STATS`: the summarize with its aggregates named as the query names them,
/// then a `project` putting aggregates before keys (ES|QL's order) and computing
/// expressions over aggregates.
fn summarize_projected(w: &mut Writer, s: &Summarize, p: &Project, n: &Node) -> Vec<String> {
    let schema = &p.input.schema;
    let mut names: Vec<String> = schema.iter().map(|c| c.name.clone()).collect();
    let mut taken = vec![false; schema.len()];
    for (e, c) in p.exprs.iter().zip(&n.schema) {
        if let ExprKind::Column(j) = e.kind
            && !taken[j]
            && !names
                .iter()
                .enumerate()
                .any(|(k, x)| k != j && *x == c.name)
        {
            names[j] = c.name.clone();
            taken[j] = true;
        }
    }
    let mut lines = summarize(w, s, schema, &names);
    let cols: Vec<Column> = names
        .iter()
        .zip(schema)
        .map(|(name, c)| Column::new(name.clone(), c.ty))
        .collect();
    let fields: Vec<String> = p
        .exprs
        .iter()
        .zip(&n.schema)
        .map(|(e, c)| {
            let v = value(w, e, &cols);
            let name = text::name(&c.name);
            if v == name {
                v
            } else {
                format!("{name} = {v}")
            }
        })
        .collect();
    let summarize_order: Vec<String> = names.iter().map(|x| text::name(x)).collect();
    if fields != summarize_order {
        lines.push(format!("| project {}", fields.join(", ")));
    }
    lines
}

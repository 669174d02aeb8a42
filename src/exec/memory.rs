//! What a plan keeps in memory while it runs, for `kqlc run -v`: a streaming plan
//! (`where`, `extend`, `project`, `summarize`, …) holds one row at a time plus its
//! `summarize` groups, so its peak memory does not grow with the input; the operators
//! listed here hold rows (a join's build side, a sort's input, …) and grow with it.

use crate::diagnostic::Diagnostic;
use crate::plan::catalog::{Catalog, TableInfo};
use crate::plan::{Node, Op, Plan};

/// One operator that holds data, named as in the query, with what it holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Held {
    pub operator: &'static str,
    pub holds: &'static str,
    /// Whether its input is already aggregated (one row per `summarize` group), so what it
    /// holds grows with the number of groups, not with the input.
    pub after_summarize: bool,
}

/// The operators of `plan` that hold rows, in plan order (inputs before their consumers);
/// empty for a streaming plan.
pub fn held_data(plan: &Plan) -> Vec<Held> {
    let mut held = Vec::new();
    if !plan.shared.is_empty() {
        held.push(Held {
            operator: "toscalar/materialize/in (subquery)",
            holds: "the result of each subquery, computed once",
            after_summarize: false,
        });
    }
    for node in &plan.shared {
        visit(node, &mut held);
    }
    visit(&plan.root, &mut held);
    held
}

/// Adds the holding operators of `node`'s subtree; whether `node`'s output is aggregated
/// (one row per group of a `summarize` below it, through row-by-row operators).
fn visit(node: &Node, held: &mut Vec<Held>) -> bool {
    let hold = |operator, holds| Some((operator, holds));
    let (inputs, here, aggregates): (Vec<&Node>, Option<(&'static str, &'static str)>, bool) =
        match &node.op {
            Op::Scan(_) | Op::Values(_) | Op::Range(_) | Op::Shared(_) | Op::ApplyInput => {
                (Vec::new(), None, false)
            }
            Op::Where(op) => (vec![&op.input], None, false),
            Op::Extend(op) => (
                vec![&op.input],
                if op.windowed {
                    hold("extend (window functions)", "all its input rows")
                } else {
                    None
                },
                false,
            ),
            Op::Project(op) => (vec![&op.input], None, false),
            Op::Summarize(op) => (vec![&op.input], None, true),
            Op::Sort(op) => (
                vec![&op.input],
                hold("sort/order by/top", "all its input rows"),
                false,
            ),
            Op::Take(op) => (vec![&op.input], None, false),
            Op::Join(op) => (
                vec![&op.left, &op.right],
                hold(
                    "join/lookup",
                    "its build side (the left input's rows and a hash index on its keys), \
                     and the right rows that match (only the columns read after the join)",
                ),
                false,
            ),
            Op::Union(op) => (op.inputs.iter().collect(), None, false),
            Op::MvExpand(op) => (vec![&op.input], None, false),
            Op::MvApply(op) => (
                vec![&op.input, &op.body],
                hold(
                    "mv-apply",
                    "the expanded items of one row at a time (its subquery's input)",
                ),
                false,
            ),
            Op::Parse(op) => (vec![&op.input], None, false),
            Op::BagUnpack(op) => (vec![&op.input], None, false),
            Op::ParseKv(op) => (vec![&op.input], None, false),
            Op::MakeSeries(op) => (
                vec![&op.input],
                hold(
                    "make-series",
                    "every group's values before filling the series",
                ),
                true,
            ),
            Op::TopNested(op) => (
                vec![&op.input],
                hold("top-nested", "all its input rows"),
                true,
            ),
            Op::ScanSteps(op) => (vec![&op.input], None, false),
            Op::Graph(g) => (
                g.inputs(),
                hold(
                    "make-graph",
                    "the graph: every node and edge with their properties",
                ),
                false,
            ),
            Op::GraphTable(t) => (t.inputs(), None, false),
            Op::TableFn(op) => (
                std::iter::once(&*op.input)
                    .chain(op.side.as_deref())
                    .collect(),
                hold("evaluate plugin", "all its input rows and its lookup table"),
                true,
            ),
        };
    let row_by_row = matches!(
        node.op,
        Op::Where(_) | Op::Extend(_) | Op::Project(_) | Op::Sort(_) | Op::Take(_) | Op::Parse(_)
    );
    let mut aggregated_input = !inputs.is_empty();
    for input in inputs {
        aggregated_input &= visit(input, held);
    }
    if let Some((operator, holds)) = here {
        held.push(Held {
            operator,
            holds,
            after_summarize: aggregated_input,
        });
    }
    aggregates || (row_by_row && aggregated_input)
}

/// The lines `kqlc run -v` prints about memory for a KQL query: whether it streams, and
/// otherwise which operators hold data. The query is compiled over an open catalog (every
/// table exists), which is enough to know its operators.
pub fn notes_for_kql(query: &str) -> Result<Vec<String>, Vec<Diagnostic>> {
    let plan = crate::compile_kql(query, &OpenCatalog)?;
    let held = held_data(&plan);
    let growing: Vec<&Held> = held.iter().filter(|h| !h.after_summarize).collect();
    let mut notes = Vec::new();
    if growing.is_empty() {
        notes.push(
            "memory: streaming plan (one row at a time plus summarize groups; peak memory does not grow with the input)"
                .to_string(),
        );
    }
    for h in &held {
        notes.push(if h.after_summarize {
            format!(
                "memory: {} keeps {} (summarize output: one row per group)",
                h.operator, h.holds
            )
        } else {
            format!("memory: holds data: {} keeps {}", h.operator, h.holds)
        });
    }
    Ok(notes)
}

/// Every table exists, with its built-in columns when kqlc knows them.
struct OpenCatalog;

impl Catalog for OpenCatalog {
    fn table(&self, name: &str) -> Option<TableInfo> {
        Some(TableInfo {
            columns: crate::schema::builtin(name)
                .map(<[_]>::to_vec)
                .unwrap_or_default(),
            open: true,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn notes(query: &str) -> Vec<String> {
        notes_for_kql(query).unwrap_or_else(|d| panic!("{query}: {d:?}"))
    }

    #[test]
    fn where_extend_summarize_is_a_streaming_plan() {
        let lines = notes(
            "SigninLogs | where ResultType != '0' | extend U = tolower(UserPrincipalName) | summarize count() by U",
        );
        assert_eq!(lines.len(), 1);
        assert!(lines[0].contains("streaming plan"), "{lines:?}");
    }

    #[test]
    fn a_sort_of_summarize_groups_keeps_the_plan_streaming() {
        let lines =
            notes("SigninLogs | summarize n = count() by UserPrincipalName | order by n desc");
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert!(lines[0].contains("streaming plan"), "{lines:?}");
        assert!(lines[1].contains("one row per group"), "{lines:?}");
    }

    #[test]
    fn sort_and_join_say_they_hold_data() {
        let lines = notes(
            "SigninLogs | join kind=inner (AuditLogs | project UserPrincipalName = tostring(InitiatedBy)) on UserPrincipalName | order by TimeGenerated desc",
        );
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert!(
            lines[0].contains("join/lookup keeps its build side"),
            "{lines:?}"
        );
        assert!(
            lines[1].contains("sort/order by/top keeps all its input rows"),
            "{lines:?}"
        );
    }

    #[test]
    fn mv_apply_says_it_holds_each_rows_items() {
        let lines = notes(
            "datatable(a: dynamic)[dynamic([1, 2])] | mv-apply x = a to typeof(long) on (summarize s = sum(x))",
        );
        assert!(lines.iter().any(|l| l.contains("mv-apply")), "{lines:?}");
    }
}

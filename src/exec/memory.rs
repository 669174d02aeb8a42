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
}

/// The operators of `plan` that hold rows, in plan order (inputs before their consumers);
/// empty for a streaming plan.
pub fn held_data(plan: &Plan) -> Vec<Held> {
    let mut held = Vec::new();
    if !plan.shared.is_empty() {
        held.push(Held {
            operator: "toscalar/materialize/in (subquery)",
            holds: "the result of each subquery, computed once",
        });
    }
    for node in &plan.shared {
        visit(node, &mut held);
    }
    visit(&plan.root, &mut held);
    held
}

fn visit(node: &Node, held: &mut Vec<Held>) {
    let (inputs, here): (Vec<&Node>, Option<Held>) = match &node.op {
        Op::Scan(_) | Op::Values(_) | Op::Range(_) | Op::Shared(_) | Op::ApplyInput => {
            (Vec::new(), None)
        }
        Op::Where(op) => (vec![&op.input], None),
        Op::Extend(op) => (
            vec![&op.input],
            op.windowed.then_some(Held {
                operator: "extend (window functions)",
                holds: "all its input rows",
            }),
        ),
        Op::Project(op) => (vec![&op.input], None),
        Op::Summarize(op) => (vec![&op.input], None),
        Op::Sort(op) => (
            vec![&op.input],
            Some(Held {
                operator: "sort/order by/top",
                holds: "all its input rows",
            }),
        ),
        Op::Take(op) => (vec![&op.input], None),
        Op::Join(op) => (
            vec![&op.left, &op.right],
            Some(Held {
                operator: "join/lookup",
                holds: "its build side (the right input's rows and a hash index on its keys)",
            }),
        ),
        Op::Union(op) => (op.inputs.iter().collect(), None),
        Op::MvExpand(op) => (vec![&op.input], None),
        Op::MvApply(op) => (
            vec![&op.input, &op.body],
            Some(Held {
                operator: "mv-apply",
                holds: "the expanded items of one row at a time (its subquery's input)",
            }),
        ),
        Op::Parse(op) => (vec![&op.input], None),
        Op::BagUnpack(op) => (vec![&op.input], None),
        Op::ParseKv(op) => (vec![&op.input], None),
        Op::MakeSeries(op) => (
            vec![&op.input],
            Some(Held {
                operator: "make-series",
                holds: "every group's values before filling the series",
            }),
        ),
        Op::TopNested(op) => (
            vec![&op.input],
            Some(Held {
                operator: "top-nested",
                holds: "all its input rows",
            }),
        ),
    };
    for input in inputs {
        visit(input, held);
    }
    held.extend(here);
}

/// The lines `kqlc run -v` prints about memory for a KQL query: whether it streams, and
/// otherwise which operators hold data. The query is compiled over an open catalog (every
/// table exists), which is enough to know its operators.
pub fn notes_for_kql(query: &str) -> Result<Vec<String>, Vec<Diagnostic>> {
    let plan = crate::compile_kql(query, &OpenCatalog)?;
    let held = held_data(&plan);
    if held.is_empty() {
        return Ok(vec![
            "memory: streaming plan (one row at a time plus summarize groups; peak memory does not grow with the input)"
                .to_string(),
        ]);
    }
    Ok(held
        .iter()
        .map(|h| format!("memory: holds data: {} keeps {}", h.operator, h.holds))
        .collect())
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
    fn sort_and_join_say_they_hold_data() {
        let lines = notes(
            "SigninLogs | join kind=inner (AuditLogs | project UserPrincipalName = tostring(InitiatedBy)) on UserPrincipalName | order by TimeGenerated desc",
        );
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert!(lines[0].contains("join/lookup keeps its build side"), "{lines:?}");
        assert!(lines[1].contains("sort/order by/top keeps all its input rows"), "{lines:?}");
    }

    #[test]
    fn mv_apply_says_it_holds_each_rows_items() {
        let lines = notes(
            "datatable(a: dynamic)[dynamic([1, 2])] | mv-apply x = a to typeof(long) on (summarize s = sum(x))",
        );
        assert!(lines.iter().any(|l| l.contains("mv-apply")), "{lines:?}");
    }
}

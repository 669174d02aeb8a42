//! Projection push-down: a scan reads only the columns the rest of the plan uses.

use kqlc::plan::catalog::{MapCatalog, TableInfo};
use kqlc::plan::tabular::scan::Read;
use kqlc::plan::{Node, Op};
use kqlc::value::{Column, Type};

fn scan_reads(query: &str) -> Vec<String> {
    let mut catalog = MapCatalog::default();
    let columns = [
        "TimeGenerated",
        "ResultType",
        "JobId",
        "ServicePrincipal",
        "Unused1",
        "Unused2",
    ]
    .map(|n| Column::new(n, Type::String));
    catalog.insert(
        "T",
        TableInfo {
            columns: columns.to_vec(),
            open: false,
        },
    );
    let plan = kqlc::compile_kql(query, &catalog).unwrap_or_else(|d| panic!("{d:?}"));
    let mut found = None;
    find_scan(&plan.root, &mut found);
    found.expect("a scan")
}

fn find_scan(node: &Node, found: &mut Option<Vec<String>>) {
    if let Op::Scan(scan) = &node.op {
        let read = scan
            .read
            .clone()
            .unwrap_or_else(|| vec![Read::Whole; node.schema.len()]);
        *found = Some(
            node.schema
                .iter()
                .zip(read)
                .filter(|(_, r)| r.any())
                .map(|(c, _)| c.name.clone())
                .collect(),
        );
        return;
    }
    let inputs: Vec<&Node> = match &node.op {
        Op::Where(o) => vec![&o.input],
        Op::Extend(o) => vec![&o.input],
        Op::Project(o) => vec![&o.input],
        Op::Summarize(o) => vec![&o.input],
        Op::Sort(o) => vec![&o.input],
        Op::Take(o) => vec![&o.input],
        _ => vec![],
    };
    inputs.into_iter().for_each(|n| find_scan(n, found));
}

#[test]
fn a_summarize_reads_only_filter_group_and_aggregate_columns() {
    let q = "T | where ResultType =~ 'Failure' | extend SP = tostring(parse_json(ServicePrincipal).Name) | summarize count() by JobId, SP";
    assert_eq!(scan_reads(q), ["ResultType", "JobId", "ServicePrincipal"]);
}

#[test]
fn a_pass_through_query_reads_every_column() {
    assert_eq!(scan_reads("T | where JobId != ''").len(), 6);
}

#[test]
fn project_away_drops_the_columns_from_the_read() {
    assert_eq!(
        scan_reads("T | project-away Unused*, ServicePrincipal"),
        ["TimeGenerated", "ResultType", "JobId"]
    );
}

/// The right side of a join is held in memory whole: a column only its own stages read
/// (`ServicePrincipal`, read to make `SP`) is nulled before the join holds it, while the
/// keys and what the query reads after the join are kept.
#[test]
fn a_join_holds_only_the_right_columns_read_after_it() {
    let mut catalog = MapCatalog::default();
    let columns = ["JobId", "ServicePrincipal", "ResultType"].map(|n| Column::new(n, Type::String));
    catalog.insert(
        "T",
        TableInfo {
            columns: columns.to_vec(),
            open: false,
        },
    );
    let query = "T | project JobId | join (T | extend SP = tostring(parse_json(ServicePrincipal).Name)) on JobId | project JobId, SP";
    let plan = kqlc::compile_kql(query, &catalog).unwrap_or_else(|d| panic!("{d:?}"));
    let mut held = None;
    find_join_right(&plan.root, &mut held);
    let right = held.expect("a join");
    let Op::Project(project) = &right.op else {
        panic!("the right side is not narrowed: {:?}", right.op);
    };
    let kept: Vec<&str> = right
        .schema
        .iter()
        .zip(&project.exprs)
        .filter(|(_, e)| matches!(e.kind, kqlc::plan::ExprKind::Column(_)))
        .map(|(c, _)| c.name.as_str())
        .collect();
    assert_eq!(kept, ["JobId", "SP"]);
}

fn find_join_right<'a>(node: &'a Node, found: &mut Option<&'a Node>) {
    match &node.op {
        Op::Join(j) => *found = Some(&j.right),
        Op::Project(o) => find_join_right(&o.input, found),
        Op::Where(o) => find_join_right(&o.input, found),
        _ => {}
    }
}

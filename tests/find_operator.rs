//! `find` on the examples of the Kusto find-operator page
//! (learn.microsoft.com/kusto/query/find-operator, "Examples of find output results"):
//! the page's two tables are built with `let` (a `find` scope may name them), the
//! expected rows are the page's output tables.

use crate::common;

use common::query::result_table;
use serde_json::{Value, json};

/// The page's EventsTable1 and EventsTable2, then `find`.
fn find(find: &str) -> Vec<Value> {
    let query = format!(
        r#"let EventsTable1 = datatable(Session_Id: string, Level: string, EventText: string, Version: string) [
            "acbd207d-51aa-4df7-bfa7-be70eb68f04e", "Information", "Some Text1", "v1.0.0",
            "acbd207d-51aa-4df7-bfa7-be70eb68f04e", "Error", "Some Text2", "v1.0.0",
            "28b8e46e-3c31-43cf-83cb-48921c3986fc", "Error", "Some Text3", "v1.0.1",
            "8f057b11-3281-45c3-a856-05ebb18a3c59", "Information", "Some Text4", "v1.1.0"];
        let EventsTable2 = datatable(Session_Id: string, Level: string, EventText: string, EventName: string) [
            "f7d5f95f-f580-4ea6-830b-5776c8d64fdd", "Information", "Some Other Text1", "Event1",
            "acbd207d-51aa-4df7-bfa7-be70eb68f04e", "Information", "Some Other Text2", "Event2",
            "acbd207d-51aa-4df7-bfa7-be70eb68f04e", "Error", "Some Other Text3", "Event3",
            "15eaeab5-8576-4b58-8fc6-478f75d8fee4", "Error", "Some Other Text4", "Event4"];
        {find}"#
    );
    let table = result_table(&query);
    table
        .rows
        .iter()
        .map(|r| Value::Object(table.row_object(r)))
        .collect()
}

const SESSION: &str = "acbd207d-51aa-4df7-bfa7-be70eb68f04e";

#[test]
fn find_projects_columns_and_packs_the_rest_with_pack_all() {
    let got = find(
        "find in (EventsTable1, EventsTable2)
         where Session_Id == 'acbd207d-51aa-4df7-bfa7-be70eb68f04e' and Level == 'Error'
         project EventText, Version, EventName, pack_all()",
    );
    let pack = json!({"Session_Id": SESSION, "Level": "Error"});
    assert_eq!(
        got,
        [
            json!({"source_": "EventsTable1", "EventText": "Some Text2", "Version": "v1.0.0", "EventName": "", "pack_": pack}),
            json!({"source_": "EventsTable2", "EventText": "Some Other Text3", "Version": "", "EventName": "Event3", "pack_": pack}),
        ]
    );
}

#[test]
fn find_evaluates_each_tables_rows_with_the_columns_it_has() {
    // "In practice, EventsTable1 rows are filtered with Version == 'v1.0.0' and
    // EventsTable2 rows with EventName == 'Event1'."
    let got = find(
        "find in (EventsTable1, EventsTable2) where Version == 'v1.0.0' or EventName == 'Event1'
         project Session_Id, EventText, Version, EventName",
    );
    assert_eq!(
        got,
        [
            json!({"source_": "EventsTable1", "Session_Id": SESSION, "EventText": "Some Text1", "Version": "v1.0.0", "EventName": ""}),
            json!({"source_": "EventsTable1", "Session_Id": SESSION, "EventText": "Some Text2", "Version": "v1.0.0", "EventName": ""}),
            json!({"source_": "EventsTable2", "Session_Id": "f7d5f95f-f580-4ea6-830b-5776c8d64fdd", "EventText": "Some Other Text1", "Version": "", "EventName": "Event1"}),
        ]
    );
}

#[test]
fn find_project_smart_packs_each_tables_own_other_columns() {
    let got = find(
        "find in (EventsTable1, EventsTable2) where Session_Id == 'acbd207d-51aa-4df7-bfa7-be70eb68f04e'",
    );
    let row = |source: &str, level: &str, text: &str, pack: Value| json!({"source_": source, "Session_Id": SESSION, "Level": level, "EventText": text, "pack_": pack});
    assert_eq!(
        got,
        [
            row(
                "EventsTable1",
                "Information",
                "Some Text1",
                json!({"Version": "v1.0.0"})
            ),
            row(
                "EventsTable1",
                "Error",
                "Some Text2",
                json!({"Version": "v1.0.0"})
            ),
            row(
                "EventsTable2",
                "Information",
                "Some Other Text2",
                json!({"EventName": "Event2"})
            ),
            row(
                "EventsTable2",
                "Error",
                "Some Other Text3",
                json!({"EventName": "Event3"})
            ),
        ]
    );
}

#[test]
fn find_project_pack_all_alone_gives_the_label_and_every_column_in_a_bag() {
    let got = find(
        "find withsource = Table in (EventsTable1) where Session_Id == 'acbd207d-51aa-4df7-bfa7-be70eb68f04e' and Level == 'Error'
         project pack_all()",
    );
    let pack = json!({"Session_Id": SESSION, "Level": "Error", "EventText": "Some Text2", "Version": "v1.0.0"});
    assert_eq!(got, [json!({"Table": "EventsTable1", "pack_": pack})]);
}

//! The graph operators on the examples of their Kusto docs pages
//! (learn.microsoft.com/kusto/query/…): make-graph-operator, graph-match-operator,
//! graph-shortest-paths-operator, graph-to-table-operator,
//! graph-mark-components-operator, the graph functions all(), any(), map(),
//! inner_nodes(), node_degree_in(), node_degree_out(), node_id(), the
//! tutorials/your-first-graph page and graph-best-practices. Each query is the page's;
//! the expected rows are transcribed from its Output table (where a page's table
//! disagrees with its own query, the test says how). Then the errors: a pattern's
//! syntax error, a graph piped into a table operator, a path search that explodes.

use crate::check_support;
use crate::common;

use common::docs::{assert_rows, page_table};
use kqlc::check::CheckOptions;
use kqlc::diagnostic::Code;
use serde_json::json;

/// The nodes and edges of the make-graph and graph-to-table pages' examples.
const PEOPLE: &str = r#"let nodes = datatable(name:string, type:string, age:int)
[
  "Alice", "Person", 23,
  "Bob", "Person", 31,
  "Eve", "Person", 17,
  "Mallory", "Person", 29,
  "Trent", "System", 99
];
let edges = datatable(Source:string, Destination:string, edge_type:string)
[
  "Alice", "Bob", "communicatesWith",
  "Alice", "Trent", "trusts",
  "Bob", "Trent", "hasPermission",
  "Eve", "Alice", "attacks",
  "Mallory", "Alice", "attacks",
  "Mallory", "Bob", "attacks"
];
"#;

/// The employees and reporting lines of the graph-match and inner_nodes pages.
const ORGANIZATION: &str = r#"let employees = datatable(name:string, age:long)
[
  "Alice", 32,
  "Bob", 31,
  "Eve", 27,
  "Joe", 29,
  "Chris", 45,
  "Alex", 35,
  "Ben", 23,
  "Richard", 39,
];
let reports = datatable(employee:string, manager:string)
[
  "Bob", "Alice",
  "Chris", "Alice",
  "Eve", "Bob",
  "Ben", "Chris",
  "Joe", "Alice",
  "Richard", "Bob"
];
"#;

/// The train network of the graph-shortest-paths, all(), any() and map() pages.
const CONNECTIONS: &str = r#"let connections = datatable(from_station:string, to_station:string, line:string)
[
  "Central", "North", "red",
  "North", "Central", "red",
  "Central", "South",  "red",
  "South", "Central",  "red",
  "South", "South-West", "red",
  "South-West", "South", "red",
  "South-West", "West", "red",
  "West", "South-West", "red",
  "Central", "East", "blue",
  "East", "Central", "blue",
  "Central", "West", "blue",
  "West", "Central", "blue",
];
let stations = datatable(station:string, wifi: bool)
[
  "Central", true,
  "North", false,
  "South", false,
  "South-West", true,
  "West", true,
  "East", false
];
"#;

/// The locations and routes of the any() and node_degree_out() pages.
const ROUTES: &str = r#"let Locations = datatable(LocationName: string, LocationType: string) [
    "New York", "City",
    "San Francisco", "City",
    "Chicago", "City",
    "Los Angeles", "City",
    "Seattle", "Warehouse"
];
let Routes = datatable(OriginLocationID: string, DestinationLocationID: string, TransportMode: string) [
    "New York", "San Francisco", "Truck",
    "New York", "Chicago", "Train",
    "San Francisco", "Los Angeles", "Truck",
    "Chicago", "Seattle", "Train",
    "Los Angeles", "New York", "Truck",
    "Seattle", "San Francisco", "Train"
];
"#;

/// Runs `query` and compares its rows with `expected`, as a multiset (the pages' graph
/// queries do not order their rows).
fn check(page: &str, query: &str, expected: serde_json::Value) {
    assert_rows(page, &page_table(page, query), expected, false);
}

// make-graph-operator: "Edges and nodes graph".
#[test]
fn make_graph_with_a_node_table_finds_the_attack_path_make_graph_docs() {
    let query = format!(
        "{PEOPLE}edges
| make-graph Source --> Destination with nodes on name
| graph-match (mallory)-[attacks]->(compromised)-[hasPermission]->(trent)
  where mallory.name == \"Mallory\" and trent.name == \"Trent\" and attacks.edge_type == \"attacks\" and hasPermission.edge_type == \"hasPermission\"
  project Attacker = mallory.name, Compromised = compromised.name, System = trent.name"
    );
    let expected = json!([{"Attacker": "Mallory", "Compromised": "Bob", "System": "Trent"}]);
    check("make-graph-operator", &query, expected);
}

// make-graph-operator: "Default node identifier".
#[test]
fn make_graph_with_node_id_names_nodes_by_their_id_make_graph_docs() {
    let query = format!(
        "{PEOPLE}edges
| make-graph Source --> Destination with_node_id=name
| graph-match (mallory)-[attacks]->(compromised)-[hasPermission]->(trent)
  where mallory.name == \"Mallory\" and trent.name == \"Trent\" and attacks.edge_type == \"attacks\" and hasPermission.edge_type == \"hasPermission\"
  project Attacker = mallory.name, Compromised = compromised.name, System = trent.name"
    );
    let expected = json!([{"Attacker": "Mallory", "Compromised": "Bob", "System": "Trent"}]);
    check("make-graph-operator", &query, expected);
}

// make-graph-operator: "Partitioned graph" (one graph per tenant).
#[test]
fn make_graph_partitioned_by_tenant_matches_within_each_tenant_make_graph_docs() {
    let query = r#"let nodes = datatable(userId:string, tenantId:string, name:string, department:string, role:string, location:dynamic)
[
    "u001", "CompanyA", "Alice Johnson", "Engineering", "Senior Developer", dynamic({"type": "Point", "coordinates": [-122.4194, 37.7749]}),
    "u002", "CompanyA", "Bob Smith", "Engineering", "Team Lead", dynamic({"type": "Point", "coordinates": [-122.4094, 37.7849]}),
    "u003", "CompanyA", "Charlie Black", "Marketing", "Manager", dynamic({"type": "Point", "coordinates": [-122.4294, 37.7649]}),
    "u004", "CompanyA", "Diana Finch", "HR", "Director", dynamic({"type": "Point", "coordinates": [-122.3994, 37.7949]}),
    "u005", "CompanyA", "Eve Wilson", "Engineering", "Junior Developer", dynamic({"type": "Point", "coordinates": [-122.4394, 37.7549]}),
    "u006", "CompanyB", "Frank Miller", "Sales", "Account Manager", dynamic({"type": "Point", "coordinates": [-74.0060, 40.7128]}),
    "u007", "CompanyB", "Grace Lee", "Engineering", "Senior Developer", dynamic({"type": "Point", "coordinates": [-74.0160, 40.7228]}),
    "u008", "CompanyB", "Henry Davis", "Marketing", "Specialist", dynamic({"type": "Point", "coordinates": [-73.9960, 40.7028]}),
    "u009", "CompanyB", "Ivy Chen", "Engineering", "Team Lead", dynamic({"type": "Point", "coordinates": [-74.0260, 40.7328]}),
    "u010", "CompanyB", "Jack Thompson", "Operations", "Manager", dynamic({"type": "Point", "coordinates": [-73.9860, 40.6928]}),
    "u011", "CompanyC", "Kate Anderson", "Finance", "Analyst", dynamic({"type": "Point", "coordinates": [-97.7431, 30.2672]}),
    "u012", "CompanyC", "Liam Murphy", "Engineering", "Architect", dynamic({"type": "Point", "coordinates": [-97.7331, 30.2772]}),
    "u013", "CompanyC", "Maya Patel", "Product", "Manager", dynamic({"type": "Point", "coordinates": [-97.7531, 30.2572]}),
    "u014", "CompanyC", "Noah Garcia", "Engineering", "Developer", dynamic({"type": "Point", "coordinates": [-97.7631, 30.2472]}),
    "u015", "CompanyC", "Olivia Rodriguez", "Marketing", "Director", dynamic({"type": "Point", "coordinates": [-97.7231, 30.2872]})
];
let edges = datatable(sourceUserId:string, targetUserId:string, tenantId:string, relationshipType:string, strength:int)
[
    "u001", "u002", "CompanyA", "reportsTo", 9,
    "u005", "u002", "CompanyA", "reportsTo", 8,
    "u002", "u003", "CompanyA", "collaborates", 6,
    "u001", "u005", "CompanyA", "mentors", 7,
    "u003", "u004", "CompanyA", "collaborates", 5,
    "u001", "u003", "CompanyA", "communicates", 4,
    "u007", "u009", "CompanyB", "reportsTo", 9,
    "u006", "u010", "CompanyB", "reportsTo", 8,
    "u008", "u006", "CompanyB", "collaborates", 6,
    "u009", "u010", "CompanyB", "communicates", 5,
    "u007", "u008", "CompanyB", "mentors", 7,
    "u006", "u007", "CompanyB", "collaborates", 6,
    "u014", "u012", "CompanyC", "reportsTo", 9,
    "u012", "u013", "CompanyC", "collaborates", 7,
    "u011", "u013", "CompanyC", "collaborates", 6,
    "u013", "u015", "CompanyC", "reportsTo", 8,
    "u012", "u015", "CompanyC", "communicates", 5,
    "u011", "u014", "CompanyC", "mentors", 6
];
edges
| make-graph sourceUserId --> targetUserId with nodes on userId partitioned-by tenantId (
    graph-match cycles=none (n1)-[e*2..4]->(n2)
        where n1.userId != n2.userId and all(e, relationshipType == "collaborates") and
            geo_distance_2points(todouble(n1.location.coordinates[0]), todouble(n1.location.coordinates[1]),
                             todouble(n2.location.coordinates[0]), todouble(n2.location.coordinates[1])) < 10000
        project Start = strcat(n1.name, " (", n1.tenantId, ")"), Tenants = map(e, tenantId), End = strcat(n2.name, " (", n2.tenantId, ")")
)"#;
    let expected = json!([
        {"Start": "Bob Smith (CompanyA)", "Tenants": ["CompanyA", "CompanyA"], "End": "Diana Finch (CompanyA)"},
        {"Start": "Henry Davis (CompanyB)", "Tenants": ["CompanyB", "CompanyB"], "End": "Grace Lee (CompanyB)"},
    ]);
    check("make-graph-operator", query, expected);
}

// graph-match-operator: employees of Alice's organization younger than 30.
#[test]
fn graph_match_walks_a_variable_length_edge_graph_match_docs() {
    let query = format!(
        "{ORGANIZATION}reports
| make-graph employee --> manager with employees on name
| graph-match (alice)<-[reports*1..5]-(employee)
  where alice.name == \"Alice\" and employee.age < 30
  project employee = employee.name, age = employee.age, reportingPath = map(reports, manager)"
    );
    let expected = json!([
        {"employee": "Joe", "age": 29, "reportingPath": ["Alice"]},
        {"employee": "Eve", "age": 27, "reportingPath": ["Alice", "Bob"]},
        {"employee": "Ben", "age": 23, "reportingPath": ["Alice", "Chris"]},
    ]);
    check("graph-match-operator", &query, expected);
}

/// The entities and actions of the graph-match page's attack path examples.
const ACTIONS: &str = r#"let Entities = datatable(name:string, type:string, age:long)
[
  "Alice", "Person", 23,
  "Bob", "Person", 31,
  "Eve", "Person", 17,
  "Mallory", "Person", 29,
  "Apollo", "System", 99
];
let Actions = datatable(source:string, destination:string, action_type:string)
[
  "Alice", "Bob", "communicatesWith",
  "Alice", "Apollo", "trusts",
  "Bob", "Apollo", "hasPermission",
  "Eve", "Alice", "attacks",
  "Mallory", "Alice", "attacks",
  "Mallory", "Bob", "attacks"
];
"#;

// graph-match-operator: attack paths to the "Apollo" system.
#[test]
fn graph_match_finds_attack_paths_graph_match_docs() {
    let query = format!(
        "{ACTIONS}Actions
| make-graph source --> destination with Entities on name
| graph-match (mallory)-[attacks]->(compromised)-[hasPermission]->(apollo)
  where mallory.name == \"Mallory\" and apollo.name == \"Apollo\" and attacks.action_type == \"attacks\" and hasPermission.action_type == \"hasPermission\"
  project Attacker = mallory.name, Compromised = compromised.name, System = apollo.name"
    );
    let expected = json!([{"Attacker": "Mallory", "Compromised": "Bob", "System": "Apollo"}]);
    check("graph-match-operator", &query, expected);
}

// graph-match-operator: a second path joined at `compromised`, with an any-direction
// edge to Alice.
#[test]
fn graph_match_joins_two_paths_at_a_shared_node_graph_match_docs() {
    let query = format!(
        "{ACTIONS}Actions
| make-graph source --> destination with Entities on name
| graph-match (mallory)-[attacks]->(compromised)-[hasPermission]->(apollo), (compromised)-[communicates]-(alice)
  where mallory.name == \"Mallory\" and apollo.name == \"Apollo\" and attacks.action_type == \"attacks\" and hasPermission.action_type == \"hasPermission\" and alice.name == \"Alice\"
  project Attacker = mallory.name, Compromised = compromised.name, System = apollo.name"
    );
    let expected = json!([{"Attacker": "Mallory", "Compromised": "Bob", "System": "Apollo"}]);
    check("graph-match-operator", &query, expected);
}

/// The graph-to-table page's graph: Mallory is only in the edges.
fn graph_to_table_input() -> String {
    r#"let nodes = datatable(name:string, type:string, age:long)
[
	"Alice", "Person", 23,
	"Bob", "Person", 31,
	"Eve", "Person", 17,
	"Trent", "System", 99
];
let edges = datatable(source:string, destination:string, edge_type:string)
[
	"Alice", "Bob", "communicatesWith",
	"Alice", "Trent", "trusts",
	"Bob", "Trent", "hasPermission",
	"Eve", "Alice", "attacks",
	"Mallory", "Alice", "attacks",
	"Mallory", "Bob", "attacks"
];
"#
    .to_string()
}

/// The graph-to-table page's node table (hash ids of `hash(name)`).
fn graph_to_table_nodes() -> serde_json::Value {
    json!([
        {"NodeId": -3122868243544336885i64, "name": "Alice", "type": "Person", "age": 23},
        {"NodeId": -7133945255344544237i64, "name": "Bob", "type": "Person", "age": 31},
        {"NodeId": 4363395278938690453i64, "name": "Eve", "type": "Person", "age": 17},
        {"NodeId": 2533909231875758225i64, "name": "Trent", "type": "System", "age": 99},
        {"NodeId": 3855580634910899594i64, "name": "Mallory", "type": "", "age": null},
    ])
}

// graph-to-table-operator: the edges with the hash ids of their end nodes.
#[test]
fn graph_to_table_exports_edges_with_hash_ids_graph_to_table_docs() {
    let query = format!(
        "{}edges
| make-graph source --> destination with nodes on name
| graph-to-table edges with_source_id=SourceId with_target_id=TargetId",
        graph_to_table_input().replace(
            "\"Trent\", \"System\", 99",
            "\"Mallory\", \"Person\", 29,\n\t\"Trent\", \"System\", 99"
        )
    );
    let expected = json!([
        {"SourceId": -3122868243544336885i64, "TargetId": -7133945255344544237i64, "source": "Alice", "destination": "Bob", "edge_type": "communicatesWith"},
        {"SourceId": -3122868243544336885i64, "TargetId": 2533909231875758225i64, "source": "Alice", "destination": "Trent", "edge_type": "trusts"},
        {"SourceId": -7133945255344544237i64, "TargetId": 2533909231875758225i64, "source": "Bob", "destination": "Trent", "edge_type": "hasPermission"},
        {"SourceId": 4363395278938690453i64, "TargetId": -3122868243544336885i64, "source": "Eve", "destination": "Alice", "edge_type": "attacks"},
        {"SourceId": 3855580634910899594i64, "TargetId": -3122868243544336885i64, "source": "Mallory", "destination": "Alice", "edge_type": "attacks"},
        {"SourceId": 3855580634910899594i64, "TargetId": -7133945255344544237i64, "source": "Mallory", "destination": "Bob", "edge_type": "attacks"},
    ]);
    let table = page_table("graph-to-table-operator", &query);
    assert_rows("graph-to-table-operator", &table, expected, true);
}

// graph-to-table-operator: "Get nodes" (Mallory, known only from the edges, last).
#[test]
fn graph_to_table_exports_nodes_in_order_graph_to_table_docs() {
    let query = format!(
        "{}edges
| make-graph source --> destination with nodes on name
| graph-to-table nodes with_node_id=NodeId",
        graph_to_table_input()
    );
    let table = page_table("graph-to-table-operator", &query);
    assert_rows(
        "graph-to-table-operator",
        &table,
        graph_to_table_nodes(),
        true,
    );
}

// graph-to-table-operator: nodes and edges as two named tables, read after the `;`.
// kqlc outputs one table, the last statement's (the page's table 2); the statement
// `N` alone gives table 1.
#[test]
fn graph_to_table_names_nodes_and_edges_graph_to_table_docs() {
    let export = format!(
        "{}edges
| make-graph source --> destination with nodes on name
| graph-to-table nodes as N with_node_id=NodeId, edges as E with_source_id=SourceId;
",
        graph_to_table_input()
    );
    let nodes = page_table("graph-to-table-operator", &format!("{export}N"));
    assert_rows(
        "graph-to-table-operator",
        &nodes,
        graph_to_table_nodes(),
        true,
    );
    let edges = page_table("graph-to-table-operator", &format!("{export}N;\nE"));
    let expected = json!([
        {"SourceId": -3122868243544336885i64, "source": "Alice", "destination": "Bob", "edge_type": "communicatesWith"},
        {"SourceId": -3122868243544336885i64, "source": "Alice", "destination": "Trent", "edge_type": "trusts"},
        {"SourceId": -7133945255344544237i64, "source": "Bob", "destination": "Trent", "edge_type": "hasPermission"},
        {"SourceId": 4363395278938690453i64, "source": "Eve", "destination": "Alice", "edge_type": "attacks"},
        {"SourceId": 3855580634910899594i64, "source": "Mallory", "destination": "Alice", "edge_type": "attacks"},
        {"SourceId": 3855580634910899594i64, "source": "Mallory", "destination": "Bob", "edge_type": "attacks"},
    ]);
    assert_rows("graph-to-table-operator", &edges, expected, true);
}

// graph-shortest-paths-operator: any shortest path from South-West to North.
#[test]
fn graph_shortest_paths_finds_one_shortest_path_graph_shortest_paths_docs() {
    let query = format!(
        "{CONNECTIONS}connections
| make-graph from_station --> to_station with_node_id=station
| graph-shortest-paths (start)-[connections*1..5]->(destination)
  where start.station == \"South-West\" and destination.station == \"North\"
  project from = start.station, path = map(connections, to_station), line = map(connections, line), to = destination.station"
    );
    let expected = json!([
        {"from": "South-West", "path": ["South", "Central", "North"], "line": ["red", "red", "red"], "to": "North"},
    ]);
    check("graph-shortest-paths-operator", &query, expected);
}

// graph-shortest-paths-operator: `output=all`, every shortest path.
#[test]
fn graph_shortest_paths_output_all_finds_every_shortest_path_graph_shortest_paths_docs() {
    let query = format!(
        "{CONNECTIONS}connections
| make-graph from_station --> to_station with_node_id=station
| graph-shortest-paths output=all (start)-[connections*1..5]->(destination)
  where start.station == \"South-West\" and destination.station == \"North\"
  project from = start.station, path = map(connections, to_station), line = map(connections, line), to = destination.station"
    );
    let expected = json!([
        {"from": "South-West", "path": ["South", "Central", "North"], "line": ["red", "red", "red"], "to": "North"},
        {"from": "South-West", "path": ["West", "Central", "North"], "line": ["red", "blue", "red"], "to": "North"},
    ]);
    check("graph-shortest-paths-operator", &query, expected);
}

/// The child-parent pairs of the graph-mark-components page.
const CHILD_OF: &str = r#"let ChildOf = datatable(child:string, parent:string)
[
  "Alice", "Bob",
  "Carol", "Alice",
  "Carol", "Dave",
  "Greg", "Alice",
  "Greg", "Dave",
  "Howard", "Alice",
  "Howard", "Dave",
  "Eve", "Frank",
  "Frank", "Mallory",
  "Eve", "Kirk",
];
"#;

// graph-mark-components-operator: each node's family (weak component).
#[test]
fn graph_mark_components_numbers_the_families_graph_mark_components_docs() {
    let query = format!(
        "{CHILD_OF}ChildOf
| make-graph child --> parent with_node_id=name
| graph-mark-components with_component_id = family
| graph-to-table nodes"
    );
    let family = |name: &str, family: i64| json!({"name": name, "family": family});
    let expected = serde_json::Value::Array(vec![
        family("Alice", 0),
        family("Bob", 0),
        family("Carol", 0),
        family("Dave", 0),
        family("Greg", 0),
        family("Howard", 0),
        family("Eve", 1),
        family("Frank", 1),
        family("Mallory", 1),
        family("Kirk", 1),
    ]);
    check("graph-mark-components-operator", &query, expected);
}

// graph-mark-components-operator: the greatest ancestor of each family.
#[test]
fn graph_mark_components_then_graph_match_finds_ancestors_graph_mark_components_docs() {
    let query = format!(
        "{CHILD_OF}ChildOf
| make-graph child --> parent with_node_id=name
| graph-mark-components with_component_id = family
| graph-match (descendant)-[childOf*1..5]->(ancestor)
  project name = ancestor.name, lineage = map(childOf, child), family = ancestor.family
| summarize (generations, name) = arg_max(array_length(lineage),name) by family"
    );
    let expected = json!([
        {"family": 1, "generations": 2, "name": "Mallory"},
        {"family": 0, "generations": 2, "name": "Bob"},
    ]);
    check("graph-mark-components-operator", &query, expected);
}

// graph-mark-components-operator, `kind = strong`: the page has no example; a cycle
// a → b → c → a is one strong component, d (reached from it) another.
#[test]
fn graph_mark_components_strong_keeps_a_cycle_together() {
    let query = r#"datatable(s:string, d:string) ["a", "b", "b", "c", "c", "a", "c", "d"]
| make-graph s --> d with_node_id=name
| graph-mark-components kind = strong
| graph-to-table nodes"#;
    let expected = json!([
        {"name": "a", "ComponentId": 0},
        {"name": "b", "ComponentId": 0},
        {"name": "c", "ComponentId": 0},
        {"name": "d", "ComponentId": 1},
    ]);
    check("graph-mark-components-operator", query, expected);
}

// all-graph-function: round trips, red out and blue back.
#[test]
fn all_keeps_paths_whose_every_edge_passes_all_graph_function_docs() {
    let query = format!(
        "{CONNECTIONS}connections
| make-graph from_station --> to_station with_node_id=station
| graph-match (start)-[outward*1..5]->(destination)-[return*1..5]->(start)
  where start.station != destination.station and
        all(outward, line == \"red\") and
        all(return, line == \"blue\")
  project from = start.station,
          outward_stations = strcat_array(map(inner_nodes(outward), station), \"->\"),
          to = destination.station,
          return_stations = strcat_array(map(inner_nodes(return), station), \"->\"),
          back=start.station"
    );
    let row = |from: &str, outward: &str, to: &str, back_via: &str| json!({"from": from, "outward_stations": outward, "to": to, "return_stations": back_via, "back": from});
    let expected = serde_json::Value::Array(vec![
        row("Central", "North->Central->South->South-West", "West", ""),
        row("West", "South-West->South->Central->North", "Central", ""),
        row("Central", "South->South-West", "West", ""),
        row("West", "South-West->South", "Central", ""),
        row(
            "Central",
            "North->Central->South->South-West",
            "West",
            "Central->East",
        ),
        row(
            "West",
            "South-West->South->Central->North",
            "Central",
            "East->Central",
        ),
        row("Central", "South->South-West", "West", "Central->East"),
        row("West", "South-West->South", "Central", "East->Central"),
    ]);
    check("all-graph-function", &query, expected);
}

// all-graph-function: the shortest path through stations with Wi-Fi only.
#[test]
fn all_over_inner_nodes_constrains_a_shortest_path_all_graph_function_docs() {
    let query = format!(
        "{CONNECTIONS}connections
| make-graph from_station --> to_station with stations on station
| graph-shortest-paths (start)-[connections*2..5]->(destination)
  where start.station == \"South-West\" and
        destination.station == \"North\" and
        all(inner_nodes(connections), wifi)
  project from = start.station,
          stations = strcat_array(map(inner_nodes(connections), station), \"->\"),
          to = destination.station"
    );
    let expected = json!([{"from": "South-West", "stations": "West->Central", "to": "North"}]);
    check("all-graph-function", &query, expected);
}

// any-graph-function: routes that take the train at least once.
#[test]
fn any_keeps_paths_with_one_passing_edge_any_graph_function_docs() {
    let query = format!(
        "{ROUTES}Routes
| make-graph OriginLocationID --> DestinationLocationID with Locations on LocationName
| graph-match (src)-[route*1..2]->(dest)
  where any(route, TransportMode == \"Train\")
  project src.LocationName,
        dest.LocationName,
        route_TransportModes = map(route, TransportMode)"
    );
    let row = |src: &str, dest: &str, modes: &[&str]| json!({"src_LocationName": src, "dest_LocationName": dest, "route_TransportModes": modes});
    let expected = serde_json::Value::Array(vec![
        row("Seattle", "San Francisco", &["Train"]),
        row("Chicago", "Seattle", &["Train"]),
        row("New York", "Chicago", &["Train"]),
        row("Seattle", "Los Angeles", &["Train", "Truck"]),
        row("Chicago", "San Francisco", &["Train", "Train"]),
        row("New York", "Seattle", &["Train", "Train"]),
        row("Los Angeles", "Chicago", &["Truck", "Train"]),
    ]);
    check("any-graph-function", &query, expected);
}

// any-graph-function: `cycles=none` paths through at least one station with Wi-Fi.
#[test]
fn any_over_inner_nodes_without_cycles_any_graph_function_docs() {
    let query = format!(
        "{CONNECTIONS}connections
| make-graph from_station --> to_station with stations on station
| graph-match cycles=none  (start)-[connections*2..5]->(destination)
  where start.station == \"South-West\" and
        destination.station == \"North\" and
        any(inner_nodes(connections), wifi)
  project from = start.station,
          stations = strcat_array(map(inner_nodes(connections), station), \"->\"),
          to = destination.station"
    );
    let expected = json!([
        {"from": "South-West", "stations": "South->Central", "to": "North"},
        {"from": "South-West", "stations": "West->Central", "to": "North"},
    ]);
    check("any-graph-function", &query, expected);
}

// map-graph-function: station and line of the shortest route.
#[test]
fn map_computes_an_expression_per_edge_map_graph_function_docs() {
    let query = format!(
        "{CONNECTIONS}connections
| make-graph from_station --> to_station with_node_id=station
| graph-shortest-paths (start)-[connections*1..5]->(destination)
  where start.station == \"South-West\" and destination.station == \"North\"
  project from = start.station, path = map(connections, strcat(to_station, \" (\", line, \")\")), to = destination.station"
    );
    let expected = json!([
        {"from": "South-West", "path": ["South (red)", "Central (red)", "North (red)"], "to": "North"},
    ]);
    check("map-graph-function", &query, expected);
}

// map-graph-function: stopovers with Wi-Fi on every route between two stations.
#[test]
fn map_over_inner_nodes_lists_stopovers_map_graph_function_docs() {
    let query = format!(
        "{CONNECTIONS}connections
| make-graph from_station --> to_station with stations on station
| graph-match cycles=none (start)-[connections*1..5]->(destination)
  where start.station == \"South-West\" and destination.station == \"East\"
  project stopovers = strcat_array(map(inner_nodes(connections), station), \"->\"),
          stopovers_with_wifi = set_intersect(map(inner_nodes(connections), station), map(inner_nodes(connections), iff(wifi, station, \"\")))"
    );
    let expected = json!([
        {"stopovers": "West->Central", "stopovers_with_wifi": ["West", "Central"]},
        {"stopovers": "South->Central", "stopovers_with_wifi": ["Central"]},
    ]);
    check("map-graph-function", &query, expected);
}

// inner-nodes-graph-function: Alice's organization under managers younger than 40.
#[test]
fn inner_nodes_reads_the_nodes_between_the_ends_inner_nodes_graph_function_docs() {
    let query = format!(
        "{ORGANIZATION}reports
| make-graph employee --> manager with employees on name
| graph-match (manager)<-[reports*1..5]-(employee)
  where manager.name == \"Alice\" and all(inner_nodes(reports), age < 40)
  project employee = employee.name, manager = manager.name, reportingPath = map(inner_nodes(reports), name)"
    );
    let expected = json!([
        {"employee": "Bob", "manager": "Alice", "reportingPath": []},
        {"employee": "Chris", "manager": "Alice", "reportingPath": []},
        {"employee": "Joe", "manager": "Alice", "reportingPath": []},
        {"employee": "Eve", "manager": "Alice", "reportingPath": ["Bob"]},
        {"employee": "Richard", "manager": "Alice", "reportingPath": ["Bob"]},
    ]);
    check("inner-nodes-graph-function", &query, expected);
}

// node-degree-in: managers with three direct reports. The page's table has a third
// row, "Ellen" with ["Bob has 2 reports", "Eve has 1 reports"], which its own data
// cannot give (no employee Ellen; Eve has no reports); the two rows it can are kept.
#[test]
fn node_degree_in_counts_incoming_edges_node_degree_in_docs() {
    let query = format!(
        "{ORGANIZATION}reports
| make-graph employee --> manager with employees on name
| graph-match (manager)<-[reports*1..3]-(employee)
    where node_degree_in(manager) == 3 and any(inner_nodes(reports), node_degree_in() > 1)
    project manager.name, employee.name,
            reports_and_inner_nodes_degree_in = map(inner_nodes(reports), strcat(name, \" has \", node_degree_in(), \" reports\")),
            degree_in_m=node_degree_in(manager),
            degree_out_e=node_degree_out(employee)"
    );
    let row = |employee: &str| {
        json!({"manager_name": "Alice", "employee_name": employee,
               "reports_and_inner_nodes_degree_in": ["Bob has 2 reports"],
               "degree_in_m": 3, "degree_out_e": 1})
    };
    check(
        "node-degree-in",
        &query,
        serde_json::Value::Array(vec![row("Richard"), row("Eve")]),
    );
}

// node-degree-out: paths between locations with the out-degrees. The page heads the
// unnamed `node_degree_out(src)` column `node_degree_out`; Kusto.Language (and so
// kqlc) names it `Column1`.
#[test]
fn node_degree_out_counts_outgoing_edges_node_degree_out_docs() {
    let query = format!(
        "{ROUTES}Routes
| make-graph OriginLocationID --> DestinationLocationID with Locations on LocationName
| graph-match (src)-[route*1..2]->(dest)
project src.LocationName,
        dest.LocationName,
        node_degree_out(src),
        route_TransportModes = map(route, TransportMode),
        route_nodes_degree_out = map(inner_nodes(route), node_degree_out())"
    );
    let row = |src: &str, dest: &str, out: i64, modes: &[&str], inner: &[i64]| {
        json!({"src_LocationName": src, "dest_LocationName": dest, "Column1": out,
               "route_TransportModes": modes, "route_nodes_degree_out": inner})
    };
    let expected = serde_json::Value::Array(vec![
        row("Chicago", "Seattle", 1, &["Train"], &[]),
        row("New York", "Chicago", 2, &["Train"], &[]),
        row("Los Angeles", "New York", 1, &["Truck"], &[]),
        row("San Francisco", "Los Angeles", 1, &["Truck"], &[]),
        row("Seattle", "San Francisco", 1, &["Train"], &[]),
        row("New York", "San Francisco", 2, &["Truck"], &[]),
        row("Chicago", "San Francisco", 1, &["Train", "Train"], &[1]),
        row("New York", "Seattle", 2, &["Train", "Train"], &[1]),
        row("New York", "Los Angeles", 2, &["Truck", "Truck"], &[1]),
        row("San Francisco", "New York", 1, &["Truck", "Truck"], &[1]),
        row("Seattle", "Los Angeles", 1, &["Train", "Truck"], &[1]),
        row("Los Angeles", "San Francisco", 1, &["Truck", "Truck"], &[2]),
        row("Los Angeles", "Chicago", 1, &["Truck", "Train"], &[2]),
    ]);
    check("node-degree-out", &query, expected);
}

// node-degree-out: the employee of the top manager. The page's table heads its
// columns degree_in_m and degree_out_m, which its query names di_m and do_m (and it
// leaves out di_e, do_e); the values are the page's.
#[test]
fn node_degree_out_finds_the_top_manager_node_degree_out_docs() {
    let query = format!(
        "{}reports
| make-graph employee --> manager with employees on name
| graph-match (manager)<-[reports]-(employee)
where node_degree_out(manager) == 0
project manager.name, employee.name, di_m=node_degree_in(manager), do_m=node_degree_out(manager), di_e=node_degree_in(employee), do_e=node_degree_out(employee)",
        ORGANIZATION
            .replace("\"Richard\", 39,", "\"Richard\", 39,\n  \"Jim\", 42,")
            .replace("\"Richard\", \"Bob\"", "\"Richard\", \"Bob\",\n  \"Alice\", \"Jim\"")
    );
    let table = page_table("node-degree-out", &query);
    let names: Vec<&str> = table.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "manager_name",
            "employee_name",
            "di_m",
            "do_m",
            "di_e",
            "do_e"
        ]
    );
    let rows = table.rows.iter().map(|r| table.row_object(r));
    let rows: Vec<serde_json::Map<String, serde_json::Value>> = rows.collect();
    assert_eq!(rows.len(), 1, "node-degree-out: {rows:?}");
    for (column, value) in [
        ("manager_name", json!("Jim")),
        ("employee_name", json!("Alice")),
        ("di_m", json!(1)),
        ("do_m", json!(0)),
    ] {
        assert_eq!(rows[0][column], value, "node-degree-out: {column}");
    }
}

// node-id: the managers of employees whose name starts with "E". The page heads the
// columns manager_1 and manager_2; its query names them manager1 and manager2.
#[test]
fn node_id_reads_the_id_node_id_docs() {
    let query = r#"let employees = datatable(name:string, age:long)
[
"Alice", 32,
"Bob", 31,
"Eve", 27,
];
let reports = datatable(employee:string, manager:string)
[
"Bob", "Alice",
"Chris", "Alice",
"Eve", "Bob",
];
reports
| make-graph employee --> manager with employees on name
| graph-match (employee)-[reports*1..3]->(manager)
    where node_id(employee) startswith "E"
    project manager1 = node_id(manager), manager2 = map(inner_nodes(reports), node_id())"#;
    let expected = json!([
        {"manager1": "Bob", "manager2": []},
        {"manager1": "Alice", "manager2": ["Bob"]},
    ]);
    check("node-id", query, expected);
}

/// The organization of the your-first-graph tutorial.
const TUTORIAL: &str = r#"let employees = datatable(name:string, role:string, age:long)
[
  "Alice", "CEO", 45,
  "Bob", "Engineering Manager", 35,
  "Carol", "Marketing Manager", 38,
  "Dave", "Developer", 28,
  "Eve", "Developer", 26,
  "Frank", "Marketing Specialist", 30
];
let reports = datatable(employee:string, manager:string)
[
  "Bob", "Alice",
  "Carol", "Alice",
  "Dave", "Bob",
  "Eve", "Bob",
  "Frank", "Carol"
];
"#;

// tutorials/your-first-graph: the nodes of the transient graph.
#[test]
fn tutorial_graph_to_table_lists_the_employees_your_first_graph_docs() {
    let query = format!(
        "{TUTORIAL}reports
| make-graph employee --> manager with employees on name
| graph-to-table nodes"
    );
    let expected = json!([
        {"name": "Alice", "role": "CEO", "age": 45},
        {"name": "Bob", "role": "Engineering Manager", "age": 35},
        {"name": "Carol", "role": "Marketing Manager", "age": 38},
        {"name": "Dave", "role": "Developer", "age": 28},
        {"name": "Eve", "role": "Developer", "age": 26},
        {"name": "Frank", "role": "Marketing Specialist", "age": 30},
    ]);
    check("your-first-graph", &query, expected);
}

// tutorials/your-first-graph: Alice's direct reports.
#[test]
fn tutorial_finds_direct_reports_your_first_graph_docs() {
    let query = format!(
        "{TUTORIAL}reports
| make-graph employee --> manager with employees on name
| graph-match (alice)<-[reports]-(employee)
  where alice.name == \"Alice\"
  project employee = employee.name, role = employee.role, age = employee.age"
    );
    let expected = json!([
        {"employee": "Bob", "role": "Engineering Manager", "age": 35},
        {"employee": "Carol", "role": "Marketing Manager", "age": 38},
    ]);
    check("your-first-graph", &query, expected);
}

// tutorials/your-first-graph: Alice's whole organization, with reporting levels.
#[test]
fn tutorial_finds_the_whole_organization_your_first_graph_docs() {
    let query = format!(
        "{TUTORIAL}reports
| make-graph employee --> manager with employees on name
| graph-match (alice)<-[reports*1..3]-(employee)
  where alice.name == \"Alice\"
  project employee = employee.name, role = employee.role, reportingLevels = array_length(reports)"
    );
    let expected = json!([
        {"employee": "Bob", "role": "Engineering Manager", "reportingLevels": 1},
        {"employee": "Carol", "role": "Marketing Manager", "reportingLevels": 1},
        {"employee": "Dave", "role": "Developer", "reportingLevels": 2},
        {"employee": "Eve", "role": "Developer", "reportingLevels": 2},
        {"employee": "Frank", "role": "Marketing Specialist", "reportingLevels": 2},
    ]);
    check("your-first-graph", &query, expected);
}

// graph-best-practices: Bob's top manager in the latest state (an any-direction edge).
#[test]
fn best_practices_filters_before_making_the_graph_graph_best_practices_docs() {
    let query = r#"let allEmployees = datatable(organization: string, name:string, age:long)
[
  "R&D", "Alice", 32,
  "R&D","Bob", 31,
  "R&D","Eve", 27,
  "R&D","Mallory", 29,
  "Marketing", "Alex", 35
];
let allReports = datatable(employee:string, manager:string, modificationDate: datetime)
[
  "Bob", "Alice", datetime(2022-05-23),
  "Bob", "Eve", datetime(2023-01-01),
  "Eve", "Mallory", datetime(2022-05-23),
  "Alice", "Dave", datetime(2022-05-23)
];
let filteredEmployees =
    allEmployees
    | where organization == "R&D"
    | project-away age, organization;
let filteredReports =
    allReports
    | summarize arg_max(modificationDate, *) by employee
    | project-away modificationDate;
filteredReports
| make-graph employee --> manager with filteredEmployees on name
| graph-match (employee)-[hasManager*2..5]-(manager)
  where employee.name == "Bob"
  project employee = employee.name, topManager = manager.name"#;
    let expected = json!([{"employee": "Bob", "topManager": "Mallory"}]);
    check("graph-best-practices", query, expected);
}

// graph-best-practices: "Factory maintenance analysis", the page's data, nodes,
// edges, graph and query blocks put together.
#[test]
fn best_practices_factory_graph_of_unioned_nodes_graph_best_practices_docs() {
    let query = r#"let sensors = datatable(sensorId:string, tagName:string, unitOfMeasure:string)
[
  "1", "temperature", "°C",
  "2", "pressure", "Pa",
  "3", "speed", "m/s"
];
let timeseriesData = datatable(sensorId:string, timestamp:string, value:double, anomaly: bool )
[
    "1", datetime(2023-01-23 10:00:00), 32, false,
    "1", datetime(2023-01-24 10:00:00), 400, true,
    "3", datetime(2023-01-24 09:00:00), 9, false
];
let employees = datatable(name:string, age:long)
[
  "Alice", 32,
  "Bob", 31,
  "Eve", 27,
  "Mallory", 29,
  "Alex", 35,
  "Dave", 45
];
let allReports = datatable(employee:string, manager:string)
[
  "Bob", "Alice",
  "Alice", "Dave",
  "Eve", "Mallory",
  "Alex", "Dave"
];
let operates = datatable(employee:string, machine:string, timestamp:datetime)
[
  "Bob", "Pump", datetime(2023-01-23),
  "Eve", "Pump", datetime(2023-01-24),
  "Mallory", "Press", datetime(2023-01-24),
  "Alex", "Conveyor belt", datetime(2023-01-24),
];
let assetHierarchy = datatable(source:string, destination:string)
[
  "1", "Pump",
  "2", "Pump",
  "Pump", "Press",
  "3", "Conveyor belt"
];
let nodes =
    union
        (
            sensors
            | join kind=leftouter
            (
                timeseriesData
                | summarize hasAnomaly=max(anomaly) by sensorId
            ) on sensorId
            | project nodeId = sensorId, label = "tag", properties = pack_all(true)
        ),
        ( employees | project nodeId = name, label = "employee", properties = pack_all(true));
let edges =
    union
        ( assetHierarchy | extend label = "hasParent" ),
        ( allReports | project source = employee, destination = manager, label = "reportsTo" ),
        ( operates | project source = employee, destination = machine, properties = pack_all(true), label = "operates" );
let graph = edges
| make-graph source --> destination with nodes on nodeId;
graph
| graph-match (tag)-[hasParent*1..5]->(asset)<-[operates]-(operator)-[reportsTo*1..5]->(topManager)
    where tag.label=="tag" and tobool(tag.properties.hasAnomaly) and
        startofday(todatetime(operates.properties.timestamp)) == datetime(2023-01-24)
        and topManager.label=="employee"
    project
        tagWithAnomaly = tostring(tag.properties.tagName),
        impactedAsset = asset.nodeId,
        operatorName = operator.nodeId,
        responsibleManager = tostring(topManager.nodeId)"#;
    let expected = json!([
        {"tagWithAnomaly": "temperature", "impactedAsset": "Pump", "operatorName": "Eve", "responsibleManager": "Mallory"},
    ]);
    check("graph-best-practices", query, expected);
}

/// The error findings of `kqlc check` on a `.kql` query.
fn check_errors(text: &str) -> Vec<kqlc::diagnostic::Diagnostic> {
    check_support::findings("q.kql", text, &CheckOptions::default())
        .into_iter()
        .filter(|d| d.is_error())
        .collect()
}

#[test]
fn a_variable_length_edge_without_its_upper_bound_is_a_syntax_error_at_the_bracket() {
    let text = "datatable(s:string, d:string) [\"a\", \"b\"]\n| make-graph s --> d\n| graph-match (a)-[e*1..]->(b) project a\n";
    let (_, diagnostics) = kqlc::parse_kql(text);
    let errors: Vec<_> = diagnostics.iter().filter(|d| d.is_error()).collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].code, Code::SyntaxError);
    let at = text.find("..]").map(|i| i + 2).unwrap_or_default();
    assert_eq!(
        (errors[0].span.start as usize, errors[0].span.end as usize),
        (at, at + 1),
        "the error is at the `]` where the upper bound is missing"
    );
}

#[test]
fn an_arrow_written_with_a_blank_inside_is_a_syntax_error_at_its_second_token() {
    let text = "datatable(s:string, d:string) [\"a\", \"b\"]\n| make-graph s - -> d\n| graph-to-table nodes\n";
    let (_, diagnostics) = kqlc::parse_kql(text);
    let errors: Vec<_> = diagnostics.iter().filter(|d| d.is_error()).collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].message.contains("without blanks"),
        "{}",
        errors[0].message
    );
    let at = text.find("- ->").map(|i| i + 2).unwrap_or_default();
    assert_eq!(errors[0].span.start as usize, at);
}

#[test]
fn a_graph_piped_into_a_table_operator_is_a_checker_error_at_that_operator() {
    let text = "datatable(s:string, d:string, w:long) [\"a\", \"b\", 1]\n| make-graph s --> d\n| where w > 0\n";
    let errors = check_errors(text);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].code, Code::TypeMismatch);
    assert!(
        errors[0].message.contains("`where` reads a table") && errors[0].message.contains("graph"),
        "{}",
        errors[0].message
    );
    let at = text.find("where").unwrap_or_default();
    assert_eq!(errors[0].span.start as usize, at);
}

#[test]
fn a_table_piped_into_graph_match_is_a_checker_error() {
    let text = "datatable(s:string, d:string) [\"a\", \"b\"]\n| graph-match (a)-->(b) project a\n";
    let errors = check_errors(text);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].message.contains("reads a graph"),
        "{}",
        errors[0].message
    );
}

#[test]
fn a_graph_as_a_join_operand_is_an_error() {
    let text = "let E = datatable(s:string, d:string) [\"a\", \"b\"];\nE | join (E | make-graph s --> d) on s\n";
    let errors = check_errors(text);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].message.contains("graph"), "{}", errors[0].message);
}

#[test]
fn an_unknown_property_is_an_error_at_the_member() {
    let text = "datatable(s:string, d:string) [\"a\", \"b\"]\n| make-graph s --> d with_node_id=id\n| graph-match (a)-[e]->(b) project a.nope\n";
    let errors = check_errors(text);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].code, Code::UnknownColumn);
    assert_eq!(
        errors[0].span.start as usize,
        text.find("nope").unwrap_or(0)
    );
}

// A complete graph of 8 nodes has 7^k walks of k edges: with `cycles=all` and up to 30
// edges, the search must stop at its bound with an error, not run for ages.
#[test]
fn a_path_search_that_explodes_stops_at_its_bound() {
    let query = r#"range s from 1 to 8 step 1
| extend d = range(1, 8, 1)
| mv-expand d to typeof(long)
| where s != d
| make-graph s --> d with_node_id=id
| graph-match cycles=all (a)-[e*1..30]->(b)
  where b.id == 100
  project n = array_length(e)"#;
    let plan = kqlc::compile_kql(query, &kqlc::plan::catalog::MapCatalog::default())
        .unwrap_or_else(|d| panic!("{:?}", d.iter().map(|d| &d.message).collect::<Vec<_>>()));
    let started = std::time::Instant::now();
    let error = kqlc::exec::run(&plan, &kqlc::exec::MemoryTables::default(), 0)
        .err()
        .unwrap_or_else(|| panic!("the search was not stopped"));
    assert_eq!(error.code, Code::RuntimeError);
    assert!(error.message.contains("steps"), "{}", error.message);
    assert!(started.elapsed() < std::time::Duration::from_secs(60));
}

// With the default `cycles=unique_edges` no edge repeats, so a pattern longer than
// the graph's edges matches nothing (and the search ends at once).
#[test]
fn unique_edges_bounds_a_walk_by_the_edges_of_the_graph() {
    let query = r#"datatable(s:string, d:string) ["a", "b", "b", "a"]
| make-graph s --> d with_node_id=id
| graph-match (x)-[e*1..1000]->(y)
  project x = x.id, y = y.id, n = array_length(e)"#;
    let expected = json!([
        {"x": "a", "y": "b", "n": 1},
        {"x": "a", "y": "a", "n": 2},
        {"x": "b", "y": "a", "n": 1},
        {"x": "b", "y": "b", "n": 2},
    ]);
    check("graph-match-operator", query, expected);
}

// graph-match-operator, `cycles=none`: no node twice, so a return to the start is
// not matched (it is with `cycles=all`).
#[test]
fn cycles_none_keeps_nodes_distinct() {
    let query = |cycles: &str| {
        format!(
            "datatable(s:string, d:string) [\"a\", \"b\", \"b\", \"a\"]
| make-graph s --> d with_node_id=id
| graph-match cycles={cycles} (x)-[e*2..2]->(y)
  project x = x.id, y = y.id"
        )
    };
    check("graph-match-operator", &query("none"), json!([]));
    check(
        "graph-match-operator",
        &query("all"),
        json!([{"x": "a", "y": "a"}, {"x": "b", "y": "b"}]),
    );
}

// graph-match-operator, "Variable length edge": a sequence of edges matches "if all the
// edges in the sequence satisfy the constraints outlined in the where clause".
#[test]
fn a_constraint_on_a_variable_length_edge_holds_for_each_of_its_edges() {
    let query = r#"datatable(s:string, d:string, w:long) ["a", "b", 1, "b", "c", 5, "c", "d", 5]
| make-graph s --> d with_node_id=id
| graph-match (x)-[e*1..3]->(y)
  where e.w > 2
  project x = x.id, y = y.id, w = e.w"#;
    let expected = json!([
        {"x": "b", "y": "c", "w": [5]},
        {"x": "b", "y": "d", "w": [5, 5]},
        {"x": "c", "y": "d", "w": [5]},
    ]);
    check("graph-match-operator", query, expected);
}

#[test]
fn every_independent_error_of_a_graph_match_is_reported() {
    let text = "datatable(s:string, d:string) [\"a\", \"b\"]\n| make-graph s --> d with_node_id=id\n| graph-match (a)-[e]->(b) where a.zz == 1 and e.yy == 2 project a.qq, x = node_degree_in(), b.id\n";
    let codes: Vec<Code> = check_errors(text).iter().map(|d| d.code).collect();
    assert_eq!(
        codes,
        [
            Code::UnknownColumn,
            Code::UnknownColumn,
            Code::UnknownColumn,
            Code::WrongArity
        ]
    );
}

// Translators refuse the graph operators with a finding at the operator, never a
// panic or a different query.
#[test]
fn translation_refuses_the_graph_operators() {
    use kqlc::source::Language;
    use kqlc::translate::{self, Dialect, Target};
    let query = format!(
        "{ROUTES}Routes
| make-graph OriginLocationID --> DestinationLocationID with Locations on LocationName
| graph-match (src)-[route*1..2]->(dest)
  project src.LocationName, route_TransportModes = map(route, TransportMode)"
    );
    let plan = translate::compile::compile(&query, Language::Kql)
        .unwrap_or_else(|d| panic!("{:?}", d.iter().map(|d| &d.message).collect::<Vec<_>>()));
    for target in [
        Target::Kql,
        Target::Esql,
        Target::Sql(Dialect::DuckDb),
        Target::Sql(Dialect::Spark),
    ] {
        let findings = translate::translate(&plan, target)
            .err()
            .unwrap_or_else(|| panic!("{target:?} translated a graph-match"));
        assert!(
            findings.iter().all(|d| d.code == Code::Untranslatable),
            "{target:?}: {findings:?}"
        );
        let at = query
            .find("| graph-match")
            .map(|i| i + 2)
            .unwrap_or_default();
        assert!(
            findings.iter().any(|d| d.span.start as usize == at),
            "{target:?}: {findings:?}"
        );
    }
}

// make-graph-operator, "Returns": with two node tables a node named in both is one
// node with the properties of both (a property the tables type differently is
// dynamic, as Kusto.Language types it); a node only the edges name has its id and
// empty properties.
#[test]
fn make_graph_merges_the_properties_of_two_node_tables() {
    let query = r#"let people = datatable(id:string, age:long) ["a", 30, "b", 40];
let roles = datatable(key:string, role:string, age:string) ["a", "admin", "thirty"];
datatable(s:string, d:string) ["a", "b", "b", "c"]
| make-graph s --> d with people on id, roles on key
| graph-to-table nodes"#;
    let table = page_table("make-graph-operator", query);
    let types: Vec<&str> = table.columns.iter().map(|c| c.ty.name()).collect();
    assert_eq!(types, ["string", "dynamic", "string", "string"]);
    let expected = json!([
        {"id": "a", "age": 30, "key": "a", "role": "admin"},
        {"id": "b", "age": 40, "key": "", "role": ""},
        {"id": "c", "age": null, "key": "c", "role": ""},
    ]);
    assert_rows("make-graph-operator", &table, expected, true);
}

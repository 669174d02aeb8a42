//! The geo functions that build new shapes (unions, intersections, simplifications,
//! buffers, S2 coverings) and the geo lookup plugins, run end to end. Where a page
//! prints its output, the expected rows are the page's, transcribed by hand; where it
//! prints `[ ... ]` (the buffers), or where Kusto's exact vertices are not documented,
//! the tests check the properties the pages promise, measured with the geo functions
//! whose own page examples tests/functions_geo.rs checks. Each case names its page
//! under learn.microsoft.com/kusto/query/.

// The expected numbers are written as the pages print them.
#![allow(clippy::excessive_precision)]

use crate::common;
use kqlc::value::{Table, Value};
use serde_json::json;

fn table(page: &str, query: &str) -> Table {
    common::docs::page_table(page, query)
}

/// Runs a query and compares its rows, in order, with the expected JSON rows.
fn check(page: &str, query: &str, expected: serde_json::Value) {
    common::docs::assert_rows(page, &table(page, query), expected, true);
}

/// Runs a query and compares its rows, in any order, with the expected JSON rows.
fn check_unordered(page: &str, query: &str, expected: serde_json::Value) {
    common::docs::assert_rows(page, &table(page, query), expected, false);
}

/// Every column of the one row of a query that checks properties is true.
fn all_true(page: &str, query: &str) {
    let table = table(page, query);
    assert_eq!(table.rows.len(), 1, "{page}: one row expected");
    for (c, v) in table.columns.iter().zip(&table.rows[0]) {
        assert_eq!(v, &Value::Bool(true), "{page}: {} is {v:?}", c.name);
    }
}

const POLYGON_A: &str = r#"dynamic({"type":"Polygon","coordinates":[[[-73.9495,40.7969],[-73.95807,40.80068],[-73.98201,40.76825],[-73.97317,40.76455],[-73.9495,40.7969]]]})"#;
const POLYGON_B: &str = r#"dynamic({"type":"Polygon","coordinates":[[[-73.94622,40.79249],[-73.96888,40.79282],[-73.9577,40.7789],[-73.94622,40.79249]]]})"#;
const POLYGON_C: &str = r#"dynamic({"type":"Polygon","coordinates":[[[-73.97335,40.77274],[-73.9936,40.76630],[-73.97171,40.75655],[-73.97335,40.77274]]]})"#;

/// The union's crossing points are where the geodesic edges cross, and its ring starts
/// where S2 starts it (the page prints 17 significant digits).
#[test]
fn polygon_unions_follow_the_docs_examples() {
    let page = "geo-union-polygons-array-function";
    check(
        page,
        &format!(
            "datatable(polygons:dynamic) [ {POLYGON_A}, {POLYGON_B}, {POLYGON_C} ]
            | summarize polygons_arr = make_list(polygons)
            | project polygons_union = geo_union_polygons_array(polygons_arr)"
        ),
        json!([{"polygons_union": {"type":"Polygon","coordinates":[[[-73.972599326729608,40.765330371902991],[-73.960302383706178,40.782140794645024],[-73.9577,40.7789],[-73.94622,40.79249],[-73.9526593223173,40.792584227716468],[-73.9495,40.7969],[-73.95807,40.80068],[-73.9639277517478,40.792748258673875],[-73.96888,40.792819999999992],[-73.9662719791645,40.7895734224338],[-73.9803360309571,40.770518810606404],[-73.9936,40.7663],[-73.97171,40.756550000000004],[-73.972599326729608,40.765330371902991]]]}}]),
    );
    check(
        page,
        &format!(
            "datatable(polygon1:dynamic, polygon2:dynamic) [ {POLYGON_A}, {POLYGON_B} ]
            | project polygons_arr = pack_array(polygon1, polygon2)
            | project polygons_union = geo_union_polygons_array(polygons_arr)"
        ),
        json!([{"polygons_union": {"type":"Polygon","coordinates":[[[-73.9495,40.7969],[-73.95807,40.80068],[-73.9639277517478,40.792748258673875],[-73.96888,40.792819999999992],[-73.9662719791645,40.7895734224338],[-73.98201,40.76825],[-73.97317,40.76455],[-73.960302383706178,40.782140794645024],[-73.9577,40.7789],[-73.94622,40.79249],[-73.9526593223173,40.792584227716468],[-73.9495,40.7969]]]}}]),
    );
    check(
        page,
        &format!(
            r#"datatable(polygons:dynamic) [ {POLYGON_A}, dynamic({{"type":"Polygon","coordinates":[[[-73.94622,40.79249]]]}}) ]
            | summarize polygons_arr = make_list(polygons)
            | project invalid_union = isnull(geo_union_polygons_array(polygons_arr))"#
        ),
        json!([{"invalid_union": true}]),
    );
}

/// geo-h3cell-neighbors-function unites a cell and its six neighbours; the union's
/// outline starts where the page's does.
#[test]
fn united_h3_cells_make_one_outline() {
    check(
        "geo-h3cell-neighbors-function",
        "let h3cell = '862a1072fffffff';
        print cells = array_concat(pack_array(h3cell), geo_h3cell_neighbors(h3cell))
        | mv-expand cells to typeof(string)
        | project polygons = geo_h3cell_to_polygon(cells)
        | summarize arr = make_list(polygons)
        | project polygon = geo_union_polygons_array(arr)",
        json!([{"polygon": {"type": "Polygon", "coordinates": [[[-73.926766604813565,40.718903205013063],[-73.912969923470314,40.750105305345329],[-73.943844904976629,40.773964402038523],[-73.988522328408948,40.766594382212254],[-74.019448383546617,40.79043914023697],[-74.064132193843633,40.783038509825005],[-74.077839665342211,40.751803958414136],[-74.1224794808745,40.744383587828388],[-74.1361375042681,40.713156370029125],[-74.1052004095288,40.689365648097251],[-74.118853750491638,40.658161927046628],[-74.0879619670209,40.6343838242296],[-74.043422283844933,40.641782462872115],[-74.012581189358343,40.617990065981623],[-73.968047801220749,40.625358290164755],[-73.954305509472675,40.656529678451555],[-73.909728515658443,40.663878222244442],[-73.895936872069854,40.695056852396377],[-73.926766604813565,40.718903205013063]]]}}]),
    );
}

/// geo-s2cell-neighbors-function unites a cell and its eight neighbours. Kusto lists
/// the neighbours in an order kqlc does not reproduce (see tests/functions_geo.rs), and
/// the union's ring start depends on the input order: with the page's order of cells
/// the outline is the page's, vertex for vertex.
#[test]
fn united_s2_cells_make_one_outline() {
    check(
        "geo-s2cell-neighbors-function",
        r#"print cells = dynamic(["89c259","89c25d","89c2f9","89c251","89c257","89c25f","89c25b","89c2f7","89c2f5"])
        | mv-expand cells to typeof(string)
        | project polygons = geo_s2cell_to_polygon(cells)
        | summarize arr = make_list(polygons)
        | project polygon = geo_union_polygons_array(arr)"#,
        json!([{"polygon": {"type": "Polygon","coordinates": [[[-73.841906340776248,40.695446474556284],[-73.841906340776248,40.774477568182071],[-73.841906340776248,40.853401155678846],[-73.935982114337421,40.866846163445771],[-74.030012249838478,40.880202851376716],[-74.1239959854733,40.893471289549758],[-74.1239959854733,40.814531536204242],[-74.1239959854733,40.735483949993387],[-74.1239959854733,40.656328734184143],[-74.030012249838478,40.643076628676461],[-73.935982114337421,40.629736433321796],[-73.841906340776248,40.616308079144915],[-73.841906340776248,40.695446474556284]]]}}]),
    );
}

const LINE_1: &str = r#"dynamic({"type":"LineString","coordinates":[[-73.95683884620665,40.80502891480884],[-73.95633727312088,40.8057171711177],[-73.95489156246185,40.80510200431311]]})"#;
const LINE_2: &str = r#"dynamic({"type":"LineString","coordinates":[[-73.95633727312088,40.8057171711177],[-73.95489156246185,40.80510200431311],[-73.95537436008453,40.804413741624515]]})"#;
const LINE_3: &str = r#"dynamic({"type":"LineString","coordinates":[[-73.95633727312088,40.8057171711177],[-73.95489156246185,40.80510200431311]]})"#;

/// Lines sharing edges unite into one line through them all.
#[test]
fn line_unions_follow_the_docs_examples() {
    let page = "geo-union-lines-array-function";
    let united = json!({"type": "LineString", "coordinates": [[-73.956838846206651, 40.805028914808844], [-73.95633727312088, 40.8057171711177], [-73.954891562461853, 40.80510200431312], [-73.955374360084534, 40.804413741624522]]});
    check(
        page,
        &format!(
            "datatable(lines:dynamic) [ {LINE_1}, {LINE_2}, {LINE_3} ]
            | summarize lines_arr = make_list(lines)
            | project lines_union = geo_union_lines_array(lines_arr)"
        ),
        json!([{ "lines_union": united }]),
    );
    check(
        page,
        &format!(
            "datatable(line1:dynamic, line2:dynamic) [ {LINE_1}, {LINE_2} ]
            | project lines_arr = pack_array(line1, line2)
            | project lines_union = geo_union_lines_array(lines_arr)"
        ),
        json!([{ "lines_union": united }]),
    );
    check(
        page,
        &format!(
            r#"datatable(lines:dynamic) [ {LINE_1}, dynamic({{"type":"LineString","coordinates":[[1, 1]]}}) ]
            | summarize lines_arr = make_list(lines)
            | project invalid_union = isnull(geo_union_lines_array(lines_arr))"#
        ),
        json!([{"invalid_union": true}]),
    );
}

/// The shared area (its crossing points on the geodesic edges, so above the 45th
/// parallel where the edge along it bulges north), the point where triangles only
/// touch, both at once as a collection, nothing as an empty collection, and null for
/// an invalid polygon.
#[test]
fn polygon_intersections_follow_the_docs_examples() {
    let page = "geo-intersection-2polygons-function";
    check(
        page,
        r#"let polygon1 = dynamic({"type":"Polygon","coordinates":[[[-73.9630937576294,40.77498840732385],[-73.963565826416,40.774383111780914],[-73.96205306053162,40.773745311181585],[-73.96160781383514,40.7743912365898],[-73.9630937576294,40.77498840732385]]]});
        let polygon2 = dynamic({"type":"Polygon","coordinates":[[[-73.96213352680206,40.775045280447145],[-73.9631313085556,40.774578106920345],[-73.96207988262177,40.77416780398293],[-73.96213352680206,40.775045280447145]]]});
        print intersection = geo_intersection_2polygons(polygon1, polygon2)"#,
        json!([{"intersection": {"type": "Polygon", "coordinates": [[[-73.962105776437156,40.774591360999679],[-73.962642403166868,40.774807020251778],[-73.9631313085556,40.774578106920352],[-73.962079882621765,40.774167803982927],[-73.962105776437156,40.774591360999679]]]}}]),
    );
    let triangle = r#"dynamic({"type":"Polygon","coordinates":[[[2,45],[0,45],[1,44],[2,45]]]})"#;
    check(
        page,
        &format!(
            r#"print intersection = geo_intersection_2polygons({triangle}, dynamic({{"type":"Polygon","coordinates":[[[3,44],[2,45],[2,43],[3,44]]]}}))"#
        ),
        json!([{"intersection": {"type": "Point", "coordinates": [2, 45]}}]),
    );
    check(
        page,
        &format!(
            r#"print intersection = geo_intersection_2polygons({triangle}, dynamic({{"type":"MultiPolygon","coordinates":[[[[3,44],[2,45],[2,43],[3,44]]],[[[1.192,45.265],[1.005,44.943],[1.356,44.937],[1.192,45.265]]]]}}))"#
        ),
        json!([{"intersection": {"type": "GeometryCollection","geometries": [
            {"type": "Point", "coordinates": [2, 45]},
            {"type": "Polygon", "coordinates": [[[1.3227075526410679,45.003909145068739],[1.0404565374899824,45.004356403066552],[1.005,44.943],[1.356,44.937],[1.3227075526410679,45.003909145068739]]]}]}}]),
    );
    check(
        page,
        &format!(
            r#"print intersection = geo_intersection_2polygons({triangle}, dynamic({{"type":"Polygon","coordinates":[[[3,44],[3,45],[2,43],[3,44]]]}}))"#
        ),
        json!([{"intersection": {"type": "GeometryCollection", "geometries": []}}]),
    );
    check(
        page,
        &format!(
            r#"print isnull(geo_intersection_2polygons(dynamic({{"type":"Polygon"}}), {POLYGON_A}))"#
        ),
        json!([{"print_0": true}]),
    );
}

/// Shapes far apart intersect in nothing, without needing one plane for both.
#[test]
fn polygons_on_opposite_sides_of_the_earth_share_nothing() {
    check(
        "geo-intersection-2polygons-function",
        &format!(
            r#"print i = geo_intersection_2polygons({POLYGON_A}, dynamic({{"type":"Polygon","coordinates":[[[100,-40],[110,-40],[105,-35],[100,-40]]]}}))"#
        ),
        json!([{"i": {"type": "GeometryCollection", "geometries": []}}]),
    );
}

const ROAD: &str = r#"dynamic({"type":"LineString","coordinates":[[-73.97033169865608,40.789063020152824],[-73.97039607167244,40.78897975920816],[-73.9704617857933,40.78888837512432],[-73.97052884101868,40.7887949601531],[-73.9706052839756,40.788698498903564],[-73.97065222263336,40.78862640672032],[-73.97072866559029,40.78852791445617],[-73.97079303860664,40.788434498977836]]})"#;

#[test]
fn line_simplification_follows_the_docs_examples() {
    let page = "geo-line-simplify-function";
    check(
        page,
        &format!("print simplified = geo_line_simplify({ROAD}, 10)"),
        json!([{"simplified": {"type": "LineString", "coordinates": [[-73.97033169865608, 40.789063020152824], [-73.97079303860664, 40.788434498977836]]}}]),
    );
    check(
        page,
        r#"print a = isnull(geo_line_simplify(dynamic({"type":"LineString","coordinates":[[1, 1]]}))),
            b = isnull(geo_line_simplify(dynamic({"type":"LineString","coordinates":[[1, 1],[2,2]]}), -1)),
            c = isnull(geo_line_simplify(dynamic({"type":"LineString","coordinates":[[1.1, 1.1],[1.2,1.2]]}), 100000))"#,
        json!([{"a": true, "b": true, "c": true}]),
    );
}

/// A simplified line keeps its ends, passes within the tolerance of every vertex it
/// dropped, and has no two neighbouring vertices closer than the tolerance (the page's
/// "no two vertices with distance less than tolerance").
#[test]
fn simplified_lines_keep_their_ends_and_stay_within_the_tolerance() {
    // A zigzag of about 1 km with wiggles of 0 to 13 m, simplified to 20 m and to 5 m.
    // `make_list` appends an array's elements, so each point is wrapped once more (as
    // the geo-point-in-polygon page wraps its polygons' coordinates).
    for tolerance in [20.0, 5.0] {
        all_true(
            "geo-line-simplify-function",
            &format!(
                "let coords = toscalar(range i from 0 to 40 step 1
                    | extend lon = -73.98 + i * 0.0003, lat = 40.75 + iff(i % 2 == 0, 0.0, (i % 7) * 0.00002) + i * 0.00001
                    | summarize make_list(pack_array(pack_array(lon, lat))));
                let line = bag_pack('type', 'LineString', 'coordinates', coords);
                let s = geo_line_simplify(line, {tolerance});
                let n = array_length(s.coordinates);
                let farthest = toscalar(print c = coords | mv-expand c
                    | summarize max(geo_distance_point_to_line(todouble(c[0]), todouble(c[1]), s)));
                let closest = toscalar(print k = range(1, n - 1, 1) | mv-expand k to typeof(long)
                    | extend p = s.coordinates[k - 1], q = s.coordinates[k]
                    | summarize min(geo_distance_2points(todouble(p[0]), todouble(p[1]), todouble(q[0]), todouble(q[1]))));
                print within = farthest <= {tolerance}, spaced = closest >= {tolerance},
                    ends = tostring(s.coordinates[0]) == tostring(coords[0]) and tostring(s.coordinates[n - 1]) == tostring(coords[40]),
                    fewer = n < 41 and n >= 2"
            ),
        );
    }
}

#[test]
fn polygon_simplification_follows_the_docs_examples() {
    let page = "geo-polygon-simplify-function";
    check(
        page,
        r#"let polygon = dynamic({"type":"Polygon","coordinates":[[[-73.94885122776031,40.79673476355657],[-73.94885927438736,40.79692258628347],[-73.94887939095497,40.79692055577034],[-73.9488673210144,40.79693476936093],[-73.94888743758202,40.79693476936093],[-73.9488834142685,40.796959135509105],[-73.94890084862709,40.79695304397289],[-73.94906312227248,40.79710736271788],[-73.94923612475395,40.7968708081794],[-73.94885122776031,40.79673476355657]]]});
        print simplified = geo_polygon_simplify(polygon)"#,
        json!([{"simplified": {"type": "Polygon", "coordinates": [[[-73.948851227760315, 40.796734763556572],[-73.949063122272477, 40.797107362717881],[-73.949236124753952, 40.7968708081794],[-73.948851227760315, 40.796734763556572]]]}}]),
    );
    check(
        page,
        r#"let polygon = dynamic({"type":"Polygon","coordinates":[[[5,48],[0,50],[0,47],[4,47],[5,48]]]});
        print a = isnull(geo_polygon_simplify(dynamic({"type":"Polygon","coordinates":[[[5,48],[5,48]]]}))),
            b = isnull(geo_polygon_simplify(polygon, -0.1)),
            c = isnull(geo_polygon_simplify(polygon, 1000000)),
            d = isnotnull(geo_polygon_simplify(polygon, 1000))"#,
        json!([{"a": true, "b": true, "c": true, "d": true}]),
    );
}

/// geo-simplify-polygons-array-function: an invalid polygon or tolerance gives null,
/// and so does a tolerance that makes every polygon disappear.
#[test]
fn polygon_array_simplification_follows_the_docs_examples() {
    let page = "geo-simplify-polygons-array-function";
    let three = format!(
        "datatable(polygons:dynamic) [ {POLYGON_A}, {POLYGON_B}, {POLYGON_C} ] | summarize arr = make_list(polygons)"
    );
    check(
        page,
        &format!(
            r#"datatable(polygons:dynamic) [ {POLYGON_A}, dynamic({{"type":"Polygon","coordinates":[[[-73.94622,40.79249]]]}}) ]
            | summarize arr = make_list(polygons)
            | project is_invalid_polygon = isnull(geo_simplify_polygons_array(arr))"#
        ),
        json!([{"is_invalid_polygon": true}]),
    );
    check(
        page,
        &format!(
            "{three} | project a = isnull(geo_simplify_polygons_array(arr, -1)), b = isnull(geo_simplify_polygons_array(arr, 10000)), c = geo_simplify_polygons_array(arr, 10).type"
        ),
        json!([{"a": true, "b": true, "c": "MultiPolygon"}]),
    );
}

/// Two polygons with a wiggly shared border (the page's case, "polygons with mutual
/// borders"), one ring starting halfway along it: simplified together they still meet
/// along one border, so their union is one ring and their areas add up to its area (no
/// gap, no overlap). Simplified one by one, the first would keep its starting vertex.
#[test]
fn polygons_simplified_together_keep_their_shared_border() {
    all_true(
        "geo-simplify-polygons-array-function",
        r#"let north = dynamic({"type":"Polygon","coordinates":[[[0.003, 0.0004], [0.002, -0.0002], [0.001, 0.0003], [0.0, 0.0], [0.0, 0.01], [0.006, 0.01], [0.006, 0.0], [0.005, 0.0001], [0.004, 0.0], [0.003, 0.0004]]]});
        let south = dynamic({"type":"Polygon","coordinates":[[[0.0, 0.0], [0.001, 0.0003], [0.002, -0.0002], [0.003, 0.0004], [0.004, 0.0], [0.005, 0.0001], [0.006, 0.0], [0.006, -0.01], [0.0, -0.01], [0.0, 0.0]]]});
        let s = geo_simplify_polygons_array(pack_array(north, south), 50);
        let n = bag_pack('type', 'Polygon', 'coordinates', s.coordinates[0]);
        let so = bag_pack('type', 'Polygon', 'coordinates', s.coordinates[1]);
        let u = geo_union_polygons_array(pack_array(n, so));
        print one_ring = u.type == 'Polygon' and array_length(u.coordinates) == 1,
            simpler = array_length(n.coordinates[0]) < 10 and array_length(so.coordinates[0]) < 10,
            no_gap = abs(geo_polygon_area(u) - geo_polygon_area(n) - geo_polygon_area(so)) < 1e-6 * geo_polygon_area(u)"#,
    );
}

/// Every point of a grid around a shape: inside its buffer when nearer than the radius,
/// outside when farther than the radius and tolerance (the pages: the polygon "contains
/// all points within the given radius", deviating at most the tolerance).
fn check_buffer(
    page: &str,
    buffer: &str,
    distance: &str,
    grid: (f64, f64, f64),
    limits: (f64, f64),
) {
    let (lon0, lat0, step) = grid;
    let (radius, tolerance) = limits;
    all_true(
        page,
        &format!(
            "let buffer = toscalar(print {buffer});
            range i from 0 to 40 step 1
            | extend j = range(0, 40, 1)
            | mv-expand j to typeof(long)
            | extend lon = {lon0} + i * {step}, lat = {lat0} + j * {step}
            | extend d = {distance}, inside = geo_point_in_polygon(lon, lat, buffer)
            | summarize near_inside = countif(d < {radius} and not(inside)) == 0,
                far_outside = countif(d > {radius} + {tolerance} and inside) == 0,
                some_near = countif(d < {radius}) > 20,
                some_far = countif(d > {radius} + {tolerance}) > 20"
        ),
    );
}

#[test]
fn point_buffers_hold_the_points_within_the_radius() {
    let page = "geo-point-buffer-function";
    check_buffer(
        page,
        "geo_point_buffer(-115.1745008278, 36.1497251277, 20000)",
        "geo_distance_2points(lon, lat, -115.1745008278, 36.1497251277)",
        (-115.42, 35.95, 0.0125),
        (20000.0, 10.0),
    );
    check_buffer(
        page,
        "geo_point_buffer(0.003159306017352037, 51.502929224128394, 300, 0.1)",
        "geo_distance_2points(lon, lat, 0.003159306017352037, 51.502929224128394)",
        (-0.0018, 51.4999, 0.00025),
        (300.0, 0.1),
    );
    check(
        page,
        "datatable(longitude:real, latitude:real, radius:real)
        [
            real(-80.3212217992616), 25.268683367546604, 5000,
            real(-80.81717403605833), 24.82658441221962, 3000
        ]
        | project buffer = geo_point_buffer(longitude, latitude, radius)
        | summarize polygons = make_list(buffer)
        | project result = geo_union_polygons_array(polygons).type",
        json!([{"result": "MultiPolygon"}]),
    );
    check(
        page,
        "print a = isnull(geo_point_buffer(200, 1, 0.1)), b = isnull(geo_point_buffer(10, 10, -1)), c = isnull(geo_point_buffer(10, 10, 1000, 0.0001))",
        json!([{"a": true, "b": true, "c": true}]),
    );
}

#[test]
fn line_buffers_hold_the_points_within_the_radius() {
    let page = "geo-line-buffer-function";
    let line = r#"dynamic({"type":"LineString","coordinates":[[-80.66634997047466,24.894526340592122],[-80.67373241820246,24.890808090321286]]})"#;
    // The page's 4 m buffer, checked along the line's first 70 m and its round end.
    check_buffer(
        page,
        &format!("geo_line_buffer({line}, 4, 0.1)"),
        &format!("geo_distance_point_to_line(lon, lat, {line})"),
        (-80.66642, 24.89444, 0.000004),
        (4.0, 0.1),
    );
    let bent = r#"dynamic({"type":"MultiLineString","coordinates":[[[14.4292,50.1004],[14.4312,50.1005],[14.4310,50.1020]],[[14.4330,50.1000],[14.4340,50.1010]]]})"#;
    check_buffer(
        page,
        &format!("geo_line_buffer({bent}, 50)"),
        &format!("geo_distance_point_to_line(lon, lat, {bent})"),
        (14.4280, 50.0990, 0.00008),
        (50.0, 10.0),
    );
    check(
        page,
        r#"datatable(line:dynamic)
        [
            dynamic({"type":"LineString","coordinates":[[14.429214068940496,50.10043066548272],[14.431184174126173,50.10046525983731]]}),
            dynamic({"type":"LineString","coordinates":[[14.43030222687753,50.100780677801936],[14.4303847111523,50.10020274910934]]})
        ]
        | project buffer = geo_line_buffer(line, 2, 0.1)
        | summarize polygons = make_list(buffer)
        | project result = geo_union_polygons_array(polygons).type"#,
        json!([{"result": "Polygon"}]),
    );
    check(
        page,
        r#"print a = isnull(geo_line_buffer(dynamic({"type":"LineString"}), 5)), b = isnull(geo_line_buffer(dynamic({"type":"LineString","coordinates":[[0,0],[1,1]]}), 0))"#,
        json!([{"a": true, "b": true}]),
    );
}

#[test]
fn polygon_buffers_hold_the_points_within_the_radius() {
    let page = "geo-polygon-buffer-function";
    let tokyo = r#"dynamic({"type":"Polygon","coordinates":[[[139.813757,35.719666],[139.72558,35.71813],[139.727471,35.653231],[139.818721,35.657264],[139.813757,35.719666]]]})"#;
    check_buffer(
        page,
        &format!("geo_polygon_buffer({tokyo}, 10000)"),
        &format!("geo_distance_point_to_polygon(lon, lat, {tokyo})"),
        (139.55, 35.50, 0.011),
        (10000.0, 10.0),
    );
    // A hole wider than twice the radius keeps a smaller hole.
    let holed = r#"dynamic({"type":"Polygon","coordinates":[[[0,0],[0.02,0],[0.02,0.02],[0,0.02],[0,0]],[[0.005,0.005],[0.005,0.015],[0.015,0.015],[0.015,0.005],[0.005,0.005]]]})"#;
    check_buffer(
        page,
        &format!("geo_polygon_buffer({holed}, 200)"),
        &format!("geo_distance_point_to_polygon(lon, lat, {holed})"),
        (-0.004, -0.004, 0.0007),
        (200.0, 10.0),
    );
    check(
        page,
        r#"datatable(polygon:dynamic, radius:real )
        [
            dynamic({"type":"Polygon","coordinates":[[[12.451218693639277,41.906457003556625],[12.445753852969375,41.90160968881543],[12.453514425793855,41.90361551885886],[12.451218693639277,41.906457003556625]]]}), 100,
            dynamic({"type":"Polygon","coordinates":[[[12.4566086734784,41.905119850039995],[12.453913683559591,41.903652663265234],[12.455485761012113,41.90146110630562],[12.4566086734784,41.905119850039995]]]}), 20
        ]
        | project buffer = geo_polygon_buffer(polygon, radius)
        | summarize polygons = make_list(buffer)
        | project result = geo_union_polygons_array(polygons).type"#,
        json!([{"result": "Polygon"}]),
    );
    check(
        page,
        r#"print a = isnull(geo_polygon_buffer(dynamic({"type":"p"}), 1)), b = isnull(geo_polygon_buffer(dynamic({"type":"Polygon","coordinates":[[[10,10],[0,10],[0,0],[10,10]]]}), 0))"#,
        json!([{"a": true, "b": true}]),
    );
}

/// geo-polygon-to-s2cells-function: the page's count of level-5 cells covering a large
/// triangle, null where the covering would pass 65,536 cells, and its example of
/// classifying points through a join on level-16 cells.
#[test]
fn polygon_coverings_follow_the_docs_examples() {
    let page = "geo-polygon-to-s2cells-function";
    let triangle = r#"dynamic({"type":"Polygon","coordinates":[[[0,0],[0,50],[100,50],[0,0]]]})"#;
    check(
        page,
        &format!(
            "print s2_cell_token_count = array_length(geo_polygon_to_s2cells({triangle}, 5)), too_many = isnull(geo_polygon_to_s2cells({triangle}, 30))"
        ),
        json!([{"s2_cell_token_count": 286, "too_many": true}]),
    );
    check_unordered(
        page,
        r#"let Polygons = datatable(description:string, polygon:dynamic)
        [
            'Greenwich Village', dynamic({"type":"Polygon","coordinates":[[[-73.991460000000131,40.731738000000206],[-73.992854491775518,40.730082566051351],[-73.996772,40.725432000000154],[-73.997634685522883,40.725786309886963],[-74.002855946639244,40.728346630056791],[-74.001413,40.731065000000207],[-73.996796995070824,40.73736378205173],[-73.991724524037934,40.735245208931886],[-73.990703782359589,40.734781896080477],[-73.991460000000131,40.731738000000206]]]}),
            'Upper East Side', dynamic({"type":"Polygon","coordinates":[[[-73.958787773424007,40.758213471309809],[-73.973015157270069,40.764278692864671],[-73.955760332998182,40.787906554459667],[-73.944023,40.782960000000301],[-73.942002667222781,40.776185317382648],[-73.958787773424007,40.758213471309809]]]}),
        ];
        let Coordinates = datatable(longitude:real, latitude:real)
        [
            real(-73.9741), 40.7914,
            real(-73.9950), 40.7340,
            real(-73.9584), 40.7688,
        ];
        let Level = 16;
        Polygons
        | extend covering = geo_polygon_to_s2cells(polygon, Level)
        | mv-expand covering to typeof(string)
        | join kind=inner hint.strategy=broadcast
        (
            Coordinates
            | extend covering = geo_point_to_s2cell(longitude, latitude, Level)
        ) on covering
        | where geo_point_in_polygon(longitude, latitude, polygon)
        | project longitude, latitude, description"#,
        json!([
            {"longitude": -73.995, "latitude": 40.734, "description": "Greenwich Village"},
            {"longitude": -73.9584, "latitude": 40.7688, "description": "Upper East Side"}
        ]),
    );
}

/// A covering holds the cell of every vertex and every cell it lists touches the
/// polygon; all its cells are of the level asked for; a radius only adds cells, among
/// them the cell of a point just outside within the radius.
#[test]
fn coverings_hold_the_shape_in_cells_of_one_level() {
    let page = "geo-polygon-to-s2cells-function";
    all_true(
        page,
        &format!(
            "let polygon = {POLYGON_A};
            let level = 13;
            let cells = geo_polygon_to_s2cells(polygon, level);
            let buffered = geo_polygon_to_s2cells(polygon, level, 1000);
            let vertices = print v = polygon.coordinates[0] | mv-expand v
                | summarize missing = countif(array_index_of(cells, geo_point_to_s2cell(todouble(v[0]), todouble(v[1]), level)) < 0);
            print c = cells
            | mv-expand c to typeof(string)
            | summarize touching = countif(geo_intersects_2polygons(geo_s2cell_to_polygon(c), polygon)) == count(),
                one_level = countif(strlen(c) == strlen(tostring(cells[0]))) == count(),
                n = count()
            | extend no_vertex_missed = toscalar(vertices) == 0,
                more_with_radius = array_length(buffered) > n and array_length(set_difference(cells, buffered)) == 0,
                near_point = array_index_of(buffered, geo_point_to_s2cell(-73.9440, 40.7969, level)) >= 0
            | project touching, one_level, no_vertex_missed, more_with_radius, near_point"
        ),
    );
}

#[test]
fn line_coverings_follow_the_docs_examples() {
    let page = "geo-line-to-s2cells-function";
    check(
        page,
        r#"print a = isnull(geo_line_to_s2cells(dynamic({"type":"LineString","coordinates":[[[0,0],[0,0]]]}))),
            b = array_length(geo_line_to_s2cells(dynamic({"type":"LineString","coordinates":[[-0.087152,51.509596],[-0.088340,51.506110]]}), 14)) > 0"#,
        json!([{"a": true, "b": true}]),
    );
    // The tube stations within 500 m of the streets, joined on level-14 cells.
    check_unordered(
        page,
        r#"let radius = 500;
        let tube_stations = datatable(tube_station_name:string, lng:real, lat: real)
        [
            "St. James' Park",        -0.13451078568013486, 51.49919145858172,
            "London Bridge station", -0.08492752160134387, 51.504876316440914,
        ];
        let streets = datatable(street_name:string, line:dynamic, id:long)
        [
            "Buckingham Palace", dynamic({"type":"LineString","coordinates":[[-0.1399656708283601,51.50190802248855],[-0.14088438832752104,51.50012082761452]]}), 1,
            "London Bridge",    dynamic({"type":"LineString","coordinates":[[-0.087152,51.509596],[-0.088340,51.506110]]}), 2,
        ];
        let join_level = 14;
        streets
        | project id, covering = geo_line_to_s2cells(line, join_level, radius)
        | mv-expand covering to typeof(string)
        | join kind=inner hint.strategy=broadcast
        (
            tube_stations
            | extend covering = geo_point_to_s2cell(lng, lat, join_level)
        ) on covering
        | lookup streets on id
        | where geo_distance_point_to_line(lng, lat, line) <= radius
        | summarize count = count() by name = street_name"#,
        json!([{"name": "Buckingham Palace", "count": 1}, {"name": "London Bridge", "count": 1}]),
    );
}

const LOOKUP_POLYGONS: &str = r#"let polygons = datatable(polygon_name:string, polygon:dynamic)
[
    "New York", dynamic({"type":"Polygon", "coordinates":[[[-73.97375470114766,40.74300078124614],[-73.98653921014294,40.75486501361894],[-73.99910622331991,40.74112695466084],[-73.97375470114766,40.74300078124614]]]}),
    "Paris", dynamic({"type":"Polygon","coordinates":[[[2.57564669886321,48.769567764921334],[2.420098611499384,49.05163394896812],[2.1016783119165723,48.80113794475062],[2.57564669886321,48.769567764921334]]]}),
];
let locations = datatable(location_name:string, longitude:real, latitude:real)
[
    "Empire State Building", -73.98567337898565, 40.74842629977377,
    "NY National Museum of Mathematics", -73.98778501496217, 40.743565232771545,
    "Eiffel Tower", 2.294489426068907, 48.858263476169185,
    "London", -0.13245599272019604, 51.49879464208368,
    "Statue of Liberty",  -74.04462223203123, 40.689195627512674,
];
"#;

/// geo-polygon-lookup-plugin: matching rows, with the unmatched ones, with a 7 km
/// radius, and counted by polygon. The page's first example names a location "National
/// Museum of Mathematics" in its input and "NY National Museum of Mathematics" in its
/// output; the input here is the other examples'.
#[test]
fn polygon_lookups_follow_the_docs_examples() {
    let page = "geo-polygon-lookup-plugin";
    let new_york = json!({"type":"Polygon","coordinates":[[[-73.97375470114766,40.74300078124614],[-73.98653921014294,40.75486501361894],[-73.99910622331992,40.74112695466084],[-73.97375470114766,40.74300078124614]]]});
    let paris = json!({"type":"Polygon","coordinates":[[[2.57564669886321,48.769567764921337],[2.420098611499384,49.05163394896812],[2.1016783119165725,48.80113794475062],[2.57564669886321,48.769567764921337]]]});
    let matched = |name: &str, lon: f64, lat: f64, polygon: &str, shape: &serde_json::Value| json!({"location_name": name, "longitude": lon, "latitude": lat, "polygon_name": polygon, "polygon": shape});
    let unmatched = |name: &str, lon: f64, lat: f64| json!({"location_name": name, "longitude": lon, "latitude": lat, "polygon_name": null, "polygon": null});
    let museum = matched(
        "NY National Museum of Mathematics",
        -73.98778501496217,
        40.743565232771545,
        "New York",
        &new_york,
    );
    let empire = matched(
        "Empire State Building",
        -73.98567337898565,
        40.74842629977377,
        "New York",
        &new_york,
    );
    let eiffel = matched(
        "Eiffel Tower",
        2.294489426068907,
        48.858263476169185,
        "Paris",
        &paris,
    );
    let london = unmatched("London", -0.13245599272019604, 51.49879464208368);
    check_unordered(
        page,
        &format!(
            "{LOOKUP_POLYGONS}locations | evaluate geo_polygon_lookup(polygons, polygon, longitude, latitude, return_lookup_key = true)"
        ),
        json!([museum, empire, eiffel]),
    );
    check_unordered(
        page,
        &format!(
            "{LOOKUP_POLYGONS}locations | evaluate geo_polygon_lookup(polygons, polygon, longitude, latitude, return_unmatched = true, return_lookup_key = true)"
        ),
        json!([
            museum,
            empire,
            eiffel,
            unmatched("Statue of Liberty", -74.04462223203123, 40.689195627512674),
            london
        ]),
    );
    check_unordered(
        page,
        &format!(
            "{LOOKUP_POLYGONS}locations | evaluate geo_polygon_lookup(polygons, polygon, longitude, latitude, radius = 7000, return_unmatched = true, return_lookup_key = true)"
        ),
        json!([
            museum,
            empire,
            eiffel,
            matched(
                "Statue of Liberty",
                -74.04462223203123,
                40.689195627512674,
                "New York",
                &new_york
            ),
            london
        ]),
    );
    check_unordered(
        page,
        &format!(
            "{LOOKUP_POLYGONS}locations | evaluate geo_polygon_lookup(polygons, polygon, longitude, latitude) | summarize count() by polygon_name"
        ),
        json!([{"polygon_name": "New York", "count_": 2}, {"polygon_name": "Paris", "count_": 1}]),
    );
}

/// geospatial-joins: locations within 300 m of a point, by a lookup in its buffer.
#[test]
fn buffers_serve_as_lookup_polygons() {
    check_unordered(
        "geospatial-joins",
        r#"let locations1 = datatable(name: string, longitude: real, latitude: real)
        [
            "O2 Entrance", 0.005889454501716321, 51.50238626916584,
            "O2 Entrance", 0.0009625704125020596,51.50385432770013,
            "Greenwich Park", 0.0009395106042404677, 51.47700456557013,
        ];
        let locations2 = datatable(id: string, longitude: real, latitude: real)
        [
            "O2 Arena", 0.003159306017352037, 51.502929224128394
        ]
        | extend buffer = geo_point_buffer(0.003159306017352037, 51.502929224128394, 300, 0.1);
        locations1
        | evaluate geo_polygon_lookup(locations2, buffer, longitude, latitude)
        | project name, id, longitude, latitude"#,
        json!([
            {"name": "O2 Entrance", "id": "O2 Arena", "longitude": 0.0009625704125020596, "latitude": 51.50385432770013},
            {"name": "O2 Entrance", "id": "O2 Arena", "longitude": 0.005889454501716321, "latitude": 51.50238626916584}
        ]),
    );
}

const LOOKUP_ROADS: &str = r#"let roads = datatable(road_name:string, road:dynamic)
[
    "5th Avenue NY", dynamic({"type":"LineString","coordinates":[[-73.97291864770574,40.76428551254824],[-73.99708638113894,40.73145135821781]]}),
    "Palace Ave", dynamic({"type":"LineString","coordinates":[[-0.18756982045002246,51.50245944666557],[-0.18908519740253382,51.50544952706903]]}),
];
let locations = datatable(location_name:string, longitude:real, latitude:real)
[
    "Empire State Building", -73.98567337898565, 40.74842629977377,
    "Grand Central Terminal", -73.97713140725149, 40.752730320824895,
    "Statue of Liberty",  -74.04462223203123, 40.689195627512674,
    "Kensington Palace", -0.1885272501232862,  51.504906159672316
];
"#;

/// geo-line-lookup-plugin: locations within 100 m and 350 m of roads.
#[test]
fn line_lookups_follow_the_docs_examples() {
    let page = "geo-line-lookup-plugin";
    let fifth = json!({"type":"LineString","coordinates":[[-73.97291864770574,40.76428551254824],[-73.99708638113894,40.73145135821781]]});
    let palace = json!({"type":"LineString","coordinates":[[-0.18756982045002247,51.50245944666557],[-0.18908519740253383,51.50544952706903]]});
    let row = |name: &str, lon: f64, lat: f64, road: Option<(&str, &serde_json::Value)>| {
        let (road_name, road) =
            road.map_or((json!(null), json!(null)), |(n, r)| (json!(n), r.clone()));
        json!({"location_name": name, "longitude": lon, "latitude": lat, "road_name": road_name, "road": road})
    };
    let empire = row(
        "Empire State Building",
        -73.98567337898565,
        40.74842629977377,
        Some(("5th Avenue NY", &fifth)),
    );
    let kensington = row(
        "Kensington Palace",
        -0.1885272501232862,
        51.504906159672316,
        Some(("Palace Ave", &palace)),
    );
    let liberty = row(
        "Statue of Liberty",
        -74.04462223203123,
        40.689195627512674,
        None,
    );
    check_unordered(
        page,
        &format!(
            "{LOOKUP_ROADS}locations | evaluate geo_line_lookup(roads, road, longitude, latitude, 100, return_lookup_key = true)"
        ),
        json!([empire, kensington]),
    );
    check_unordered(
        page,
        &format!(
            "{LOOKUP_ROADS}locations | evaluate geo_line_lookup(roads, road, longitude, latitude, 100, return_unmatched = true, return_lookup_key = true)"
        ),
        json!([
            empire,
            kensington,
            liberty,
            row(
                "Grand Central Terminal",
                -73.97713140725149,
                40.752730320824895,
                None
            )
        ]),
    );
    check_unordered(
        page,
        &format!(
            "{LOOKUP_ROADS}locations | evaluate geo_line_lookup(roads, road, longitude, latitude, 350, return_unmatched = true, return_lookup_key = true)"
        ),
        json!([
            empire,
            kensington,
            row(
                "Grand Central Terminal",
                -73.97713140725149,
                40.752730320824895,
                Some(("5th Avenue NY", &fifth))
            ),
            liberty
        ]),
    );
    check_unordered(
        page,
        &format!(
            "{LOOKUP_ROADS}locations | evaluate geo_line_lookup(roads, road, longitude, latitude, 350) | summarize count() by road_name"
        ),
        json!([{"road_name": "5th Avenue NY", "count_": 2}, {"road_name": "Palace Ave", "count_": 1}]),
    );
}

/// Without `return_lookup_key` the shape column is left out; a lookup row whose shape is
/// invalid matches nothing (the pages: "input polygons should be valid").
#[test]
fn lookups_leave_out_the_shape_and_skip_invalid_ones() {
    let page = "geo-polygon-lookup-plugin";
    let query = format!(
        r#"{LOOKUP_POLYGONS}let lookup = union polygons, (print polygon_name = "bad", polygon = dynamic({{"type":"Polygon"}}));
        locations | evaluate geo_polygon_lookup(lookup, polygon, longitude, latitude)"#
    );
    let names: Vec<String> = table(page, &query)
        .columns
        .iter()
        .map(|c| c.name.clone())
        .collect();
    assert_eq!(
        names,
        ["location_name", "longitude", "latitude", "polygon_name"]
    );
    check_unordered(
        page,
        &format!("{query} | summarize count() by polygon_name"),
        json!([{"polygon_name": "New York", "count_": 2}, {"polygon_name": "Paris", "count_": 1}]),
    );
}

/// Polygons on opposite sides of the Earth unite side by side (as S2 gives them: each
/// as it was, in input order), and a buffer crossing the antimeridian is one polygon.
#[test]
fn shapes_far_apart_or_across_the_antimeridian_unite() {
    check(
        "geo-union-polygons-array-function",
        r#"print u = geo_union_polygons_array(dynamic([{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]},{"type":"Polygon","coordinates":[[[179,0],[180,0],[180,1],[179,0]]]}]))"#,
        json!([{"u": {"type": "MultiPolygon", "coordinates": [[[[0,0],[1,0],[1,1],[0,0]]],[[[179,0],[180,0],[180,1],[179,0]]]]}}]),
    );
    check(
        "geo-polygon-buffer-function",
        r#"let p = dynamic({"type":"Polygon","coordinates":[[[179.9,0],[-179.9,0],[-179.9,1],[179.9,0]]]});
        let b = geo_polygon_buffer(p, 1000);
        print t = b.type, holds = geo_point_in_polygon(180, 0.5, b) and geo_point_in_polygon(-179.9, -0.005, b), small = geo_polygon_area(b) < 2 * geo_polygon_area(p)"#,
        json!([{"t": "Polygon", "holds": true, "small": true}]),
    );
}

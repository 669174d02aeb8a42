//! The geo lookup plugins (geo-polygon-lookup-plugin, geo-line-lookup-plugin): each
//! input row joined with the lookup rows whose shape matches its location, in the
//! lookup's order (the matching itself is `LookupShape`'s).

use crate::diagnostic::Result;
use crate::exec::ExecContext;
use crate::exec::eval::eval;
use crate::functions::geo::LookupShape;
use crate::ops::table_fn::lookup_join;
use crate::plan::tabular::table_fn::GeoLookup;
use crate::value::{Row, Type, Value};

/// The joined rows of `input` and the lookup table `side`, whose appended columns
/// have `types` (the nulls of an unmatched row).
pub fn geo_lookup(
    op: &GeoLookup,
    (input, side, types): (&[Row], &[Row], &[Type]),
    cx: &ExecContext,
) -> Result<Vec<Row>> {
    // A radius that is not a non-negative number matches nothing.
    let radius = match &op.radius {
        Some(e) => Some(eval(e, &Vec::new(), cx)?.as_f64().filter(|r| *r >= 0.0)),
        None => None,
    };
    let shapes: Vec<Option<LookupShape>> = side
        .iter()
        .map(|r| LookupShape::read(&r[op.key], op.lines))
        .collect();
    let nulls: Vec<Value> = types.iter().map(|t| Value::null_of(*t)).collect();
    let unmatched = op.unmatched.then_some(nulls.as_slice());
    let location = |row: &Row| (row[op.longitude].as_f64(), row[op.latitude].as_f64());
    let joined = lookup_join(
        (input, side),
        &op.appended,
        unmatched,
        location,
        |&(lon, lat), _, k| match (&shapes[k], lon, lat, radius) {
            (_, _, _, Some(None)) => false,
            (Some(s), Some(lon), Some(lat), r) => s.matches(lon, lat, r.flatten()),
            _ => false,
        },
    );
    Ok(joined)
}

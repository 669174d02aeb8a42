//! Plugins that answer from their whole input (and a lookup table): `ipv4_lookup`,
//! `ipv6_lookup` and `activity_counts_metrics` (their Kusto plugin pages); the geo
//! lookups run in `geo_lookup`, `rows_near` in `rows_near`, `reduce` in `reduce`,
//! `schema_merge` in `schema_merge`.

use crate::diagnostic::Result;
use crate::exec::eval::eval;
use crate::exec::{ExecContext, collect, push_all};
use crate::functions::ip::address::{mask_v4, parse_v4, parse_v6};
use crate::ops::make_series::MAX_BINS;
use crate::plan::tabular::table_fn::{
    ActivityCounts, IpLookup, Partition, SlidingWindowCounts, TableFn, TableFnKind,
};
use crate::plan::{Expr, Node};
use crate::value::{Row, Value};
use std::collections::{HashMap, HashSet};

pub fn execute(op: &TableFn, down: &mut dyn crate::exec::Sink, cx: &ExecContext) -> Result<()> {
    let input = collect(&op.input, cx)?.rows;
    if let TableFnKind::Partition(p) = &op.kind {
        let body = op.side.as_deref().ok_or_else(|| {
            crate::diagnostic::Diagnostic::new(
                crate::diagnostic::Code::RuntimeError,
                p.span,
                "partition without its subquery",
            )
        })?;
        return partition(p, input, body, down, cx);
    }
    let rows = match &op.kind {
        TableFnKind::IpLookup(l) => ip_lookup(l, &input, &side_rows(op, cx)?),
        TableFnKind::GeoLookup(l) => {
            let types: Vec<crate::value::Type> = match &op.side {
                Some(node) => l.appended.iter().map(|&i| node.schema[i].ty).collect(),
                None => Vec::new(),
            };
            let side = side_rows(op, cx)?;
            super::geo_lookup::geo_lookup(l, (&input, &side, &types), cx)?
        }
        TableFnKind::ActivityCounts(a) => activity_counts(a, &input, cx)?,
        TableFnKind::SlidingWindowCounts(s) => sliding_window_counts(s, &input, cx)?,
        TableFnKind::Basket(b) => super::basket::basket(b, &input),
        TableFnKind::Partition(_) => Vec::new(),
        TableFnKind::RollingPercentile(r) => super::activity::rolling_percentile(r, &input, cx)?,
        TableFnKind::DcountIntersect(h) => super::activity::dcount_intersect(h, &input),
        TableFnKind::Narrow => {
            let names: Vec<String> = op.input.schema.iter().map(|c| c.name.clone()).collect();
            super::activity::narrow(&names, &input)
        }
        TableFnKind::ActiveUsersCount(a) => super::activity::active_users_count(a, &input, cx)?,
        TableFnKind::ActivityMetrics(a) => super::activity::activity_metrics(a, &input, cx)?,
        TableFnKind::NewActivityMetrics(a) => {
            let side = match &op.side {
                Some(node) => collect(node, cx)?.rows,
                None => Vec::new(),
            };
            super::activity::new_activity_metrics(a, &input, &side, cx)?
        }
        TableFnKind::SessionCount(c) => super::activity::session_count(c, &input, cx)?,
        TableFnKind::SequenceDetect(d) => super::activity::sequence_detect(d, &input, cx)?,
        TableFnKind::ActivityEngagement(a) => super::activity::activity_engagement(a, &input, cx)?,
        TableFnKind::RowsNear(r) => super::rows_near::rows_near(r, &input, cx)?,
        TableFnKind::Reduce(r) => super::reduce::reduce(r, &input, cx)?,
        TableFnKind::SchemaMerge(m) => super::schema_merge::schema_merge(m, &input),
    };
    push_all(&rows, down, cx)
}

/// An address or range as (bits, prefix, width) in a common 128-bit space.
fn address(v: &Value, v6: bool) -> Option<(u128, u32)> {
    let text = v.as_str()?;
    if v6 {
        parse_v6(text).map(|a| (a.addr, u32::from(a.prefix)))
    } else {
        parse_v4(text).map(|a| (u128::from(a.addr), u32::from(a.prefix)))
    }
}

/// Whether `range` holds `ip`.
fn contains(range: (u128, u32), ip: (u128, u32), v6: bool) -> bool {
    let prefix = range.1.min(ip.1);
    if v6 {
        let mask = if prefix == 0 {
            0
        } else {
            u128::MAX << (128 - prefix.min(128))
        };
        range.0 & mask == ip.0 & mask && ip.1 >= range.1
    } else {
        let mask = u128::from(mask_v4(prefix as u8));
        range.0 & mask == ip.0 & mask && ip.1 >= range.1
    }
}

fn ip_lookup(op: &IpLookup, input: &[Row], side: &[Row]) -> Vec<Row> {
    let ranges: Vec<Option<(u128, u32)>> =
        side.iter().map(|r| address(&r[op.range], op.v6)).collect();
    let nulls: Vec<Value> = (op.appended.iter())
        .map(|&i| {
            side.first()
                .map_or(Value::Null, |r| Value::null_of(r[i].ty()))
        })
        .collect();
    let unmatched = op.unmatched.then_some(nulls.as_slice());
    let source = |row: &Row| address(&row[op.source], op.v6);
    lookup_join(
        (input, side),
        &op.appended,
        unmatched,
        source,
        |ip, row, k| {
            let hit = match (ip, ranges[k]) {
                (Some(ip), Some(range)) => contains(range, *ip, op.v6),
                _ => false,
            };
            hit && (op.extra.iter()).all(|&(a, b)| row[a].kusto_eq(&side[k][b]) == Some(true))
        },
    )
}

/// The rows of a lookup plugin's table (none when it has none).
fn side_rows(op: &TableFn, cx: &ExecContext) -> Result<Vec<Row>> {
    match &op.side {
        Some(node) => Ok(collect(node, cx)?.rows),
        None => Ok(Vec::new()),
    }
}

/// A lookup plugin's join: each input row followed by the `appended` columns of every
/// lookup row `hit` accepts (given what `probe` reads of the input row once, the row,
/// and the lookup row's index), in the lookup's order; a row that matches none is kept
/// with `unmatched`'s values when given.
pub(super) fn lookup_join<P>(
    (input, side): (&[Row], &[Row]),
    appended: &[usize],
    unmatched: Option<&[Value]>,
    probe: impl Fn(&Row) -> P,
    hit: impl Fn(&P, &Row, usize) -> bool,
) -> Vec<Row> {
    let mut out = Vec::new();
    for row in input {
        let probed = probe(row);
        let mut matched = false;
        for (k, lookup) in side.iter().enumerate() {
            if hit(&probed, row, k) {
                matched = true;
                let mut joined = row.clone();
                joined.extend(appended.iter().map(|&i| lookup[i].clone()));
                out.push(joined);
            }
        }
        if let Some(nulls) = unmatched.filter(|_| !matched) {
            let mut kept = row.clone();
            kept.extend_from_slice(nulls);
            out.push(kept);
        }
    }
    out
}

fn activity_counts(op: &ActivityCounts, input: &[Row], cx: &ExecContext) -> Result<Vec<Row>> {
    let empty = Vec::new();
    let start = eval(&op.start, &empty, cx)?;
    let end = eval(&op.end, &empty, cx)?;
    let step = eval(&op.step, &empty, cx)?;
    let (Some(start), Some(end), Some(step)) = (ticks(&start), ticks(&end), ticks(&step)) else {
        return Ok(Vec::new());
    };
    if step <= 0 || end < start {
        return Ok(Vec::new());
    }
    let windows = (end - start) / step + 1;
    if windows > MAX_BINS as i64 {
        return Err(too_many_bins(windows, op.start.span));
    }
    let groups = binned(input, (op.id, op.time, &op.dims), (start, step, windows));
    let mut out = Vec::new();
    for (key, windows) in &groups {
        let mut order: Vec<&i64> = windows.keys().collect();
        order.sort();
        let mut seen: HashSet<&Value> = HashSet::new();
        for w in order {
            let (count, ids) = &windows[w];
            let new = ids.iter().filter(|id| !seen.contains(id)).count();
            seen.extend(ids.iter());
            let mut row = vec![as_time(start + w * step, &op.start)];
            row.extend(key.iter().cloned());
            row.extend([
                Value::Long(*count),
                Value::Long(ids.len() as i64),
                Value::Long(new as i64),
                Value::Long(seen.len() as i64),
            ]);
            out.push(row);
        }
    }
    out.sort_by(|a, b| a[0].total_cmp(&b[0]));
    Ok(out)
}

/// The bins of `input` per dimension values: for each bin index, the row count and ids.
type Binned = Vec<(Vec<Value>, HashMap<i64, (i64, HashSet<Value>)>)>;

/// Groups `input` by dimensions and by bin of `step` from `start`, bins `0..bins`.
fn binned(
    input: &[Row],
    (id, time, dims): (usize, usize, &[usize]),
    (start, step, bins): (i64, i64, i64),
) -> Binned {
    let mut groups: Binned = Vec::new();
    let mut index: HashMap<Vec<Value>, usize> = HashMap::new();
    for row in input {
        let Some(t) = ticks(&row[time]).filter(|t| *t >= start) else {
            continue;
        };
        let bin = (t - start) / step;
        if bin >= bins {
            continue;
        }
        let key: Vec<Value> = dims.iter().map(|&i| row[i].clone()).collect();
        let g = *index.entry(key.clone()).or_insert_with(|| {
            groups.push((key, HashMap::new()));
            groups.len() - 1
        });
        let slot = groups[g].1.entry(bin).or_default();
        slot.0 += 1;
        if !row[id].is_null() {
            slot.1.insert(row[id].clone());
        }
    }
    groups
}

fn sliding_window_counts(
    op: &SlidingWindowCounts,
    input: &[Row],
    cx: &ExecContext,
) -> Result<Vec<Row>> {
    let empty = Vec::new();
    let value = |e: &Expr| eval(e, &empty, cx).map(|v| ticks(&v));
    let (Some(start), Some(end), Some(lookback), Some(step)) = (
        value(&op.start)?,
        value(&op.end)?,
        value(&op.lookback)?,
        value(&op.bin)?,
    ) else {
        return Ok(Vec::new());
    };
    if step <= 0 || end < start {
        return Ok(Vec::new());
    }
    let bins = (end - start) / step + 1;
    if bins > MAX_BINS as i64 {
        return Err(too_many_bins(bins, op.start.span));
    }
    let span = (lookback / step).clamp(1, bins);
    let mut out = Vec::new();
    for (key, counts) in binned(input, (op.id, op.time, &op.dims), (start, step, bins)) {
        for b in 0..bins {
            let mut count = 0;
            let mut ids: HashSet<&Value> = HashSet::new();
            for w in (b - span + 1).max(0)..=b {
                if let Some((n, seen)) = counts.get(&w) {
                    count += n;
                    ids.extend(seen.iter());
                }
            }
            if count == 0 {
                continue;
            }
            let mut row = vec![as_time(start + b * step, &op.start)];
            row.extend(key.iter().cloned());
            row.extend([Value::Long(count), Value::Long(ids.len() as i64)]);
            out.push(row);
        }
    }
    out.sort_by(|a, b| a[0].total_cmp(&b[0]));
    Ok(out)
}

fn partition(
    op: &Partition,
    input: Vec<Row>,
    body: &Node,
    down: &mut dyn crate::exec::Sink,
    cx: &ExecContext,
) -> Result<()> {
    let mut groups: Vec<Vec<Row>> = Vec::new();
    let mut index: HashMap<Value, usize> = HashMap::new();
    for row in input {
        let g = *index.entry(row[op.key].clone()).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[g].push(row);
    }
    if let Some(max) = op.max_partitions.filter(|max| groups.len() > *max) {
        return Err(crate::diagnostic::Diagnostic::new(
            crate::diagnostic::Code::RuntimeError,
            op.span,
            format!(
                "partition: {} distinct values, more than the {max} of the legacy strategy",
                groups.len()
            ),
        )
        .with_help("use `partition hint.strategy=native by …`"));
    }
    let mut out = Vec::new();
    for rows in groups {
        let rows = match op.key_scalar {
            Some(_) => rows
                .iter()
                .take(1)
                .map(|r| vec![r[op.key].clone()])
                .collect(),
            None => rows,
        };
        cx.forget_shared(&op.fresh_shared);
        let table = crate::value::Table::new(op.body_input.clone(), rows);
        cx.apply_inputs.borrow_mut().push(std::rc::Rc::new(table));
        // Read the key now, while this partition's table is the innermost input.
        if let Some(Err(e)) = op.key_scalar.map(|id| cx.scalar(id, op.span)) {
            cx.apply_inputs.borrow_mut().pop();
            return Err(e);
        }
        let result = collect(body, cx);
        cx.apply_inputs.borrow_mut().pop();
        out.extend(result?.rows);
    }
    push_all(&out, down, cx)
}

/// More windows than one series may have (make-series' limit) is an error, not a hang.
pub(super) fn too_many_bins(bins: i64, span: crate::source::Span) -> crate::diagnostic::Diagnostic {
    crate::diagnostic::Diagnostic::new(
        crate::diagnostic::Code::RuntimeError,
        span,
        format!("{bins} windows between start and end: more than the {MAX_BINS} kqlc allows"),
    )
    .with_help("use a larger step or a shorter range")
}

/// A datetime, timespan or number as ticks.
pub(super) fn ticks(v: &Value) -> Option<i64> {
    match v {
        Value::DateTime(t) | Value::TimeSpan(t) => Some(*t),
        v => v.as_i64(),
    }
}

/// A window start in the type of the timeline (datetime unless the bounds are numbers).
fn as_time(t: i64, start: &Expr) -> Value {
    match start.ty {
        crate::value::Type::Long | crate::value::Type::Int => Value::Long(t),
        _ => Value::DateTime(t),
    }
}

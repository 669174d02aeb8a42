//! The activity and windowing plugins (their Kusto plugin pages): `rolling_percentile`,
//! `dcount_intersect`, `narrow`, `active_users_count`, `activity_metrics`,
//! `new_activity_metrics`, `activity_engagement`, `sequence_detect` and `session_count`. Windows are `step` wide from the
//! start (a number or a timespan; the timeline a number or a datetime).

use super::table_fn::{ticks, too_many_bins};
use crate::diagnostic::Result;
use crate::exec::ExecContext;
use crate::exec::eval::eval;
use crate::functions::aggregate::sketch::sketch_hashes;
use crate::functions::registry;
use crate::ops::make_series::MAX_BINS;
use crate::plan::Expr;
use crate::plan::tabular::table_fn::{
    ActiveUsersCount, ActivityEngagement, ActivityMetrics, NewActivityMetrics, RollingPercentile,
    SequenceDetect, SessionCount,
};
use crate::value::{Row, Value};
use std::collections::{BTreeMap, HashMap, HashSet};

fn constant(e: &Expr, cx: &ExecContext) -> Result<Value> {
    eval(e, &Vec::new(), cx)
}

/// A window start as a value of the timeline's own type (that of `sample`).
fn typed(t: i64, sample: &Value) -> Value {
    match sample {
        Value::Long(_) => Value::Long(t),
        Value::TimeSpan(_) => Value::TimeSpan(t),
        Value::Real(_) => Value::Real(t as f64),
        _ => Value::DateTime(t),
    }
}

/// The first non-null value of a column (its runtime type).
fn sample(input: &[Row], column: usize) -> Value {
    input
        .iter()
        .map(|r| &r[column])
        .find(|v| !v.is_null())
        .cloned()
        .unwrap_or(Value::Null)
}

/// Rows grouped by their dimension values, groups in order of first appearance.
fn by_dims<'r>(input: &'r [Row], dims: &[usize]) -> Vec<(Vec<Value>, Vec<&'r Row>)> {
    let mut groups: Vec<(Vec<Value>, Vec<&Row>)> = Vec::new();
    let mut index: HashMap<Vec<Value>, usize> = HashMap::new();
    for row in input {
        let key: Vec<Value> = dims.iter().map(|&d| row[d].clone()).collect();
        let g = *index.entry(key.clone()).or_insert_with(|| {
            groups.push((key, Vec::new()));
            groups.len() - 1
        });
        groups[g].1.push(row);
    }
    groups
}

/// The number of windows of `step` from `start` to `end` (both included); none when
/// the step is not positive or the range is empty; an error past make-series' limit.
fn window_count(start: i64, end: i64, step: i64, at: &Expr) -> Result<i64> {
    if step <= 0 || end < start {
        return Ok(0);
    }
    let n = (end - start) / step + 1;
    if n > MAX_BINS as i64 {
        return Err(too_many_bins(n, at.span));
    }
    Ok(n)
}

pub fn rolling_percentile(
    op: &RollingPercentile,
    input: &[Row],
    cx: &ExecContext,
) -> Result<Vec<Row>> {
    let p = constant(&op.percentile, cx)?.as_f64();
    let bins = constant(&op.window, cx)?.as_i64();
    let bin = constant(&op.bin, cx)?;
    let (Some(p), Some(bins)) = (p, bins.filter(|n| *n >= 1)) else {
        return Ok(Vec::new());
    };
    let sample = sample(input, op.index);
    // Whole steps (ticks, longs) stay exact; a real index or bin size is binned as reals.
    let real = matches!(sample, Value::Real(_)) || matches!(bin, Value::Real(_));
    let (int_bin, real_bin) = (ticks(&bin).unwrap_or(0), bin.as_f64().unwrap_or(0.0));
    if (real && real_bin <= 0.0) || (!real && int_bin <= 0) {
        return Ok(Vec::new());
    }
    let key = |v: &Value| -> Option<i64> {
        if real {
            v.as_f64().map(|x| (x / real_bin).floor() as i64)
        } else {
            ticks(v).map(|t| t.div_euclid(int_bin))
        }
    };
    let start_of = |k: i64| {
        if real {
            Value::Real(k as f64 * real_bin)
        } else {
            typed(k * int_bin, &sample)
        }
    };
    let Some(percentile) = registry::aggregate("percentile") else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for (dims, rows) in by_dims(input, &op.dims) {
        let mut binned: BTreeMap<i64, Vec<&Value>> = BTreeMap::new();
        for row in rows {
            if let Some(k) = key(&row[op.index]) {
                binned.entry(k).or_default().push(&row[op.value]);
            }
        }
        let (Some(&first), Some(&last)) = (binned.keys().next(), binned.keys().next_back()) else {
            continue;
        };
        if last - first > MAX_BINS as i64 {
            return Err(too_many_bins(last - first, op.bin.span));
        }
        for k in first..=last {
            let mut acc = (percentile.new)(&[Value::Null, Value::Real(p)]);
            let mut any = false;
            for (_, values) in binned.range(k - bins + 1..=k) {
                for v in values {
                    any = true;
                    acc.update(std::slice::from_ref(*v));
                }
            }
            if !any {
                continue;
            }
            let mut row = vec![start_of(k)];
            row.extend(dims.iter().cloned());
            acc.finish(&mut row);
            out.push(row);
        }
    }
    let width = op.dims.len();
    out.sort_by(|a, b| {
        let dims = (1..=width).map(|i| a[i].total_cmp(&b[i]));
        dims.chain([a[0].total_cmp(&b[0])])
            .find(|o| o.is_ne())
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    Ok(out)
}

/// Each row with `s0`…: the distinct counts of the first 1, 2, … sets' intersection
/// (kqlc's hll sketches hold every distinct hash, so the counts are exact); null from
/// the first argument that is not a sketch on.
pub fn dcount_intersect(hlls: &[usize], input: &[Row]) -> Vec<Row> {
    input
        .iter()
        .map(|row| {
            let mut out = row.clone();
            let mut common: Option<HashSet<i64>> = None;
            let mut broken = false;
            for &h in hlls {
                match sketch_hashes(&row[h]).filter(|_| !broken) {
                    Some(set) => {
                        let next: HashSet<i64> = match common.take() {
                            None => set.into_iter().collect(),
                            Some(c) => c.into_iter().filter(|x| set.contains(x)).collect(),
                        };
                        out.push(Value::Long(next.len() as i64));
                        common = Some(next);
                    }
                    None => {
                        broken = true;
                        out.push(Value::Null);
                    }
                }
            }
            out
        })
        .collect()
}

/// One row per cell: the row's number (from 0), the column's name and the value as a
/// string.
pub fn narrow(names: &[String], input: &[Row]) -> Vec<Row> {
    let mut out = Vec::new();
    for (i, row) in input.iter().enumerate() {
        for (name, value) in names.iter().zip(row) {
            out.push(vec![
                Value::Long(i as i64),
                Value::string(name.as_str()),
                Value::string(value.to_kusto_string()),
            ]);
        }
    }
    out
}

/// An appearance is active when the id was seen in at least `ActivePeriods` distinct
/// periods (bins of `Period`) within the lookback window ending at it; the window
/// excludes its start (`(t - Lookback, t]`), which the page's example needs (user B's
/// 07-08 appearance would otherwise count 06-30 and be active). Appearances before
/// `Start` count for the lookback only; bins with no active id are left out.
pub fn active_users_count(
    op: &ActiveUsersCount,
    input: &[Row],
    cx: &ExecContext,
) -> Result<Vec<Row>> {
    let value = |e: &Expr| constant(e, cx).map(|v| ticks(&v));
    let (Some(start), Some(end), Some(lookback), Some(period), Some(bin)) = (
        value(&op.start)?,
        value(&op.end)?,
        value(&op.lookback)?,
        value(&op.period)?,
        value(&op.bin)?,
    ) else {
        return Ok(Vec::new());
    };
    let needed = constant(&op.active_periods, cx)?
        .as_f64()
        .unwrap_or(f64::INFINITY);
    let bins = window_count(start, end, bin, &op.start)?;
    if bins == 0 || period <= 0 {
        return Ok(Vec::new());
    }
    let sample = sample(input, op.time);
    let mut out = Vec::new();
    for (dims, rows) in by_dims(input, &op.dims) {
        let mut seen = times_per_id(&rows, op.id, op.time);
        let mut active: BTreeMap<i64, HashSet<&Value>> = BTreeMap::new();
        for (id, times) in &mut seen {
            times.sort_unstable();
            for (i, &t) in times.iter().enumerate() {
                if t < start || (t - start) / bin >= bins {
                    continue;
                }
                let periods: HashSet<i64> = times[..=i]
                    .iter()
                    .rev()
                    .take_while(|&&u| u > t - lookback)
                    .map(|u| u.div_euclid(period))
                    .collect();
                if periods.len() as f64 >= needed {
                    active.entry((t - start) / bin).or_default().insert(*id);
                }
            }
        }
        for (k, ids) in active {
            let mut row = vec![typed(start + k * bin, &sample)];
            row.extend(dims.iter().cloned());
            row.push(Value::Long(ids.len() as i64));
            out.push(row);
        }
    }
    out.sort_by(|a, b| a[0].total_cmp(&b[0]));
    Ok(out)
}

/// The windows of a plugin: from `Start` to `End` when given, else from the window of
/// the earliest time (windows aligned to multiples of the step) to the latest.
fn windows(
    range: Option<&(Expr, Expr)>,
    step: i64,
    input: &[Row],
    time: usize,
    cx: &ExecContext,
    at: &Expr,
) -> Result<Option<(i64, i64)>> {
    let (start, end) = match range {
        Some((s, e)) => match (ticks(&constant(s, cx)?), ticks(&constant(e, cx)?)) {
            (Some(s), Some(e)) => (s, e),
            _ => return Ok(None),
        },
        None => {
            let times = input.iter().filter_map(|r| ticks(&r[time]));
            let (Some(min), Some(max)) = (times.clone().min(), times.max()) else {
                return Ok(None);
            };
            if step <= 0 {
                return Ok(None);
            }
            (min.div_euclid(step) * step, max)
        }
    };
    let n = window_count(start, end, step, at)?;
    Ok((n > 0).then_some((start, n)))
}

/// The distinct ids of each window (index from 0) of one group's rows.
fn ids_per_window<'r>(
    rows: &[&'r Row],
    (id, time): (usize, usize),
    (start, step, n): (i64, i64, i64),
) -> BTreeMap<i64, HashSet<&'r Value>> {
    let mut windows: BTreeMap<i64, HashSet<&Value>> = BTreeMap::new();
    for row in rows {
        let Some(t) = ticks(&row[time]).filter(|t| *t >= start) else {
            continue;
        };
        let k = (t - start) / step;
        if k < n && !row[id].is_null() {
            windows.entry(k).or_default().insert(&row[id]);
        }
    }
    windows
}

fn ratio(part: usize, whole: usize) -> Value {
    Value::Real(part as f64 / whole as f64)
}

/// Per window with rows: its distinct ids, those not in the previous window, and the
/// share of the previous window's ids seen again (retention) or not (churn); NaN for
/// the first window, as the page's first row shows.
pub fn activity_metrics(op: &ActivityMetrics, input: &[Row], cx: &ExecContext) -> Result<Vec<Row>> {
    let Some(step) = ticks(&constant(&op.window, cx)?) else {
        return Ok(Vec::new());
    };
    let Some((start, n)) = windows(op.range.as_ref(), step, input, op.time, cx, &op.window)? else {
        return Ok(Vec::new());
    };
    let sample = sample(input, op.time);
    let empty = HashSet::new();
    let mut out = Vec::new();
    for (dims, rows) in by_dims(input, &op.dims) {
        let windows = ids_per_window(&rows, (op.id, op.time), (start, step, n));
        for (k, ids) in &windows {
            let prev = windows.get(&(k - 1)).unwrap_or(&empty);
            let returned = ids.iter().filter(|i| prev.contains(*i)).count();
            let mut row = vec![
                typed(start + k * step, &sample),
                Value::Long(ids.len() as i64),
                Value::Long((ids.len() - returned) as i64),
                ratio(returned, prev.len()),
                ratio(prev.len() - returned, prev.len()),
            ];
            row.extend(dims.iter().cloned());
            out.push(row);
        }
    }
    out.sort_by(|a, b| a[0].total_cmp(&b[0]));
    Ok(out)
}

/// For each cohort window `from` (the ids first seen in it: not in the lookback ids
/// nor in an earlier window) and each window `to` from it on: the ids of `to` not seen
/// up to `from` (for `to` = `from`, the cohort), the cohort ids seen in `to`
/// (retained) and not (churned), and their shares of the cohort.
pub fn new_activity_metrics(
    op: &NewActivityMetrics,
    input: &[Row],
    lookback: &[Row],
    cx: &ExecContext,
) -> Result<Vec<Row>> {
    let Some(step) = ticks(&constant(&op.window, cx)?) else {
        return Ok(Vec::new());
    };
    let range = (op.start.clone(), op.end.clone());
    let Some((start, n)) = windows(Some(&range), step, input, op.time, cx, &op.window)? else {
        return Ok(Vec::new());
    };
    let cohort = match &op.cohort {
        Some(c) => match ticks(&constant(c, cx)?) {
            Some(t) if t >= start && (t - start) / step < n => Some((t - start) / step),
            _ => return Ok(Vec::new()),
        },
        None => None,
    };
    let known: HashSet<&Value> = op
        .lookback_id
        .map(|c| lookback.iter().map(|r| &r[c]).collect())
        .unwrap_or_default();
    let sample = match &op.start {
        e if e.ty == crate::value::Type::Long || e.ty == crate::value::Type::Int => Value::Long(0),
        _ => Value::DateTime(0),
    };
    let empty = HashSet::new();
    let mut out = Vec::new();
    for (dims, rows) in by_dims(input, &op.dims) {
        let windows = ids_per_window(&rows, (op.id, op.time), (start, step, n));
        let ids = |k: i64| windows.get(&k).unwrap_or(&empty);
        let mut seen: HashSet<&Value> = known.clone();
        for from in 0..n {
            let firsts: HashSet<&Value> = ids(from)
                .iter()
                .filter(|i| !seen.contains(*i))
                .copied()
                .collect();
            if cohort.is_none_or(|c| c == from) {
                for to in from..n {
                    let here = ids(to);
                    let new = if to == from {
                        firsts.len()
                    } else {
                        here.iter()
                            .filter(|i| !seen.contains(*i) && !ids(from).contains(*i))
                            .count()
                    };
                    let retained = firsts.iter().filter(|i| here.contains(*i)).count();
                    let churned = firsts.len() - retained;
                    let mut row = vec![
                        typed(start + from * step, &sample),
                        typed(start + to * step, &sample),
                        Value::Long(new as i64),
                        Value::Long(retained as i64),
                        Value::Long(churned as i64),
                        ratio(retained, firsts.len()),
                        ratio(churned, firsts.len()),
                    ];
                    row.extend(dims.iter().cloned());
                    out.push(row);
                }
            }
            seen.extend(ids(from).iter().copied());
        }
    }
    out.sort_by(|a, b| a[0].total_cmp(&b[0]).then(a[1].total_cmp(&b[1])));
    Ok(out)
}

/// Per inner window with ids: its distinct ids, those of the outer window ending with
/// it (earlier rows, before `Start` too, count), and the ratio of the two.
pub fn activity_engagement(
    op: &ActivityEngagement,
    input: &[Row],
    cx: &ExecContext,
) -> Result<Vec<Row>> {
    let (Some(inner), Some(outer)) = (
        ticks(&constant(&op.inner, cx)?),
        ticks(&constant(&op.outer, cx)?),
    ) else {
        return Ok(Vec::new());
    };
    let Some((start, n)) = windows(op.range.as_ref(), inner, input, op.time, cx, &op.inner)? else {
        return Ok(Vec::new());
    };
    let sample = sample(input, op.time);
    let mut out = Vec::new();
    for (dims, rows) in by_dims(input, &op.dims) {
        let mut events: Vec<(i64, &Value)> = rows
            .iter()
            .filter(|r| !r[op.id].is_null())
            .filter_map(|r| ticks(&r[op.time]).map(|t| (t, &r[op.id])))
            .collect();
        events.sort_by_key(|e| e.0);
        let distinct = |from: i64, to: i64| -> usize {
            let lo = events.partition_point(|e| e.0 < from);
            let hi = events.partition_point(|e| e.0 < to);
            events[lo..hi]
                .iter()
                .map(|e| e.1)
                .collect::<HashSet<_>>()
                .len()
        };
        for k in 0..n {
            let begin = start + k * inner;
            let (end, count) = (begin + inner, distinct(begin, begin + inner));
            if count == 0 {
                continue;
            }
            let wide = distinct(end - outer.max(inner), end);
            let mut row = vec![
                typed(begin, &sample),
                Value::Long(count as i64),
                Value::Long(wide as i64),
                ratio(count, wide),
            ];
            row.extend(dims.iter().cloned());
            out.push(row);
        }
    }
    out.sort_by(|a, b| a[0].total_cmp(&b[0]));
    Ok(out)
}

/// The most chains `sequence_detect` outputs: past it, a runtime error (not a hang).
const MAX_SEQUENCES: usize = 1_000_000;

/// Every chain of rows r1…rn (distinct rows, per dimension values) where ri meets step
/// i, each at or after the previous and within `MaxSequenceStepWindow` of it, the last
/// within `MaxSequenceSpan` of the first: the dimensions, each step's time and the
/// duration, ordered by the steps' times (as the page's example output is).
pub fn sequence_detect(op: &SequenceDetect, input: &[Row], cx: &ExecContext) -> Result<Vec<Row>> {
    let (Some(step), Some(span)) = (
        ticks(&constant(&op.step, cx)?),
        ticks(&constant(&op.span, cx)?),
    ) else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for (dims, rows) in by_dims(input, &op.dims) {
        // (time, the steps the row meets), by time.
        let mut events: Vec<(i64, &Value, Vec<bool>)> = Vec::new();
        for row in rows {
            let Some(t) = ticks(&row[op.time]) else {
                continue;
            };
            let meets = op
                .steps
                .iter()
                .map(|p| eval(p, row, cx).map(|v| v.as_bool() == Some(true)))
                .collect::<Result<Vec<bool>>>()?;
            if meets.iter().any(|m| *m) {
                events.push((t, &row[op.time], meets));
            }
        }
        events.sort_by_key(|e| e.0);
        let mut chain: Vec<usize> = Vec::new();
        for first in 0..events.len() {
            if events[first].2[0] {
                chain.push(first);
                extend_chain(&events, &mut chain, (step, span), &dims, &mut out, &op.span)?;
                chain.pop();
            }
        }
    }
    let width = op.dims.len();
    out.sort_by(|a, b| {
        (width..a.len())
            .chain(0..width)
            .map(|i| a[i].total_cmp(&b[i]))
            .find(|o| o.is_ne())
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    Ok(out)
}

type Event<'r> = (i64, &'r Value, Vec<bool>);

/// Extends `chain` (indices into `events`) by every row meeting the next step; a full
/// chain becomes an output row.
fn extend_chain(
    events: &[Event],
    chain: &mut Vec<usize>,
    (step, span): (i64, i64),
    dims: &[Value],
    out: &mut Vec<Row>,
    at: &Expr,
) -> Result<()> {
    let steps = events[chain[0]].2.len();
    let (first, last) = (events[chain[0]].0, events[chain[chain.len() - 1]].0);
    if chain.len() == steps {
        if out.len() >= MAX_SEQUENCES {
            return Err(crate::diagnostic::Diagnostic::new(
                crate::diagnostic::Code::RuntimeError,
                at.span,
                format!("sequence_detect: more than {MAX_SEQUENCES} sequences"),
            ));
        }
        let mut row = dims.to_vec();
        row.extend(chain.iter().map(|&i| events[i].1.clone()));
        row.push(Value::TimeSpan(last - first));
        out.push(row);
        return Ok(());
    }
    let from = events.partition_point(|e| e.0 < last);
    for next in from..events.len() {
        let t = events[next].0;
        if t - last > step || t - first > span {
            break;
        }
        if events[next].2[chain.len()] && !chain.contains(&next) {
            chain.push(next);
            extend_chain(events, chain, (step, span), dims, out, at)?;
            chain.pop();
        }
    }
    Ok(())
}

/// Per bin (multiples of `Bin`, as `bin()` makes them, from `Start`'s to `End`), the
/// sessions starting in it: an appearance in `[Start, End]` starts one unless the same
/// id appeared at most `LookBackWindow` before it (earlier rows, before `Start` too,
/// count for that); bins without a session are left out. The page shows only a chart:
/// about 57 sessions in the first bin of its example, then 18 to 23 a bin, which this
/// rule gives (58, then 18…).
pub fn session_count(op: &SessionCount, input: &[Row], cx: &ExecContext) -> Result<Vec<Row>> {
    let value = |e: &Expr| constant(e, cx).map(|v| ticks(&v));
    let (Some(start), Some(end), Some(bin), Some(lookback)) = (
        value(&op.start)?,
        value(&op.end)?,
        value(&op.bin)?,
        value(&op.lookback)?,
    ) else {
        return Ok(Vec::new());
    };
    let first = start.div_euclid(bin.max(1)) * bin;
    if window_count(first, end, bin, &op.start)? == 0 {
        return Ok(Vec::new());
    }
    let sample = sample(input, op.time);
    let mut out = Vec::new();
    for (dims, rows) in by_dims(input, &op.dims) {
        let mut seen = times_per_id(&rows, op.id, op.time);
        let mut sessions: BTreeMap<i64, i64> = BTreeMap::new();
        for times in seen.values_mut() {
            times.sort_unstable();
            let mut previous: Option<i64> = None;
            for &t in times.iter() {
                let new = previous.is_none_or(|p| t - p > lookback);
                previous = Some(t);
                if new && t >= start && t <= end {
                    *sessions.entry(t.div_euclid(bin)).or_default() += 1;
                }
            }
        }
        for (k, count) in sessions {
            let mut row = vec![typed(k * bin, &sample)];
            row.extend(dims.iter().cloned());
            row.push(Value::Long(count));
            out.push(row);
        }
    }
    out.sort_by(|a, b| a[0].total_cmp(&b[0]));
    Ok(out)
}

/// Each id's times (in ticks), for the rows that have both.
fn times_per_id<'r>(rows: &[&'r Row], id: usize, time: usize) -> HashMap<&'r Value, Vec<i64>> {
    let mut seen: HashMap<&Value, Vec<i64>> = HashMap::new();
    for row in rows {
        if let (Some(t), false) = (ticks(&row[time]), row[id].is_null()) {
            seen.entry(&row[id]).or_default().push(t);
        }
    }
    seen
}

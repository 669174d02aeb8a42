//! `make-series aggregates on Axis from Start to End step Step by Keys`: per key group,
//! one array per aggregate with a value for every bin of the axis (the default, 0
//! unless given, where a bin has no rows), then the axis itself as an array of bin
//! starts (make-series operator docs). Without `from`/`to` the bins span the data.

use crate::diagnostic::{Code, Diagnostic, Result};
use crate::exec::eval::{apply_binary, arithmetic, eval};
use crate::exec::{ExecContext, Flow, Sink};
use crate::functions::registry::Accumulator;
use crate::plan::BinaryOp;
use crate::plan::tabular::make_series::MakeSeries;
use crate::value::{Row, Value};
use std::collections::HashMap;

/// The most bins one series may have (Kusto's limit on array sizes).
pub const MAX_BINS: usize = 1_048_576;

/// One aggregate's state per bin (created on the bin's first row).
type BinStates = Vec<Option<Box<dyn Accumulator>>>;

/// One input row reduced to what the series needs.
struct Point {
    group: usize,
    axis: Value,
    args: Vec<Vec<Value>>,
}

pub struct MakeSeriesSink<'a> {
    op: &'a MakeSeries,
    groups: Vec<Vec<Value>>,
    index: HashMap<Vec<Value>, usize>,
    points: Vec<Point>,
    down: &'a mut dyn Sink,
}

impl<'a> MakeSeriesSink<'a> {
    pub fn new(op: &'a MakeSeries, down: &'a mut dyn Sink) -> Self {
        MakeSeriesSink {
            op,
            groups: Vec::new(),
            index: HashMap::new(),
            points: Vec::new(),
            down,
        }
    }

    /// The bin starts: `from` (or the first bin with data) up to `to` (exclusive, or
    /// past the last value), by `step`.
    fn bins(&self, cx: &ExecContext) -> Result<Vec<Value>> {
        let empty = Vec::new();
        let step = eval(&self.op.step, &empty, cx)?;
        let values = self.points.iter().map(|p| &p.axis).filter(|v| !v.is_null());
        let start = match &self.op.from {
            Some(e) => eval(e, &empty, cx)?,
            None => match values.clone().min_by(|a, b| a.total_cmp(b)) {
                Some(min) => floor_to(min, &step),
                None => return Ok(Vec::new()),
            },
        };
        let end = match &self.op.to {
            Some(e) => eval(e, &empty, cx)?,
            None => match values.max_by(|a, b| a.total_cmp(b)) {
                Some(max) => arithmetic(BinaryOp::Add, &floor_to(max, &step), &step),
                None => return Ok(Vec::new()),
            },
        };
        let mut bins = Vec::new();
        let mut at = start;
        while matches!(apply_binary(BinaryOp::Lt, &at, &end), Value::Bool(true)) {
            if bins.len() >= MAX_BINS {
                return Err(Diagnostic::new(
                    Code::RuntimeError,
                    self.op.span,
                    format!("make-series makes more than {MAX_BINS} bins"),
                ));
            }
            bins.push(at.clone());
            let next = arithmetic(BinaryOp::Add, &at, &step);
            if next.is_null() || next.total_cmp(&at) != std::cmp::Ordering::Greater {
                return Err(Diagnostic::new(
                    Code::RuntimeError,
                    self.op.span,
                    "make-series needs a positive step of the axis's type",
                ));
            }
            at = next;
        }
        Ok(bins)
    }
}

/// `v` floored to a multiple of `step` (as `bin()` does).
fn floor_to(v: &Value, step: &Value) -> Value {
    match (v, step) {
        (Value::DateTime(t), Value::TimeSpan(s)) | (Value::TimeSpan(t), Value::TimeSpan(s))
            if *s > 0 =>
        {
            let floored = t - t.rem_euclid(*s);
            if matches!(v, Value::DateTime(_)) {
                Value::DateTime(floored)
            } else {
                Value::TimeSpan(floored)
            }
        }
        (Value::Long(n), Value::Long(s)) if *s > 0 => Value::Long(n - n.rem_euclid(*s)),
        _ => match (v.as_f64(), step.as_f64()) {
            (Some(x), Some(s)) if s > 0.0 => Value::Real((x / s).floor() * s),
            _ => v.clone(),
        },
    }
}

/// The bin of `value`: the last bin start not after it, if inside the range.
fn bin_of(bins: &[Value], value: &Value, end_exclusive: Option<&Value>) -> Option<usize> {
    if value.is_null() || bins.is_empty() || value.total_cmp(&bins[0]) == std::cmp::Ordering::Less {
        return None;
    }
    if end_exclusive.is_some_and(|e| value.total_cmp(e) != std::cmp::Ordering::Less) {
        return None;
    }
    Some(bins.partition_point(|b| b.total_cmp(value) != std::cmp::Ordering::Greater) - 1)
}

impl Sink for MakeSeriesSink<'_> {
    fn push(&mut self, row: Row, cx: &ExecContext) -> Result<Flow> {
        let key = self
            .op
            .keys
            .iter()
            .map(|k| eval(k, &row, cx))
            .collect::<Result<Vec<_>>>()?;
        let group = match self.index.get(&key) {
            Some(&g) => g,
            None => {
                self.groups.push(key.clone());
                self.index.insert(key, self.groups.len() - 1);
                self.groups.len() - 1
            }
        };
        let axis = eval(&self.op.axis, &row, cx)?;
        let args = self
            .op
            .aggregates
            .iter()
            .map(|a| {
                a.args
                    .iter()
                    .map(|e| eval(e, &row, cx))
                    .collect::<Result<Vec<_>>>()
            })
            .collect::<Result<Vec<_>>>()?;
        self.points.push(Point { group, axis, args });
        Ok(Flow::Continue)
    }

    fn finish(&mut self, cx: &ExecContext) -> Result<()> {
        let bins = self.bins(cx)?;
        let end = match &self.op.to {
            Some(e) => Some(eval(e, &Vec::new(), cx)?),
            None => None,
        };
        let new_states =
            || -> Vec<Option<Box<dyn Accumulator>>> { (0..bins.len()).map(|_| None).collect() };
        let mut states: Vec<Vec<BinStates>> = self
            .groups
            .iter()
            .map(|_| self.op.aggregates.iter().map(|_| new_states()).collect())
            .collect();
        for p in &self.points {
            let Some(b) = bin_of(&bins, &p.axis, end.as_ref()) else {
                continue;
            };
            for (a, call) in self.op.aggregates.iter().enumerate() {
                let state =
                    states[p.group][a][b].get_or_insert_with(|| (call.func.0.new)(&call.consts));
                state.update(&p.args[a]);
            }
        }
        let defaults = self
            .op
            .defaults
            .iter()
            .map(|d| Ok(eval(d, &Vec::new(), cx)?.to_json()))
            .collect::<Result<Vec<_>>>()?;
        let axis: serde_json::Value = bins.iter().map(Value::to_json).collect();
        for (key, group_states) in self.groups.iter().zip(states) {
            let mut row = key.clone();
            for (a, per_bin) in group_states.into_iter().enumerate() {
                let series: Vec<serde_json::Value> = per_bin
                    .iter()
                    .map(|s| match s {
                        Some(state) => {
                            let mut out = Vec::new();
                            state.finish(&mut out);
                            out.first().map_or(serde_json::Value::Null, Value::to_json)
                        }
                        None => defaults[a].clone(),
                    })
                    .collect();
                row.push(Value::dynamic(serde_json::Value::Array(series)));
            }
            row.push(Value::dynamic(axis.clone()));
            if self.down.push(row, cx)? == Flow::Stop {
                break;
            }
        }
        self.down.finish(cx)
    }
}

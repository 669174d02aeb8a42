//! `top-nested N of Key by Agg, top-nested …`: a hierarchy of top-N groups — each level
//! groups the rows of its parent group, ranks the groups by an aggregate and keeps the
//! first N (all when no N); one output row per leaf, with every level's key and
//! aggregate (top-nested operator docs).

use crate::diagnostic::Result;
use crate::exec::budget::{Meter, row_bytes};
use crate::exec::{ExecContext, Flow, Sink, eval::eval};
use crate::plan::tabular::top_nested::TopNested;
use crate::source::Span;
use crate::value::{Row, Value};
use std::collections::HashMap;

/// A row's key and aggregate arguments at each level.
struct Point {
    keys: Vec<Value>,
    args: Vec<Vec<Value>>,
}

pub struct TopNestedSink<'a> {
    op: &'a TopNested,
    points: Vec<Point>,
    down: &'a mut dyn Sink,
    /// What the held points take, charged to the run's memory budget.
    meter: Meter,
}

impl<'a> TopNestedSink<'a> {
    /// The `top-nested` at `span`, sending its leaf rows to `down`.
    pub fn new(op: &'a TopNested, span: Span, down: &'a mut dyn Sink) -> Self {
        TopNestedSink {
            op,
            points: Vec::new(),
            down,
            meter: Meter::new("top-nested (its input rows' keys and values)", span),
        }
    }

    /// The output rows of `level` over the points `members`, each after `prefix`.
    fn nest(&self, level: usize, members: &[usize], prefix: &Row, out: &mut Vec<Row>) {
        let Some(spec) = self.op.levels.get(level) else {
            out.push(prefix.clone());
            return;
        };
        let mut index: HashMap<&Value, usize> = HashMap::new();
        let mut groups: Vec<(Value, Vec<usize>)> = Vec::new();
        for &m in members {
            let key = &self.points[m].keys[level];
            match index.get(key) {
                Some(&g) => groups[g].1.push(m),
                None => {
                    index.insert(key, groups.len());
                    groups.push((key.clone(), vec![m]));
                }
            }
        }
        let mut ranked: Vec<(Value, Value, Vec<usize>)> = groups
            .into_iter()
            .map(|(key, rows)| {
                let mut state = (spec.aggregate.func.0.new)(&spec.aggregate.consts);
                rows.iter()
                    .for_each(|&r| state.update(&self.points[r].args[level]));
                let mut value = Vec::new();
                state.finish(&mut value);
                (key, value.into_iter().next().unwrap_or(Value::Null), rows)
            })
            .collect();
        ranked.sort_by(|a, b| {
            if spec.descending {
                b.1.total_cmp(&a.1)
            } else {
                a.1.total_cmp(&b.1)
            }
        });
        ranked.truncate(spec.count.unwrap_or(usize::MAX));
        for (key, value, rows) in ranked {
            let mut next = prefix.clone();
            next.push(key);
            next.push(value);
            self.nest(level + 1, &rows, &next, out);
        }
    }
}

impl Sink for TopNestedSink<'_> {
    fn push(&mut self, row: Row, cx: &ExecContext) -> Result<Flow> {
        let keys = self
            .op
            .levels
            .iter()
            .map(|l| eval(&l.key, &row, cx))
            .collect::<Result<Vec<_>>>()?;
        let args = self
            .op
            .levels
            .iter()
            .map(|l| {
                l.aggregate
                    .args
                    .iter()
                    .map(|a| eval(a, &row, cx))
                    .collect::<Result<Vec<_>>>()
            })
            .collect::<Result<Vec<_>>>()?;
        let bytes = row_bytes(&keys) + args.iter().map(row_bytes).sum::<usize>();
        self.meter.add(bytes, cx)?;
        self.points.push(Point { keys, args });
        Ok(Flow::Continue)
    }

    fn finish(&mut self, cx: &ExecContext) -> Result<()> {
        let mut out = Vec::new();
        let all: Vec<usize> = (0..self.points.len()).collect();
        self.nest(0, &all, &Vec::new(), &mut out);
        for row in out {
            if self.down.push(row, cx)? == Flow::Stop {
                break;
            }
        }
        self.down.finish(cx)
    }
}

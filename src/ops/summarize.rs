//! `summarize aggregates by keys`: one output row per distinct key tuple (in order of
//! first appearance), keys first then aggregate results. Without `by`, exactly one row,
//! even on empty input (Kusto: `count()` of nothing is 0).

use crate::diagnostic::Result;
use crate::exec::budget::{Meter, row_bytes, value_bytes};
use crate::exec::{ExecContext, Flow, Sink, eval::eval};
use crate::functions::registry::Accumulator;
use crate::plan::tabular::summarize::Summarize;
use crate::source::Span;
use crate::value::hash::FastBuild;
use crate::value::{Row, Value};
use hashbrown::HashTable;
use std::hash::BuildHasher;

pub type Group = (Vec<Value>, Vec<Box<dyn Accumulator>>);

/// The groups of one part of the input with what they were charged (see [`Groups::absorb`]).
pub type Part = (Vec<Group>, Meter);

/// The estimated bytes of one aggregate state, beyond the values it keeps.
const STATE_BYTES: usize = 64;

/// Whether an aggregate keeps (some of) its input values, so its state grows with its
/// group's rows: the lists and sets, exact distinct counts and percentiles.
fn keeps_values(name: &str) -> bool {
    name.starts_with("make")
        || name.starts_with("percentile")
        || name.starts_with("dcount")
        || name.starts_with("hll")
        || name.starts_with("tdigest")
        || matches!(
            name,
            "count_distinct" | "values" | "median" | "median_absolute_deviation"
        )
}

/// The groups of one `summarize` (or of one part of its input, when a parallel run
/// aggregates chunks separately): keys in order of first appearance, each with its states.
pub struct Groups<'a> {
    op: &'a Summarize,
    /// Each group's key hash and position: the key itself is held once, in `groups`.
    index: HashTable<(u64, usize)>,
    groups: Vec<Group>,
    /// The key of the row being added, reused so a row of a known group allocates nothing.
    key: Vec<Value>,
    /// The aggregate arguments of the row being added, reused likewise.
    args: Vec<Value>,
    /// Which aggregates keep their argument values (their growth is charged per row).
    keeps: Vec<bool>,
    /// What the groups hold, charged to the run's memory budget.
    meter: Meter,
}

impl<'a> Groups<'a> {
    /// No groups yet, for the `summarize` at `span`.
    pub fn new(op: &'a Summarize, span: Span) -> Self {
        Groups {
            op,
            index: HashTable::new(),
            groups: Vec::new(),
            key: Vec::new(),
            args: Vec::new(),
            keeps: op
                .aggregates
                .iter()
                .map(|a| keeps_values(a.func.0.name))
                .collect(),
            meter: Meter::new("summarize (its groups)", span),
        }
    }

    fn new_states(&self) -> Vec<Box<dyn Accumulator>> {
        self.op
            .aggregates
            .iter()
            .map(|a| (a.func.0.new)(&a.consts))
            .collect()
    }

    /// The position of the group with `key`, made (with empty states) on first sight.
    fn group_of(&mut self, key: Vec<Value>) -> usize {
        let hash = FastBuild::default().hash_one(key.as_slice());
        match self.find(hash, &key) {
            Some(g) => g,
            None => self.insert(hash, key),
        }
    }

    /// The position of the group with `key` (whose hash is `hash`), if there is one.
    fn find(&self, hash: u64, key: &[Value]) -> Option<usize> {
        (self.index)
            .find(hash, |&(h, g)| h == hash && self.groups[g].0 == key)
            .map(|&(_, g)| g)
    }

    /// Makes a group for a key not seen before; its position.
    fn insert(&mut self, hash: u64, key: Vec<Value>) -> usize {
        let g = self.groups.len();
        let states = self.new_states();
        self.groups.push((key, states));
        self.index.insert_unique(hash, (hash, g), |&(h, _)| h);
        g
    }

    /// Adds one input row to its group. The key is looked up by a borrowed slice (hashed,
    /// compared on a hash match) and copied only when it makes a new group.
    pub fn add(&mut self, row: &Row, cx: &ExecContext) -> Result<()> {
        self.key.clear();
        for k in &self.op.keys {
            self.key.push(eval(k, row, cx)?);
        }
        let hash = FastBuild::default().hash_one(self.key.as_slice());
        let g = match self.find(hash, &self.key) {
            Some(g) => g,
            None => {
                let bytes = row_bytes(&self.key) + 16 + STATE_BYTES * self.op.aggregates.len();
                self.meter.add(bytes, cx)?;
                self.insert(hash, self.key.clone())
            }
        };
        let aggregates = self.op.aggregates.iter().zip(&self.keeps);
        for ((call, keeps), state) in aggregates.zip(self.groups[g].1.iter_mut()) {
            self.args.clear();
            for a in &call.args {
                self.args.push(eval(a, row, cx)?);
            }
            if *keeps {
                let bytes = self.args.first().map_or(0, value_bytes);
                self.meter.add(bytes, cx)?;
            }
            state.update(&self.args);
        }
        Ok(())
    }

    /// The partial groups, in order of first appearance, with their charge (to merge into
    /// another `Groups`).
    pub fn into_parts(self) -> Part {
        (self.groups, self.meter)
    }

    /// Merges partial groups of the input that follows this one's: a key already here
    /// merges its states (`Accumulator::merge`), a new key is appended, so group order is
    /// the order of first appearance over the whole input.
    pub fn absorb(&mut self, (parts, meter): Part) {
        self.meter.absorb(meter);
        for (key, states) in parts {
            let g = self.group_of(key);
            for (mine, theirs) in self.groups[g].1.iter_mut().zip(states) {
                mine.merge(theirs);
            }
        }
    }

    /// Pushes one row per group (keys then results) into `down`, then finishes it.
    pub fn emit(&mut self, down: &mut dyn Sink, cx: &ExecContext) -> Result<()> {
        if self.groups.is_empty() && self.op.keys.is_empty() {
            let states = self.new_states();
            self.groups.push((Vec::new(), states));
        }
        self.index.clear();
        let strings: Vec<bool> = (self.op.aggregates.iter())
            .map(|a| self.op.empty_strings && a.gives_a_string())
            .collect();
        for (key, states) in std::mem::take(&mut self.groups) {
            let mut row = key;
            for (s, string) in states.iter().zip(&strings) {
                let at = row.len();
                s.finish(&mut row);
                // Strings are never null: `take_anyif(s, false)` is "".
                if *string && row.len() == at + 1 && row[at].is_null() {
                    row[at] = Value::empty_string();
                }
            }
            if down.push(row, cx)? == Flow::Stop {
                break;
            }
        }
        down.finish(cx)
    }
}

/// `summarize` as an operator: groups its input, emits the groups when it ends.
pub struct SummarizeSink<'a> {
    groups: Groups<'a>,
    down: &'a mut dyn Sink,
}

impl<'a> SummarizeSink<'a> {
    /// The `summarize` at `span`, sending its groups to `down`.
    pub fn new(op: &'a Summarize, span: Span, down: &'a mut dyn Sink) -> Self {
        SummarizeSink {
            groups: Groups::new(op, span),
            down,
        }
    }

    /// Starts from groups already computed (a parallel run's merged partial groups).
    pub fn with_groups(groups: Groups<'a>, down: &'a mut dyn Sink) -> Self {
        SummarizeSink { groups, down }
    }
}

impl Sink for SummarizeSink<'_> {
    fn push(&mut self, row: Row, cx: &ExecContext) -> Result<Flow> {
        self.groups.add(&row, cx)?;
        Ok(Flow::Continue)
    }

    fn finish(&mut self, cx: &ExecContext) -> Result<()> {
        self.groups.emit(self.down, cx)
    }
}

/// `summarize` over one part of the input: groups rows and keeps them (no output).
pub struct PartialSink<'a> {
    pub groups: Groups<'a>,
}

impl Sink for PartialSink<'_> {
    fn push(&mut self, row: Row, cx: &ExecContext) -> Result<Flow> {
        self.groups.add(&row, cx)?;
        Ok(Flow::Continue)
    }

    fn finish(&mut self, _: &ExecContext) -> Result<()> {
        Ok(())
    }
}

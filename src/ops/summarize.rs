//! `summarize aggregates by keys`: one output row per distinct key tuple (in order of
//! first appearance), keys first then aggregate results. Without `by`, exactly one row,
//! even on empty input (Kusto: `count()` of nothing is 0).

use crate::diagnostic::Result;
use crate::exec::{ExecContext, Flow, Sink, eval::eval};
use crate::functions::registry::{Accumulator, AggregateFunction};
use crate::plan::{Expr, Node};
use crate::value::{Row, Value};
use std::collections::HashMap;
use std::fmt;

/// A builtin aggregate, printed by name.
#[derive(Clone, Copy)]
pub struct AggregateRef(pub &'static AggregateFunction);

impl fmt::Debug for AggregateRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.name)
    }
}

/// One aggregate call: function, argument expressions, and the constant arguments
/// (`Value::Null` where an argument is not constant).
#[derive(Clone, Debug)]
pub struct AggCall {
    pub func: AggregateRef,
    pub args: Vec<Expr>,
    pub consts: Vec<Value>,
}

#[derive(Clone, Debug)]
pub struct Summarize {
    pub input: Box<Node>,
    pub keys: Vec<Expr>,
    pub aggregates: Vec<AggCall>,
}

type Group = (Vec<Value>, Vec<Box<dyn Accumulator>>);

pub struct SummarizeSink<'a> {
    op: &'a Summarize,
    index: HashMap<Vec<Value>, usize>,
    groups: Vec<Group>,
    down: &'a mut dyn Sink,
}

impl<'a> SummarizeSink<'a> {
    pub fn new(op: &'a Summarize, down: &'a mut dyn Sink) -> Self {
        SummarizeSink {
            op,
            index: HashMap::new(),
            groups: Vec::new(),
            down,
        }
    }

    fn new_states(&self) -> Vec<Box<dyn Accumulator>> {
        self.op
            .aggregates
            .iter()
            .map(|a| (a.func.0.new)(&a.consts))
            .collect()
    }
}

impl Sink for SummarizeSink<'_> {
    fn push(&mut self, row: Row, cx: &ExecContext) -> Result<Flow> {
        let key = self
            .op
            .keys
            .iter()
            .map(|k| eval(k, &row, cx))
            .collect::<Result<Vec<_>>>()?;
        let g = match self.index.get(&key) {
            Some(&g) => g,
            None => {
                let states = self.new_states();
                self.groups.push((key.clone(), states));
                self.index.insert(key, self.groups.len() - 1);
                self.groups.len() - 1
            }
        };
        let mut args = Vec::new();
        for (call, state) in self.op.aggregates.iter().zip(self.groups[g].1.iter_mut()) {
            args.clear();
            for a in &call.args {
                args.push(eval(a, &row, cx)?);
            }
            state.update(&args);
        }
        Ok(Flow::Continue)
    }

    fn finish(&mut self, cx: &ExecContext) -> Result<()> {
        if self.groups.is_empty() && self.op.keys.is_empty() {
            let states = self.new_states();
            self.groups.push((Vec::new(), states));
        }
        for (key, states) in std::mem::take(&mut self.groups) {
            let mut row = key;
            for s in &states {
                s.finish(&mut row);
            }
            if self.down.push(row, cx)? == Flow::Stop {
                break;
            }
        }
        self.down.finish(cx)
    }
}

//! `scan … with (step …)`: matching input rows against a sequence of steps, each with
//! its state (the scan-operator page's "Scan logic"). Rows are evaluated against the
//! steps from the last to the first: check 1 (the previous step has a state and the
//! condition holds) promotes that state to this step and outputs the row; otherwise
//! check 2 (this step has an active sequence, or is the first step) replaces this
//! step's record in its state, outputs the row unless `output` says otherwise, and on
//! the first step starts a new match.
//!
//! Expressions see the row's columns (the input's, then the declared ones at their
//! defaults), then each step's record in the state being used (`s1.total` reads the
//! `total` of step `s1`'s record), each as wide as the row.

use crate::diagnostic::Result;
use crate::exec::eval::eval;
use crate::exec::{ExecContext, Flow, Sink};
use crate::plan::tabular::scan_steps::{ScanSteps, StepOutput};
use crate::value::{Row, Type, Value};

/// One step's state: a record per step up to it, and the match it belongs to.
#[derive(Clone)]
struct State {
    records: Vec<Option<Row>>,
    match_id: i64,
}

pub struct ScanSink<'a> {
    op: &'a ScanSteps,
    states: Vec<Option<State>>,
    /// Per step with `output=last`, the row waiting to be output.
    pending: Vec<Option<Row>>,
    next_match: i64,
    down: &'a mut dyn Sink,
}

impl<'a> ScanSink<'a> {
    pub fn new(op: &'a ScanSteps, down: &'a mut dyn Sink) -> Self {
        let n = op.steps.len();
        ScanSink {
            op,
            states: vec![None; n],
            pending: vec![None; n],
            next_match: 0,
            down,
        }
    }

    /// An empty record: nulls, and the declared columns at their defaults.
    fn empty_record(&self) -> Row {
        let width = self.op.record.len() - self.op.defaults.len();
        let mut row = vec![Value::Null; width];
        row.extend(self.op.defaults.iter().cloned());
        row
    }

    /// The evaluation row: `row`, then each step's record in `state`.
    fn frame(&self, row: &Row, state: Option<&State>) -> Row {
        let mut frame = row.clone();
        for k in 0..self.op.steps.len() {
            match state
                .and_then(|s| s.records.get(k))
                .and_then(Option::as_ref)
            {
                Some(record) => frame.extend(record.iter().cloned()),
                None => frame.extend(self.empty_record()),
            }
        }
        frame
    }

    fn holds(&self, k: usize, row: &Row, state: Option<&State>, cx: &ExecContext) -> Result<bool> {
        let frame = self.frame(row, state);
        Ok(eval(&self.op.steps[k].condition, &frame, cx)?.as_bool() == Some(true))
    }

    /// `row` with step `k`'s assignments, computed against `state`.
    fn assigned(
        &self,
        k: usize,
        row: &Row,
        state: Option<&State>,
        cx: &ExecContext,
    ) -> Result<Row> {
        let frame = self.frame(row, state);
        let mut out = row.clone();
        for (column, e) in &self.op.steps[k].assignments {
            let ty = self.op.record[*column].ty;
            out[*column] = typed(eval(e, &frame, cx)?, ty);
        }
        Ok(out)
    }

    fn emit(&mut self, mut row: Row, match_id: i64, cx: &ExecContext) -> Result<Flow> {
        if self.op.match_id {
            row.push(Value::Long(match_id));
        }
        self.down.push(row, cx)
    }

    /// Outputs step `k`'s row per its `output` mode (`last` waits for the next one).
    fn output(&mut self, k: usize, row: Row, match_id: i64, cx: &ExecContext) -> Result<Flow> {
        match self.op.steps[k].output {
            StepOutput::All => self.emit(row, match_id, cx),
            StepOutput::Last => {
                let mut row = row;
                if self.op.match_id {
                    row.push(Value::Long(match_id));
                }
                self.pending[k] = Some(row);
                Ok(Flow::Continue)
            }
            StepOutput::None => Ok(Flow::Continue),
        }
    }

    /// Outputs the row step `k` held back (`output=last`), its sequence having moved on.
    fn flush(&mut self, k: usize, cx: &ExecContext) -> Result<Flow> {
        match self.pending[k].take() {
            Some(row) => self.down.push(row, cx),
            None => Ok(Flow::Continue),
        }
    }
}

/// A value in the declared type (dynamic values from the state bags included).
fn typed(v: Value, ty: Type) -> Value {
    let v = match v {
        Value::Dynamic(d) if !d.is_object() && !d.is_array() => Value::from_json_scalar(&d),
        v => v,
    };
    if ty == Type::Dynamic || v.is_null() {
        v
    } else {
        v.cast(ty)
    }
}

impl Sink for ScanSink<'_> {
    fn push(&mut self, input: Row, cx: &ExecContext) -> Result<Flow> {
        let mut row = input;
        row.extend(self.op.defaults.iter().cloned());
        for k in (0..self.op.steps.len()).rev() {
            if k > 0 && self.states[k - 1].is_some() {
                let previous = self.states[k - 1].clone();
                if self.holds(k, &row, previous.as_ref(), cx)? {
                    let extended = self.assigned(k, &row, previous.as_ref(), cx)?;
                    let mut state = self.states[k - 1].take().unwrap_or(State {
                        records: Vec::new(),
                        match_id: 0,
                    });
                    if self.flush(k - 1, cx)? == Flow::Stop {
                        return Ok(Flow::Stop);
                    }
                    state.records.resize(k + 1, None);
                    state.records[k] = Some(extended.clone());
                    let id = state.match_id;
                    self.states[k] = Some(state);
                    if self.output(k, extended, id, cx)? == Flow::Stop {
                        return Ok(Flow::Stop);
                    }
                    continue;
                }
            }
            if k == 0 || self.states[k].is_some() {
                let current = self.states[k].clone();
                if !self.holds(k, &row, current.as_ref(), cx)? {
                    continue;
                }
                let extended = self.assigned(k, &row, current.as_ref(), cx)?;
                let mut state = current.unwrap_or(State {
                    records: vec![None; k + 1],
                    match_id: 0,
                });
                if k == 0 && self.states[0].is_none() {
                    state.match_id = self.next_match;
                    self.next_match += 1;
                }
                state.records.resize(k + 1, None);
                state.records[k] = Some(extended.clone());
                let id = state.match_id;
                self.states[k] = Some(state);
                if self.output(k, extended, id, cx)? == Flow::Stop {
                    return Ok(Flow::Stop);
                }
            }
        }
        Ok(Flow::Continue)
    }

    fn finish(&mut self, cx: &ExecContext) -> Result<()> {
        for k in 0..self.pending.len() {
            if self.flush(k, cx)? == Flow::Stop {
                break;
            }
        }
        self.down.finish(cx)
    }
}

//! `join kind=… (right) on keys` and `lookup`: a hash join that holds the right side
//! and streams the left. Kusto's default kind is `innerunique`: duplicate left keys
//! are dropped (one left row per key) before an inner join.

use crate::diagnostic::Result;
use crate::exec::{Collector, ExecContext, Flow, Sink, eval::eval};
use crate::plan::{Expr, Node};
use crate::value::{Row, Table, Value};
use std::collections::{HashMap, HashSet};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JoinKind {
    InnerUnique,
    Inner,
    LeftOuter,
    RightOuter,
    FullOuter,
    LeftSemi,
    LeftAnti,
    RightSemi,
    RightAnti,
}

impl JoinKind {
    /// The kind named in `kind=…` (`anti`, `leftantisemi` and friends are aliases).
    pub fn from_name(name: &str) -> Option<JoinKind> {
        Some(match name.to_ascii_lowercase().as_str() {
            "innerunique" => JoinKind::InnerUnique,
            "inner" => JoinKind::Inner,
            "leftouter" => JoinKind::LeftOuter,
            "rightouter" => JoinKind::RightOuter,
            "fullouter" | "outer" => JoinKind::FullOuter,
            "leftsemi" | "semi" => JoinKind::LeftSemi,
            "leftanti" | "anti" | "leftantisemi" => JoinKind::LeftAnti,
            "rightsemi" => JoinKind::RightSemi,
            "rightanti" | "rightantisemi" => JoinKind::RightAnti,
            _ => return None,
        })
    }
    /// Whether output rows carry the left row's columns.
    pub fn emits_left(self) -> bool {
        !matches!(self, JoinKind::RightSemi | JoinKind::RightAnti)
    }
    /// Whether output rows carry the right row's columns.
    pub fn emits_right(self) -> bool {
        !matches!(self, JoinKind::LeftSemi | JoinKind::LeftAnti)
    }
}

#[derive(Clone, Debug)]
pub struct Join {
    pub left: Box<Node>,
    pub right: Box<Node>,
    pub kind: JoinKind,
    pub left_keys: Vec<Expr>,
    pub right_keys: Vec<Expr>,
    /// The right columns that appear in the output, in order (`lookup` leaves out the keys).
    pub right_columns: Vec<usize>,
}

pub fn execute(op: &Join, down: &mut dyn Sink, cx: &ExecContext) -> Result<()> {
    let mut right = Collector { rows: Vec::new() };
    crate::exec::execute(&op.right, &mut right, cx)?;
    let right = Table::new(op.right.schema.clone(), right.rows);
    let mut index: HashMap<Vec<Value>, Vec<usize>> = HashMap::new();
    for (i, row) in right.rows.iter().enumerate() {
        let key = op
            .right_keys
            .iter()
            .map(|k| eval(k, row, cx))
            .collect::<Result<Vec<_>>>()?;
        if key
            .iter()
            .all(|v| !v.is_null() || matches!(v, Value::String(_)))
        {
            index.entry(key).or_default().push(i);
        }
    }
    let mut sink = JoinSink {
        op,
        right: &right,
        index,
        matched: vec![false; right.rows.len()],
        seen_left: HashSet::new(),
        down,
        stopped: false,
    };
    crate::exec::execute(&op.left, &mut sink, cx)
}

struct JoinSink<'a> {
    op: &'a Join,
    right: &'a Table,
    index: HashMap<Vec<Value>, Vec<usize>>,
    matched: Vec<bool>,
    seen_left: HashSet<Vec<Value>>,
    down: &'a mut dyn Sink,
    stopped: bool,
}

impl JoinSink<'_> {
    fn combine(&self, left: Option<&Row>, right: Option<&Row>) -> Row {
        let mut out = Vec::new();
        if self.op.kind.emits_left() {
            match left {
                Some(l) => out.extend(l.iter().cloned()),
                None => out.extend(self.op.left.schema.iter().map(|c| Value::null_of(c.ty))),
            }
        }
        if self.op.kind.emits_right() {
            for &i in &self.op.right_columns {
                out.push(match right {
                    Some(r) => r[i].clone(),
                    None => Value::null_of(self.op.right.schema[i].ty),
                });
            }
        }
        out
    }

    fn emit(&mut self, row: Row, cx: &ExecContext) -> Result<Flow> {
        let flow = self.down.push(row, cx)?;
        self.stopped |= flow == Flow::Stop;
        Ok(flow)
    }
}

impl Sink for JoinSink<'_> {
    fn push(&mut self, row: Row, cx: &ExecContext) -> Result<Flow> {
        use JoinKind::*;
        let key = self
            .op
            .left_keys
            .iter()
            .map(|k| eval(k, &row, cx))
            .collect::<Result<Vec<_>>>()?;
        if self.op.kind == InnerUnique && !self.seen_left.insert(key.clone()) {
            return Ok(Flow::Continue);
        }
        let matches = self.index.get(&key).cloned().unwrap_or_default();
        for &m in &matches {
            self.matched[m] = true;
        }
        match self.op.kind {
            LeftSemi if !matches.is_empty() => return self.emit(row, cx),
            LeftAnti if matches.is_empty() => return self.emit(row, cx),
            LeftOuter | FullOuter if matches.is_empty() => {
                return self.emit(self.combine(Some(&row), None), cx);
            }
            InnerUnique | Inner | LeftOuter | FullOuter | RightOuter => {
                for m in matches {
                    let out = self.combine(Some(&row), Some(&self.right.rows[m]));
                    if self.emit(out, cx)? == Flow::Stop {
                        return Ok(Flow::Stop);
                    }
                }
            }
            _ => {}
        }
        Ok(Flow::Continue)
    }

    fn finish(&mut self, cx: &ExecContext) -> Result<()> {
        use JoinKind::*;
        if !self.stopped {
            for i in 0..self.right.rows.len() {
                let emit = match self.op.kind {
                    RightOuter | FullOuter | RightAnti => !self.matched[i],
                    RightSemi => self.matched[i],
                    _ => false,
                };
                if emit
                    && self.emit(self.combine(None, Some(&self.right.rows[i])), cx)? == Flow::Stop
                {
                    break;
                }
            }
        }
        self.down.finish(cx)
    }
}

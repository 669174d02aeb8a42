//! `project`, `project-away`, `project-keep`, `project-rename`, `project-reorder`, and
//! column-replacing `extend`: each output column is an expression over the input row.

use crate::diagnostic::Result;
use crate::exec::{ExecContext, Flow, Sink, eval::eval};
use crate::plan::{Expr, ExprKind, Node};
use crate::value::Row;

#[derive(Clone, Debug)]
pub struct Project {
    pub input: Box<Node>,
    pub exprs: Vec<Expr>,
}

pub struct ProjectSink<'a> {
    exprs: &'a [Expr],
    down: &'a mut dyn Sink,
}

impl<'a> ProjectSink<'a> {
    pub fn new(op: &'a Project, down: &'a mut dyn Sink) -> Self {
        ProjectSink {
            exprs: &op.exprs,
            down,
        }
    }
}

impl Sink for ProjectSink<'_> {
    fn push(&mut self, row: Row, cx: &ExecContext) -> Result<Flow> {
        let out = self
            .exprs
            .iter()
            .map(|e| match e.kind {
                ExprKind::Column(i) => Ok(row[i].clone()),
                _ => eval(e, &row, cx),
            })
            .collect::<Result<Vec<_>>>()?;
        self.down.push(out, cx)
    }
    fn finish(&mut self, cx: &ExecContext) -> Result<()> {
        self.down.finish(cx)
    }
}

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
    /// When every column passed on stays in place (a column-replacing `extend`, the
    /// trailing columns dropped): the positions computed. The row is then updated in
    /// place instead of copied column by column.
    in_place: Option<Vec<usize>>,
    down: &'a mut dyn Sink,
}

impl<'a> ProjectSink<'a> {
    pub fn new(op: &'a Project, down: &'a mut dyn Sink) -> Self {
        let width = op.input.schema.len();
        let in_place = (op.exprs.len() <= width
            && (op.exprs.iter().enumerate()).all(|(j, e)| match e.kind {
                ExprKind::Column(i) => i == j,
                _ => true,
            }))
        .then(|| {
            (op.exprs.iter().enumerate())
                .filter(|(_, e)| !matches!(e.kind, ExprKind::Column(_)))
                .map(|(j, _)| j)
                .collect()
        });
        ProjectSink {
            exprs: &op.exprs,
            in_place,
            down,
        }
    }

    /// The row updated in place: every computed value from the input row first, then
    /// stored at its position, the columns past the output's dropped.
    fn update(&self, computed: &[usize], mut row: Row, cx: &ExecContext) -> Result<Row> {
        match computed {
            [] => {}
            [j] => row[*j] = eval(&self.exprs[*j], &row, cx)?,
            _ => {
                let values = (computed.iter())
                    .map(|&j| eval(&self.exprs[j], &row, cx))
                    .collect::<Result<Vec<_>>>()?;
                for (&j, value) in computed.iter().zip(values) {
                    row[j] = value;
                }
            }
        }
        row.truncate(self.exprs.len());
        Ok(row)
    }
}

impl Sink for ProjectSink<'_> {
    fn push(&mut self, row: Row, cx: &ExecContext) -> Result<Flow> {
        if let Some(computed) = &self.in_place
            && row.len() >= self.exprs.len()
        {
            let out = self.update(computed, row, cx)?;
            return self.down.push(out, cx);
        }
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

//! `union T1, T2, …`: the rows of every input, columns matched by name (the lowering
//! computes each input's column mapping), with an optional source-name column.

use crate::diagnostic::Result;
use crate::exec::{ExecContext, Flow, Sink, execute as run};
use crate::plan::Node;
use crate::plan::tabular::union::Union;
use crate::value::{Column, Row, Value};

pub fn execute(op: &Union, node: &Node, down: &mut dyn Sink, cx: &ExecContext) -> Result<()> {
    let mut stopped = false;
    let columns = &node.schema[usize::from(op.source_names.is_some())..];
    for (i, input) in op.inputs.iter().enumerate() {
        if stopped {
            break;
        }
        let source = op
            .source_names
            .as_ref()
            .map(|n| Value::string(n[i].as_str()));
        let mut adapter = UnionInput {
            mapping: &op.mappings[i],
            columns,
            source,
            down: &mut *down,
            stopped: &mut stopped,
        };
        run(input, &mut adapter, cx)?;
    }
    down.finish(cx)
}

struct UnionInput<'a> {
    mapping: &'a [Option<usize>],
    columns: &'a [Column],
    source: Option<Value>,
    down: &'a mut dyn Sink,
    stopped: &'a mut bool,
}

impl Sink for UnionInput<'_> {
    fn push(&mut self, row: Row, cx: &ExecContext) -> Result<Flow> {
        let mut out: Row = self.source.iter().cloned().collect();
        out.extend(
            self.mapping
                .iter()
                .zip(self.columns)
                .map(|(m, c)| m.map_or_else(|| Value::null_of(c.ty), |i| row[i].clone())),
        );
        let flow = self.down.push(out, cx)?;
        *self.stopped |= flow == Flow::Stop;
        Ok(flow)
    }
    /// The union finishes its downstream once, after the last input.
    fn finish(&mut self, _: &ExecContext) -> Result<()> {
        Ok(())
    }
}

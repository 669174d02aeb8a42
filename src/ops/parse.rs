//! `parse` / `parse-where`: extracts typed columns from a string with a pattern that
//! the lowering has compiled into one regular expression with a group per column.

use crate::diagnostic::{Code, Diagnostic, Result};
use crate::exec::{ExecContext, Flow, Sink, eval::eval};
use crate::plan::tabular::parse::Parse;
use crate::value::{Row, Type, Value};
use regex::Regex;

pub struct ParseSink<'a> {
    op: &'a Parse,
    regex: Option<Regex>,
    down: &'a mut dyn Sink,
}

impl<'a> ParseSink<'a> {
    pub fn new(op: &'a Parse, down: &'a mut dyn Sink) -> Self {
        ParseSink {
            op,
            regex: None,
            down,
        }
    }

    fn regex(&mut self) -> Result<&Regex> {
        if self.regex.is_none() {
            let re = Regex::new(&self.op.regex).map_err(|e| {
                Diagnostic::new(
                    Code::InvalidRegex,
                    self.op.span,
                    format!("the parse pattern is not a valid regular expression: {e}"),
                )
            })?;
            self.regex = Some(re);
        }
        Ok(self.regex.as_ref().expect("set above"))
    }
}

impl Sink for ParseSink<'_> {
    fn push(&mut self, mut row: Row, cx: &ExecContext) -> Result<Flow> {
        let text = eval(&self.op.source, &row, cx)?.to_kusto_string();
        let columns = self.op.columns.clone();
        let captures = self.regex()?.captures(&text).map(|c| {
            (1..=columns.len())
                .map(|i| c.get(i).map(|m| m.as_str().to_string()))
                .collect::<Vec<_>>()
        });
        match captures {
            Some(values) => {
                for (v, ty) in values.into_iter().zip(&columns) {
                    let value =
                        v.map_or_else(|| Value::null_of(*ty), |s| Value::string(s).cast(*ty));
                    // parse-where keeps only rows whose every capture has its type.
                    if self.op.drop_unmatched && value.is_null() && *ty != Type::String {
                        return Ok(Flow::Continue);
                    }
                    row.push(value);
                }
            }
            None if self.op.drop_unmatched => return Ok(Flow::Continue),
            None => row.extend(columns.iter().map(|t| Value::null_of(*t))),
        }
        self.down.push(row, cx)
    }
    fn finish(&mut self, cx: &ExecContext) -> Result<()> {
        self.down.finish(cx)
    }
}

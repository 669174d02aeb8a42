//! Reading a named table (from `--table` files or in-memory tables).

use crate::diagnostic::Result;
use crate::exec::key_filter::KeyFilter;
use crate::exec::{ExecContext, Prefilter, Sink, eval::eval, eval::eval_predicate};
use crate::plan::tabular::scan::{Read, Scan};
use crate::plan::{Expr, Node};
use crate::value::{Column, Row, Value};
use std::cell::RefCell;

pub fn execute(op: &Scan, node: &Node, down: &mut dyn Sink, cx: &ExecContext) -> Result<()> {
    let Some(read) = (op.read.as_ref()).filter(|r| r.iter().any(|x| *x != Read::Whole)) else {
        cx.tables
            .read(&op.table, &node.schema, node.span, &mut |row| {
                cx.tick()?;
                down.push(row, cx)
            })?;
        return down.finish(cx);
    };
    let positions: Vec<usize> = (0..node.schema.len())
        .filter(|&i| read.get(i).is_none_or(Read::any))
        .collect();
    let wanted: Vec<Column> = positions.iter().map(|&i| node.schema[i].clone()).collect();
    let width = node.schema.len();
    let mut widen = |narrow: Row| {
        let mut row = vec![Value::Null; width];
        for (value, &i) in narrow.into_iter().zip(&positions) {
            row[i] = value;
        }
        cx.tick()?;
        down.push(row, cx)
    };
    let members = members_of(op, &positions);
    if members.iter().all(Option::is_none) {
        cx.tables.read(&op.table, &wanted, node.span, &mut widen)?;
    } else {
        // No filter, only the members to keep.
        let prefilter = Prefilter {
            first: vec![false; positions.len()],
            keep: &|_: &Row| true,
            members,
        };
        cx.tables
            .read_prefiltered(&op.table, &wanted, node.span, Some(&prefilter), &mut widen)?;
    }
    down.finish(cx)
}

/// For each column read (`positions`), the members of it the plan reads, when only those.
fn members_of(op: &Scan, positions: &[usize]) -> Vec<Option<Vec<String>>> {
    positions
        .iter()
        .map(|&i| {
            (op.read.as_ref())
                .and_then(|r| r.get(i))
                .and_then(Read::members)
                .map(<[String]>::to_vec)
        })
        .collect()
}

/// `T | where p1 | where p2 …` with the predicates pushed into the read: a row for which a
/// predicate (tried in order, on the columns it reads) is false is dropped before its
/// other columns are converted; so is a row `filter` (a join's key test) drops. Rows kept
/// still go through the `where`s above, so a predicate that fails with an error here
/// fails there, as without push-down. Plans the push-down cannot serve exactly run as
/// [`execute`].
pub fn execute_prefiltered(
    op: &Scan,
    node: &Node,
    predicates: &[&Expr],
    filter: Option<&KeyFilter>,
    down: &mut dyn Sink,
    cx: &ExecContext,
) -> Result<()> {
    let width = node.schema.len();
    let read = |i: usize| {
        op.read
            .as_ref()
            .is_none_or(|r| r.get(i).is_none_or(Read::any))
    };
    let mut used = vec![false; width];
    let keys = filter.map_or(&[][..], |f| &f.keys[..]);
    let pushable = (predicates.iter().copied().chain(keys))
        .all(|p| p.columns_read(&mut used) && crate::exec::parallel::parallel_safe(p));
    if !pushable || (0..width).any(|i| used[i] && !read(i)) {
        return execute(op, node, down, cx);
    }
    let positions: Vec<usize> = (0..width).filter(|&i| read(i)).collect();
    let wanted: Vec<Column> = positions.iter().map(|&i| node.schema[i].clone()).collect();
    let widen = |narrow: Row| {
        let mut row = vec![Value::Null; width];
        for (value, &i) in narrow.into_iter().zip(&positions) {
            row[i] = value;
        }
        row
    };
    // One wide row reused for every test: only the predicate columns are ever set.
    let scratch = RefCell::new(vec![Value::Null; width]);
    // The key values of the row being tested, reused likewise.
    let key_values = RefCell::new(Vec::with_capacity(keys.len()));
    let keep = |narrow: &Row| {
        let mut row = scratch.borrow_mut();
        for (value, &i) in narrow.iter().zip(&positions) {
            if used[i] {
                row[i] = value.clone();
            }
        }
        let mut verdict = true;
        for predicate in predicates {
            match eval_predicate(predicate, &row, cx) {
                Ok(true) => {}
                Ok(false) => {
                    verdict = false;
                    break;
                }
                // Kept: the `where` downstream meets the same error and reports it.
                Err(_) => break,
            }
        }
        if let (true, Some(filter)) = (verdict, filter) {
            // Keys that fail to evaluate keep the row: the join meets the same error.
            let mut values = key_values.borrow_mut();
            values.clear();
            for k in keys {
                match eval(k, &row, cx) {
                    Ok(value) => values.push(value),
                    Err(_) => break,
                }
            }
            verdict = values.len() < keys.len() || (filter.keep)(&values);
        }
        for &i in &positions {
            if used[i] {
                row[i] = Value::Null;
            }
        }
        verdict
    };
    let prefilter = Prefilter {
        first: positions.iter().map(|&i| used[i]).collect(),
        keep: &keep,
        members: members_of(op, &positions),
    };
    cx.tables.read_prefiltered(
        &op.table,
        &wanted,
        node.span,
        Some(&prefilter),
        &mut |narrow| {
            cx.tick()?;
            down.push(widen(narrow), cx)
        },
    )?;
    down.finish(cx)
}

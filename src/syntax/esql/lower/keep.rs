//! `KEEP`, `DROP` and `RENAME` with `*` wildcards.
//!
//! KEEP: each column goes to the pattern that matches it best — an exact name beats a
//! partial wildcard, which beats `*`; among equals the rightmost wins — and the output
//! lists columns pattern by pattern, in input order within one pattern.

use super::expr::unknown_column;
use super::{pattern_matches, project};
use crate::diagnostic::Result;
use crate::plan::{Expr, Node};
use crate::source::Span;
use crate::syntax::esql::ast::{NamePattern, Rename};
use crate::value::Column;

/// How specifically a pattern names a column: higher wins.
fn rank(pattern: &str, name: &str) -> Option<u8> {
    if pattern == name {
        Some(2)
    } else if pattern == "*" {
        Some(0)
    } else if pattern.contains('*') && pattern_matches(pattern, name) {
        Some(1)
    } else {
        None
    }
}

/// A pattern without wildcards must name an existing column.
fn check_known(node: &Node, patterns: &[NamePattern]) -> Result<()> {
    for p in patterns {
        if !p.pattern.contains('*') && node.column_index(&p.pattern).is_none() {
            return Err(unknown_column(&p.pattern, p.span, &node.schema));
        }
    }
    Ok(())
}

pub fn keep(node: Node, patterns: &[NamePattern], span: Span) -> Result<Node> {
    check_known(&node, patterns)?;
    let mut assigned: Vec<(usize, usize)> = Vec::new(); // (pattern, column)
    for (i, c) in node.schema.iter().enumerate() {
        let mut best: Option<(u8, usize)> = None;
        for (pi, p) in patterns.iter().enumerate() {
            if let Some(r) = rank(&p.pattern, &c.name)
                && best.is_none_or(|(br, _)| r >= br)
            {
                best = Some((r, pi));
            }
        }
        if let Some((_, pi)) = best {
            assigned.push((pi, i));
        }
    }
    assigned.sort();
    let exprs = assigned
        .iter()
        .map(|&(_, i)| Expr::column(i, node.schema[i].ty, span))
        .collect();
    let schema = assigned
        .iter()
        .map(|&(_, i)| node.schema[i].clone())
        .collect();
    Ok(project(node, exprs, schema, span))
}

pub fn drop(node: Node, patterns: &[NamePattern], span: Span) -> Result<Node> {
    check_known(&node, patterns)?;
    let kept: Vec<usize> = (0..node.schema.len())
        .filter(|&i| {
            !patterns
                .iter()
                .any(|p| rank(&p.pattern, &node.schema[i].name).is_some())
        })
        .collect();
    let exprs = kept
        .iter()
        .map(|&i| Expr::column(i, node.schema[i].ty, span))
        .collect();
    let schema = kept.iter().map(|&i| node.schema[i].clone()).collect();
    Ok(project(node, exprs, schema, span))
}

/// `RENAME old AS new`: in place; an existing column named `new` is dropped.
pub fn rename(node: Node, renames: &[Rename], span: Span) -> Result<Node> {
    let mut names: Vec<Option<String>> = node.schema.iter().map(|c| Some(c.name.clone())).collect();
    for r in renames {
        let Some(i) = names
            .iter()
            .position(|n| n.as_deref() == Some(r.old.pattern.as_str()))
        else {
            return Err(unknown_column(&r.old.pattern, r.old.span, &node.schema));
        };
        for n in names.iter_mut() {
            if n.as_deref() == Some(r.new.pattern.as_str()) {
                *n = None;
            }
        }
        names[i] = Some(r.new.pattern.clone());
    }
    let mut exprs = Vec::new();
    let mut schema = Vec::new();
    for (i, n) in names.into_iter().enumerate() {
        if let Some(n) = n {
            exprs.push(Expr::column(i, node.schema[i].ty, span));
            schema.push(Column::new(n, node.schema[i].ty));
        }
    }
    Ok(project(node, exprs, schema, span))
}

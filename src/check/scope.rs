//! What is in scope at a position of a query, for editors: the columns (with types)
//! that the stage at the cursor receives, and the type of the expression under the
//! cursor in the typed plan.

use super::CheckOptions;
use crate::plan::{Expr, ExprKind, Node, Op, Plan};
use crate::source::Span;
use crate::syntax::kql::lexer::{Token, lex};
use crate::syntax::kql::lower::lower_for_check;
use crate::value::{Column, Type};

/// The columns the pipe stage at `offset` receives: the schema of the stage before it.
///
/// The query need not parse: the text is cut before the `|` that starts the stage the
/// cursor is in (in the innermost parenthesis that holds a pipe), the statements before
/// it are kept, and that prefix is lowered. Empty when the prefix cannot be lowered.
pub fn columns_at(text: &str, offset: usize, options: &CheckOptions) -> Vec<Column> {
    let Some(prefix) = pipe_prefix(text, offset) else {
        return Vec::new();
    };
    let (query, diagnostics) = crate::syntax::kql::parse(&prefix);
    if diagnostics
        .iter()
        .any(crate::diagnostic::Diagnostic::is_error)
    {
        return Vec::new();
    }
    let Some(query) = query else {
        return Vec::new();
    };
    match lower_for_check(&query, &options.catalog).plan {
        Ok(plan) => plan.root.schema,
        Err(_) => Vec::new(),
    }
}

/// The query text whose result is the input of the stage at `offset`: the statements
/// before the cursor's statement, then the cursor's pipe up to its last `|` before the
/// cursor. `None` when the cursor is not after a `|`.
pub fn pipe_prefix(text: &str, offset: usize) -> Option<String> {
    let offset = offset.min(text.len());
    let (tokens, _) = lex(text);
    let before: Vec<(Token, Span)> = tokens
        .into_iter()
        .take_while(|(_, s)| (s.end as usize) <= offset)
        .collect();
    // Per open bracket level: where its content starts, and its last `|` so far.
    let mut levels: Vec<Level> = vec![Level::default()];
    let mut statement_start = 0usize;
    for (i, (token, span)) in before.iter().enumerate() {
        match token {
            Token::LParen | Token::LBrace | Token::LBracket => levels.push(Level {
                start: span.end as usize,
                start_token: i + 1,
                last_pipe: None,
                brace: *token == Token::LBrace,
            }),
            Token::RParen | Token::RBrace | Token::RBracket if levels.len() > 1 => {
                levels.pop();
            }
            Token::Pipe => {
                if let Some(level) = levels.last_mut() {
                    level.last_pipe = Some(span.start as usize);
                }
            }
            Token::Semi => {
                let top = levels.len() == 1;
                let level = levels.last_mut()?;
                if top || level.brace {
                    level.start = span.end as usize;
                    level.start_token = i + 1;
                    level.last_pipe = None;
                }
                if top {
                    statement_start = span.end as usize;
                }
            }
            _ => {}
        }
    }
    let level = levels.iter().rev().find(|l| l.last_pipe.is_some())?;
    let pipe = level.last_pipe?;
    // A `let name =` at the start of the level's statement is not part of the pipe.
    let mut start = level.start;
    if let [
        (Token::Ident("let"), _),
        (Token::Ident(_), _),
        (Token::Assign, eq),
        ..,
    ] = before.get(level.start_token..).unwrap_or(&[])
    {
        start = eq.end as usize;
    }
    let statements = text.get(..statement_start.min(start))?;
    let pipe_text = text.get(start..pipe)?;
    Some(format!("{statements}\n{pipe_text}"))
}

#[derive(Clone, Copy, Debug, Default)]
struct Level {
    start: usize,
    start_token: usize,
    last_pipe: Option<usize>,
    brace: bool,
}

/// The typed plan of a whole query, when it parses and lowers.
pub fn typed_plan(text: &str, options: &CheckOptions) -> Option<Plan> {
    let (query, diagnostics) = crate::syntax::kql::parse(text);
    if diagnostics
        .iter()
        .any(crate::diagnostic::Diagnostic::is_error)
    {
        return None;
    }
    lower_for_check(&query?, &options.catalog).plan.ok()
}

/// The innermost expression of the plan whose span holds `offset`, with its type.
#[derive(Clone, Debug, PartialEq)]
pub struct ExprAt {
    pub span: Span,
    pub ty: Type,
    /// Whether the expression is a column reference.
    pub is_column: bool,
}

/// The innermost typed expression at `offset` (a query offset).
pub fn expr_at(plan: &Plan, offset: usize) -> Option<ExprAt> {
    let mut best: Option<ExprAt> = None;
    let mut visit = |e: &Expr| {
        let holds = (e.span.start as usize) <= offset && offset < (e.span.end as usize);
        let narrower = best.as_ref().is_none_or(|b| e.span.len() < b.span.len());
        if holds && narrower {
            best = Some(ExprAt {
                span: e.span,
                ty: e.ty,
                is_column: matches!(e.kind, ExprKind::Column(_)),
            });
        }
    };
    for node in plan.shared.iter().chain(std::iter::once(&plan.root)) {
        each_expr_of_tree(node, &mut visit);
    }
    best
}

/// The type of a column named `name` in any stage of the plan (the last stage that has
/// it wins: a later `extend` may change it).
pub fn column_type(plan: &Plan, name: &str) -> Option<Type> {
    let mut found = None;
    let mut visit = |node: &Node| {
        if found.is_none()
            && let Some(c) = node.schema.iter().find(|c| c.name == name)
        {
            found = Some(c.ty);
        }
    };
    visit(&plan.root);
    for node in &plan.shared {
        each_node(node, &mut visit);
    }
    each_node(&plan.root, &mut visit);
    found
}

fn each_node(node: &Node, f: &mut dyn FnMut(&Node)) {
    f(node);
    crate::plan::visit::each_input(node, &mut |input| each_node(input, f));
}

/// Calls `f` on every expression (and sub-expression) of a node and its inputs.
fn each_expr_of_tree(node: &Node, f: &mut dyn FnMut(&Expr)) {
    crate::plan::visit::each_input(node, &mut |input| each_expr_of_tree(input, f));
    let mut visit = |e: &Expr| each_sub_expr(e, f);
    match &node.op {
        Op::Where(o) => visit(&o.predicate),
        Op::Extend(o) => o.exprs.iter().for_each(visit),
        Op::Project(o) => o.exprs.iter().for_each(visit),
        Op::Sort(o) => o.keys.iter().for_each(|k| visit(&k.expr)),
        Op::Summarize(o) => {
            o.keys.iter().for_each(&mut visit);
            o.aggregates
                .iter()
                .flat_map(|a| &a.args)
                .for_each(&mut visit);
        }
        Op::Join(o) => o.left_keys.iter().chain(&o.right_keys).for_each(visit),
        Op::MvExpand(o) => o.expansion.items.iter().for_each(|i| visit(&i.expr)),
        Op::MvApply(o) => o.expansion.items.iter().for_each(|i| visit(&i.expr)),
        Op::Parse(o) => visit(&o.source),
        Op::MakeSeries(o) => {
            o.keys.iter().for_each(&mut visit);
            visit(&o.axis);
            o.aggregates
                .iter()
                .flat_map(|a| &a.args)
                .for_each(&mut visit);
        }
        Op::TopNested(o) => o.levels.iter().for_each(|l| {
            visit(&l.key);
            l.aggregate.args.iter().for_each(&mut visit);
        }),
        Op::GraphTable(t) => t.exprs().into_iter().for_each(visit),
        Op::TableFn(t) => t.kind.row_exprs().into_iter().for_each(visit),
        _ => {}
    }
}

fn each_sub_expr(e: &Expr, f: &mut dyn FnMut(&Expr)) {
    f(e);
    match &e.kind {
        ExprKind::Call { args, .. } | ExprKind::Window { args, .. } => {
            args.iter().for_each(|a| each_sub_expr(a, f));
        }
        ExprKind::Binary { lhs, rhs, .. } => {
            each_sub_expr(lhs, f);
            each_sub_expr(rhs, f);
        }
        ExprKind::Neg(x) => each_sub_expr(x, f),
        ExprKind::In { operand, list, .. } => {
            each_sub_expr(operand, f);
            list.iter().for_each(|x| each_sub_expr(x, f));
        }
        ExprKind::Member { target, .. } => each_sub_expr(target, f),
        ExprKind::Index { target, index } => {
            each_sub_expr(target, f);
            each_sub_expr(index, f);
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(columns: &[Column]) -> Vec<&str> {
        columns.iter().map(|c| c.name.as_str()).collect()
    }

    #[test]
    fn the_stage_after_a_pipe_receives_the_schema_before_it() {
        let text = "AuditLogs | project OperationName, Result | where ";
        let cols = columns_at(text, text.len(), &CheckOptions::default());
        assert_eq!(names(&cols), ["OperationName", "Result"]);
    }

    #[test]
    fn earlier_lets_are_kept_and_the_let_name_is_dropped() {
        let text = "let n = 5;\nlet T = AuditLogs | extend X = n | project X, Result\n| where ";
        let cols = columns_at(text, text.len(), &CheckOptions::default());
        assert_eq!(names(&cols), ["X", "Result"]);
        assert_eq!(cols[0].ty, Type::Long);
    }

    #[test]
    fn a_pipe_inside_parentheses_is_its_own_scope() {
        let text = "AuditLogs | join (SigninLogs | project UserId | where ";
        let cols = columns_at(text, text.len(), &CheckOptions::default());
        assert_eq!(names(&cols), ["UserId"]);
    }

    #[test]
    fn inside_a_call_the_enclosing_pipe_counts() {
        let text = "AuditLogs | project Result | where isnotempty(";
        let cols = columns_at(text, text.len(), &CheckOptions::default());
        assert_eq!(names(&cols), ["Result"]);
    }

    #[test]
    fn no_pipe_before_the_cursor_means_no_columns() {
        assert!(columns_at("AuditLogs", 9, &CheckOptions::default()).is_empty());
    }

    #[test]
    fn the_expression_at_an_offset_has_its_type() {
        let text = "AuditLogs | extend N = strlen(OperationName)";
        let plan = typed_plan(text, &CheckOptions::default()).unwrap();
        let at = expr_at(&plan, text.find("OperationName").unwrap()).unwrap();
        assert!(at.is_column);
        assert_eq!(at.ty, Type::String);
        let call = expr_at(&plan, text.find("strlen").unwrap()).unwrap();
        assert_eq!(call.ty, Type::Long);
        assert_eq!(column_type(&plan, "N"), Some(Type::Long));
    }
}

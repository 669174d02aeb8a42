//! Go to definition and find references for `let` names, user function names and
//! function parameters. Definitions come from the KQL syntax tree (with the part of
//! the query where each is visible); uses are the identifier tokens of that name.

use crate::source::Span;
use crate::syntax::kql::ast::{self, LetValue, StatementKind};
use crate::syntax::kql::lexer::{Token, lex};

/// A name a query defines and where it is visible.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Definition {
    pub name: String,
    /// The span of the name in its `let` or parameter list.
    pub span: Span,
    /// The query range in which uses of the name refer to this definition.
    pub scope: Span,
    /// `let` value or function text, for hovers.
    pub kind: DefinitionKind,
}

/// What kind of name a definition introduces.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DefinitionKind {
    /// `let name = expr`.
    Let,
    /// `let name = (params) { … }`.
    Function,
    /// A parameter of a user function.
    Parameter,
}

/// Every definition of a parsed query whose text is `len` bytes long.
pub fn definitions(query: &ast::Query, len: usize) -> Vec<Definition> {
    let mut out = Vec::new();
    statements(&query.statements, len, &mut out);
    out
}

fn statements(list: &[ast::Statement], scope_end: usize, out: &mut Vec<Definition>) {
    for stmt in list {
        let StatementKind::Let { name, value } = &stmt.kind else {
            continue;
        };
        let scope = Span::new(
            stmt.span.end as usize,
            scope_end.max(stmt.span.end as usize),
        );
        let kind = match value {
            LetValue::Expr(_) => DefinitionKind::Let,
            LetValue::Function(f) => {
                for param in &f.params {
                    out.push(Definition {
                        name: param.name.name.clone(),
                        span: param.name.span,
                        scope: f.span,
                        kind: DefinitionKind::Parameter,
                    });
                }
                statements(&f.body, f.span.end as usize, out);
                DefinitionKind::Function
            }
        };
        out.push(Definition {
            name: name.name.clone(),
            span: name.span,
            scope,
            kind,
        });
    }
}

/// The definition a use (or the definition itself) at `offset` refers to: among the
/// definitions of that name visible there, the innermost.
pub fn resolve<'d>(defs: &'d [Definition], name: &str, offset: usize) -> Option<&'d Definition> {
    let inside = |s: Span| (s.start as usize) <= offset && offset <= (s.end as usize);
    if let Some(own) = defs.iter().find(|d| d.name == name && inside(d.span)) {
        return Some(own);
    }
    defs.iter()
        .filter(|d| d.name == name && inside(d.scope))
        .max_by_key(|d| d.scope.start)
}

/// The identifier token at (or just before) `offset`, with its span.
pub fn ident_at(text: &str, offset: usize) -> Option<(String, Span)> {
    let (tokens, _) = lex(text);
    let i = tokens
        .iter()
        .position(|(_, s)| (s.start as usize) <= offset && offset <= (s.end as usize))?;
    // At the boundary of two tokens prefer the identifier.
    let candidates = [Some(i), (i + 1 < tokens.len()).then_some(i + 1)];
    candidates
        .into_iter()
        .flatten()
        .find_map(|j| match tokens[j] {
            (Token::Ident(name), span)
                if (span.start as usize) <= offset && offset <= (span.end as usize) =>
            {
                Some((name.to_string(), span))
            }
            _ => None,
        })
}

/// The definition of the name at `offset`.
pub fn definition_at(query: &ast::Query, text: &str, offset: usize) -> Option<Definition> {
    let (name, span) = ident_at(text, offset)?;
    let defs = definitions(query, text.len());
    resolve(&defs, &name, span.start as usize).cloned()
}

/// Every span that refers to the definition of the name at `offset`; the definition
/// itself first when `include_declaration`.
pub fn references_at(
    query: &ast::Query,
    text: &str,
    offset: usize,
    include_declaration: bool,
) -> Vec<Span> {
    let Some((name, span)) = ident_at(text, offset) else {
        return Vec::new();
    };
    let defs = definitions(query, text.len());
    let Some(target) = resolve(&defs, &name, span.start as usize) else {
        return Vec::new();
    };
    let (tokens, _) = lex(text);
    let mut out = Vec::new();
    if include_declaration {
        out.push(target.span);
    }
    for (i, (token, span)) in tokens.iter().enumerate() {
        let Token::Ident(word) = token else { continue };
        let after_dot = i > 0 && matches!(tokens[i - 1].0, Token::Dot);
        if *word != name || after_dot || *span == target.span {
            continue;
        }
        if resolve(&defs, &name, span.start as usize) == Some(target) {
            out.push(*span);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> ast::Query {
        crate::syntax::kql::parse(text).0.unwrap()
    }

    fn at(text: &str, needle: &str, nth: usize) -> usize {
        text.match_indices(needle).nth(nth).unwrap().0
    }

    #[test]
    fn a_use_of_a_let_goes_to_its_name() {
        let text = "let Window = 1h;\nAuditLogs | where TimeGenerated > ago(Window)";
        let q = parse(text);
        let def = definition_at(&q, text, at(text, "Window", 1) + 2).unwrap();
        assert_eq!(def.span, Span::new(4, 10));
        assert_eq!(def.kind, DefinitionKind::Let);
    }

    #[test]
    fn references_of_a_function_include_every_call_but_not_members() {
        let text = "let f = (x:string) { strlen(x) };\nT | extend a = f(A), b = f(B), c = d.f";
        let q = parse(text);
        let refs = references_at(&q, text, at(text, "f", 0), true);
        assert_eq!(refs.len(), 3, "{refs:?}");
        assert_eq!(refs[0], Span::new(4, 5));
    }

    #[test]
    fn a_parameter_shadows_a_let_of_the_same_name() {
        let text = "let x = 1;\nlet f = (x:long) { x + 1 };\nprint f(x)";
        let q = parse(text);
        // `x` is at: `let x`, `(x:long`, `{ x + 1`, `f(x)`.
        let inner = definition_at(&q, text, at(text, "x", 2)).unwrap();
        assert_eq!(inner.kind, DefinitionKind::Parameter);
        let outer = definition_at(&q, text, at(text, "x", 3)).unwrap();
        assert_eq!(outer.kind, DefinitionKind::Let);
        let refs = references_at(&q, text, at(text, "x", 0), false);
        assert_eq!(refs, [Span::new(at(text, "x", 3), at(text, "x", 3) + 1)]);
    }

    #[test]
    fn a_column_name_has_no_definition() {
        let text = "AuditLogs | where Result == 'x'";
        assert_eq!(
            definition_at(&parse(text), text, at(text, "Result", 0)),
            None
        );
    }
}

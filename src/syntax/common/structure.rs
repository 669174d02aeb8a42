//! The structural checks done before parsing: delimiter balance (reported once, at
//! the opener) and nesting depth and operator-chain length (so that no input can
//! exhaust the parser's stack).

use super::{Bracket, LanguageCodes, SyntaxToken};
use crate::diagnostic::{Code, Diagnostic};
use crate::source::Span;
use chumsky::span::SimpleSpan;

/// Deeper nesting than this is refused with the language's too-complex code.
pub const MAX_DEPTH: usize = 200;
/// Longest run of prefix operators or of binary operators at one level.
pub const MAX_CHAIN: usize = 2_000;

/// What the structural pre-pass found.
pub struct Structure {
    /// Unbalanced delimiter diagnostics.
    pub diagnostics: Vec<Diagnostic>,
    /// Offset of the first delimiter problem: later parser errors are consequences.
    pub first_unbalanced: Option<u32>,
    /// Set when the query nests too deeply to parse safely.
    pub too_complex: Option<Diagnostic>,
}

/// Checks delimiter balance, nesting depth and chain length over the tokens.
pub fn check_structure<T: SyntaxToken>(tokens: &[(T, Span)], codes: &LanguageCodes) -> Structure {
    let mut open: Vec<(Bracket, Span)> = Vec::new();
    let mut chains: Vec<usize> = vec![0];
    let mut found = Structure {
        diagnostics: Vec::new(),
        first_unbalanced: None,
        too_complex: None,
    };
    for (token, span) in tokens {
        let span = *span;
        match token.bracket() {
            Some((bracket, true)) => {
                open.push((bracket, span));
                chains.push(0);
                if open.len() > MAX_DEPTH {
                    found.too_complex = Some(too_complex(
                        span,
                        codes,
                        format!("brackets nest deeper than {MAX_DEPTH} levels here"),
                    ));
                    return found;
                }
            }
            Some((bracket, false)) => {
                chains.pop();
                if chains.is_empty() {
                    chains.push(0);
                }
                close(&mut open, bracket, span, codes, &mut found);
            }
            None if token.ends_chain() => {
                if let Some(count) = chains.last_mut() {
                    *count = 0;
                }
            }
            None if token.is_chain_operator() => {
                if let Some(count) = chains.last_mut() {
                    *count += 1;
                    if *count > MAX_CHAIN {
                        found.too_complex = Some(too_complex(
                            span,
                            codes,
                            format!("more than {MAX_CHAIN} operators in one chain here"),
                        ));
                        return found;
                    }
                }
            }
            None => {}
        }
    }
    for &(bracket, open_span) in open.iter().rev() {
        found.first_unbalanced = Some(
            found
                .first_unbalanced
                .map_or(open_span.start, |f| f.min(open_span.start)),
        );
        found.diagnostics.push(
            Diagnostic::new(
                codes.unbalanced_delimiter,
                open_span,
                format!("unclosed `{}`", bracket.open()),
            )
            .with_label(open_span, "opened here")
            .with_help(format!("add the matching `{}`", bracket.close())),
        );
    }
    found
}

/// A closing bracket: pops its opener, or reports a mismatch or a stray closer.
fn close(
    open: &mut Vec<(Bracket, Span)>,
    bracket: Bracket,
    span: Span,
    codes: &LanguageCodes,
    found: &mut Structure,
) {
    match open.last().copied() {
        Some((opener, _)) if opener == bracket => {
            open.pop();
        }
        Some((opener, open_span)) => {
            found
                .first_unbalanced
                .get_or_insert(open_span.start.min(span.start));
            found.diagnostics.push(
                Diagnostic::new(
                    codes.unbalanced_delimiter,
                    span,
                    format!("`{}` does not close `{}`", bracket.close(), opener.open()),
                )
                .with_label(
                    open_span,
                    format!("this `{}` is closed by `{}`", opener.open(), opener.close()),
                )
                .with_help(format!(
                    "close `{}` with `{}` first",
                    opener.open(),
                    opener.close()
                )),
            );
            open.pop();
        }
        None => {
            found.first_unbalanced.get_or_insert(span.start);
            found.diagnostics.push(
                Diagnostic::new(
                    codes.unbalanced_delimiter,
                    span,
                    format!("unmatched closing `{}`", bracket.close()),
                )
                .with_help("remove it, or add the opening delimiter it belongs to"),
            );
        }
    }
}

fn too_complex(span: Span, codes: &LanguageCodes, what: String) -> Diagnostic {
    Diagnostic::new(
        codes.too_complex,
        span,
        format!("the query is too complex: {what}"),
    )
    .with_help(codes.split_help)
}

/// Runs a language's whole-query parser the way both front ends do: the structural
/// pre-pass first (a query too complex to parse safely is not parsed), then `parse`
/// over the tokens with chumsky spans (`eoi` is the end-of-input span), keeping only
/// parser errors before the first unbalanced delimiter (later ones are its
/// consequences). `diagnostics` holds the lexer's findings; the result is sorted by
/// position without duplicates.
pub fn parse_checked<T: SyntaxToken, O>(
    text: &str,
    tokens: &[(T, Span)],
    mut diagnostics: Vec<Diagnostic>,
    codes: &LanguageCodes,
    parse: impl FnOnce(&[(T, SimpleSpan)], SimpleSpan) -> (Option<O>, Vec<Diagnostic>),
) -> (Option<O>, Vec<Diagnostic>) {
    let structure = check_structure(tokens, codes);
    if let Some(too_complex) = structure.too_complex {
        diagnostics.push(too_complex);
        return (None, diagnostics);
    }
    let (spanned, eoi) = chumsky_tokens(text, tokens);
    let (output, errors) = parse(&spanned, eoi);
    let cutoff = structure.first_unbalanced;
    let errors: Vec<Diagnostic> = errors
        .into_iter()
        .filter(|d| cutoff.is_none_or(|c| d.span.start < c))
        .collect();
    drop_same_line_consequences(text, &mut diagnostics, &errors);
    diagnostics.extend(structure.diagnostics);
    diagnostics.extend(errors);
    diagnostics.sort_by_key(|d| (d.span.start, d.span.end));
    diagnostics.dedup();
    (output, diagnostics)
}

/// Drops the invalid characters the lexer found after the first parse error on its line: after
/// `extract(@(\.\w+)$, …)` fails at `@`, the stray `\` and `$` are consequences of the
/// same mistake (an unquoted regex), not three more.
fn drop_same_line_consequences(text: &str, lexed: &mut Vec<Diagnostic>, errors: &[Diagnostic]) {
    let Some(first) = errors.iter().map(|d| d.span.start as usize).min() else {
        return;
    };
    lexed.retain(|d| {
        let at = d.span.start as usize;
        let invalid_character = matches!(d.code, Code::InvalidToken | Code::EsqlInvalidToken);
        !invalid_character
            || at <= first
            || text
                .get(first..at)
                .is_none_or(|between| between.contains('\n'))
    });
}

/// The tokens with chumsky spans, and the end-of-input span of `text`.
pub fn chumsky_tokens<T: Copy>(
    text: &str,
    tokens: &[(T, Span)],
) -> (Vec<(T, SimpleSpan)>, SimpleSpan) {
    let spanned = tokens
        .iter()
        .map(|(t, s)| (*t, SimpleSpan::from(s.range())))
        .collect();
    (spanned, SimpleSpan::from(text.len()..text.len()))
}

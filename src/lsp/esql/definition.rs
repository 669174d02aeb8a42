//! Go to definition on ES|QL: from a column read to the name the command that made it
//! writes (`EVAL x = …`'s `x`, `RENAME … AS x`'s `x`, a `STATS` aggregate's name).

use super::hover::{Origin, origin};
use super::names::{Role, name_at};
use crate::source::Span;

/// The query span of the definition of the column at query offset `offset` of ES|QL
/// `text`; `None` for an index field, a function or a name not in scope.
pub fn definition(text: &str, offset: usize) -> Option<Span> {
    let query = crate::syntax::esql::parse(text).0?;
    let name = name_at(&query, offset)?;
    match name.role {
        Role::Defines => Some(name.span),
        Role::Column | Role::Pattern { .. } => match origin(&query, text, &name, offset)? {
            Origin::Made(d) => Some(d.name_span),
            Origin::Index => None,
        },
        Role::Function | Role::Metadata => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target<'t>(text: &'t str, needle: &str, nth: usize) -> Option<&'t str> {
        let offset = text.match_indices(needle).nth(nth)?.0 + 1;
        definition(text, offset).and_then(|s| text.get(s.range()))
    }

    #[test]
    fn a_column_goes_to_the_name_its_command_writes() {
        let text = "FROM l | EVAL rate = a / b | STATS top = max(rate) BY h | KEEP top";
        assert_eq!(target(text, "rate", 1), Some("rate"));
        assert_eq!(
            definition(text, text.find("rate)").unwrap()),
            Some(Span::new(14, 18))
        );
        let top = text.rfind("top").unwrap();
        assert_eq!(definition(text, top), Some(Span::new(35, 38)));
    }

    #[test]
    fn index_fields_and_functions_have_no_definition() {
        let text = "FROM l | EVAL rate = a / b | STATS top = max(rate) BY h";
        assert_eq!(target(text, "a /", 0), None);
        assert_eq!(target(text, "max", 0), None);
    }
}

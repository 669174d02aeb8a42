//! What the KQL and ES|QL lexers share: the way their punctuation tokens are declared,
//! and the diagnostic for a character that starts no token.

use crate::diagnostic::{Code, Diagnostic};
use crate::source::Span;

/// `code` for the text `slice` at `span` that starts no token of `language`: the
/// message shows its first characters, escaped.
pub fn invalid_character(code: Code, span: Span, slice: &str, language: &str) -> Diagnostic {
    let shown: String = slice.chars().take(8).flat_map(char::escape_debug).collect();
    Diagnostic::new(code, span, format!("invalid character `{shown}`")).with_help(format!(
        "this character cannot start any {language} token; remove it or put it in a string"
    ))
}

/// Declares a lexer's logos `Token` enum with each punctuation token written once:
/// an entry `Name = "text",` of the `punctuation` block becomes a `#[token("text")]`
/// variant `Name` of the enum and an arm of the generated `punct_text`, so the text a
/// token is lexed from and the text messages show for it cannot differ.
macro_rules! token_enum {
    (
        $(#[$meta:meta])*
        pub enum $token:ident<$lt:lifetime> {
            $($variants:tt)*
        }
        punctuation {
            $($(#[$punct_meta:meta])* $punct:ident = $text:tt,)*
        }
    ) => {
        $(#[$meta])*
        pub enum $token<$lt> {
            $($variants)*
            $($(#[$punct_meta])* #[token($text)] $punct,)*
        }

        impl $token<'_> {
            /// The fixed text of a punctuation token (empty for tokens that carry text).
            pub fn punct_text(&self) -> &'static str {
                match self {
                    $($token::$punct => $text,)*
                    _ => "",
                }
            }
        }
    };
}
pub(crate) use token_enum;

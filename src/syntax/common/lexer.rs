//! What the KQL and ES|QL lexers share: the way their punctuation tokens are declared.

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

//! The language-neutral view of a token that the layout works on: its span and the
//! role that decides the blanks around it.

/// What a token is, as far as spacing and line breaks are concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    /// `|`: starts a tabular operator or processing command.
    Pipe,
    /// `;`: ends a KQL statement.
    Semi,
    /// `(` or `[`.
    Open,
    /// `)` or `]`.
    Close,
    /// `{`: opens a group whose inner blanks are kept as written.
    OpenBrace,
    /// `}`.
    CloseBrace,
    Comma,
    /// A comparison: `==`, `!=`, `<>`, `=~`, `!~`, `<`, `<=`, `>`, `>=`.
    Compare,
    /// `+`, `-`, `/`, `%`: spaced when used between two operands.
    Arith,
    /// `=`: spaced on both sides when written with a space on either.
    Assign,
    /// A word; `logical` for `and`/`or`, where a long line may break.
    Word {
        logical: bool,
    },
    /// A string, number or other literal.
    Literal,
    /// Anything whose neighbours keep the blanks they have (`.`, `*`, `:`, `!`, …).
    Other,
}

impl Class {
    pub fn opens(self) -> bool {
        matches!(self, Class::Open | Class::OpenBrace)
    }
    pub fn closes(self) -> bool {
        matches!(self, Class::Close | Class::CloseBrace)
    }
    /// Whether an operand can end with this token (`x`, `1`, `)`).
    pub fn ends_operand(self) -> bool {
        matches!(self, Class::Word { .. } | Class::Literal | Class::Close)
    }
    /// Whether an operand can start with this token (`x`, `1`, `(`).
    pub fn starts_operand(self) -> bool {
        matches!(self, Class::Word { .. } | Class::Literal | Class::Open)
    }
}

/// One token of the query being formatted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tok {
    pub start: usize,
    pub end: usize,
    pub class: Class,
    /// Keep the blank before this token exactly as absent or present (ES|QL index
    /// patterns such as `logs-*`, where touching tokens form one name).
    pub verbatim: bool,
}

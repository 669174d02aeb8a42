//! The ES|QL syntax tree: what the parser produces, with a byte span on every node.
//!
//! A query is one source command (`FROM`, `ROW`, `SHOW`) followed by `| command`
//! stages. Field names are kept as written, dotted parts joined (`http.response.status_code`),
//! since ES|QL treats a dotted name as one flattened field.

use crate::source::Span;

/// A whole query: the source command and the processing commands after it.
#[derive(Clone, Debug, PartialEq)]
pub struct Query {
    pub source: SourceCommand,
    pub commands: Vec<Command>,
    pub span: Span,
}

/// The command a query starts with.
#[derive(Clone, Debug, PartialEq)]
pub struct SourceCommand {
    pub kind: SourceKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum SourceKind {
    /// `FROM index, … [METADATA _id, _version, _index]`; `TS …` (time series) has the same shape.
    From {
        indices: Vec<IndexPattern>,
        metadata: Vec<Ident>,
        time_series: bool,
    },
    /// `ROW a = 1, b = "x"`.
    Row(Vec<Field>),
    /// `SHOW INFO`.
    Show(Ident),
}

/// An index pattern of `FROM` or `LOOKUP JOIN`: `logs-*`, `remote:logs-*`, `"logs-*"`.
#[derive(Clone, Debug, PartialEq)]
pub struct IndexPattern {
    /// The cluster of a cross-cluster pattern (`remote` in `remote:logs-*`).
    pub cluster: Option<String>,
    /// The index name or pattern, quotes removed.
    pub index: String,
    pub span: Span,
}

/// One `| command` stage.
#[derive(Clone, Debug, PartialEq)]
pub struct Command {
    pub kind: CommandKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum CommandKind {
    Where(Expr),
    Eval(Vec<Field>),
    Stats(Stats),
    /// `INLINESTATS` or `INLINE STATS`: aggregates added to every row of its group.
    InlineStats(Stats),
    Keep(Vec<NamePattern>),
    Drop(Vec<NamePattern>),
    Rename(Vec<Rename>),
    Sort(Vec<SortKey>),
    /// `LIMIT n`: an integer literal or a parameter.
    Limit(Expr),
    /// `DISSECT input "pattern" [APPEND_SEPARATOR = "x"]`.
    Dissect {
        input: Expr,
        pattern: StringLit,
        options: Vec<CommandOption>,
    },
    /// `GROK input "pattern" [, "pattern"…]`.
    Grok {
        input: Expr,
        patterns: Vec<StringLit>,
    },
    MvExpand(QualifiedName),
    /// `ENRICH policy [ON field] [WITH [new =] field, …]`.
    Enrich {
        policy: NamePattern,
        on: Option<NamePattern>,
        with: Vec<EnrichField>,
    },
    /// `LOOKUP JOIN index ON field, …` (a condition list in newer versions).
    LookupJoin {
        index: IndexPattern,
        on: Vec<Expr>,
    },
    /// `CHANGE_POINT value [ON key] [AS type_name, pvalue_name]`.
    ChangePoint {
        value: QualifiedName,
        key: Option<QualifiedName>,
        names: Option<(QualifiedName, QualifiedName)>,
    },
    /// `COMPLETION [target =] prompt WITH { "inference_id": "…" }`.
    Completion {
        target: Option<QualifiedName>,
        prompt: Expr,
        options: MapExpr,
    },
    /// `SAMPLE probability`.
    Sample(Expr),
}

/// The body of `STATS`/`INLINE STATS`: `aggregates [BY groups]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Stats {
    pub aggregates: Vec<Aggregate>,
    pub groups: Vec<Field>,
}

/// `[name =] expr [WHERE filter]` in a `STATS` list.
#[derive(Clone, Debug, PartialEq)]
pub struct Aggregate {
    pub field: Field,
    /// The per-aggregate filter: `count(*) WHERE x > 1`.
    pub filter: Option<Expr>,
    pub span: Span,
}

/// `[name =] expr` in `ROW`, `EVAL`, `STATS … BY`.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    /// Absent when the column is named after the expression text.
    pub name: Option<QualifiedName>,
    pub value: Expr,
    pub span: Span,
}

/// `old AS new` (or `new = old`) in `RENAME`.
#[derive(Clone, Debug, PartialEq)]
pub struct Rename {
    pub old: NamePattern,
    pub new: NamePattern,
    pub span: Span,
}

/// `expr [ASC|DESC] [NULLS FIRST|LAST]`.
#[derive(Clone, Debug, PartialEq)]
pub struct SortKey {
    pub expr: Expr,
    /// `Some(true)` for `DESC`, `Some(false)` for `ASC`, `None` when not written.
    pub descending: Option<bool>,
    /// `Some(true)` for `NULLS FIRST`, `Some(false)` for `NULLS LAST`.
    pub nulls_first: Option<bool>,
    pub span: Span,
}

/// `name = constant` after a command (`APPEND_SEPARATOR = "x"`).
#[derive(Clone, Debug, PartialEq)]
pub struct CommandOption {
    pub name: Ident,
    pub value: Expr,
    pub span: Span,
}

/// `[new =] field` in `ENRICH … WITH`.
#[derive(Clone, Debug, PartialEq)]
pub struct EnrichField {
    pub new_name: Option<NamePattern>,
    pub field: NamePattern,
    pub span: Span,
}

/// `{ "key": value, … }`: options of `COMPLETION` and of some functions.
#[derive(Clone, Debug, PartialEq)]
pub struct MapExpr {
    pub entries: Vec<(StringLit, Expr)>,
    pub span: Span,
}

/// A string literal with its decoded text.
#[derive(Clone, Debug, PartialEq)]
pub struct StringLit {
    pub value: String,
    pub span: Span,
}

/// One identifier: unquoted (`host`), back-quoted (`` `weird name` ``) or `@timestamp`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Ident {
    pub name: String,
    pub span: Span,
}

/// A field name: identifiers joined by `.` (`http.response.status_code`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct QualifiedName {
    pub name: String,
    pub span: Span,
}

/// A field name pattern of `KEEP`/`DROP`/`RENAME`/`ENRICH`: `Esql.*`, `*_id`, `host.name`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct NamePattern {
    pub pattern: String,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    Literal(Literal),
    /// A field (column) reference.
    Field(QualifiedName),
    /// `?`, `?name`, `?1`: a query parameter; the text after `?` (empty when positional).
    Param(String),
    /// `[1, 2, 3]`, `["a", "b"]`: a multi-valued constant.
    Array(Vec<Expr>),
    /// `{ "key": value, … }` nested as the value of a map entry.
    Map(MapExpr),
    /// `f(a, b)`; `count(*)` has one [`ExprKind::Star`] argument; `options` is a
    /// trailing `{…}` map argument. Names are case-insensitive, kept as written.
    Call {
        name: Ident,
        args: Vec<Expr>,
        options: Option<MapExpr>,
    },
    /// The `*` of `count(*)`.
    Star,
    Unary {
        op: UnaryOp,
        operand: Box<Expr>,
    },
    /// `NOT expr`.
    Not(Box<Expr>),
    Binary {
        op: BinaryOp,
        lhs: Box<Expr>,
        rhs: Box<Expr>,
    },
    /// `x LIKE "a*"`, `x NOT RLIKE ("a.*", "b.*")`: the pattern list form has several.
    Like {
        operand: Box<Expr>,
        patterns: Vec<Expr>,
        negated: bool,
        regex: bool,
    },
    /// `x [NOT] IN (a, b)`.
    In {
        operand: Box<Expr>,
        list: Vec<Expr>,
        negated: bool,
    },
    /// `x IS [NOT] NULL`.
    IsNull {
        operand: Box<Expr>,
        negated: bool,
    },
    /// `field : "query"`: the full-text match operator.
    Match {
        field: Box<Expr>,
        query: Box<Expr>,
    },
    /// `x::long`.
    Cast {
        operand: Box<Expr>,
        ty: Ident,
    },
    /// `(expr)`: kept so spans and printing stay faithful.
    Paren(Box<Expr>),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Literal {
    Null,
    Bool(bool),
    /// An integer literal that fits in a signed 64-bit long.
    Integer(i64),
    /// An integer literal above `i64::MAX` that fits in an unsigned long.
    UnsignedLong(u64),
    /// A decimal literal (`1.5`, `.5`, `1e3`), or an integer too large for any integer type.
    Decimal(f64),
    String(String),
    /// `1 hour`, `7 days`, `5m`: an integer qualified by a time unit.
    TimeSpan {
        value: i64,
        unit: TimeUnit,
    },
}

/// The unit of a qualified integer literal. Calendar units (`day` and up) make a
/// `date_period` in ES|QL, clock units a `time_duration`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TimeUnit {
    Millisecond,
    Second,
    Minute,
    Hour,
    Day,
    Week,
    Month,
    Quarter,
    Year,
}

impl TimeUnit {
    /// The unit a word names (case-insensitive): ES|QL's spellings and abbreviations
    /// (`EsqlDataTypeConverter.parseTemporalAmount`; recent versions take `m` for minutes).
    pub fn from_word(word: &str) -> Option<TimeUnit> {
        use TimeUnit::*;
        Some(match word.to_ascii_lowercase().as_str() {
            "millisecond" | "milliseconds" | "ms" => Millisecond,
            "second" | "seconds" | "sec" | "s" => Second,
            "minute" | "minutes" | "min" | "m" => Minute,
            "hour" | "hours" | "h" => Hour,
            "day" | "days" | "d" => Day,
            "week" | "weeks" | "w" => Week,
            "month" | "months" | "mo" => Month,
            "quarter" | "quarters" | "q" => Quarter,
            "year" | "years" | "yr" | "y" => Year,
            _ => return None,
        })
    }

    /// Every accepted spelling, for "did you mean" hints.
    pub const WORDS: &'static [&'static str] = &[
        "millisecond",
        "milliseconds",
        "ms",
        "second",
        "seconds",
        "sec",
        "s",
        "minute",
        "minutes",
        "min",
        "m",
        "hour",
        "hours",
        "h",
        "day",
        "days",
        "d",
        "week",
        "weeks",
        "w",
        "month",
        "months",
        "mo",
        "quarter",
        "quarters",
        "q",
        "year",
        "years",
        "yr",
        "y",
    ];
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnaryOp {
    Neg,
    Plus,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BinaryOp {
    Or,
    And,
    Eq,
    NotEq,
    /// `=~`: case-insensitive equality.
    EqIgnoreCase,
    Lt,
    Le,
    Gt,
    Ge,
    Add,
    Sub,
    Mul,
    Div,
    Mod,
}

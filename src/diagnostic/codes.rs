//! The catalogue of diagnostic codes: one stable id, name, default severity and
//! summary per code. The `match` is exhaustive, so a new code cannot lack an entry.

use super::Severity;

/// A stable diagnostic code. Ids never change meaning once published.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Code {
    // --- syntax (KQL0xx) ---
    SyntaxError,
    UnterminatedString,
    UnbalancedDelimiter,
    UnknownOperator,
    InvalidToken,
    InvalidLiteral,
    TooComplex,
    UnreadableLiteral,
    // --- rule files (KQL1xx) ---
    RuleFileInvalid,
    RuleMissingQuery,
    NotText,
    RuleColumnMissing,
    RuleMetadataInvalid,
    // --- names and types (KQL2xx) ---
    UnknownTable,
    UnknownColumn,
    UnknownFunction,
    WrongArity,
    TypeMismatch,
    Unsupported,
    UnknownName,
    AssumedWorkspaceFunction,
    UnusedLet,
    TableWithoutSchema,
    ColumnNotInSchema,
    DynamicKey,
    WhereAfterTake,
    ColumnShadowsLet,
    AgoBeyondQueryPeriod,
    NotBool,
    OperatorTypes,
    ArgumentType,
    JoinKeyMissing,
    ContainsOverHas,
    CaseFoldCompare,
    NoTimeFilter,
    EveryTable,
    FilterAfterStage,
    JoinWithoutKind,
    RegexOverHas,
    ColumnOverwritten,
    JoinKeyTypes,
    // --- running (KQL3xx) ---
    RuntimeError,
    MissingTable,
    InvalidRegex,
    ToscalarRows,
    MemoryBudget,
    Timeout,
    // --- ES|QL syntax (ESQL0xx) ---
    EsqlSyntaxError,
    EsqlUnterminatedString,
    EsqlUnbalancedDelimiter,
    EsqlUnknownCommand,
    EsqlInvalidToken,
    EsqlInvalidLiteral,
    EsqlTooComplex,
    // --- ES|QL rule files (ESQL1xx) ---
    EsqlRuleLanguage,
    // --- ES|QL names and aggregates (ESQL2xx) ---
    EsqlUnknownColumn,
    EsqlUnknownFunction,
    EsqlWrongArity,
    EsqlNotAggregate,
    EsqlMisplacedAggregate,
    // --- ES|QL types (ESQL206+) ---
    EsqlTypeMismatch,
    EsqlNearMissColumn,
    // --- translation (TRN0xx) ---
    Untranslatable,
}

impl Code {
    /// Every code, in catalogue order (for the README table and the catalogue test).
    pub const ALL: &'static [Code] = &[
        Code::SyntaxError,
        Code::UnterminatedString,
        Code::UnbalancedDelimiter,
        Code::UnknownOperator,
        Code::InvalidToken,
        Code::InvalidLiteral,
        Code::TooComplex,
        Code::UnreadableLiteral,
        Code::RuleFileInvalid,
        Code::RuleMissingQuery,
        Code::NotText,
        Code::RuleColumnMissing,
        Code::RuleMetadataInvalid,
        Code::UnknownTable,
        Code::UnknownColumn,
        Code::UnknownFunction,
        Code::WrongArity,
        Code::TypeMismatch,
        Code::Unsupported,
        Code::UnknownName,
        Code::AssumedWorkspaceFunction,
        Code::UnusedLet,
        Code::TableWithoutSchema,
        Code::ColumnNotInSchema,
        Code::DynamicKey,
        Code::WhereAfterTake,
        Code::ColumnShadowsLet,
        Code::AgoBeyondQueryPeriod,
        Code::NotBool,
        Code::OperatorTypes,
        Code::ArgumentType,
        Code::JoinKeyMissing,
        Code::ContainsOverHas,
        Code::CaseFoldCompare,
        Code::NoTimeFilter,
        Code::EveryTable,
        Code::FilterAfterStage,
        Code::JoinWithoutKind,
        Code::RegexOverHas,
        Code::ColumnOverwritten,
        Code::JoinKeyTypes,
        Code::RuntimeError,
        Code::MissingTable,
        Code::InvalidRegex,
        Code::ToscalarRows,
        Code::MemoryBudget,
        Code::Timeout,
        Code::EsqlSyntaxError,
        Code::EsqlUnterminatedString,
        Code::EsqlUnbalancedDelimiter,
        Code::EsqlUnknownCommand,
        Code::EsqlInvalidToken,
        Code::EsqlInvalidLiteral,
        Code::EsqlTooComplex,
        Code::EsqlRuleLanguage,
        Code::EsqlUnknownColumn,
        Code::EsqlUnknownFunction,
        Code::EsqlWrongArity,
        Code::EsqlNotAggregate,
        Code::EsqlMisplacedAggregate,
        Code::EsqlTypeMismatch,
        Code::EsqlNearMissColumn,
        Code::Untranslatable,
    ];

    /// `(id, name, default severity, one-line summary)`.
    pub fn info(self) -> (&'static str, &'static str, Severity, &'static str) {
        use Severity::*;
        match self {
            Code::SyntaxError => (
                "KQL001",
                "syntax-error",
                Error,
                "the query does not follow the grammar",
            ),
            Code::UnterminatedString => (
                "KQL002",
                "unterminated-string",
                Error,
                "a string literal has no closing quote",
            ),
            Code::UnbalancedDelimiter => (
                "KQL003",
                "unbalanced-delimiter",
                Error,
                "a bracket or parenthesis is not closed or not opened",
            ),
            Code::UnknownOperator => (
                "KQL004",
                "unknown-operator",
                Error,
                "the word after `|` is not a tabular operator",
            ),
            Code::InvalidToken => (
                "KQL005",
                "invalid-token",
                Error,
                "a character that cannot start any token",
            ),
            Code::InvalidLiteral => (
                "KQL006",
                "invalid-literal",
                Error,
                "a datetime, timespan, number or dynamic literal that cannot be read",
            ),
            Code::TooComplex => (
                "KQL007",
                "too-complex",
                Error,
                "the query nests deeper than kqlc accepts",
            ),
            Code::UnreadableLiteral => (
                "KQL008",
                "unreadable-literal",
                Warning,
                "a `datetime(…)`, `timespan(…)` or `guid(…)` whose content Kusto parses but kqlc reads as null",
            ),
            Code::RuleFileInvalid => (
                "KQL101",
                "rule-file-invalid",
                Error,
                "the rule file is not valid YAML/TOML",
            ),
            Code::RuleMissingQuery => (
                "KQL102",
                "rule-missing-query",
                Error,
                "the rule file has no query",
            ),
            Code::NotText => ("KQL103", "not-text", Error, "the file is not UTF-8 text"),
            Code::RuleColumnMissing => (
                "KQL110",
                "rule-column-missing",
                Error,
                "an entity mapping, custom detail or alert override names a column the query does not output",
            ),
            Code::RuleMetadataInvalid => (
                "KQL111",
                "rule-metadata-invalid",
                Error,
                "a rule schedule, trigger, severity, tactic or technique that is not well formed",
            ),
            Code::UnknownTable => (
                "KQL201",
                "unknown-table",
                Error,
                "a table that is not known and not given",
            ),
            Code::UnknownColumn => (
                "KQL202",
                "unknown-column",
                Error,
                "a column that is not in scope",
            ),
            Code::UnknownFunction => (
                "KQL203",
                "unknown-function",
                Error,
                "a function that is neither built in nor defined",
            ),
            Code::WrongArity => (
                "KQL204",
                "wrong-arity",
                Error,
                "a function called with the wrong number of arguments",
            ),
            Code::TypeMismatch => (
                "KQL205",
                "type-mismatch",
                Error,
                "a value of the wrong type",
            ),
            Code::Unsupported => (
                "KQL206",
                "unsupported",
                Error,
                "valid KQL that kqlc cannot run yet",
            ),
            Code::UnknownName => (
                "KQL207",
                "unknown-name",
                Error,
                "a name that is not defined",
            ),
            Code::AssumedWorkspaceFunction => (
                "KQL208",
                "assumed-workspace-function",
                Warning,
                "a call taken to be a workspace function or ASIM parser",
            ),
            Code::UnusedLet => (
                "KQL209",
                "unused-let",
                Warning,
                "a `let` binding that is never used",
            ),
            Code::TableWithoutSchema => (
                "KQL210",
                "table-without-schema",
                Info,
                "a table whose columns kqlc does not know, so they are not checked",
            ),
            Code::ColumnNotInSchema => (
                "KQL211",
                "column-not-in-schema",
                Warning,
                "a column missing from a built-in schema that is no near miss of a known one (maybe newer than the schema)",
            ),
            Code::DynamicKey => (
                "KQL212",
                "dynamic-key",
                Error,
                "a `summarize … by` or `join` key of type dynamic",
            ),
            Code::WhereAfterTake => (
                "KQL213",
                "where-after-take",
                Warning,
                "a `where` that filters only the rows an earlier `take` kept",
            ),
            Code::ColumnShadowsLet => (
                "KQL214",
                "column-shadows-let",
                Warning,
                "a name that is both a column and a `let`: the column wins",
            ),
            Code::AgoBeyondQueryPeriod => (
                "KQL215",
                "ago-beyond-query-period",
                Warning,
                "an `ago()` window longer than the rule's queryPeriod",
            ),
            Code::NotBool => (
                "KQL216",
                "not-bool",
                Error,
                "a `where`, `iff`, `case` or `countif` condition that is not a bool",
            ),
            Code::OperatorTypes => (
                "KQL217",
                "operator-types",
                Error,
                "an operator that is not defined for its operands' types (`datetime > timespan`)",
            ),
            Code::ArgumentType => (
                "KQL218",
                "argument-type",
                Error,
                "a function argument of a type no signature of the function takes",
            ),
            Code::JoinKeyMissing => (
                "KQL219",
                "join-key-missing",
                Error,
                "a `join`/`lookup` key that is not a column of both sides",
            ),
            Code::ContainsOverHas => (
                "KQL220",
                "contains-over-has",
                Warning,
                "`contains` of a whole term, where the indexed `has` would do",
            ),
            Code::CaseFoldCompare => (
                "KQL221",
                "case-fold-compare",
                Warning,
                "`tolower(x) == …` where `=~` compares ignoring case",
            ),
            Code::NoTimeFilter => (
                "KQL222",
                "no-time-filter",
                Warning,
                "a table with `TimeGenerated` read without a time filter before the first summarize/join",
            ),
            Code::EveryTable => (
                "KQL223",
                "every-table",
                Warning,
                "`search *` or `union *` reads every table of the workspace",
            ),
            Code::FilterAfterStage => (
                "KQL224",
                "filter-after-stage",
                Warning,
                "a `where` after a join/summarize that could filter before it",
            ),
            Code::JoinWithoutKind => (
                "KQL225",
                "join-without-kind",
                Info,
                "`join` without `kind=`: the default innerunique keeps one row per left key",
            ),
            Code::RegexOverHas => (
                "KQL226",
                "regex-over-has",
                Warning,
                "`matches regex` or `extract` of a plain word, where a string operator would do",
            ),
            Code::ColumnOverwritten => (
                "KQL227",
                "column-overwritten",
                Info,
                "`extend X = …` where the input already has a column `X`",
            ),
            Code::JoinKeyTypes => (
                "KQL228",
                "join-key-types",
                Error,
                "`join`/`lookup` keys of different types on the two sides (a string against an int, a long against a real)",
            ),
            Code::RuntimeError => (
                "KQL301",
                "runtime-error",
                Error,
                "the query failed while running",
            ),
            Code::MissingTable => (
                "KQL302",
                "missing-table",
                Error,
                "the query reads a table that was not given with --table",
            ),
            Code::InvalidRegex => (
                "KQL303",
                "invalid-regex",
                Error,
                "a regular expression that does not compile",
            ),
            Code::ToscalarRows => (
                "KQL304",
                "toscalar-rows",
                Error,
                "toscalar() of a result that is not one value",
            ),
            Code::MemoryBudget => (
                "KQL305",
                "memory-budget",
                Error,
                "the query needs more memory than --max-memory allows",
            ),
            Code::Timeout => (
                "KQL306",
                "timeout",
                Error,
                "the query ran longer than --timeout allows",
            ),
            Code::EsqlSyntaxError => (
                "ESQL001",
                "esql-syntax-error",
                Error,
                "the ES|QL query does not follow the grammar",
            ),
            Code::EsqlUnterminatedString => (
                "ESQL002",
                "esql-unterminated-string",
                Error,
                "an ES|QL string literal or comment has no end",
            ),
            Code::EsqlUnbalancedDelimiter => (
                "ESQL003",
                "esql-unbalanced-delimiter",
                Error,
                "an ES|QL bracket, brace or parenthesis is not closed or not opened",
            ),
            Code::EsqlUnknownCommand => (
                "ESQL004",
                "esql-unknown-command",
                Error,
                "the word after `|` is not an ES|QL processing command",
            ),
            Code::EsqlInvalidToken => (
                "ESQL005",
                "esql-invalid-token",
                Error,
                "a character or quote that ES|QL does not accept",
            ),
            Code::EsqlInvalidLiteral => (
                "ESQL006",
                "esql-invalid-literal",
                Error,
                "a number, escape or time unit that ES|QL cannot read",
            ),
            Code::EsqlTooComplex => (
                "ESQL007",
                "esql-too-complex",
                Error,
                "the ES|QL query nests deeper than kqlc accepts",
            ),
            Code::EsqlRuleLanguage => (
                "ESQL101",
                "esql-rule-language",
                Warning,
                "an Elastic rule in a language kqlc does not check (`kuery`, `eql`, `lucene`)",
            ),
            Code::EsqlUnknownColumn => (
                "ESQL201",
                "esql-unknown-column",
                Error,
                "an ES|QL column that is not in scope, or a KEEP/DROP pattern that matches none",
            ),
            Code::EsqlUnknownFunction => (
                "ESQL202",
                "esql-unknown-function",
                Error,
                "a function that ES|QL does not have",
            ),
            Code::EsqlWrongArity => (
                "ESQL203",
                "esql-wrong-arity",
                Error,
                "an ES|QL function called with the wrong number of arguments",
            ),
            Code::EsqlNotAggregate => (
                "ESQL204",
                "esql-not-aggregate",
                Error,
                "a STATS expression that is neither an aggregate nor computed from aggregates and BY keys",
            ),
            Code::EsqlMisplacedAggregate => (
                "ESQL205",
                "esql-misplaced-aggregate",
                Error,
                "an aggregate outside STATS, nested in another, or a grouping function outside BY",
            ),
            Code::EsqlTypeMismatch => (
                "ESQL206",
                "esql-type-mismatch",
                Error,
                "ES|QL operands or function arguments of types that do not go together (`keyword == integer`, `to_lower(integer)`)",
            ),
            Code::EsqlNearMissColumn => (
                "ESQL207",
                "esql-near-miss-column",
                Warning,
                "a BY key that no command defines and no known index field is, but is a near miss of a column the query defines",
            ),
            Code::Untranslatable => (
                "TRN001",
                "untranslatable",
                Error,
                "a construct that the target language of `kqlc translate` cannot express with the same meaning",
            ),
        }
    }

    /// The stable id, e.g. `KQL001`.
    pub fn id(self) -> &'static str {
        self.info().0
    }
    /// The stable kebab-case name, e.g. `syntax-error`.
    pub fn name(self) -> &'static str {
        self.info().1
    }
    pub fn default_severity(self) -> Severity {
        self.info().2
    }
    pub fn summary(self) -> &'static str {
        self.info().3
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn code_ids_and_names_are_unique() {
        let ids: HashSet<_> = Code::ALL.iter().map(|c| c.id()).collect();
        let names: HashSet<_> = Code::ALL.iter().map(|c| c.name()).collect();
        assert_eq!(ids.len(), Code::ALL.len());
        assert_eq!(names.len(), Code::ALL.len());
    }
}

//! The KQL syntax tree: what the parser produces, with a byte span on every node.
//!
//! Tabular expressions are expressions, as in Kusto.Language: `T | where x` is an
//! [`ExprKind::Pipe`], a table name is an [`ExprKind::Name`], so `let`, `toscalar(…)`,
//! `materialize(…)` and join/union operands need no separate tabular grammar. Lowering
//! (`lower.rs`) decides from name resolution whether an expression is tabular or scalar.

use crate::source::Span;

/// A whole query: statements separated by `;`, the last one usually tabular.
#[derive(Clone, Debug, PartialEq)]
pub struct Query {
    pub statements: Vec<Statement>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Statement {
    pub kind: StatementKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum StatementKind {
    /// `let name = expr` or `let name = (params) { body }`.
    Let { name: Ident, value: LetValue },
    /// `set option [= value]`: accepted and ignored.
    Set { name: Ident, value: Option<Expr> },
    /// `declare query_parameters(name: type [= default], …)`.
    DeclareQueryParameters { params: Vec<FunctionParam> },
    /// `declare pattern name [= (params)[[path: type]] { (args).[path] = { query }; … }]`
    /// (pattern-statement page).
    DeclarePattern {
        name: Ident,
        entries: Vec<PatternEntry>,
    },
    /// A tabular (or scalar) expression to evaluate.
    Expr(Expr),
}

/// One `(args).[path] = { query }` of a `declare pattern`.
#[derive(Clone, Debug, PartialEq)]
pub struct PatternEntry {
    pub args: Vec<Expr>,
    pub path: Option<Expr>,
    /// The query, as a function without parameters.
    pub body: FunctionDef,
}

#[derive(Clone, Debug, PartialEq)]
pub enum LetValue {
    Expr(Expr),
    Function(FunctionDef),
}

/// `(T:(IPAddress:string), n:long = 10) { body }`.
#[derive(Clone, Debug, PartialEq)]
pub struct FunctionDef {
    pub params: Vec<FunctionParam>,
    /// `let` statements inside the body, then its result expression.
    pub body: Vec<Statement>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FunctionParam {
    pub name: Ident,
    pub ty: ParamType,
    pub default: Option<Expr>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ParamType {
    /// `x: string`.
    Scalar(TypeName),
    /// `T: (col: type, …)`; `T: (*)` is an empty column list with `any_columns`.
    Tabular {
        columns: Vec<(Ident, TypeName)>,
        any_columns: bool,
    },
}

/// A scalar type name as written: `string`, `long`, `int`, `datetime`, `dynamic`, …
#[derive(Clone, Debug, PartialEq)]
pub struct TypeName {
    pub name: String,
    pub span: Span,
}

/// A name: plain (`Foo`), bracketed (`['Name with space']`) or `$left`/`$right`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Ident {
    pub name: String,
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
    /// A column, let-bound name, table or parameter.
    Name(Ident),
    /// `*` where an argument list allows it (`count(*)`? no: `arg_max(x, *)`, `pack_all`).
    Star,
    /// `a.b`.
    Member {
        target: Box<Expr>,
        member: Ident,
    },
    /// `a[0]`, `a['b']`.
    Index {
        target: Box<Expr>,
        index: Box<Expr>,
    },
    /// `f(a, name = b)`; `name` is the function name as written.
    Call {
        name: Ident,
        args: Vec<Arg>,
    },
    Unary {
        op: UnaryOp,
        operand: Box<Expr>,
    },
    Binary {
        op: BinaryOp,
        lhs: Box<Expr>,
        rhs: Box<Expr>,
    },
    /// `x between (lo .. hi)`, `x !between (lo .. hi)`.
    Between {
        operand: Box<Expr>,
        low: Box<Expr>,
        high: Box<Expr>,
        negated: bool,
    },
    /// `x in (a, b)`, `x !in~ (T | project c)`; list items may be tabular.
    In {
        operand: Box<Expr>,
        list: Vec<Expr>,
        negated: bool,
        case_insensitive: bool,
    },
    /// `(expr)`: kept so spans and printing stay faithful.
    Paren(Box<Expr>),
    /// `typeof(string)`.
    TypeOf(TypeName),
    /// `input | op | op`.
    Pipe {
        input: Box<Expr>,
        operators: Vec<Operator>,
    },
    /// A tabular expression that does not start from a table: `union`, `print`, …
    Source(Box<Source>),
    /// `(a, b, …)` right of `has_any`/`has_all`: items may be scalars, dynamic arrays
    /// or tabular expressions (always a list there, even with one item).
    List(Vec<Expr>),
}

/// `find … project Col[: type], … [, pack_all()]`.
#[derive(Clone, Debug, PartialEq)]
pub struct FindProject {
    pub columns: Vec<(Ident, Option<TypeName>)>,
    pub pack_all: bool,
}

/// A plugin's declared output schema (bag-unpack-plugin, "Output schema syntax"): the
/// listed columns, after all the input's columns when it starts with `*`.
#[derive(Clone, Debug, PartialEq)]
pub struct OutputSchema {
    pub wildcard: bool,
    pub columns: Vec<(Ident, TypeName)>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Arg {
    /// `name = value` (named argument or output column name, as in `summarize`).
    pub name: Option<Ident>,
    pub value: Expr,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Literal {
    Bool(Option<bool>),
    /// `int`/`long` literals; `int(null)`/`long(null)` are `None`.
    Long(Option<i64>),
    Int(Option<i64>),
    Real(Option<f64>),
    Decimal(Option<f64>),
    String(String),
    /// Ticks of 100 ns since the Unix epoch; `None` for `datetime(null)`.
    DateTime(Option<i64>),
    /// Ticks of 100 ns; `None` for `timespan(null)`.
    TimeSpan(Option<i64>),
    Guid(Option<String>),
    /// `dynamic(…)`: the JSON value (`dynamic(null)` is `Null`).
    Dynamic(serde_json::Value),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnaryOp {
    Neg,
    Plus,
    /// `not(x)` is parsed as a call; this is for completeness of printing.
    Not,
}

/// Binary operators, including Kusto's string operators (`has`, `contains`, …).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BinaryOp {
    Or,
    And,
    Eq,
    NotEq,
    /// `=~`
    EqTilde,
    /// `!~`
    NotEqTilde,
    Lt,
    Le,
    Gt,
    Ge,
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    /// A string operator such as `has`, `!contains_cs`, `matches regex`.
    Str(StringOp),
}

/// A Kusto string operator with its negation and case sensitivity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct StringOp {
    pub kind: StringOpKind,
    pub negated: bool,
    pub case_sensitive: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StringOpKind {
    Has,
    HasPrefix,
    HasSuffix,
    HasAny,
    HasAll,
    Contains,
    StartsWith,
    EndsWith,
    MatchesRegex,
}

/// One `| operator …` stage of a pipe.
#[derive(Clone, Debug, PartialEq)]
pub struct Operator {
    pub kind: OperatorKind,
    pub span: Span,
}

/// `name = value` parameters before an operator's body: `kind=inner`, `isfuzzy=true`,
/// `hint.strategy=shuffle`, `withsource=T`.
#[derive(Clone, Debug, PartialEq)]
pub struct OpParam {
    pub name: Ident,
    pub value: Expr,
    pub span: Span,
}

/// `a`, `a = expr`, `(a, b) = expr` in extend/project/summarize lists.
#[derive(Clone, Debug, PartialEq)]
pub struct Assignment {
    /// Empty when the output name is derived from the expression.
    pub names: Vec<Ident>,
    pub value: Expr,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SortKey {
    pub expr: Expr,
    pub descending: Option<bool>,
    pub nulls_first: Option<bool>,
    pub span: Span,
}

/// A column name pattern with `*` wildcards (`project-away Col*`).
#[derive(Clone, Debug, PartialEq)]
pub struct NamePattern {
    pub pattern: String,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
#[allow(clippy::large_enum_variant)]
pub enum OperatorKind {
    Where(Expr),
    Extend(Vec<Assignment>),
    Project(Vec<Assignment>),
    ProjectAway(Vec<NamePattern>),
    ProjectKeep(Vec<NamePattern>),
    /// `project-rename new = old`.
    ProjectRename(Vec<(Ident, Ident)>),
    ProjectReorder(Vec<SortKey>),
    /// `project-by-names "Name", dynamic(["a", "b"]), "C*"` (constant column specifiers).
    ProjectByNames(Vec<Expr>),
    Summarize {
        params: Vec<OpParam>,
        aggregates: Vec<Assignment>,
        by: Vec<Assignment>,
    },
    Count {
        name: Option<Ident>,
    },
    Take(Expr),
    Top {
        count: Expr,
        by: SortKey,
    },
    Sort(Vec<SortKey>),
    Distinct {
        columns: Vec<Expr>,
    },
    Join {
        params: Vec<OpParam>,
        right: Expr,
        on: Vec<Expr>,
    },
    Lookup {
        params: Vec<OpParam>,
        right: Expr,
        on: Vec<Expr>,
    },
    Union {
        params: Vec<OpParam>,
        tables: Vec<Expr>,
    },
    MvExpand {
        params: Vec<OpParam>,
        items: Vec<MvItem>,
        limit: Option<Expr>,
    },
    MvApply {
        params: Vec<OpParam>,
        items: Vec<MvItem>,
        limit: Option<Expr>,
        body: Vec<Operator>,
    },
    /// `parse [kind=…] [flags=…] source with pattern`; `params` keeps `kind` and `flags`.
    Parse {
        kind: ParseKind,
        params: Vec<OpParam>,
        source: Expr,
        pattern: Vec<ParsePart>,
    },
    ParseKv {
        source: Expr,
        columns: Vec<(Ident, TypeName)>,
        params: Vec<OpParam>,
    },
    Evaluate {
        params: Vec<OpParam>,
        call: Expr,
        /// `: ([*,] Name: type, …)`: the columns the plugin is declared to output.
        output: Option<OutputSchema>,
    },
    /// `make-series agg [default = v], … on axis [from a] [to b] step s [by keys]`
    /// (or `in range(a, b, s)`); `defaults[i]` belongs to `aggregates[i]`.
    MakeSeries {
        params: Vec<OpParam>,
        aggregates: Vec<Assignment>,
        defaults: Vec<Option<Expr>>,
        on: Expr,
        from: Option<Expr>,
        to: Option<Expr>,
        step: Expr,
        by: Vec<Assignment>,
    },
    Render {
        chart: Ident,
    },
    Serialize(Vec<Assignment>),
    As {
        name: Ident,
    },
    Invoke(Expr),
    TopNested(Vec<TopNestedLevel>),
    Sample(Expr),
    SampleDistinct {
        count: Expr,
        column: Expr,
    },
    GetSchema,
    Search {
        params: Vec<OpParam>,
        predicate: Expr,
    },
    /// `scan [with_match_id = Id] [declare (…)] with (step …; …)` (scan-operator page).
    Scan {
        match_id: Option<Ident>,
        declare: Vec<ScanDeclare>,
        steps: Vec<ScanStep>,
    },
    /// `partition [hints] by Column (subquery)`: the subquery runs on each partition.
    /// The legacy `by Column { SubQueryWithSource }` form has `source` (and no `body`):
    /// a query of its own, run once per value of the column.
    Partition {
        params: Vec<OpParam>,
        by: Expr,
        body: Vec<Operator>,
        source: Option<Box<Expr>>,
    },
    /// `make-graph Src --> Dst [with T on Id, …] [with_node_id = Name]
    /// [partitioned-by Col (graph operator)]` (make-graph-operator page).
    MakeGraph(Box<MakeGraph>),
    /// `graph-match [cycles = …] Pattern [where …] project …` and
    /// `graph-shortest-paths [output = …] Pattern [where …] project …`.
    GraphMatch(Box<GraphMatch>),
    /// `graph-to-table nodes [as N] [with_node_id = C] [, edges [as E] …]`.
    GraphToTable(Vec<GraphTablePart>),
    /// `graph-mark-components [kind = weak|strong] [with_component_id = C]`.
    GraphMarkComponents {
        params: Vec<OpParam>,
    },
    /// `reduce [kind = source] by Expr [with threshold = T, characters = C]`
    /// (reduce-operator page): `params` keeps `kind`, `with` the named settings.
    Reduce {
        params: Vec<OpParam>,
        by: Expr,
        with: Vec<OpParam>,
    },
    /// `top-hitters N of Column [by Weight]` (top-hitters-operator page).
    TopHitters {
        count: Expr,
        of: Assignment,
        by: Option<Assignment>,
    },
    /// `consume [decodeblocks = B]` (consume-operator page): no rows reach the caller.
    Consume {
        params: Vec<OpParam>,
    },
    /// Operators kqlc parses loosely and does not run (`fork`, `facet`, the legacy
    /// `partition { … }`): the keyword and the raw span of the body.
    Opaque {
        name: Ident,
    },
}

/// The graph `make-graph` builds from the edges piped into it.
#[derive(Clone, Debug, PartialEq)]
pub struct MakeGraph {
    /// The edges' columns holding the source and the target node ids.
    pub source: Ident,
    pub target: Ident,
    /// `with Nodes1 on Id1, Nodes2 on Id2`: tables of node properties.
    pub nodes: Vec<NodeTable>,
    /// `with_node_id = Name`: the node property that holds each node's id.
    pub node_id: Option<Ident>,
    /// `partitioned-by Col (graph operator)`: one graph per value of `Col`.
    pub partition: Option<GraphPartition>,
}

/// `Nodes on Id` of `make-graph … with`.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeTable {
    pub table: Expr,
    pub key: Ident,
}

/// `partitioned-by Col (graph-match …)`: the operator run on each partition's graph.
#[derive(Clone, Debug, PartialEq)]
pub struct GraphPartition {
    pub column: Ident,
    pub body: Box<Operator>,
}

/// `graph-match` or `graph-shortest-paths`.
#[derive(Clone, Debug, PartialEq)]
pub struct GraphMatch {
    /// `graph-shortest-paths` rather than `graph-match`.
    pub shortest: bool,
    /// `cycles = …` (graph-match), `output = …` (graph-shortest-paths).
    pub params: Vec<OpParam>,
    /// Comma-separated paths that share node variables.
    pub pattern: Vec<PatternPath>,
    pub predicate: Option<Expr>,
    /// Empty when the operator has no `project` clause.
    pub project: Vec<Assignment>,
}

/// `(a)-[e]->(b)<--(c)`: a node, then edges each followed by a node.
#[derive(Clone, Debug, PartialEq)]
pub struct PatternPath {
    pub start: PatternNode,
    pub steps: Vec<(PatternEdge, PatternNode)>,
    pub span: Span,
}

/// `(n)` or `()`.
#[derive(Clone, Debug, PartialEq)]
pub struct PatternNode {
    pub name: Option<Ident>,
    pub span: Span,
}

/// `-[e]->`, `<-[e*1..3]-`, `--`, `-->`, …
#[derive(Clone, Debug, PartialEq)]
pub struct PatternEdge {
    pub name: Option<Ident>,
    pub direction: EdgeDirection,
    /// `*min..max`: a variable length edge.
    pub hops: Option<Hops>,
    pub span: Span,
}

/// Which way a pattern edge runs, read left to right.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EdgeDirection {
    /// `-[e]->`, `-->`.
    Right,
    /// `<-[e]-`, `<--`.
    Left,
    /// `-[e]-`, `--`.
    Any,
}

/// `*min..max` of a variable length edge, as written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hops {
    pub min: i64,
    pub max: i64,
    pub span: Span,
}

/// `nodes [as N] [with_node_id = C]` or `edges [with_source_id = S] [with_target_id = T]
/// [as E]` of `graph-to-table`.
#[derive(Clone, Debug, PartialEq)]
pub struct GraphTablePart {
    /// `nodes` or `edges`.
    pub part: Ident,
    pub name: Option<Ident>,
    pub params: Vec<OpParam>,
    pub span: Span,
}

/// `name: type [= default]` of a scan's `declare`.
#[derive(Clone, Debug, PartialEq)]
pub struct ScanDeclare {
    pub name: Ident,
    pub ty: TypeName,
    pub default: Option<Expr>,
}

/// `step Name [output = all|last|none]: Condition [=> Col = Expr, …];`
#[derive(Clone, Debug, PartialEq)]
pub struct ScanStep {
    pub name: Ident,
    pub output: Option<Ident>,
    pub condition: Expr,
    pub assignments: Vec<(Ident, Expr)>,
    pub span: Span,
}

/// `mv-expand Col [to typeof(T)]`, `mv-apply x = Col to typeof(T)`.
#[derive(Clone, Debug, PartialEq)]
pub struct MvItem {
    pub name: Option<Ident>,
    pub value: Expr,
    pub to_type: Option<TypeName>,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParseKind {
    /// `parse` (kind=simple by default).
    Simple,
    Regex,
    Relaxed,
    /// `parse-where`.
    Where,
}

/// One piece of a `parse` pattern: a literal string, a column capture, or `*`.
#[derive(Clone, Debug, PartialEq)]
pub enum ParsePart {
    Literal(String, Span),
    Column { name: Ident, ty: Option<TypeName> },
    Wildcard(Span),
}

#[derive(Clone, Debug, PartialEq)]
pub struct TopNestedLevel {
    pub count: Option<Expr>,
    pub of: Assignment,
    pub with_others: Option<Expr>,
    pub by: Assignment,
    pub descending: Option<bool>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Source {
    pub kind: SourceKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum SourceKind {
    /// `union [params] T1, (T2 | …), …`.
    Union {
        params: Vec<OpParam>,
        tables: Vec<Expr>,
    },
    /// `print a = 1, b = "x"`.
    Print(Vec<Assignment>),
    /// `datatable(a: long, b: string) [1, "x", …]`.
    Datatable {
        columns: Vec<(Ident, TypeName)>,
        values: Vec<Expr>,
    },
    /// `externaldata(a: string) [ "url" ] with (…)`: schema only, no rows offline.
    ExternalData {
        columns: Vec<(Ident, TypeName)>,
        urls: Vec<Expr>,
    },
    /// `range x from a to b step c`.
    Range {
        name: Ident,
        from: Expr,
        to: Expr,
        step: Expr,
    },
    /// `search [kind=…] [in (T…)] predicate`.
    Search {
        params: Vec<OpParam>,
        tables: Vec<Ident>,
        predicate: Expr,
    },
    /// `find [withsource=C] [in (T…)] where predicate [project-smart | project …]`
    /// (find-operator page); `project: None` is `project-smart`.
    Find {
        params: Vec<OpParam>,
        tables: Vec<Ident>,
        predicate: Expr,
        project: Option<FindProject>,
    },
    /// A `find` of a form kqlc does not read (tables of other databases): parsed, not run.
    FindOther,
    /// `evaluate plugin(...)` as a source.
    Evaluate { call: Expr },
}

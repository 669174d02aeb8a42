//! The plan data of the `table-fn` operator; its execution is in `crate::ops::table_fn`.

use crate::plan::{Expr, Node};

/// A plugin over the whole input.
#[derive(Clone, Debug)]
pub struct TableFn {
    pub input: Box<Node>,
    /// The lookup table of `ipv4_lookup`/`ipv6_lookup`.
    pub side: Option<Box<Node>>,
    pub kind: TableFnKind,
}

#[derive(Clone, Debug)]
pub enum TableFnKind {
    IpLookup(IpLookup),
    GeoLookup(GeoLookup),
    ActivityCounts(ActivityCounts),
    SlidingWindowCounts(SlidingWindowCounts),
    Partition(Partition),
    Basket(Basket),
    RollingPercentile(RollingPercentile),
    DcountIntersect(Vec<usize>),
    Narrow,
    ActiveUsersCount(ActiveUsersCount),
    ActivityMetrics(ActivityMetrics),
    NewActivityMetrics(NewActivityMetrics),
    ActivityEngagement(ActivityEngagement),
    SequenceDetect(SequenceDetect),
    SessionCount(SessionCount),
    RowsNear(RowsNear),
    Reduce(Reduce),
    SchemaMerge(SchemaMerge),
}

/// `schema_merge([PreserveOrder])`: the input's `getschema`-shaped schemas merged
/// into one (schema-merge-plugin page); the fields are the input's columns.
#[derive(Clone, Debug)]
pub struct SchemaMerge {
    pub name: usize,
    pub ordinal: usize,
    pub column_type: usize,
    /// The `DataType` column (the .NET type), when the input has one.
    pub data_type: Option<usize>,
    pub preserve_order: bool,
}

impl TableFnKind {
    /// The operator as the query wrote it, for messages.
    pub fn operator_name(&self) -> &'static str {
        match self {
            TableFnKind::Reduce(_) => "reduce",
            TableFnKind::Partition(_) => "partition",
            _ => "evaluate",
        }
    }

    /// The expressions the plugin evaluates on its input rows, for the checks that
    /// look at every expression of a plan.
    pub fn row_exprs(&self) -> Vec<&Expr> {
        match self {
            TableFnKind::RowsNear(r) => vec![&r.condition],
            TableFnKind::Reduce(r) => vec![&r.value],
            _ => Vec::new(),
        }
    }
}

/// `rows_near(Condition, NumRows [, RowsAfter])`: the input rows within `before` rows
/// before, or `after` rows after, a row where the condition holds, in input order
/// (rows-near-plugin page).
#[derive(Clone, Debug)]
pub struct RowsNear {
    pub condition: Expr,
    pub before: usize,
    pub after: usize,
}

/// `reduce [kind = source] by Expr [with threshold = T, characters = C]`: the values
/// of `Expr` grouped by the pattern their varying terms make (reduce-operator page;
/// the rule is in `crate::ops::reduce`).
#[derive(Clone, Debug)]
pub struct Reduce {
    pub value: Expr,
    /// The least share of a position's values that must be distinct for its terms to
    /// become `*` (default 0.1).
    pub threshold: f64,
    /// The characters that separate terms; `None`: every character that is not a
    /// letter or digit.
    pub characters: Option<String>,
    /// `kind = source`: each input row with its group's `Pattern`, `Count` and
    /// `Representative` appended, rather than one row per group.
    pub source: bool,
}

/// `session_count(Id, Timeline, Start, End, Bin, LookBackWindow [, Dim…])`: per bin of
/// `Bin` (and dimensions), the sessions that start in it: an appearance of an id starts
/// a session unless the id appeared within `LookBackWindow` before it.
#[derive(Clone, Debug)]
pub struct SessionCount {
    pub id: usize,
    pub time: usize,
    pub dims: Vec<usize>,
    pub start: Expr,
    pub end: Expr,
    pub bin: Expr,
    pub lookback: Expr,
}

/// `sequence_detect(Timeline, MaxStepWindow, MaxSpan, Step1, Step2, … [, Dim…])`: per
/// dimension values, every chain of rows meeting the step predicates in order, each
/// within `MaxStepWindow` of the previous and all within `MaxSpan`.
#[derive(Clone, Debug)]
pub struct SequenceDetect {
    pub time: usize,
    pub step: Expr,
    pub span: Expr,
    /// The steps' predicates, over the input's rows.
    pub steps: Vec<Expr>,
    pub dims: Vec<usize>,
}

/// `rolling_percentile(Value, Percentile, Index, BinSize, BinsPerWindow [, Dim…])`: per
/// bin of the index (and dimensions), the percentile of the values of the
/// `BinsPerWindow` bins ending at it.
#[derive(Clone, Debug)]
pub struct RollingPercentile {
    pub value: usize,
    pub percentile: Expr,
    pub index: usize,
    pub bin: Expr,
    pub window: Expr,
    pub dims: Vec<usize>,
}

/// `active_users_count(Id, Timeline, Start, End, Lookback, Period, ActivePeriods, Bin
/// [, Dim…])`: per bin, the distinct ids with an appearance in it that is active (seen
/// in `ActivePeriods` distinct periods of the lookback window ending at it).
#[derive(Clone, Debug)]
pub struct ActiveUsersCount {
    pub id: usize,
    pub time: usize,
    pub dims: Vec<usize>,
    pub start: Expr,
    pub end: Expr,
    pub lookback: Expr,
    pub period: Expr,
    pub active_periods: Expr,
    pub bin: Expr,
}

/// `activity_metrics(Id, Timeline, [Start, End,] Window [, Dim…])`: per window, the
/// distinct ids, those not in the previous window, and the retention and churn rates
/// against the previous window.
#[derive(Clone, Debug)]
pub struct ActivityMetrics {
    pub id: usize,
    pub time: usize,
    pub dims: Vec<usize>,
    /// `None`: from the first window of the data to its last.
    pub range: Option<(Expr, Expr)>,
    pub window: Expr,
}

/// `new_activity_metrics(Id, Timeline, Start, End, Window [, Cohort] [, Dim…]
/// [, Lookback])`: per cohort window (ids first seen in it) and later window, the new,
/// retained and churned ids and the rates.
#[derive(Clone, Debug)]
pub struct NewActivityMetrics {
    pub id: usize,
    pub time: usize,
    pub dims: Vec<usize>,
    pub start: Expr,
    pub end: Expr,
    pub window: Expr,
    pub cohort: Option<Expr>,
    /// The id column of the lookback table (the `side` node), whose ids are never new.
    pub lookback_id: Option<usize>,
}

/// `activity_engagement(Id, Timeline, [Start, End,] Inner, Outer [, Dim…])`: per inner
/// window, its distinct ids, those of the outer window ending with it, and their ratio.
#[derive(Clone, Debug)]
pub struct ActivityEngagement {
    pub id: usize,
    pub time: usize,
    pub dims: Vec<usize>,
    pub range: Option<(Expr, Expr)>,
    pub inner: Expr,
    pub outer: Expr,
}

/// `ipv4_lookup(Lookup, SourceKey, LookupKey [, ExtraKey…] [, return_unmatched])`: each
/// input row joined with the lookup rows whose range (IP-prefix notation) holds its
/// address and whose extra keys are equal; the lookup's columns other than the extra
/// keys are appended (nulls for an unmatched row kept by `return_unmatched`).
#[derive(Clone, Debug)]
pub struct IpLookup {
    pub source: usize,
    pub range: usize,
    /// (input column, lookup column) pairs that must be equal.
    pub extra: Vec<(usize, usize)>,
    /// The lookup columns appended to the output.
    pub appended: Vec<usize>,
    pub unmatched: bool,
    pub v6: bool,
}

/// `geo_polygon_lookup(Lookup, PolygonKey, Longitude, Latitude [, radius]
/// [, return_unmatched] [, lookup_area_radius] [, return_lookup_key])` and
/// `geo_line_lookup(Lookup, LineKey, Longitude, Latitude, radius, …)`: each input row
/// joined with the lookup rows whose shape holds its location (or lies within
/// `radius` metres of it); the lookup's columns are appended, its shape column only
/// with `return_lookup_key` (nulls for an unmatched row kept by `return_unmatched`).
/// `lookup_area_radius` only tunes Kusto's matching and is not kept.
#[derive(Clone, Debug)]
pub struct GeoLookup {
    /// Lines (`geo_line_lookup`) rather than polygons.
    pub lines: bool,
    /// The lookup column with the shapes.
    pub key: usize,
    pub longitude: usize,
    pub latitude: usize,
    /// Metres, a constant expression.
    pub radius: Option<Expr>,
    /// The lookup columns appended to the output.
    pub appended: Vec<usize>,
    pub unmatched: bool,
}

/// `activity_counts_metrics(Id, Timeline, Start, End, Step [, Dim…])`: per window of
/// `Step` from `Start` to `End` (and per dimensions), the rows, the distinct ids, the
/// ids not seen in earlier windows and the distinct ids so far.
#[derive(Clone, Debug)]
pub struct ActivityCounts {
    pub id: usize,
    pub time: usize,
    pub dims: Vec<usize>,
    pub start: Expr,
    pub end: Expr,
    pub step: Expr,
}

/// `sliding_window_counts(Id, Timeline, Start, End, Lookback, Bin [, Dim…])`: per bin
/// from `Start` to `End` (and per dimensions), the rows and distinct ids of the bins
/// within `Lookback` up to and including it (`Lookback` rounded down to whole bins).
#[derive(Clone, Debug)]
pub struct SlidingWindowCounts {
    pub id: usize,
    pub time: usize,
    pub dims: Vec<usize>,
    pub start: Expr,
    pub end: Expr,
    pub lookback: Expr,
    pub bin: Expr,
}

/// `partition by Column (subquery)`: the subquery (the `side` node, reading
/// `Op::ApplyInput`) runs on the rows of each value of the column, in order of first
/// appearance; the results are concatenated (partition-operator page).
#[derive(Clone, Debug)]
pub struct Partition {
    pub key: usize,
    /// The schema of each partition's table (the input's).
    pub body_input: Vec<crate::value::Column>,
    /// The legacy strategy's limit on distinct values (64), `None` for native/shuffle.
    pub max_partitions: Option<usize>,
    /// The legacy `{ SubQueryWithSource }` form: the shared plan (over `Op::ApplyInput`)
    /// whose `toscalar` is the key value the query reads; each partition's table is then
    /// its key value alone (`body_input` is the key column).
    pub key_scalar: Option<usize>,
    /// Shared plans made while lowering the legacy query: computed again per partition,
    /// since they may read the key.
    pub fresh_shared: Vec<usize>,
    pub span: crate::source::Span,
}

/// `basket([Threshold, WeightColumn, MaxDimensions, CustomWildcard…])`: the frequent
/// patterns of the input's column values (basket-plugin page).
#[derive(Clone, Debug)]
pub struct Basket {
    /// The least share of the rows' weight a pattern must match (default 0.05).
    pub threshold: f64,
    /// The column whose value weighs each row (default 1).
    pub weight: Option<usize>,
    /// The most columns in one pattern (default 5).
    pub max_dimensions: usize,
    /// The columns whose values make patterns.
    pub columns: Vec<usize>,
    /// Per input column, the value that says "any value" in an output row.
    pub wildcards: Vec<crate::value::Value>,
}

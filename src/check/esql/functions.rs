//! The functions ES|QL has, with how many arguments each takes and whether it is an
//! aggregate (only in `STATS`), a grouping function (only in `STATS … BY`) or a scalar.
//!
//! This is the language's list (the ES|QL functions and operators reference,
//! <https://www.elastic.co/docs/reference/query-languages/esql/esql-functions-operators>),
//! not the subset `kqlc run` implements: a check must accept every valid query.

/// What kind of function a name denotes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Scalar,
    Aggregate,
    /// `BUCKET`, `CATEGORIZE`, `TBUCKET`: allowed as `STATS … BY` keys.
    Grouping,
}

/// One ES|QL function: its lower-case name and argument count range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Function {
    pub name: &'static str,
    pub min: usize,
    /// `usize::MAX` for a variadic function.
    pub max: usize,
    pub kind: Kind,
}

const MANY: usize = usize::MAX;

const fn f(name: &'static str, min: usize, max: usize, kind: Kind) -> Function {
    Function {
        name,
        min,
        max,
        kind,
    }
}

use Kind::{Aggregate as A, Grouping as G, Scalar as S};

/// Every ES|QL function kqlc knows of.
pub const FUNCTIONS: &[Function] = &[
    // Aggregates.
    f("absent", 1, 1, A),
    f("avg", 1, 1, A),
    f("count", 0, 1, A),
    f("count_distinct", 1, 2, A),
    f("first", 2, 2, A),
    f("last", 2, 2, A),
    f("max", 1, 1, A),
    f("median", 1, 1, A),
    f("median_absolute_deviation", 1, 1, A),
    f("min", 1, 1, A),
    f("percentile", 2, 2, A),
    f("present", 1, 1, A),
    f("sample", 2, 2, A),
    f("st_centroid_agg", 1, 1, A),
    f("st_extent_agg", 1, 1, A),
    f("std_dev", 1, 1, A),
    f("sum", 1, 1, A),
    f("top", 2, 4, A),
    f("values", 1, 1, A),
    f("variance", 1, 1, A),
    f("weighted_avg", 2, 2, A),
    // Time-series aggregates (`TS` sources).
    f("absent_over_time", 1, 2, A),
    f("avg_over_time", 1, 2, A),
    f("count_distinct_over_time", 1, 3, A),
    f("count_over_time", 1, 2, A),
    f("delta", 1, 2, A),
    f("first_over_time", 1, 2, A),
    f("idelta", 1, 2, A),
    f("increase", 1, 2, A),
    f("irate", 1, 2, A),
    f("last_over_time", 1, 2, A),
    f("max_over_time", 1, 2, A),
    f("min_over_time", 1, 2, A),
    f("percentile_over_time", 2, 3, A),
    f("present_over_time", 1, 2, A),
    f("rate", 1, 2, A),
    f("stddev_over_time", 1, 2, A),
    f("sum_over_time", 1, 2, A),
    f("variance_over_time", 1, 2, A),
    // Grouping functions.
    f("bucket", 2, 4, G),
    f("categorize", 1, 2, G),
    f("tbucket", 1, 1, G),
    // Conditional functions.
    f("case", 2, MANY, S),
    f("clamp", 3, 3, S),
    f("clamp_max", 2, 2, S),
    f("clamp_min", 2, 2, S),
    f("coalesce", 1, MANY, S),
    f("greatest", 1, MANY, S),
    f("least", 1, MANY, S),
    // Date and time.
    f("date_diff", 3, 3, S),
    f("date_extract", 2, 2, S),
    f("date_format", 1, 2, S),
    f("date_parse", 1, 3, S),
    f("date_trunc", 2, 2, S),
    f("day_name", 1, 1, S),
    f("month_name", 1, 1, S),
    f("now", 0, 0, S),
    f("trange", 1, 2, S),
    // IP.
    f("cidr_match", 2, MANY, S),
    f("ip_prefix", 3, 3, S),
    f("network_direction", 3, 3, S),
    // Math.
    f("abs", 1, 1, S),
    f("acos", 1, 1, S),
    f("asin", 1, 1, S),
    f("atan", 1, 1, S),
    f("atan2", 2, 2, S),
    f("cbrt", 1, 1, S),
    f("ceil", 1, 1, S),
    f("copy_sign", 2, 2, S),
    f("cos", 1, 1, S),
    f("cosh", 1, 1, S),
    f("e", 0, 0, S),
    f("exp", 1, 1, S),
    f("floor", 1, 1, S),
    f("hypot", 2, 2, S),
    f("log", 1, 2, S),
    f("log10", 1, 1, S),
    f("pi", 0, 0, S),
    f("pow", 2, 2, S),
    f("round", 1, 2, S),
    f("round_to", 2, MANY, S),
    f("scalb", 2, 2, S),
    f("signum", 1, 1, S),
    f("sin", 1, 1, S),
    f("sinh", 1, 1, S),
    f("sqrt", 1, 1, S),
    f("tan", 1, 1, S),
    f("tanh", 1, 1, S),
    f("tau", 0, 0, S),
    // Search.
    f("decay", 3, 4, S),
    f("knn", 2, 3, S),
    f("kql", 1, 2, S),
    f("match", 2, 3, S),
    f("match_phrase", 2, 3, S),
    f("multi_match", 2, MANY, S),
    f("qstr", 1, 2, S),
    f("score", 1, 1, S),
    f("term", 2, 2, S),
    // Spatial.
    f("st_contains", 2, 2, S),
    f("st_disjoint", 2, 2, S),
    f("st_distance", 2, 2, S),
    f("st_envelope", 1, 1, S),
    f("st_geohash", 2, 3, S),
    f("st_geohex", 2, 3, S),
    f("st_geotile", 2, 3, S),
    f("st_intersects", 2, 2, S),
    f("st_npoints", 1, 1, S),
    f("st_simplify", 2, 2, S),
    f("st_within", 2, 2, S),
    f("st_x", 1, 1, S),
    f("st_xmax", 1, 1, S),
    f("st_xmin", 1, 1, S),
    f("st_y", 1, 1, S),
    f("st_ymax", 1, 1, S),
    f("st_ymin", 1, 1, S),
    // Strings.
    f("bit_length", 1, 1, S),
    f("byte_length", 1, 1, S),
    f("chunk", 1, 2, S),
    f("concat", 2, MANY, S),
    f("contains", 2, 2, S),
    f("ends_with", 2, 2, S),
    f("from_base64", 1, 1, S),
    f("hash", 2, 2, S),
    f("json_extract", 2, 2, S),
    f("left", 2, 2, S),
    f("length", 1, 1, S),
    f("locate", 2, 3, S),
    f("ltrim", 1, 1, S),
    f("md5", 1, 1, S),
    f("repeat", 2, 2, S),
    f("replace", 3, 3, S),
    f("reverse", 1, 1, S),
    f("right", 2, 2, S),
    f("rtrim", 1, 1, S),
    f("sha1", 1, 1, S),
    f("sha256", 1, 1, S),
    f("space", 1, 1, S),
    f("split", 2, 2, S),
    f("starts_with", 2, 2, S),
    f("substring", 2, 3, S),
    f("to_base64", 1, 1, S),
    f("to_lower", 1, 1, S),
    f("to_upper", 1, 1, S),
    f("trim", 1, 1, S),
    f("url_decode", 1, 1, S),
    f("url_encode", 1, 1, S),
    f("url_encode_component", 1, 1, S),
    // Type conversion (with their short aliases).
    f("to_aggregate_metric_double", 1, 1, S),
    f("to_bool", 1, 1, S),
    f("to_boolean", 1, 1, S),
    f("to_cartesianpoint", 1, 1, S),
    f("to_cartesianshape", 1, 1, S),
    f("to_date_nanos", 1, 1, S),
    f("to_datenanos", 1, 1, S),
    f("to_dateperiod", 1, 1, S),
    f("to_datetime", 1, 1, S),
    f("to_dbl", 1, 1, S),
    f("to_degrees", 1, 1, S),
    f("to_dense_vector", 1, 1, S),
    f("to_double", 1, 1, S),
    f("to_dt", 1, 1, S),
    f("to_geohash", 1, 1, S),
    f("to_geohex", 1, 1, S),
    f("to_geopoint", 1, 1, S),
    f("to_geoshape", 1, 1, S),
    f("to_geotile", 1, 1, S),
    f("to_int", 1, 1, S),
    f("to_integer", 1, 1, S),
    f("to_ip", 1, 2, S),
    f("to_long", 1, 1, S),
    f("to_radians", 1, 1, S),
    f("to_str", 1, 1, S),
    f("to_string", 1, 1, S),
    f("to_timeduration", 1, 1, S),
    f("to_ul", 1, 1, S),
    f("to_ulong", 1, 1, S),
    f("to_unsigned_long", 1, 1, S),
    f("to_ver", 1, 1, S),
    f("to_version", 1, 1, S),
    // Multi-value.
    f("mv_append", 2, 2, S),
    f("mv_avg", 1, 1, S),
    f("mv_concat", 2, 2, S),
    f("mv_contains", 2, 2, S),
    f("mv_count", 1, 1, S),
    f("mv_dedupe", 1, 1, S),
    f("mv_difference", 2, 2, S),
    f("mv_first", 1, 1, S),
    f("mv_intersection", 2, 2, S),
    f("mv_intersects", 2, 2, S),
    f("mv_last", 1, 1, S),
    f("mv_max", 1, 1, S),
    f("mv_median", 1, 1, S),
    f("mv_median_absolute_deviation", 1, 1, S),
    f("mv_min", 1, 1, S),
    f("mv_percentile", 2, 2, S),
    f("mv_pseries_weighted_sum", 2, 2, S),
    f("mv_slice", 2, 3, S),
    f("mv_sort", 1, 2, S),
    f("mv_sum", 1, 1, S),
    f("mv_union", 2, 2, S),
    f("mv_zip", 2, 3, S),
    // Dense vectors and inference.
    f("text_embedding", 2, 2, S),
    f("v_cosine", 2, 2, S),
    f("v_dot_product", 2, 2, S),
    f("v_hamming", 2, 2, S),
    f("v_l1_norm", 2, 2, S),
    f("v_l2_norm", 2, 2, S),
    f("v_magnitude", 1, 1, S),
];

/// The function a name denotes, case-insensitively.
pub fn lookup(name: &str) -> Option<&'static Function> {
    let lower = name.to_ascii_lowercase();
    FUNCTIONS.iter().find(|f| f.name == lower)
}

/// The ES|QL spelling of a KQL function, for the help of an unknown name.
pub fn esql_for_kql(name: &str) -> Option<&'static str> {
    Some(match name {
        "tolower" => "to_lower(x)",
        "toupper" => "to_upper(x)",
        "strcat" => "concat(a, b, …)",
        "strlen" => "length(x)",
        "tostring" => "to_string(x)",
        "toint" => "to_integer(x)",
        "tolong" => "to_long(x)",
        "todouble" | "toreal" => "to_double(x)",
        "todatetime" => "to_datetime(x)",
        "dcount" => "count_distinct(x)",
        "make_set" => "values(x)",
        "countif" => "count(*) WHERE condition",
        "iff" | "iif" => "case(condition, then, else)",
        "isnull" => "x IS NULL",
        "isnotnull" => "x IS NOT NULL",
        "isempty" | "isnotempty" => "x IS NULL / x IS NOT NULL",
        "ago" => "now() - 1 hour",
        "bin" => "bucket(x, span) or date_trunc(span, x)",
        _ => return None,
    })
}

/// `1 argument`, `2 or 3 arguments`, `at least 2 arguments`.
pub fn arity_text(f: &Function) -> String {
    let noun = |n: usize| if n == 1 { "argument" } else { "arguments" };
    if f.max == MANY {
        format!("at least {} {}", f.min, noun(f.min))
    } else if f.min == f.max {
        format!("{} {}", f.min, noun(f.min))
    } else if f.max == f.min + 1 {
        format!("{} or {} arguments", f.min, f.max)
    } else {
        format!("{} to {} arguments", f.min, f.max)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_lower_case() {
        for (i, f) in FUNCTIONS.iter().enumerate() {
            assert_eq!(f.name, f.name.to_ascii_lowercase());
            assert!(
                FUNCTIONS[i + 1..].iter().all(|g| g.name != f.name),
                "{} twice",
                f.name
            );
        }
    }

    #[test]
    fn lookup_ignores_case_and_knows_the_kind() {
        assert_eq!(
            lookup("COUNT_DISTINCT").map(|f| f.kind),
            Some(Kind::Aggregate)
        );
        assert_eq!(lookup("Bucket").map(|f| f.kind), Some(Kind::Grouping));
        assert_eq!(lookup("to_lower").map(|f| f.kind), Some(Kind::Scalar));
        assert!(lookup("tolower").is_none());
    }

    #[test]
    fn arity_reads_as_english() {
        let text = |name| lookup(name).map(arity_text);
        assert_eq!(text("to_lower").as_deref(), Some("1 argument"));
        assert_eq!(text("round").as_deref(), Some("1 or 2 arguments"));
        assert_eq!(text("concat").as_deref(), Some("at least 2 arguments"));
        assert_eq!(text("top").as_deref(), Some("2 to 4 arguments"));
    }
}

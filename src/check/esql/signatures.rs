//! The parameter types of ES|QL functions, from the "Supported types" tables of
//! Elastic's function reference (<https://www.elastic.co/docs/reference/query-languages/esql/functions-operators/>),
//! and their result types, as far as the checker uses them.

use super::types::EsType;

/// What a parameter accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Need {
    /// `keyword` or `text`.
    String,
    /// `double`, `integer`, `long` or `unsigned_long`.
    Numeric,
    /// `date` or `date_nanos`.
    Date,
    Ip,
}

impl Need {
    pub fn accepts(self, ty: EsType) -> bool {
        match self {
            Need::String => ty.is_string(),
            Need::Numeric => ty.is_numeric(),
            Need::Date => ty == EsType::Date,
            Need::Ip => ty == EsType::Ip,
        }
    }

    /// The types as Elasticsearch's verifier names them.
    pub fn text(self) -> &'static str {
        match self {
            Need::String => "keyword or text",
            Need::Numeric => "numeric",
            Need::Date => "datetime or date_nanos",
            Need::Ip => "ip",
        }
    }
}

const S: Need = Need::String;
const N: Need = Need::Numeric;

/// `(function, [(parameter index, need)])`; `usize::MAX` stands for the last argument.
const PARAMETERS: &[(&str, &[(usize, Need)])] = &[
    // string-functions
    ("bit_length", &[(0, S)]),
    ("byte_length", &[(0, S)]),
    ("contains", &[(0, S), (1, S)]),
    ("ends_with", &[(0, S), (1, S)]),
    ("from_base64", &[(0, S)]),
    ("left", &[(0, S), (1, N)]),
    ("length", &[(0, S)]),
    ("locate", &[(0, S), (1, S), (2, N)]),
    ("ltrim", &[(0, S)]),
    ("md5", &[(0, S)]),
    ("repeat", &[(0, S), (1, N)]),
    ("replace", &[(0, S), (1, S), (2, S)]),
    ("reverse", &[(0, S)]),
    ("right", &[(0, S), (1, N)]),
    ("rtrim", &[(0, S)]),
    ("sha1", &[(0, S)]),
    ("sha256", &[(0, S)]),
    ("space", &[(0, N)]),
    ("split", &[(0, S), (1, S)]),
    ("starts_with", &[(0, S), (1, S)]),
    ("substring", &[(0, S), (1, N), (2, N)]),
    ("to_base64", &[(0, S)]),
    ("to_lower", &[(0, S)]),
    ("to_upper", &[(0, S)]),
    ("trim", &[(0, S)]),
    ("url_decode", &[(0, S)]),
    ("url_encode", &[(0, S)]),
    ("url_encode_component", &[(0, S)]),
    // math-functions
    ("abs", &[(0, N)]),
    ("acos", &[(0, N)]),
    ("asin", &[(0, N)]),
    ("atan", &[(0, N)]),
    ("atan2", &[(0, N), (1, N)]),
    ("cbrt", &[(0, N)]),
    ("ceil", &[(0, N)]),
    ("copy_sign", &[(0, N), (1, N)]),
    ("cos", &[(0, N)]),
    ("cosh", &[(0, N)]),
    ("exp", &[(0, N)]),
    ("floor", &[(0, N)]),
    ("hypot", &[(0, N), (1, N)]),
    ("log", &[(0, N), (1, N)]),
    ("log10", &[(0, N)]),
    ("pow", &[(0, N), (1, N)]),
    ("round", &[(0, N), (1, N)]),
    ("scalb", &[(0, N), (1, N)]),
    ("signum", &[(0, N)]),
    ("sin", &[(0, N)]),
    ("sinh", &[(0, N)]),
    ("sqrt", &[(0, N)]),
    ("tan", &[(0, N)]),
    ("tanh", &[(0, N)]),
    ("to_degrees", &[(0, N)]),
    ("to_radians", &[(0, N)]),
    // date-time-functions
    ("date_diff", &[(0, S), (1, Need::Date), (2, Need::Date)]),
    ("date_extract", &[(0, S), (1, Need::Date)]),
    ("date_format", &[(usize::MAX, Need::Date)]),
    ("date_trunc", &[(1, Need::Date)]),
    // ip-functions
    ("cidr_match", &[(0, Need::Ip)]),
    // aggregation-functions (numeric only)
    ("avg", &[(0, N)]),
    ("median", &[(0, N)]),
    ("median_absolute_deviation", &[(0, N)]),
    ("percentile", &[(0, N), (1, N)]),
    ("std_dev", &[(0, N)]),
    ("sum", &[(0, N)]),
    ("variance", &[(0, N)]),
];

/// The needs of `function`'s arguments, given `arity` arguments: `(index, need)`.
pub fn parameters(function: &str, arity: usize) -> Vec<(usize, Need)> {
    let lower = function.to_ascii_lowercase();
    PARAMETERS
        .iter()
        .find(|(f, _)| *f == lower)
        .map(|(_, params)| {
            params
                .iter()
                .map(|(i, n)| {
                    (
                        if *i == usize::MAX {
                            arity.saturating_sub(1)
                        } else {
                            *i
                        },
                        *n,
                    )
                })
                .filter(|(i, _)| *i < arity)
                .collect()
        })
        .unwrap_or_default()
}

/// The result type of a call, from its argument types (`Unknown` when not modelled).
pub fn result(function: &str, args: &[EsType]) -> EsType {
    let first = args.first().copied().unwrap_or(EsType::Unknown);
    match function.to_ascii_lowercase().as_str() {
        "to_lower"
        | "to_upper"
        | "trim"
        | "ltrim"
        | "rtrim"
        | "substring"
        | "left"
        | "right"
        | "replace"
        | "concat"
        | "reverse"
        | "repeat"
        | "space"
        | "md5"
        | "sha1"
        | "sha256"
        | "to_base64"
        | "from_base64"
        | "url_encode"
        | "url_decode"
        | "url_encode_component"
        | "to_string"
        | "date_format"
        | "mv_concat"
        | "split"
        | "hash" => EsType::Keyword,
        "length" | "bit_length" | "byte_length" | "locate" | "to_integer" | "to_int"
        | "date_diff" | "mv_count" => EsType::Integer,
        "count" | "count_distinct" | "to_long" | "date_extract" => EsType::Long,
        "avg"
        | "to_double"
        | "pow"
        | "log"
        | "log10"
        | "sqrt"
        | "cbrt"
        | "exp"
        | "sin"
        | "cos"
        | "tan"
        | "sinh"
        | "cosh"
        | "tanh"
        | "asin"
        | "acos"
        | "atan"
        | "atan2"
        | "hypot"
        | "pi"
        | "e"
        | "tau"
        | "signum"
        | "to_degrees"
        | "to_radians"
        | "scalb"
        | "median"
        | "median_absolute_deviation"
        | "std_dev"
        | "variance"
        | "percentile"
        | "mv_avg"
        | "mv_median" => EsType::Double,
        "starts_with" | "ends_with" | "contains" | "cidr_match" | "to_boolean" | "to_bool"
        | "is_null" | "mv_contains" => EsType::Boolean,
        "to_datetime" | "now" | "date_trunc" | "date_parse" => EsType::Date,
        "to_ip" => EsType::Ip,
        "to_version" => EsType::Version,
        "sum" => match first {
            EsType::Double => EsType::Double,
            t if t.is_numeric() => EsType::Long,
            _ => EsType::Unknown,
        },
        "abs" | "ceil" | "floor" | "round" | "copy_sign" | "round_to" | "min" | "max"
        | "values" | "top" | "sample" | "mv_min" | "mv_max" | "mv_first" | "mv_last"
        | "mv_dedupe" | "mv_sort" | "mv_slice" | "mv_sum" | "first" | "last" => first,
        "coalesce" | "greatest" | "least" => args
            .iter()
            .copied()
            .find(|t| t.is_known())
            .unwrap_or(EsType::Unknown),
        // `case(c1, v1, …, [else])`: the type of the values.
        "case" => args
            .iter()
            .enumerate()
            .filter(|(i, _)| i % 2 == 1 || i + 1 == args.len())
            .map(|(_, t)| *t)
            .find(|t| t.is_known())
            .unwrap_or(EsType::Unknown),
        _ => EsType::Unknown,
    }
}

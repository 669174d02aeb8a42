//! Kusto built-in functions that kqlc knows by name and result type but cannot run,
//! and deprecated spellings of functions it runs. `kqlc check` accepts a call of the
//! first kind with a warning (its result has the documented type); `kqlc run` still
//! reports it as unknown. Sources: the Kusto function reference
//! (learn.microsoft.com/kusto/query/…) and Kusto.Language's `Functions.cs`/`Aggregates.cs`.

use crate::functions::registry::AggregateFunction;
use crate::value::Type;

/// Deprecated names Kusto still accepts, and the function each stands for
/// (e.g. extract-all-function: "Deprecated aliases: extractall()").
const DEPRECATED: &[(&str, &str)] = &[("extractall", "extract_all")];

/// The current name of a deprecated function name.
pub fn current_name(name: &str) -> Option<&'static str> {
    DEPRECATED
        .iter()
        .find(|(old, _)| *old == name)
        .map(|(_, new)| *new)
}

/// A scalar function kqlc does not run: its arity and result type.
pub struct KnownScalar {
    pub name: &'static str,
    pub min_args: usize,
    pub max_args: usize,
    pub returns: Type,
}

/// Scalar functions of Kusto that kqlc cannot run yet.
const SCALARS: &[KnownScalar] = &[
    // geo-info-from-ip-address-function: (ip: string) -> dynamic (country, state, city,
    // latitude, longitude): needs Microsoft's geolocation data, which kqlc does not have.
    KnownScalar {
        name: "geo_info_from_ip_address",
        min_args: 1,
        max_args: 1,
        returns: Type::Dynamic,
    },
    // parse-user-agent-function: (user_agent: string, look_for: string | dynamic) -> dynamic.
    KnownScalar {
        name: "parse_user_agent",
        min_args: 2,
        max_args: 2,
        returns: Type::Dynamic,
    },
    // Functions of the cluster, the caller or the stored extents, which an offline run
    // does not have (current-principal-function, current-database-function,
    // current-cluster-endpoint-function, cursor-after-function, extent-id-function, …).
    KnownScalar {
        name: "current_principal",
        min_args: 0,
        max_args: 0,
        returns: Type::String,
    },
    KnownScalar {
        name: "current_principal_details",
        min_args: 0,
        max_args: 0,
        returns: Type::Dynamic,
    },
    KnownScalar {
        name: "current_principal_is_member_of",
        min_args: 1,
        max_args: usize::MAX,
        returns: Type::Bool,
    },
    KnownScalar {
        name: "current_database",
        min_args: 0,
        max_args: 0,
        returns: Type::String,
    },
    KnownScalar {
        name: "current_cluster_endpoint",
        min_args: 0,
        max_args: 0,
        returns: Type::String,
    },
    KnownScalar {
        name: "cursor_after",
        min_args: 1,
        max_args: 1,
        returns: Type::Bool,
    },
    KnownScalar {
        name: "cursor_before_or_at",
        min_args: 1,
        max_args: 1,
        returns: Type::Bool,
    },
    KnownScalar {
        name: "cursor_current",
        min_args: 0,
        max_args: 0,
        returns: Type::String,
    },
    KnownScalar {
        name: "extent_id",
        min_args: 0,
        max_args: 0,
        returns: Type::Guid,
    },
    KnownScalar {
        name: "extent_tags",
        min_args: 0,
        max_args: 0,
        returns: Type::Dynamic,
    },
    // bin-auto-function: the bin size comes from the query's `query_bin_auto_size` setting.
    KnownScalar {
        name: "bin_auto",
        min_args: 1,
        max_args: 1,
        returns: Type::Unknown,
    },
];

/// The scalar function of that name that kqlc knows but cannot run.
pub fn scalar(name: &str) -> Option<&'static KnownScalar> {
    SCALARS.iter().find(|f| f.name == name)
}

/// Aggregates of Kusto that kqlc cannot run yet, for checking only (none at present:
/// the weighted percentiles now run from the registry).
static AGGREGATES: [AggregateFunction; 0] = [];

/// The aggregate of that name that kqlc knows but cannot run.
pub fn aggregate(name: &str) -> Option<&'static AggregateFunction> {
    AGGREGATES.iter().find(|f| f.name == name)
}

/// Aggregates whose unnamed output column is named after their first argument
/// (Kusto.Language `ResultNameKind.FirstArgument`): `take_anyif(A, p)` gives `A`.
pub fn named_after_argument(name: &str) -> bool {
    matches!(
        name,
        "take_anyif" | "binary_all_or" | "binary_all_and" | "binary_all_xor"
    )
}

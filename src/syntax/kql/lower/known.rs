//! Name facts about Kusto functions that the signature catalogue does not carry:
//! deprecated spellings of functions kqlc runs, and aggregates whose output column is
//! named after an argument. (Functions Kusto declares but kqlc cannot run are found in
//! the catalogue, `functions/kusto_signatures.tsv`.)

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

/// Aggregates whose unnamed output column is named after their first argument
/// (Kusto.Language `ResultNameKind.FirstArgument`): `take_anyif(A, p)` gives `A`.
pub fn named_after_argument(name: &str) -> bool {
    matches!(
        name,
        "take_anyif" | "binary_all_or" | "binary_all_and" | "binary_all_xor"
    )
}

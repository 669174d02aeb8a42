//! Reading parameter types from the registry's signatures, e.g.
//! `(datetime: datetime, [offset: long]) -> datetime`: the checker enforces the
//! parameters whose type is one concrete Kusto type.

use crate::value::Type;

/// What a parameter accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamType {
    /// One Kusto type (numeric types accept each other).
    Exact(Type),
    /// Anything the checker does not enforce (`any`, unions, untyped, `...`).
    Any,
}

/// One parameter of a signature.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Param {
    pub name: String,
    pub ty: ParamType,
}

/// The parameters of `signature` in order; empty when it has no `( … )` list or
/// takes a variable number of arguments (their positions would not line up).
pub fn parameters(signature: &str) -> Vec<Param> {
    let Some(list) = signature
        .trim()
        .strip_prefix('(')
        .and_then(|rest| rest.split_once(')'))
        .map(|(list, _)| list)
    else {
        return Vec::new();
    };
    if list.contains("...") || list.contains('…') {
        return Vec::new();
    }
    list.split(',')
        .map(|p| p.trim().trim_matches(|c| c == '[' || c == ']').trim())
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once(':') {
            Some((name, ty)) => Param {
                name: name.trim().to_string(),
                ty: concrete(ty.trim()),
            },
            None => Param {
                name: p.to_string(),
                ty: ParamType::Any,
            },
        })
        .collect()
}

fn concrete(ty: &str) -> ParamType {
    match Type::from_name(ty) {
        Some(t) => ParamType::Exact(t),
        None => ParamType::Any,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_optional_and_untyped_parameters_are_read() {
        let params = parameters("(datetime: datetime, [offset: long]) -> datetime");
        assert_eq!(params.len(), 2);
        assert_eq!(params[0].ty, ParamType::Exact(Type::DateTime));
        assert_eq!(params[1].name, "offset");
        assert_eq!(params[1].ty, ParamType::Exact(Type::Long));
        let untyped = parameters("(value, roundTo) -> same type as value");
        assert_eq!(untyped[0].ty, ParamType::Any);
    }

    #[test]
    fn variadic_and_union_types_are_not_enforced() {
        assert!(parameters("(a: string, ...) -> string").is_empty());
        assert_eq!(parameters("(x: long|real) -> real")[0].ty, ParamType::Any);
    }
}

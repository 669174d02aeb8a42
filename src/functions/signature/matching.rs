//! Matching argument types against signatures: which overload a call takes, which
//! argument no overload accepts, and the result type. The rules follow Kusto's:
//! numbers widen (int → long → real/decimal, never real → long), `dynamic` is taken
//! only where a parameter says so, and a type kqlc does not know is taken anywhere.

use super::{DeclaredType, Param, ParamType, Returns, Signature};
use crate::value::Type;

/// The outcome of matching one call.
#[derive(Debug)]
pub enum Verdict {
    /// An overload takes the arguments; its result type (`Unknown` when it depends
    /// on more than the argument types).
    Matches(Type),
    /// The name has no signatures: nothing to say.
    Unchecked,
    /// Argument `index` is of a type parameter `param` does not take.
    Argument { index: usize, param: &'static Param },
    /// The arguments bound to a common-type parameter (`iff`'s branches,
    /// `coalesce`'s values) share no type.
    NoCommonType { indices: Vec<usize> },
    /// Several overloads take this many arguments and none these types.
    NoOverload { candidates: Vec<&'static Signature> },
    /// No signature takes this many arguments (`case` with an even count).
    Count,
}

/// Matches argument types against the signatures of one function or operator.
pub fn check(signatures: &'static [Signature], args: &[Type]) -> Verdict {
    let candidates: Vec<&'static Signature> =
        signatures.iter().filter(|s| s.takes(args.len())).collect();
    let mut first_failure = None;
    for sig in &candidates {
        match check_one(sig, args) {
            Ok(ty) => return Verdict::Matches(ty),
            Err(failure) => {
                first_failure.get_or_insert(failure);
            }
        }
    }
    match (candidates.len(), first_failure) {
        (0, _) if !signatures.is_empty() => Verdict::Count,
        (0, _) | (_, None) => Verdict::Unchecked,
        (1, Some(failure)) => failure,
        _ => Verdict::NoOverload { candidates },
    }
}

fn check_one(sig: &'static Signature, args: &[Type]) -> Result<Type, Verdict> {
    let bound = sig.bind(args.len());
    for (index, (param, arg)) in bound.iter().zip(args).enumerate() {
        if !accepts(param, *arg, sig, &bound, args) {
            return Err(Verdict::Argument { index, param });
        }
    }
    let common: Vec<usize> = (0..bound.len())
        .filter(|&i| is_common(&bound[i].ty))
        .collect();
    let common_type = common_type(&common, &bound, args).ok_or(Verdict::NoCommonType {
        indices: common.clone(),
    })?;
    Ok(result_type(sig, &bound, args, common_type))
}

/// Whether `param` of `sig` takes an argument of type `arg`.
fn accepts(param: &Param, arg: Type, sig: &Signature, bound: &[&Param], args: &[Type]) -> bool {
    if arg == Type::Unknown {
        return true;
    }
    match &param.ty {
        ParamType::Declared(types) => types.iter().any(|d| match d {
            DeclaredType::Scalar(t) => widens_to(arg, *t),
            // A `typeof(…)` literal has no value type (lowering types it unknown).
            DeclaredType::TypeLiteral => false,
            DeclaredType::Other => true,
        }),
        ParamType::Family(family) => match family.strip_prefix("Parameter") {
            Some(n) => same_as_parameter(n, arg, sig, bound, args),
            None => in_family(family, arg),
        },
    }
}

/// Whether a value of type `from` is taken where `to` is declared: numbers widen,
/// and a dynamic value is taken where a string is (Kusto converts it; not where a
/// datetime, timespan, bool or number is).
pub fn widens_to(from: Type, to: Type) -> bool {
    use Type::*;
    from == to
        || matches!(
            (from, to),
            (Int, Long | Real | Decimal)
                | (Long, Int | Real | Decimal)
                | (Real | Decimal, Real | Decimal)
                | (Dynamic, String)
        )
}

/// Whether `arg` is one of the types of a parameter type family of Kusto.Language.
pub fn in_family(family: &str, arg: Type) -> bool {
    use Type::*;
    let number = arg.is_numeric();
    match family {
        "Integer" => matches!(arg, Int | Long),
        "Number" | "CommonNumber" => number,
        "RealOrDecimal" => number,
        "NumberOrBool" => number || arg == Bool,
        "Summable" | "CommonSummable" => number || matches!(arg, TimeSpan | DateTime),
        "StringOrDynamic" | "StringOrArray" => matches!(arg, String | Dynamic),
        "IntegerOrDynamic" | "IntegerOrArray" => matches!(arg, Int | Long | Dynamic),
        "DynamicArray" | "DynamicBag" => arg == Dynamic,
        "NotBool" => arg != Bool,
        "NotDynamic" => arg != Dynamic,
        "NotRealOrBool" => !matches!(arg, Real | Bool),
        _ => true,
    }
}

/// A person's name for a parameter type family.
pub fn family_label(family: &str) -> String {
    match family {
        "Integer" => "int|long",
        "Number" | "CommonNumber" | "RealOrDecimal" => "number",
        "NumberOrBool" => "number|bool",
        "Summable" | "CommonSummable" => "number|timespan|datetime",
        "StringOrDynamic" => "string|dynamic",
        "StringOrArray" => "string|dynamic array",
        "IntegerOrDynamic" => "int|long|dynamic",
        "IntegerOrArray" => "int|long|dynamic array",
        "DynamicArray" => "dynamic array",
        "DynamicBag" => "dynamic bag",
        "NotBool" => "any but bool",
        "NotDynamic" => "any scalar but dynamic",
        "NotRealOrBool" => "any but real or bool",
        "Tabular" => "table",
        f if f.starts_with("Parameter") => return format!("type of argument {}", &f[9..]),
        _ => "any scalar",
    }
    .to_string()
}

/// `@ParameterN`: the argument must have the type of the argument bound to the
/// signature's N-th parameter (numbers widen).
fn same_as_parameter(n: &str, arg: Type, sig: &Signature, bound: &[&Param], args: &[Type]) -> bool {
    let Some(n) = n.parse::<usize>().ok() else {
        return true;
    };
    let other = argument_of(n, sig, bound, args);
    other == Type::Unknown || widens_to(arg, other) || widens_to(other, arg)
}

/// The type of the first argument bound to the signature's `n`-th parameter
/// (`Unknown` when there is none).
fn argument_of(n: usize, sig: &Signature, bound: &[&Param], args: &[Type]) -> Type {
    sig.params
        .get(n)
        .and_then(|target| bound.iter().position(|p| std::ptr::eq(*p, target)))
        .and_then(|i| args.get(i).copied())
        .unwrap_or(Type::Unknown)
}

fn is_common(ty: &ParamType) -> bool {
    matches!(ty, ParamType::Family(f) if f.starts_with("Common"))
}

/// The common type of the arguments at `indices`: `Some(Unknown)` when unknown or
/// when there are none, `None` when they have none (a string and a number).
fn common_type(indices: &[usize], bound: &[&Param], args: &[Type]) -> Option<Type> {
    let types: Vec<Type> = indices
        .iter()
        .map(|&i| args[i])
        .filter(|t| *t != Type::Unknown)
        .collect();
    let Some(first) = types.first().copied() else {
        return Some(Type::Unknown);
    };
    let dynamic_allowed = indices
        .iter()
        .any(|&i| matches!(&bound[i].ty, ParamType::Family(f) if f.ends_with("OrDynamic")));
    if types.iter().all(|t| *t == first) {
        return Some(first);
    }
    if dynamic_allowed && types.contains(&Type::Dynamic) {
        return Some(Type::Dynamic);
    }
    if types.iter().all(|t| t.is_numeric()) {
        return Some(widest(&types));
    }
    None
}

/// The widest of numeric types: int < long < real, decimal.
pub fn widest(types: &[Type]) -> Type {
    use Type::*;
    let rank = |t: &Type| match t {
        Int => 0,
        Long => 1,
        Real => 2,
        Decimal => 3,
        _ => 4,
    };
    // Kusto.Language widens `int` itself to `long`: `int + int`, `int * int` and
    // `bin(int, 2)` are `long` (measured with its analyzer).
    match types
        .iter()
        .copied()
        .max_by_key(rank)
        .filter(|t| rank(t) < 4)
    {
        Some(Int) => Long,
        Some(t) => t,
        None => Unknown,
    }
}

fn result_type(sig: &Signature, bound: &[&Param], args: &[Type], common: Type) -> Type {
    match &sig.returns {
        Returns::Declared(DeclaredType::Scalar(t)) => *t,
        Returns::Declared(DeclaredType::Other | DeclaredType::TypeLiteral) => Type::Unknown,
        Returns::Rule(rule) => match rule.as_str() {
            "Widest" => widest(args),
            "Common" => common,
            "CommonNonDynamic" if common == Type::Dynamic => Type::Unknown,
            "CommonNonDynamic" => common,
            r => match r
                .strip_prefix("Parameter")
                .and_then(|n| n.parse::<usize>().ok())
            {
                Some(n) => argument_of(n, sig, bound, args),
                None => Type::Unknown,
            },
        },
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Kind, signatures};
    use super::*;

    fn verdict(kind: Kind, name: &str, args: &[Type]) -> Verdict {
        check(signatures(kind, name), args)
    }

    #[test]
    fn datetime_is_not_ordered_against_a_timespan() {
        // Kusto: `TimeGenerated > 1h` — operator '>' not defined for datetime and timespan.
        let v = verdict(
            Kind::Operator,
            "GreaterThan",
            &[Type::DateTime, Type::TimeSpan],
        );
        assert!(matches!(v, Verdict::NoOverload { .. }), "{v:?}");
        let ok = verdict(
            Kind::Operator,
            "GreaterThan",
            &[Type::DateTime, Type::DateTime],
        );
        assert!(matches!(ok, Verdict::Matches(Type::Bool)));
    }

    #[test]
    fn datetime_minus_datetime_is_a_timespan_and_plus_timespan_a_datetime() {
        let sub = verdict(
            Kind::Operator,
            "Subtract",
            &[Type::DateTime, Type::DateTime],
        );
        assert!(matches!(sub, Verdict::Matches(Type::TimeSpan)));
        let add = verdict(Kind::Operator, "Add", &[Type::DateTime, Type::TimeSpan]);
        assert!(matches!(add, Verdict::Matches(Type::DateTime)));
        let widest = verdict(Kind::Operator, "Add", &[Type::Int, Type::Real]);
        assert!(matches!(widest, Verdict::Matches(Type::Real)));
    }

    #[test]
    fn a_string_plus_a_number_is_not_defined() {
        let v = verdict(Kind::Operator, "Add", &[Type::String, Type::Long]);
        assert!(!matches!(v, Verdict::Matches(_)));
    }

    #[test]
    fn ago_takes_a_timespan_not_a_number() {
        let v = verdict(Kind::Scalar, "ago", &[Type::Long]);
        assert!(matches!(v, Verdict::Argument { index: 0, .. }), "{v:?}");
    }

    #[test]
    fn iff_needs_a_bool_condition_and_branches_of_a_common_type() {
        let cond = verdict(Kind::Scalar, "iff", &[Type::String, Type::Long, Type::Long]);
        assert!(matches!(cond, Verdict::Argument { index: 0, .. }));
        let mixed = verdict(Kind::Scalar, "iff", &[Type::Bool, Type::Long, Type::String]);
        assert!(matches!(mixed, Verdict::NoCommonType { .. }), "{mixed:?}");
        let widened = verdict(Kind::Scalar, "iff", &[Type::Bool, Type::Long, Type::Real]);
        assert!(matches!(widened, Verdict::Matches(Type::Real)));
    }

    #[test]
    fn numbers_widen_but_reals_do_not_narrow() {
        assert!(widens_to(Type::Int, Type::Long));
        assert!(widens_to(Type::Long, Type::Real));
        assert!(!widens_to(Type::Real, Type::Long));
        assert!(widens_to(Type::Dynamic, Type::String));
        assert!(!widens_to(Type::Dynamic, Type::DateTime));
    }

    #[test]
    fn unknown_argument_types_are_taken_anywhere() {
        let v = verdict(Kind::Scalar, "ago", &[Type::Unknown]);
        assert!(matches!(v, Verdict::Matches(Type::DateTime)));
    }
}

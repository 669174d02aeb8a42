//! The builtin function registry: one data entry per function (name, arity, signature,
//! return-type rule, implementation, doc). The checker, the interpreter and (later)
//! the language server all read these entries, so a function exists exactly once.

use crate::value::{Row, Type, Value};
use std::any::Any;
use std::collections::HashMap;
use std::sync::LazyLock;

/// What a scalar function may read besides its arguments.
#[derive(Clone, Debug)]
pub struct EvalContext {
    /// The one "now" of this run, in ticks (`now()`, `ago()`).
    pub now: i64,
}

/// How a function's result type follows from its argument types.
#[derive(Clone, Copy)]
pub enum ReturnType {
    Fixed(Type),
    /// The type of argument `i` (e.g. `coalesce`, `min`).
    SameAs(usize),
    /// Any other rule.
    Rule(fn(&[Type]) -> Type),
}

impl ReturnType {
    pub fn resolve(&self, args: &[Type]) -> Type {
        match self {
            ReturnType::Fixed(t) => *t,
            ReturnType::SameAs(i) => args.get(*i).copied().unwrap_or(Type::Unknown),
            ReturnType::Rule(f) => f(args),
        }
    }
}

/// The first argument's type, with `int` widened to `long` as Kusto.Language types
/// `bin`, `abs`, `percentile` and arithmetic of ints (measured with its analyzer).
pub fn widened_first(args: &[Type]) -> Type {
    match args.first() {
        Some(Type::Int) => Type::Long,
        Some(t) => *t,
        None => Type::Unknown,
    }
}

/// A scalar function's implementation: argument values in, value or message out.
/// Kusto functions return null on bad input; an `Err` is for what Kusto reports as an
/// error (e.g. an invalid regex), and becomes a runtime diagnostic at the call's span.
pub type ScalarImpl = fn(&[Value], &EvalContext) -> Result<Value, String>;

/// One scalar function.
pub struct ScalarFunction {
    pub name: &'static str,
    /// Other names for the same function (`iif` for `iff`, `todynamic` for `parse_json`).
    pub aliases: &'static [&'static str],
    pub min_args: usize,
    /// `usize::MAX` for variadic.
    pub max_args: usize,
    /// The signature as a person reads it, e.g. `(source: string, lookup: string) -> bool`.
    pub signature: &'static str,
    pub returns: ReturnType,
    pub eval: ScalarImpl,
    /// One line: what it does.
    pub doc: &'static str,
}

/// The running state of one aggregate over one group.
pub trait Accumulator: Send {
    /// Adds one row's argument values.
    fn update(&mut self, args: &[Value]);
    /// Adds another partial state of the same aggregate (parallel and distributed runs).
    fn merge(&mut self, other: Box<dyn Accumulator>);
    /// Appends the result value(s): one for most aggregates, more for `arg_max(x, a, b)`.
    fn finish(&self, out: &mut Row);
    fn into_any(self: Box<Self>) -> Box<dyn Any>;
}

/// One aggregate function (`count`, `make_set`, `arg_max`, …).
pub struct AggregateFunction {
    pub name: &'static str,
    pub aliases: &'static [&'static str],
    pub min_args: usize,
    pub max_args: usize,
    pub signature: &'static str,
    pub returns: ReturnType,
    /// Makes an empty state. `consts[i]` is argument `i` when it is a constant (a size
    /// cap such as `make_set(x, 10)`), `Value::Null` otherwise.
    pub new: fn(consts: &[Value]) -> Box<dyn Accumulator>,
    pub doc: &'static str,
}

/// A [`ScalarFunction`] with its arity as `(min, max)`: the one constructor the families'
/// `FUNCTIONS` tables share.
pub const fn scalar_entry(
    name: &'static str,
    aliases: &'static [&'static str],
    (min_args, max_args): (usize, usize),
    signature: &'static str,
    returns: ReturnType,
    eval: ScalarImpl,
    doc: &'static str,
) -> ScalarFunction {
    ScalarFunction {
        name,
        aliases,
        min_args,
        max_args,
        signature,
        returns,
        eval,
        doc,
    }
}

/// An [`AggregateFunction`] with its arity as `(min, max)`: the one constructor the
/// aggregate tables share.
pub const fn aggregate_entry(
    name: &'static str,
    aliases: &'static [&'static str],
    (min_args, max_args): (usize, usize),
    signature: &'static str,
    returns: ReturnType,
    new: fn(&[Value]) -> Box<dyn Accumulator>,
    doc: &'static str,
) -> AggregateFunction {
    AggregateFunction {
        name,
        aliases,
        min_args,
        max_args,
        signature,
        returns,
        new,
        doc,
    }
}

/// Every scalar function, from each family module.
pub fn scalar_functions() -> impl Iterator<Item = &'static ScalarFunction> {
    super::SCALAR_FAMILIES
        .iter()
        .flat_map(|family| family.iter())
}

/// Every aggregate function.
pub fn aggregate_functions() -> impl Iterator<Item = &'static AggregateFunction> {
    super::aggregate::AGGREGATES.iter()
}

static SCALARS: LazyLock<HashMap<String, &'static ScalarFunction>> = LazyLock::new(|| {
    let mut map = HashMap::new();
    for f in scalar_functions() {
        for name in std::iter::once(&f.name).chain(f.aliases) {
            map.insert(name.to_string(), f);
        }
    }
    map
});

static AGGREGATES: LazyLock<HashMap<String, &'static AggregateFunction>> = LazyLock::new(|| {
    let mut map = HashMap::new();
    for f in aggregate_functions() {
        for name in std::iter::once(&f.name).chain(f.aliases) {
            map.insert(name.to_string(), f);
        }
    }
    map
});

/// The scalar function of that name (KQL names are case-sensitive).
pub fn scalar(name: &str) -> Option<&'static ScalarFunction> {
    SCALARS.get(name).copied()
}

/// The aggregate function of that name.
pub fn aggregate(name: &str) -> Option<&'static AggregateFunction> {
    AGGREGATES.get(name).copied()
}

/// All names (with aliases) of scalar and aggregate functions, for did-you-mean.
pub fn all_names() -> impl Iterator<Item = &'static str> {
    SCALARS.keys().chain(AGGREGATES.keys()).map(|s| s.as_str())
}

/// The README's list of what `kqlc run` implements: KQL scalar functions and aggregates,
/// then ES|QL functions, each sorted; generated so that it cannot fall behind the
/// registry (a test compares it with the README).
pub fn functions_markdown() -> String {
    let list = |mut names: Vec<&str>| {
        names.sort_unstable();
        names.dedup();
        let count = names.len();
        let joined: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
        (count, joined.join(", "))
    };
    let (scalars, scalar_list) = list(scalar_functions().map(|f| f.name).collect());
    let (aggregates, aggregate_list) = list(aggregate_functions().map(|f| f.name).collect());
    let (esql, esql_list) = list(super::esql::all_names());
    format!(
        "**KQL scalar functions ({scalars}):** {scalar_list}.\n\n\
         **KQL aggregates ({aggregates}):** {aggregate_list}.\n\n\
         **ES|QL functions ({esql}):** {esql_list}.\n"
    )
}

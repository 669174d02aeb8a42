//! Checking ES|QL expressions: column references against the [`Scope`], function names
//! and argument counts against the language's list, and where aggregates may appear.
//! Every problem is collected; checking goes on after one.

use super::functions::{self, Function, Kind};
use super::scope::Scope;
use crate::diagnostic::{Code, Diagnostic, did_you_mean};
use crate::source::Span;
use crate::syntax::esql::ast::{Expr, ExprKind};

/// Where an expression stands, which decides whether aggregates are allowed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place<'t> {
    /// `WHERE`, `EVAL`, `SORT`, …: no aggregates, no grouping functions.
    Row,
    /// Directly in a `STATS` aggregate expression: aggregates allowed.
    Stats,
    /// Inside the arguments of the aggregate whose text this is.
    InAggregate(&'t str),
    /// A `STATS … BY` key.
    ByKey,
}

/// The sub-expressions of `e`, in source order.
pub fn children(e: &Expr) -> Vec<&Expr> {
    match &e.kind {
        ExprKind::Literal(_) | ExprKind::Field(_) | ExprKind::Param(_) | ExprKind::Star => {
            Vec::new()
        }
        ExprKind::Array(items) => items.iter().collect(),
        ExprKind::Map(map) => map.entries.iter().map(|(_, v)| v).collect(),
        ExprKind::Call { args, options, .. } => {
            let mut all: Vec<&Expr> = args.iter().collect();
            if let Some(map) = options {
                all.extend(map.entries.iter().map(|(_, v)| v));
            }
            all
        }
        ExprKind::Unary { operand, .. }
        | ExprKind::Not(operand)
        | ExprKind::IsNull { operand, .. }
        | ExprKind::Cast { operand, .. }
        | ExprKind::Paren(operand) => vec![operand],
        ExprKind::Binary { lhs, rhs, .. } => vec![lhs, rhs],
        ExprKind::Like {
            operand, patterns, ..
        } => std::iter::once(&**operand).chain(patterns).collect(),
        ExprKind::In { operand, list, .. } => std::iter::once(&**operand).chain(list).collect(),
        ExprKind::Match { field, query } => vec![field, query],
    }
}

/// Whether `e` is a constant: no column, no aggregate or grouping call, no full-text match.
pub fn foldable(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Field(_) | ExprKind::Match { .. } => false,
        ExprKind::Call { name, .. }
            if functions::lookup(&name.name).is_some_and(|f| f.kind != Kind::Scalar) =>
        {
            false
        }
        _ => children(e).into_iter().all(foldable),
    }
}

/// Whether `e` calls an aggregate function anywhere.
pub fn has_aggregate(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Call { name, .. }
            if functions::lookup(&name.name).is_some_and(|f| f.kind == Kind::Aggregate) =>
        {
            true
        }
        _ => children(e).into_iter().any(has_aggregate),
    }
}

/// The findings of expression checks, and the query text (for quoting expressions).
pub struct Exprs<'t> {
    pub text: &'t str,
    pub findings: Vec<Diagnostic>,
}

impl<'t> Exprs<'t> {
    pub fn new(text: &'t str) -> Exprs<'t> {
        Exprs {
            text,
            findings: Vec::new(),
        }
    }

    /// The source text of a span.
    pub fn source(&self, span: Span) -> &'t str {
        self.text.get(span.range()).unwrap_or("")
    }

    /// Checks `e` standing at `place`, resolving its columns in `scope`.
    pub fn check(&mut self, e: &Expr, scope: &mut Scope, place: Place<'t>) {
        match &e.kind {
            ExprKind::Field(name) => {
                if let Err(d) = scope.resolve(&name.name, name.span) {
                    self.findings.push(d);
                }
            }
            ExprKind::Call { name, args, .. } => {
                if name.name.eq_ignore_ascii_case("kql") {
                    self.findings.extend(kibana_query_finding(args));
                }
                let inner = match self.function(&name.name, name.span, args, e.span) {
                    Some(f) => self.placement(f, e.span, place),
                    None => place,
                };
                for child in children(e) {
                    self.check(child, scope, inner);
                }
            }
            _ => {
                for child in children(e) {
                    self.check(child, scope, place);
                }
            }
        }
    }

    /// Looks up a called function and checks its argument count; an unknown name is
    /// reported (with a did-you-mean, or the ES|QL spelling of a KQL function).
    pub fn function(
        &mut self,
        name: &str,
        name_span: Span,
        args: &[Expr],
        span: Span,
    ) -> Option<&'static Function> {
        let Some(f) = functions::lookup(name) else {
            self.findings.push(unknown_function(name, name_span));
            return None;
        };
        if args.len() < f.min || args.len() > f.max {
            self.findings.push(Diagnostic::new(
                Code::EsqlWrongArity,
                span,
                format!(
                    "`{}` takes {}, got {}",
                    f.name,
                    functions::arity_text(f),
                    args.len()
                ),
            ));
        }
        if let Some(star) = args.iter().find(|a| a.kind == ExprKind::Star)
            && (f.name != "count" || args.len() != 1)
        {
            self.findings.push(Diagnostic::new(
                Code::EsqlWrongArity,
                star.span,
                format!("`*` is only an argument of `count(*)`, not of `{}`", f.name),
            ));
        }
        Some(f)
    }

    /// Reports an aggregate or grouping call where it may not stand; returns the place
    /// of its arguments.
    fn placement(&mut self, f: &Function, span: Span, place: Place<'t>) -> Place<'t> {
        let text = self.source(span);
        let message = match (f.kind, place) {
            (Kind::Scalar, _) => return place,
            (Kind::Aggregate, Place::Stats) => return Place::InAggregate(text),
            (Kind::Aggregate, Place::Row) => {
                format!("aggregate function `{text}` is not allowed outside STATS")
            }
            (Kind::Aggregate, Place::InAggregate(outer)) => {
                format!("nested aggregate `{text}` is not allowed inside the aggregate `{outer}`")
            }
            (Kind::Aggregate, Place::ByKey) => {
                format!("cannot group by the aggregate `{text}`")
            }
            (Kind::Grouping, _) => {
                format!("grouping function `{text}` is only allowed as a STATS … BY key")
            }
        };
        let help = match f.kind {
            Kind::Aggregate => "aggregate with `STATS name = aggregate(…) BY keys`",
            _ => "write it as `STATS … BY name = bucket(…)`, then refer to `name`",
        };
        self.findings
            .push(Diagnostic::new(Code::EsqlMisplacedAggregate, span, message).with_help(help));
        Place::Row
    }
}

/// `unknown function` with the nearest ES|QL name, or the ES|QL spelling of a KQL one.
fn unknown_function(name: &str, span: Span) -> Diagnostic {
    let d = Diagnostic::new(
        Code::EsqlUnknownFunction,
        span,
        format!("unknown ES|QL function `{name}`"),
    );
    let names = functions::FUNCTIONS.iter().map(|f| f.name);
    if let Some(best) = did_you_mean(name, names) {
        return d.with_help(format!("did you mean `{best}`?"));
    }
    match functions::esql_for_kql(&name.to_ascii_lowercase()) {
        Some(esql) => d.with_help(format!("`{name}` is KQL; ES|QL writes `{esql}`")),
        None => d,
    }
}

/// A `KQL("…")` whose Kibana query does not parse: the finding at the string.
fn kibana_query_finding(args: &[Expr]) -> Option<Diagnostic> {
    let [arg] = args else {
        return None;
    };
    let ExprKind::Literal(crate::syntax::esql::ast::Literal::String(text)) = &arg.kind else {
        return None;
    };
    let message = crate::syntax::esql::kibana_query::parse(text).err()?;
    Some(
        Diagnostic::new(Code::EsqlSyntaxError, arg.span, message)
            .with_help("Kibana queries are `field : value`, joined with `and`, `or`, `not`"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::esql::parse;

    /// The first expression of `ROW x = <expr>`.
    fn expr(text: &str) -> Expr {
        let query = format!("ROW x = {text}");
        let (parsed, _) = parse(&query);
        match parsed.map(|q| q.source.kind) {
            Some(crate::syntax::esql::ast::SourceKind::Row(mut fields)) => fields.remove(0).value,
            other => panic!("no ROW: {other:?}"),
        }
    }

    #[test]
    fn a_constant_folds_a_column_or_aggregate_does_not() {
        assert!(foldable(&expr("1 + abs(-2)")));
        assert!(foldable(&expr("now()")));
        assert!(!foldable(&expr("a + 1")));
        assert!(!foldable(&expr("count(*)")));
        assert!(has_aggregate(&expr("round(avg(1))")));
        assert!(!has_aggregate(&expr("round(1)")));
    }
}

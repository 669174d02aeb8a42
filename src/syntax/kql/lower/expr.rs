//! Lowering scalar expressions: names to column positions or `let` values, calls to
//! registry functions (or inlined user functions), operators to plan operators.

use super::Lowerer;
use super::scope::{Binding, Resolved, Scope};
use crate::diagnostic::{Code, Diagnostic, Result, did_you_mean};
use crate::functions::registry;
use crate::plan::{BinaryOp, Expr, ExprKind, FunctionRef, WindowFunc};
use crate::source::Span;
use crate::syntax::kql::ast;
use crate::value::{Column, Type, Value};

/// The row a scalar expression is evaluated on: its columns, and the open table they
/// pass through from, if any.
#[derive(Clone, Copy)]
pub struct Input<'s> {
    pub schema: &'s [Column],
    pub open: Option<&'s str>,
}

impl Input<'static> {
    /// No row: constants, `let` values, `print`.
    pub fn none() -> Input<'static> {
        Input {
            schema: &[],
            open: None,
        }
    }
}

impl<'s> Input<'s> {
    pub fn of(tab: &'s super::Tab) -> Input<'s> {
        Input {
            schema: tab.schema(),
            open: tab.open.as_deref(),
        }
    }
    pub fn position(&self, name: &str) -> Option<usize> {
        self.schema.iter().position(|c| c.name == name)
    }
}

impl<'c> Lowerer<'c> {
    /// Lowers a scalar expression evaluated on rows of `input`. In check mode an error
    /// inside it is reported and the failing part reads as a value of unknown type, so
    /// the rest of the query is still checked (every independent error is reported).
    pub(crate) fn scalar<'a>(
        &self,
        e: &'a ast::Expr,
        input: &Input,
        scope: &Scope<'a>,
    ) -> Result<Expr> {
        match self.try_scalar(e, input, scope) {
            Err(d) if self.check && self.probing.get() == 0 => {
                self.report(d);
                Ok(Expr::literal(Value::Null, Type::Unknown, e.span))
            }
            result => result,
        }
    }

    /// [`Self::scalar`] that returns the first error instead of reporting it (for
    /// probes such as "is this argument a constant string?").
    pub(crate) fn try_scalar<'a>(
        &self,
        e: &'a ast::Expr,
        input: &Input,
        scope: &Scope<'a>,
    ) -> Result<Expr> {
        let span = e.span;
        use ast::ExprKind as K;
        match &e.kind {
            K::Literal(lit) => Ok(literal(lit, span)),
            K::Name(id) => self.name(id, input, scope),
            K::Paren(inner) => self.scalar(inner, input, scope),
            K::Member { target, member } => {
                let target = self.scalar(target, input, scope)?;
                Ok(Expr {
                    ty: self.element_type(&target),
                    kind: ExprKind::Member {
                        target: Box::new(target),
                        name: member.name.clone(),
                    },
                    span,
                })
            }
            K::Index { target, index } => {
                let target = self.scalar(target, input, scope)?;
                let index = self.scalar(index, input, scope)?;
                Ok(Expr {
                    ty: self.element_type(&target),
                    kind: ExprKind::Index {
                        target: Box::new(target),
                        index: Box::new(index),
                    },
                    span,
                })
            }
            K::Call { name, args } => self.call(name, args, span, input, scope),
            K::Unary { op, operand } => {
                let v = self.scalar(operand, input, scope)?;
                match op {
                    // `-i` of an int is a long to Kusto, as `int + int` is.
                    ast::UnaryOp::Neg => Ok(Expr {
                        ty: if v.ty == Type::Int { Type::Long } else { v.ty },
                        kind: ExprKind::Neg(Box::new(v)),
                        span,
                    }),
                    ast::UnaryOp::Plus => Ok(v),
                    ast::UnaryOp::Not => Ok(self.registry_call("not", vec![v], span)),
                }
            }
            K::Binary {
                op: op @ ast::BinaryOp::Str(s),
                lhs,
                rhs,
            } if matches!(lhs.kind, K::Star) && !s.negated => {
                let r = self.scalar(rhs, input, scope)?;
                Ok(self.any_column(*op, r, input, span))
            }
            K::Binary { op, lhs, rhs } => {
                let (l, r) = (
                    self.scalar(lhs, input, scope)?,
                    self.scalar(rhs, input, scope)?,
                );
                Ok(self.binary(*op, l, r, span))
            }
            K::Between {
                operand,
                low,
                high,
                negated,
            } => self.between(operand, low, high, *negated, span, input, scope),
            K::In {
                operand,
                list,
                negated,
                case_insensitive,
            } => {
                let operand = self.scalar(operand, input, scope)?;
                let list = list
                    .iter()
                    .map(|item| self.in_item(item, input, scope))
                    .collect::<Result<Vec<_>>>()?;
                Ok(Expr {
                    kind: ExprKind::In {
                        operand: Box::new(operand),
                        list,
                        case_insensitive: *case_insensitive,
                        negated: *negated,
                    },
                    ty: Type::Bool,
                    span,
                })
            }
            K::List(items) => {
                let values = items
                    .iter()
                    .map(|item| self.in_item(item, input, scope))
                    .collect::<Result<Vec<_>>>()?;
                Ok(self.registry_call("pack_array", values, span))
            }
            // A type literal: its text is what `extract`, `extract_json` read; it has
            // no value type of its own (Kusto's signatures take it as `type`).
            K::TypeOf(t) => Ok(Expr::literal(
                Value::string(t.name.as_str()),
                Type::Unknown,
                span,
            )),
            // `where * contains "x"` searches every column: valid KQL kqlc cannot run.
            K::Star if self.check => {
                self.report(
                    Diagnostic::new(
                        Code::Unsupported,
                        span,
                        "kqlc cannot run `*` (every column) as a value yet",
                    )
                    .with_severity(crate::diagnostic::Severity::Warning),
                );
                Ok(Expr::literal(Value::Null, Type::Unknown, span))
            }
            K::Star => Err(Diagnostic::new(
                Code::SyntaxError,
                span,
                "`*` is not a value here",
            )),
            K::Pipe { .. } | K::Source(_) => Err(Diagnostic::new(
                Code::TypeMismatch,
                span,
                "a tabular expression is used where a scalar value is expected",
            )
            .with_help("wrap it in `toscalar(…)` to use its single value")),
        }
    }

    /// The type of `target.x` / `target[i]`: dynamic, or (check mode) unknown when the
    /// target's type is not known (a column of a table without schema, or a part that
    /// failed): nothing is then claimed about it, e.g. that it is a dynamic `by` key.
    fn element_type(&self, target: &Expr) -> Type {
        match (self.check, target.ty) {
            (true, Type::Unknown) => Type::Unknown,
            _ => Type::Dynamic,
        }
    }

    fn name<'a>(&self, id: &ast::Ident, input: &Input, scope: &Scope<'a>) -> Result<Expr> {
        if let Some(i) = input.position(&id.name) {
            if self.check
                && let Some(binding) = scope.get(&id.name)
                && matches!(&*binding, Binding::Let { .. })
            {
                self.report(
                    Diagnostic::new(
                        Code::ColumnShadowsLet,
                        id.span,
                        format!("`{}` is a column here, not the `let` of that name", id.name),
                    )
                    .with_help(format!(
                        "rename the `let {}` so the two cannot be confused",
                        id.name
                    )),
                );
            }
            return Ok(Expr::column(i, input.schema[i].ty, id.span));
        }
        if let Some(binding) = scope.get(&id.name) {
            binding.mark_used();
            return match self.resolve_let(&binding)? {
                Some(Resolved::Scalar(mut e)) => {
                    e.span = id.span;
                    Ok(e)
                }
                Some(Resolved::Tabular(_)) => Err(Diagnostic::new(
                    Code::TypeMismatch,
                    id.span,
                    format!("`{}` is a table, not a scalar value", id.name),
                )
                .with_help(format!(
                    "use `toscalar({})` for its single value, or `in ({})` to test membership",
                    id.name, id.name
                ))),
                None => Err(Diagnostic::new(
                    Code::TypeMismatch,
                    id.span,
                    format!("`{}` is a function; call it with `{}(…)`", id.name, id.name),
                )),
            };
        }
        if let Some(table) = input.open {
            self.discover(table, id, self.unknown_column(id, input, scope));
            if self.check {
                // Read as an unknown value this round; the next round knows the column.
                return Ok(Expr::literal(Value::Null, Type::Unknown, id.span));
            }
            return Err(Diagnostic::new(
                Code::UnknownColumn,
                id.span,
                format!("column `{}` of `{table}` was not known yet", id.name),
            ));
        }
        Err(self.unknown_column(id, input, scope))
    }

    pub(crate) fn unknown_column(
        &self,
        id: &ast::Ident,
        input: &Input,
        scope: &Scope,
    ) -> Diagnostic {
        let candidates = input
            .schema
            .iter()
            .map(|c| c.name.as_str())
            .chain(scope.names());
        let mut d = Diagnostic::new(
            Code::UnknownColumn,
            id.span,
            format!("unknown column `{}`", id.name),
        );
        if registry::aggregate(&id.name).is_some() || registry::scalar(&id.name).is_some() {
            d = d.with_help(format!(
                "`{0}` is a function: call it with parentheses, `{0}()`",
                id.name
            ));
        } else if let Some(best) = did_you_mean(&id.name, candidates) {
            d = d.with_help(format!("did you mean `{best}`?"));
        }
        d
    }

    /// A column of the input by name, as an expression (join keys, `by` lists).
    pub(crate) fn column_ref(&self, id: &ast::Ident, input: &Input, scope: &Scope) -> Result<Expr> {
        match input.position(&id.name) {
            Some(i) => Ok(Expr::column(i, input.schema[i].ty, id.span)),
            None => {
                // Callers index the schema by this column: stop the round here.
                if let Some(table) = input.open {
                    self.discover(table, id, self.unknown_column(id, input, scope));
                }
                Err(self.unknown_column(id, input, scope))
            }
        }
    }

    fn in_item<'a>(&self, item: &'a ast::Expr, input: &Input, scope: &Scope<'a>) -> Result<Expr> {
        if self.is_tabular(item, scope) {
            let tab = self.tabular(item, scope)?;
            let id = self.share(tab.node);
            return Ok(Expr {
                kind: ExprKind::ColumnOf(id),
                ty: Type::Dynamic,
                span: item.span,
            });
        }
        self.scalar(item, input, scope)
    }

    #[allow(clippy::too_many_arguments)]
    fn between<'a>(
        &self,
        operand: &'a ast::Expr,
        low: &'a ast::Expr,
        high: &'a ast::Expr,
        negated: bool,
        span: Span,
        input: &Input,
        scope: &Scope<'a>,
    ) -> Result<Expr> {
        let x = self.scalar(operand, input, scope)?;
        let lo = self.scalar(low, input, scope)?;
        let mut hi = self.scalar(high, input, scope)?;
        // `datetime between (start .. 1h)`: a timespan upper bound counts from the lower.
        if hi.ty == Type::TimeSpan && matches!(lo.ty, Type::DateTime) {
            hi = self.binary(ast::BinaryOp::Add, lo.clone(), hi, span);
        }
        let ge = self.binary(ast::BinaryOp::Ge, x.clone(), lo, span);
        let le = self.binary(ast::BinaryOp::Le, x, hi, span);
        let both = self.binary(ast::BinaryOp::And, ge, le, span);
        Ok(if negated {
            self.registry_call("not", vec![both], span)
        } else {
            both
        })
    }

    /// `* has "x"` (where-operator: "filter on any column"): the string operator applied
    /// to every column of the input, or'ed; no column at all is false.
    pub(super) fn any_column(
        &self,
        op: ast::BinaryOp,
        value: Expr,
        input: &Input,
        span: Span,
    ) -> Expr {
        let tests: Vec<Expr> = (0..input.schema.len())
            .map(|i| {
                let mut column = Expr::column(i, input.schema[i].ty, span);
                // A number or a date is searched as its text: Kusto's string operators
                // are defined for strings and dynamic values only.
                if !matches!(column.ty, Type::String | Type::Dynamic | Type::Unknown) {
                    column = self.registry_call("tostring", vec![column], span);
                }
                self.binary(op, column, value.clone(), span)
            })
            .collect();
        self.any_of(tests, span)
            .unwrap_or_else(|| Expr::literal(Value::Bool(false), Type::Bool, span))
    }

    /// The tests or'ed as a balanced tree, so that thousands of columns nest only a few
    /// levels deep; `None` for no tests.
    fn any_of(&self, mut tests: Vec<Expr>, span: Span) -> Option<Expr> {
        if tests.len() <= 1 {
            return tests.pop();
        }
        let right = tests.split_off(tests.len() / 2);
        let (l, r) = (self.any_of(tests, span)?, self.any_of(right, span)?);
        Some(self.binary(ast::BinaryOp::Or, l, r, span))
    }

    /// A binary operator; string operators become registry calls (`has`, `contains_cs`, …).
    pub(crate) fn binary(&self, op: ast::BinaryOp, l: Expr, r: Expr, span: Span) -> Expr {
        use ast::BinaryOp as A;
        let plan_op = match op {
            A::Or => BinaryOp::Or,
            A::And => BinaryOp::And,
            A::Eq => BinaryOp::Eq,
            A::NotEq => BinaryOp::NotEq,
            A::EqTilde => BinaryOp::EqIgnoreCase,
            A::NotEqTilde => BinaryOp::NotEqIgnoreCase,
            A::Lt => BinaryOp::Lt,
            A::Le => BinaryOp::Le,
            A::Gt => BinaryOp::Gt,
            A::Ge => BinaryOp::Ge,
            A::Add => BinaryOp::Add,
            A::Sub => BinaryOp::Sub,
            A::Mul => BinaryOp::Mul,
            A::Div => BinaryOp::Div,
            A::Mod => BinaryOp::Mod,
            A::Str(s) => {
                let call = self.registry_call(string_op_function(&s), vec![l, r], span);
                return if s.negated {
                    self.registry_call("not", vec![call], span)
                } else {
                    call
                };
            }
        };
        let ty = dynamic_arithmetic_type(plan_op, l.ty, r.ty)
            .unwrap_or_else(|| binary_type(plan_op, l.ty, r.ty));
        Expr {
            kind: ExprKind::Binary {
                op: plan_op,
                lhs: Box::new(l),
                rhs: Box::new(r),
            },
            ty,
            span,
        }
    }

    /// `bin_auto(value)` (bin-auto-function page): `bin_at(value, size, at)` with the
    /// size and fixed point the `set query_bin_auto_size`/`query_bin_auto_at` statements
    /// give; without a fixed point, `bin(value, size)` (the page's default of 0).
    fn bin_auto<'a>(
        &self,
        args: &'a [ast::Arg],
        span: Span,
        input: &Input,
        scope: &Scope<'a>,
    ) -> Result<Expr> {
        check_arity("bin_auto", 1, 1, args.len(), span)?;
        let value = self.scalar(&args[0].value, input, scope)?;
        let setting = |name: &str| {
            let settings = self.settings.borrow();
            let found = settings.iter().rev().find(|(n, _)| n == name);
            found
                .map(|(_, e)| self.scalar(e, &Input::none(), &Scope::default()))
                .transpose()
        };
        let Some(size) = setting("query_bin_auto_size")? else {
            return Err(Diagnostic::new(
                Code::TypeMismatch,
                span,
                "bin_auto needs `set query_bin_auto_size = …;` before the query",
            ));
        };
        Ok(match setting("query_bin_auto_at")? {
            Some(at) => self.registry_call("bin_at", vec![value, size, at], span),
            None => self.registry_call("bin", vec![value, size], span),
        })
    }

    /// A call of a registry function known to exist (operators lowered to functions).
    pub(crate) fn registry_call(&self, name: &str, args: Vec<Expr>, span: Span) -> Expr {
        match registry::scalar(name) {
            Some(f) => {
                let ty = f
                    .returns
                    .resolve(&args.iter().map(|a| a.ty).collect::<Vec<_>>());
                Expr {
                    kind: ExprKind::Call {
                        func: FunctionRef(f),
                        args,
                    },
                    ty,
                    span,
                }
            }
            None => Expr::literal(Value::Null, Type::Unknown, span),
        }
    }

    fn call<'a>(
        &self,
        name: &'a ast::Ident,
        args: &'a [ast::Arg],
        span: Span,
        input: &Input,
        scope: &Scope<'a>,
    ) -> Result<Expr> {
        if let Some((def, body_scope)) = self.user_function_call(name, args, span, input, scope)? {
            return self.function_body_scalar(def, &body_scope, input);
        }
        if let Some(special) = self.special_call(name, args, span, input, scope)? {
            return Ok(special);
        }
        let current = super::known::current_name(&name.name).unwrap_or(&name.name);
        if let Some(f) = registry::scalar(current) {
            check_arity(&name.name, f.min_args, f.max_args, args.len(), span)?;
            let values = args
                .iter()
                .map(|a| self.scalar(&a.value, input, scope))
                .collect::<Result<Vec<_>>>()?;
            let types: Vec<Type> = values.iter().map(|a| a.ty).collect();
            let ty = match self.check {
                true => conditional_type(f.name, &types),
                false => None,
            }
            .unwrap_or_else(|| f.returns.resolve(&types));
            let ty = named_result_type(f.name, args).unwrap_or(ty);
            return Ok(Expr {
                kind: ExprKind::Call {
                    func: FunctionRef(f),
                    args: values,
                },
                ty,
                span,
            });
        }
        if let Some(expr) = self.kusto_only_call(name, args, span, input, scope)? {
            return Ok(expr);
        }
        if registry::aggregate(&name.name).is_some() {
            return Err(Diagnostic::new(
                Code::TypeMismatch,
                name.span,
                format!(
                    "`{}` is an aggregate function; it can only be used in `summarize`",
                    name.name
                ),
            ));
        }
        if self.check {
            self.assume_workspace_function(name, args, scope)?;
            for a in args {
                if !self.is_tabular_argument(&a.value, scope) {
                    self.scalar(&a.value, input, scope)?;
                }
            }
            return Ok(Expr::literal(Value::Null, Type::Unknown, span));
        }
        Err(unknown_function(name, scope))
    }

    /// A scalar function Kusto declares (`functions/kusto_signatures.tsv`) that kqlc
    /// does not run: `kqlc run` stops with `KQL206`; `kqlc check` checks its argument
    /// count, types the result by the matching signature and warns (`KQL206`).
    fn kusto_only_call<'a>(
        &self,
        name: &'a ast::Ident,
        args: &'a [ast::Arg],
        span: Span,
        input: &Input,
        scope: &Scope<'a>,
    ) -> Result<Option<Expr>> {
        use crate::functions::signature::{Kind, matching, signatures};
        let sigs = signatures(Kind::Scalar, &name.name);
        if sigs.is_empty() {
            return Ok(None);
        }
        let unsupported = Diagnostic::new(
            Code::Unsupported,
            name.span,
            format!("kqlc knows `{}` but cannot run it yet", name.name),
        );
        if !self.check {
            return Err(unsupported.with_help("`kqlc check` checks a query that calls it"));
        }
        if !sigs.iter().any(|s| s.takes(args.len())) {
            let least = sigs.iter().map(|s| s.arity().0).min();
            let most = sigs.iter().map(|s| s.arity().1).max();
            check_arity(
                &name.name,
                least.unwrap_or(0),
                most.unwrap_or(0),
                args.len(),
                span,
            )?;
        }
        let mut types = Vec::with_capacity(args.len());
        for a in args {
            types.push(self.scalar(&a.value, input, scope)?.ty);
        }
        let ty = match matching::check(sigs, &types) {
            matching::Verdict::Matches(ty) => ty,
            _ => Type::Unknown,
        };
        self.report(
            unsupported
                .with_severity(crate::diagnostic::Severity::Warning)
                .with_note(format!(
                    "its result is checked as {}",
                    crate::check::typing::with_article(ty.name())
                )),
        );
        Ok(Some(Expr::literal(Value::Null, ty, span)))
    }

    /// Whether an argument of an unknown function is a table: a pipe, a source or a
    /// name bound to one (an unbound name is taken to be a column, not a table).
    fn is_tabular_argument<'a>(&self, e: &'a ast::Expr, scope: &Scope<'a>) -> bool {
        match &e.kind {
            ast::ExprKind::Name(id) if scope.get(&id.name).is_none() => false,
            _ => self.is_tabular(e, scope),
        }
    }

    /// Check mode: a call of a function that is neither built in nor defined is taken
    /// to be a workspace function or ASIM parser (a `KQL208` warning), unless its name
    /// is a near miss of a built-in one (then it is the unknown-function error).
    pub(crate) fn assume_workspace_function<'a>(
        &self,
        name: &'a ast::Ident,
        args: &'a [ast::Arg],
        scope: &Scope<'a>,
    ) -> Result<()> {
        if !looks_like_workspace_function(&name.name) {
            let d = unknown_function(name, scope);
            if d.help.is_some() {
                return Err(d);
            }
        }
        for a in args
            .iter()
            .filter(|a| self.is_tabular_argument(&a.value, scope))
        {
            self.tabular(&a.value, scope)?;
        }
        self.report(
            Diagnostic::new(
                Code::AssumedWorkspaceFunction,
                name.span,
                format!(
                    "`{}` is not a built-in function; assumed to be a workspace function or ASIM parser",
                    name.name
                ),
            )
            .with_help("kqlc does not check its arguments or its result; define it with `let` to have it checked"),
        );
        Ok(())
    }

    /// Functions the plan handles itself rather than the registry.
    fn special_call<'a>(
        &self,
        name: &'a ast::Ident,
        args: &'a [ast::Arg],
        span: Span,
        input: &Input,
        scope: &Scope<'a>,
    ) -> Result<Option<Expr>> {
        let window = |func: WindowFunc, ty: Type| -> Result<Option<Expr>> {
            let values = args
                .iter()
                .map(|a| self.scalar(&a.value, input, scope))
                .collect::<Result<Vec<_>>>()?;
            let ty = if ty == Type::Unknown {
                values.first().map_or(Type::Unknown, |v| v.ty)
            } else {
                ty
            };
            Ok(Some(Expr {
                kind: ExprKind::Window { func, args: values },
                ty,
                span,
            }))
        };
        match name.name.as_str() {
            "toscalar" => {
                let arg = args
                    .first()
                    .ok_or_else(|| arity_error("toscalar", 1, 1, 0, span))?;
                if !self.is_tabular(&arg.value, scope) {
                    return self.scalar(&arg.value, input, scope).map(Some);
                }
                let tab = self.tabular(&arg.value, scope)?;
                let ty = tab.schema().first().map_or(Type::Unknown, |c| c.ty);
                let id = self.share(tab.node);
                Ok(Some(Expr {
                    kind: ExprKind::Scalar(id),
                    ty,
                    span,
                }))
            }
            "bin_auto" => self.bin_auto(args, span, input, scope).map(Some),
            // column-names-of-function: the column names of a tabular expression.
            "column_names_of" => {
                check_arity(&name.name, 1, 1, args.len(), span)?;
                let tab = self.tabular(&args[0].value, scope)?;
                let names = tab
                    .schema()
                    .iter()
                    .map(|c| serde_json::Value::String(c.name.clone()))
                    .collect();
                Ok(Some(Expr::literal(
                    Value::dynamic(serde_json::Value::Array(names)),
                    Type::Dynamic,
                    span,
                )))
            }
            // estimate-data-size-function: the columns (`*`: all of the input) as
            // (fixed size of the type, value) pairs for the registry function.
            "estimate_data_size" => {
                check_arity(&name.name, 1, usize::MAX, args.len(), span)?;
                let mut columns = Vec::new();
                for a in args {
                    if matches!(a.value.kind, ast::ExprKind::Star) {
                        columns.extend(
                            (0..input.schema.len())
                                .map(|i| Expr::column(i, input.schema[i].ty, a.span)),
                        );
                    } else {
                        columns.push(self.scalar(&a.value, input, scope)?);
                    }
                }
                let pairs = columns
                    .into_iter()
                    .flat_map(|c| {
                        let size = crate::functions::convert::fixed_data_size(c.ty);
                        [Expr::literal(Value::Long(size), Type::Long, c.span), c]
                    })
                    .collect();
                Ok(Some(self.registry_call("estimate_data_size", pairs, span)))
            }
            "column_ifexists" | "columnifexists" => {
                check_arity(&name.name, 2, 2, args.len(), span)?;
                let bound = || {
                    let e =
                        self.probe(|| self.try_scalar(&args[0].value, &Input::none(), scope))?;
                    e.as_literal()?.as_str().map(str::to_string)
                };
                let column = match &args[0].value.kind {
                    ast::ExprKind::Literal(ast::Literal::String(s)) => s.clone(),
                    _ if bound().is_some() => bound().unwrap_or_default(),
                    // A name known only at run time: the column may or may not exist.
                    _ if self.check => {
                        return Ok(Some(Expr::literal(Value::Null, Type::Unknown, span)));
                    }
                    _ => {
                        return Err(Diagnostic::new(
                            Code::TypeMismatch,
                            args[0].span,
                            "column_ifexists() needs the column name as a string literal",
                        ));
                    }
                };
                match input.position(&column) {
                    Some(i) => Ok(Some(Expr::column(i, input.schema[i].ty, span))),
                    None => {
                        self.discover_plugin_column(input, &column, args[0].span);
                        self.scalar(&args[1].value, input, scope).map(Some)
                    }
                }
            }
            "pack_all" => Ok(Some(Expr {
                kind: ExprKind::PackAll {
                    names: (input.schema.iter())
                        .take(self.pack_all_width.get().unwrap_or(usize::MAX))
                        .map(|c| c.name.clone())
                        .collect(),
                    ignore_null_empty: matches!(
                        args.first().map(|a| &a.value.kind),
                        Some(ast::ExprKind::Literal(ast::Literal::Bool(Some(true))))
                    ),
                },
                ty: Type::Dynamic,
                span,
            })),
            "bag_pack_columns" => {
                let mut names = Vec::new();
                let mut values = Vec::new();
                for a in args {
                    names.push(Expr::literal(
                        Value::string(super::names::derived_name(&a.value).unwrap_or_default()),
                        Type::String,
                        a.span,
                    ));
                    values.push(self.scalar(&a.value, input, scope)?);
                }
                let pairs = names
                    .into_iter()
                    .zip(values)
                    .flat_map(|(n, v)| [n, v])
                    .collect();
                Ok(Some(self.registry_call("bag_pack", pairs, span)))
            }
            "row_number" => window(WindowFunc::RowNumber, Type::Long),
            "prev" => window(WindowFunc::Prev, Type::Unknown),
            "next" => window(WindowFunc::Next, Type::Unknown),
            "row_cumsum" => window(WindowFunc::RowCumsum, Type::Unknown),
            "row_rank_dense" => {
                check_arity(&name.name, 1, 2, args.len(), span)?;
                window(WindowFunc::RowRankDense, Type::Long)
            }
            "row_rank_min" => {
                check_arity(&name.name, 1, 2, args.len(), span)?;
                window(WindowFunc::RowRankMin, Type::Long)
            }
            "row_window_session" => {
                check_arity(&name.name, 3, 4, args.len(), span)?;
                window(WindowFunc::RowWindowSession, Type::DateTime)
            }
            _ => Ok(None),
        }
    }

    /// `column_ifexists("Image", …)` after `pivot`/`bag_unpack` over a table: the
    /// plugin makes its columns from the data, so the name asks for one (next round).
    fn discover_plugin_column(&self, input: &Input, column: &str, span: Span) {
        let Some(open) = input.open else { return };
        if self.check || !super::plugins::is_plugin_output(open) {
            return;
        }
        let id = ast::Ident {
            name: column.to_string(),
            span,
        };
        let unknown = Diagnostic::new(
            Code::UnknownColumn,
            span,
            format!("unknown column `{column}`"),
        );
        self.discover(open, &id, unknown);
    }

    /// A call of a `let` function: its definition, and its parameters bound to `args`;
    /// `None` when `name` is not a `let` function.
    pub(crate) fn user_function_call<'a>(
        &self,
        name: &ast::Ident,
        args: &'a [ast::Arg],
        span: Span,
        input: &Input,
        scope: &Scope<'a>,
    ) -> Result<Option<(&'a ast::FunctionDef, Scope<'a>)>> {
        let Some(binding) = scope.get(&name.name) else {
            return Ok(None);
        };
        let Binding::Function {
            def,
            scope: def_scope,
            ..
        } = &*binding
        else {
            return Ok(None);
        };
        binding.mark_used();
        let body_scope = self.bind_arguments(def, def_scope, args, span, input, scope)?;
        Ok(Some((def, body_scope)))
    }

    /// Binds a user function's parameters to the call's arguments.
    fn bind_arguments<'a>(
        &self,
        def: &'a ast::FunctionDef,
        def_scope: &Scope<'a>,
        args: &'a [ast::Arg],
        span: Span,
        input: &Input,
        scope: &Scope<'a>,
    ) -> Result<Scope<'a>> {
        let required = def.params.iter().filter(|p| p.default.is_none()).count();
        if args.len() < required || args.len() > def.params.len() {
            return Err(arity_error(
                "this function",
                required,
                def.params.len(),
                args.len(),
                span,
            ));
        }
        self.bind_parameters(&def.params, args, def_scope.clone(), span, input, scope)
    }

    /// Binds each of `params` in `body_scope` to its argument in `args` (by name, else by
    /// position among `params`) or to its default; an argument neither gives is an error.
    pub(crate) fn bind_parameters<'a>(
        &self,
        params: &'a [ast::FunctionParam],
        args: &'a [ast::Arg],
        mut body_scope: Scope<'a>,
        span: Span,
        input: &Input,
        scope: &Scope<'a>,
    ) -> Result<Scope<'a>> {
        for (i, param) in params.iter().enumerate() {
            let arg = args
                .iter()
                .find(|a| a.name.as_ref().is_some_and(|n| n.name == param.name.name))
                .or_else(|| args.get(i).filter(|a| a.name.is_none()));
            let Some(value) = arg.map(|a| &a.value).or(param.default.as_ref()) else {
                return Err(Diagnostic::new(
                    Code::WrongArity,
                    span,
                    format!("missing argument `{}`", param.name.name),
                ));
            };
            let resolved = match &param.ty {
                ast::ParamType::Tabular { .. } => Resolved::Tabular(self.tabular(value, scope)?),
                ast::ParamType::Scalar(t) => {
                    let mut e = self.scalar(value, input, scope)?;
                    if let Some(ty) = Type::from_name(&t.name)
                        && e.ty == Type::Unknown
                    {
                        e.ty = ty;
                    }
                    Resolved::Scalar(e)
                }
            };
            body_scope = body_scope.with(&param.name.name, Binding::Value(resolved));
        }
        Ok(body_scope)
    }

    /// The `let`s of a function body bound, and its result expression.
    pub(crate) fn function_body<'a>(
        &self,
        def: &'a ast::FunctionDef,
        scope: &Scope<'a>,
    ) -> Result<(Scope<'a>, &'a ast::Expr)> {
        let mut scope = scope.clone();
        let mut result = None;
        for stmt in &def.body {
            match &stmt.kind {
                ast::StatementKind::Let { name, value } => {
                    scope = self.bind_let(&scope, name, value)
                }
                ast::StatementKind::Expr(e) => result = Some(e),
                _ => {}
            }
        }
        let result = result.ok_or_else(|| {
            Diagnostic::new(
                Code::SyntaxError,
                def.span,
                "the function body has no result expression",
            )
        })?;
        Ok((scope, result))
    }

    fn function_body_scalar<'a>(
        &self,
        def: &'a ast::FunctionDef,
        scope: &Scope<'a>,
        input: &Input,
    ) -> Result<Expr> {
        let (scope, result) = self.function_body(def, scope)?;
        self.scalar(result, input, &scope)
    }

    /// Whether an expression denotes a table (decided from syntax and name bindings).
    pub(crate) fn is_tabular<'a>(&self, e: &'a ast::Expr, scope: &Scope<'a>) -> bool {
        use ast::ExprKind as K;
        match &e.kind {
            K::Pipe { .. } | K::Source(_) => true,
            K::Paren(inner) => self.is_tabular(inner, scope),
            K::Name(id) => match scope.get(&id.name) {
                Some(b) => match &*b {
                    Binding::Value(Resolved::Tabular(_)) => true,
                    Binding::Value(Resolved::Scalar(_)) => false,
                    Binding::Let {
                        expr, scope, memo, ..
                    } => match &*memo.borrow() {
                        Some(r) => matches!(r, Resolved::Tabular(_)),
                        None => self.is_tabular(expr, scope),
                    },
                    Binding::Function { .. } => false,
                },
                None => self.catalog.table(&id.name).is_some(),
            },
            K::Call { name, .. } => match scope.get(&name.name) {
                Some(b) => match &*b {
                    Binding::Function { def, scope, .. } => self
                        .function_body(def, scope)
                        .is_ok_and(|(s, r)| self.is_tabular_body(r, &s, def)),
                    _ => false,
                },
                None => {
                    matches!(
                        name.name.as_str(),
                        "materialize"
                            | "_GetWatchlist"
                            | "table"
                            | "view"
                            | "database"
                            | "cluster"
                            | "externaldata"
                            | "external_data"
                    ) || (registry::scalar(&name.name).is_none()
                        && registry::aggregate(&name.name).is_none()
                        && super::known::current_name(&name.name).is_none()
                        && !crate::functions::signature::is_scalar_function(&name.name)
                        && !is_special_scalar(&name.name))
                }
            },
            _ => false,
        }
    }

    /// Whether a function body's result is tabular, with its tabular parameters bound.
    fn is_tabular_body<'a>(
        &self,
        result: &'a ast::Expr,
        scope: &Scope<'a>,
        def: &'a ast::FunctionDef,
    ) -> bool {
        let mut scope = scope.clone();
        for p in &def.params {
            if let ast::ParamType::Tabular { .. } = p.ty {
                let placeholder =
                    super::Tab::new(crate::plan::Op::ApplyInput, Vec::new(), p.span, None);
                scope = scope.with(&p.name.name, Binding::Value(Resolved::Tabular(placeholder)));
            }
        }
        self.is_tabular(result, &scope)
    }
}

/// Names handled by `special_call`, which are scalar although not in the registry.
fn is_special_scalar(name: &str) -> bool {
    matches!(
        name,
        "toscalar"
            | "column_ifexists"
            | "columnifexists"
            | "pack_all"
            | "bag_pack_columns"
            | "row_number"
            | "prev"
            | "next"
            | "row_cumsum"
            | "row_rank_dense"
            | "column_names_of"
            | "estimate_data_size"
            | "row_rank_min"
            | "row_window_session"
    )
}

/// The registry function implementing a string operator.
fn string_op_function(op: &ast::StringOp) -> &'static str {
    use ast::StringOpKind::*;
    let word = match op.kind {
        Has => "has",
        HasPrefix => "hasprefix",
        HasSuffix => "hassuffix",
        HasAny => "has_any",
        HasAll => "has_all",
        Contains => "contains",
        StartsWith => "startswith",
        EndsWith => "endswith",
        MatchesRegex => "matches regex",
    };
    crate::plan::operators::string_operator_written(word, op.case_sensitive)
        .map_or("has", |o| o.function)
}

/// The result type of a KQL binary operator: Kusto's operator table
/// (`plan::operators`); a dynamic or unknown operand, or one the table has no
/// signature for (an error the checker reports), keeps [`value_binary_type`], which
/// leaves the type to the value where it cannot know it (`dynamic + long` may hold a
/// real).
pub fn binary_type(op: BinaryOp, l: Type, r: Type) -> Type {
    // `Unknown + 12h` may be a datetime as well as a timespan: leave it unknown.
    let arithmetic = matches!(
        op,
        BinaryOp::Add | BinaryOp::Sub | BinaryOp::Mul | BinaryOp::Div | BinaryOp::Mod
    );
    if arithmetic && (l == Type::Unknown || r == Type::Unknown) {
        return Type::Unknown;
    }
    if l != Type::Dynamic
        && r != Type::Dynamic
        && let Some(ty) = crate::plan::operators::result_type(op, l, r)
    {
        return ty;
    }
    value_binary_type(op, l, r)
}

/// The type Kusto.Language gives arithmetic of a `dynamic` and a typed operand: the
/// operator's result over two of the typed one's kind (`dynamic + long` is long,
/// `datetime - dynamic` a timespan), so the dynamic operand stands for that type.
fn dynamic_arithmetic_type(op: BinaryOp, l: Type, r: Type) -> Option<Type> {
    let arithmetic = matches!(
        op,
        BinaryOp::Add | BinaryOp::Sub | BinaryOp::Mul | BinaryOp::Div | BinaryOp::Mod
    );
    let typed = match (l, r) {
        (Type::Dynamic, t) | (t, Type::Dynamic) if arithmetic => t,
        _ => return None,
    };
    let typed = match typed {
        Type::Int => Type::Long,
        Type::Long | Type::Real | Type::Decimal | Type::DateTime | Type::TimeSpan => typed,
        _ => return None,
    };
    crate::plan::operators::result_type(op, typed, typed).or(match (op, typed) {
        // `dynamic + timespan` as `timespan + timespan`; `dynamic - datetime` as
        // `datetime - datetime`.
        (BinaryOp::Add | BinaryOp::Sub, Type::TimeSpan) => Some(Type::TimeSpan),
        _ => None,
    })
}

/// The result type of a binary operator by the kinds of its operands (ES|QL's
/// arithmetic, and KQL's where Kusto's table does not decide).
pub fn value_binary_type(op: BinaryOp, l: Type, r: Type) -> Type {
    use BinaryOp::*;
    use Type::*;
    match op {
        And | Or | Eq | NotEq | EqIgnoreCase | NotEqIgnoreCase | Lt | Le | Gt | Ge => Bool,
        _ => match (op, l, r) {
            (Sub, DateTime, DateTime) => TimeSpan,
            (Add | Sub, DateTime, TimeSpan) | (Add, TimeSpan, DateTime) => DateTime,
            (Div, TimeSpan, TimeSpan) => Real,
            (_, TimeSpan, _) | (_, _, TimeSpan) => TimeSpan,
            (_, Real | Decimal, _) | (_, _, Real | Decimal) => Real,
            (_, Int, Int) => Int,
            (_, Int | Long, Int | Long) => Long,
            _ => Unknown,
        },
    }
}

/// A literal's value and type.
pub fn literal(lit: &ast::Literal, span: Span) -> Expr {
    use ast::Literal as L;
    let (value, ty) = match lit {
        L::Bool(b) => (b.map_or(Value::Null, Value::Bool), Type::Bool),
        L::Long(n) => (n.map_or(Value::Null, Value::Long), Type::Long),
        L::Int(n) => (n.map_or(Value::Null, Value::Long), Type::Int),
        L::Real(r) => (r.map_or(Value::Null, Value::Real), Type::Real),
        L::Decimal(r) => (r.map_or(Value::Null, Value::Real), Type::Decimal),
        L::String(s) => (Value::string(s.as_str()), Type::String),
        L::DateTime(t) => (t.map_or(Value::Null, Value::DateTime), Type::DateTime),
        L::TimeSpan(t) => (t.map_or(Value::Null, Value::TimeSpan), Type::TimeSpan),
        L::Guid(g) => (
            g.as_ref()
                .map_or(Value::Null, |g| Value::Guid(g.to_ascii_lowercase().into())),
            Type::Guid,
        ),
        L::Dynamic(j) => (Value::dynamic(j.clone()), Type::Dynamic),
    };
    Expr::literal(value, ty, span)
}

pub(crate) fn check_arity(
    name: &str,
    min: usize,
    max: usize,
    got: usize,
    span: Span,
) -> Result<()> {
    if got < min || got > max {
        Err(arity_error(name, min, max, got, span))
    } else {
        Ok(())
    }
}

fn arity_error(name: &str, min: usize, max: usize, got: usize, span: Span) -> Diagnostic {
    let expected = match (min, max) {
        (a, b) if a == b => format!("{a}"),
        (a, usize::MAX) => format!("at least {a}"),
        (a, b) => format!("{a} to {b}"),
    };
    Diagnostic::new(
        Code::WrongArity,
        span,
        format!("{name}() takes {expected} argument(s), {got} given"),
    )
}

/// The type of `iff`/`case` by Kusto's rule for the common type of their branches:
/// the type they share, else the common type of those that are not dynamic
/// (Kusto.Language `TypeFacts.GetCommonScalarType`): `case(c, split(s, ":")[1], s)`
/// is a string. `None` for other functions.
fn conditional_type(function: &str, args: &[Type]) -> Option<Type> {
    let branches: Vec<Type> = match function {
        "iff" => args.iter().skip(1).copied().collect(),
        "case" => args
            .iter()
            .enumerate()
            .filter(|(i, _)| i % 2 == 1 || *i + 1 == args.len())
            .map(|(_, t)| *t)
            .collect(),
        _ => return None,
    };
    let mut known = branches.iter().filter(|t| **t != Type::Unknown);
    let first = *known.next()?;
    if known.clone().all(|t| *t == first) {
        return Some(first);
    }
    branches
        .iter()
        .find(|t| !matches!(t, Type::Unknown | Type::Dynamic))
        .copied()
}

/// Names that follow the ASIM parser conventions (`_Im_Dns`, `imAuthentication`,
/// `_ASim_NetworkSession`, `ASimDns…`) or start with `_` like other workspace functions.
fn looks_like_workspace_function(name: &str) -> bool {
    let upper_after = |prefix: &str| {
        name.strip_prefix(prefix)
            .and_then(|rest| rest.chars().next())
            .is_some_and(|c| c.is_ascii_uppercase())
    };
    name.starts_with('_') || upper_after("im") || upper_after("ASim") || upper_after("vim")
}

fn unknown_function(name: &ast::Ident, scope: &Scope) -> Diagnostic {
    let mut d = Diagnostic::new(
        Code::UnknownFunction,
        name.span,
        format!("unknown function `{}`", name.name),
    );
    use crate::functions::signature::{Kind, names};
    let candidates: Vec<String> = registry::all_names()
        .chain(names(Kind::Scalar))
        .chain(names(Kind::Aggregate))
        .map(String::from)
        .chain(scope.names().map(String::from))
        .collect();
    if let Some(best) = did_you_mean(&name.name, candidates.iter().map(String::as_str)) {
        d = d.with_help(format!("did you mean `{best}`?"));
    }
    d
}

/// The result type a `typeof(t)` argument names: `extract(re, 1, s, typeof(long))` and
/// `extract_json(path, json, typeof(string))` return `t` (the functions' docs pages).
fn named_result_type(function: &str, args: &[ast::Arg]) -> Option<Type> {
    if !matches!(function, "extract" | "extract_json") {
        return None;
    }
    args.iter().find_map(|arg| match &arg.value.kind {
        ast::ExprKind::TypeOf(t) => Type::from_name(&t.name),
        _ => None,
    })
}

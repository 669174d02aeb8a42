//! Lowering `join` and `lookup`: kinds, keys (`on A, B` and `on $left.X == $right.Y`),
//! and output columns (right columns that collide with left ones get `1`, `2`, …).

use super::expr::Input;
use super::scope::Scope;
use super::sources::fresh_name;
use super::{Lowerer, Tab};
use crate::diagnostic::{Code, Diagnostic, Result};
use crate::plan::tabular::join::{Join, JoinKind};
use crate::plan::{Expr, Op};
use crate::source::Span;
use crate::syntax::kql::ast;
use crate::value::Column;

impl<'c> Lowerer<'c> {
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn join<'a>(
        &self,
        left: Tab,
        params: &'a [ast::OpParam],
        right: &'a ast::Expr,
        on: &'a [ast::Expr],
        span: Span,
        scope: &Scope<'a>,
        lookup: bool,
    ) -> Result<Tab> {
        let kind = join_kind(params, lookup)?;
        if self.check && !lookup && !params.iter().any(|p| p.name.name == "kind") {
            self.report(join_without_kind(span));
        }
        let right = self.tabular(right, scope)?;
        let (li, ri) = (Input::of(&left), Input::of(&right));
        let mut left_keys: Vec<Expr> = Vec::new();
        let mut right_keys: Vec<Expr> = Vec::new();
        let mut shared_names = Vec::new();
        let mut conditions = Vec::new();
        for cond in on {
            split_and(cond, &mut conditions);
        }
        for cond in conditions {
            match &cond.kind {
                ast::ExprKind::Name(id) => {
                    left_keys.push(self.join_key(id, &li, scope, "left")?);
                    right_keys.push(self.join_key(id, &ri, scope, "right")?);
                    shared_names.push(id.name.clone());
                }
                ast::ExprKind::Binary {
                    op: ast::BinaryOp::Eq,
                    lhs,
                    rhs,
                } => {
                    let (l, r) = match (side_column(lhs), side_column(rhs)) {
                        (Some(("$left", l)), Some(("$right", r)))
                        | (Some(("$right", r)), Some(("$left", l))) => (l, r),
                        _ => return Err(join_key_error(cond.span)),
                    };
                    left_keys.push(self.join_key(l, &li, scope, "left")?);
                    right_keys.push(self.join_key(r, &ri, scope, "right")?);
                    // `lookup` leaves out the right key even when its name differs
                    // (`$left.A == $right.B` has no `B`), as Kusto.Language types it.
                    if l.name == r.name || lookup {
                        shared_names.push(r.name.clone());
                    }
                }
                _ => return Err(join_key_error(cond.span)),
            }
        }
        let right_columns: Vec<usize> = (0..right.schema().len())
            .filter(|&i| !(lookup && shared_names.contains(&right.schema()[i].name)))
            .collect();
        let mut schema: Vec<Column> = if kind.emits_left() {
            left.schema().to_vec()
        } else {
            Vec::new()
        };
        if kind.emits_right() {
            for &i in &right_columns {
                let c = &right.schema()[i];
                schema.push(Column::new(fresh_name(&c.name, &schema), c.ty));
            }
        }
        // A column not known yet may be of an open side: see `pick_open`.
        let left_open = left.open.clone().filter(|_| kind.emits_left());
        let right_open = right.open.clone().filter(|_| kind.emits_right());
        let open = self.pick_open([left_open, right_open]);
        let op = Join {
            left: Box::new(left.node),
            right: Box::new(right.node),
            kind,
            left_keys,
            right_keys,
            right_columns,
        };
        Ok(Tab::new(Op::Join(op), schema, span, open))
    }
}

impl Lowerer<'_> {
    /// A key column of one side of a join: a name that side lacks (and cannot gain,
    /// its columns being known) is `KQL219`, as Kusto requires keys on both sides.
    fn join_key(&self, id: &ast::Ident, side: &Input, scope: &Scope, which: &str) -> Result<Expr> {
        self.column_ref(id, side, scope).map_err(|d| {
            if d.code != Code::UnknownColumn || side.open.is_some() {
                return d;
            }
            let help = d.help.clone().unwrap_or_else(|| {
                "a key of `on` must be a column of both sides; name each side's with `$left.A == $right.B`".to_string()
            });
            Diagnostic::new(
                Code::JoinKeyMissing,
                id.span,
                format!("`{}` is not a column of the {which} side of the join", id.name),
            )
            .with_help(help)
        })
    }
}

/// `KQL225` (info): the default kind of `join` is `innerunique`, which keeps one
/// arbitrary row of each left key before matching, so duplicate left rows vanish
/// without a word (learn.microsoft.com/kusto/query/join-operator, "innerunique").
/// Info, not warning: many rules mean it, and naming the kind only makes it explicit.
fn join_without_kind(span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::JoinWithoutKind,
        span,
        "`join` without `kind=` is `innerunique`: it keeps one row per left key before matching",
    )
    .with_severity(crate::diagnostic::Severity::Info)
    .with_help("write `join kind=inner` to keep every left row, or `kind=innerunique` if deduplicating the left side is meant")
}

/// `$left.X` / `$right.X`: the side and the column name.
fn side_column(e: &ast::Expr) -> Option<(&str, &ast::Ident)> {
    match &e.kind {
        ast::ExprKind::Member { target, member } => match &target.kind {
            ast::ExprKind::Name(side) if side.name == "$left" || side.name == "$right" => {
                Some((side.name.as_str(), member))
            }
            _ => None,
        },
        ast::ExprKind::Paren(inner) => side_column(inner),
        _ => None,
    }
}

fn join_key_error(span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::SyntaxError,
        span,
        "a join condition must be a column name or `$left.X == $right.Y`",
    )
}

fn join_kind(params: &[ast::OpParam], lookup: bool) -> Result<JoinKind> {
    let Some(p) = params.iter().find(|p| p.name.name == "kind") else {
        return Ok(if lookup {
            JoinKind::LeftOuter
        } else {
            JoinKind::InnerUnique
        });
    };
    let name = match &p.value.kind {
        ast::ExprKind::Name(n) => n.name.as_str(),
        _ => "",
    };
    JoinKind::from_name(name).ok_or_else(|| {
        Diagnostic::new(Code::SyntaxError, p.value.span, format!("unknown join kind `{name}`"))
            .with_help("kinds are innerunique, inner, leftouter, rightouter, fullouter, leftsemi, leftanti, rightsemi, rightanti")
    })
}

/// `$left.A == $right.A and $left.B == $right.B` is two join conditions.
fn split_and<'a>(e: &'a ast::Expr, out: &mut Vec<&'a ast::Expr>) {
    match &e.kind {
        ast::ExprKind::Binary {
            op: ast::BinaryOp::And,
            lhs,
            rhs,
        } => {
            split_and(lhs, out);
            split_and(rhs, out);
        }
        ast::ExprKind::Paren(inner) => split_and(inner, out),
        _ => out.push(e),
    }
}

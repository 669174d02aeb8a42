//! Scalar expressions of the plan: columns resolved to positions, functions resolved
//! to registry entries, every node typed and carrying the span it came from.

use crate::functions::registry::ScalarFunction;
use crate::source::Span;
use crate::value::{Type, Value};
use std::fmt;

#[derive(Clone, Debug)]
pub struct Expr {
    pub kind: ExprKind,
    pub ty: Type,
    pub span: Span,
}

/// A builtin scalar function, printed and compared by name.
#[derive(Clone, Copy)]
pub struct FunctionRef(pub &'static ScalarFunction);

impl fmt::Debug for FunctionRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.name)
    }
}

#[derive(Clone, Debug)]
pub enum ExprKind {
    Literal(Value),
    /// The value of column `i` of the input row.
    Column(usize),
    Call {
        func: FunctionRef,
        args: Vec<Expr>,
    },
    Binary {
        op: BinaryOp,
        lhs: Box<Expr>,
        rhs: Box<Expr>,
    },
    Neg(Box<Expr>),
    /// `x in (list)`: items that are dynamic arrays are flattened (Kusto).
    In {
        operand: Box<Expr>,
        list: Vec<Expr>,
        case_insensitive: bool,
        negated: bool,
    },
    /// Dynamic member access `x.name` / `x['name']`.
    Member {
        target: Box<Expr>,
        name: String,
    },
    /// Dynamic index `x[i]` (negative counts from the end) or `x[key]`.
    Index {
        target: Box<Expr>,
        index: Box<Expr>,
    },
    /// The single value of shared plan `i` (`toscalar`), computed once per run.
    Scalar(usize),
    /// The first column of shared plan `i` as a dynamic array (`in (T | project c)`).
    ColumnOf(usize),
    /// A window function over the serialized input (`row_number()`, `prev(x)`, …).
    Window {
        func: WindowFunc,
        args: Vec<Expr>,
    },
    /// All columns of the row as a property bag (`pack_all()`); `names` are the columns.
    PackAll {
        names: Vec<String>,
        ignore_null_empty: bool,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WindowFunc {
    RowNumber,
    Prev,
    Next,
    RowCumsum,
    RowWindowSession,
    /// `row_rank_dense(term [, restart])`: up by one whenever the term changes.
    RowRankDense,
    /// `row_rank_min(term [, restart])`: the row number of the first row of the term's run.
    RowRankMin,
}

/// Arithmetic, comparison and logic. String operators are registry functions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinaryOp {
    And,
    Or,
    Eq,
    NotEq,
    /// `=~`: equal ignoring case.
    EqIgnoreCase,
    /// `!~`
    NotEqIgnoreCase,
    Lt,
    Le,
    Gt,
    Ge,
    Add,
    Sub,
    Mul,
    Div,
    Mod,
}

impl Expr {
    pub fn literal(value: Value, ty: Type, span: Span) -> Expr {
        Expr {
            kind: ExprKind::Literal(value),
            ty,
            span,
        }
    }
    pub fn column(index: usize, ty: Type, span: Span) -> Expr {
        Expr {
            kind: ExprKind::Column(index),
            ty,
            span,
        }
    }
    /// This expression as type `ty`, through the conversion function Kusto has for it
    /// (`tolong`, `todatetime`, …); itself when it has that type already.
    pub fn cast(self, ty: Type) -> Expr {
        let name = match ty {
            _ if self.ty == ty => return self,
            Type::String => "tostring",
            Type::Long => "tolong",
            Type::Int => "toint",
            Type::Real => "todouble",
            Type::Decimal => "todecimal",
            Type::Bool => "tobool",
            Type::DateTime => "todatetime",
            Type::TimeSpan => "totimespan",
            Type::Guid => "toguid",
            _ => "todynamic",
        };
        match crate::functions::registry::scalar(name) {
            Some(func) => Expr {
                span: self.span,
                kind: ExprKind::Call {
                    func: FunctionRef(func),
                    args: vec![self],
                },
                ty,
            },
            None => self,
        }
    }

    /// The expression with each direct sub-expression replaced by `f` of it (the first
    /// error of `f` is the result); leaves (literals, columns, subquery values) as they are.
    pub fn map_children<E>(self, f: &mut dyn FnMut(Expr) -> Result<Expr, E>) -> Result<Expr, E> {
        let mut all = |xs: Vec<Expr>| xs.into_iter().map(&mut *f).collect::<Result<Vec<_>, E>>();
        let kind = match self.kind {
            ExprKind::Call { func, args } => ExprKind::Call {
                func,
                args: all(args)?,
            },
            ExprKind::Window { func, args } => ExprKind::Window {
                func,
                args: all(args)?,
            },
            ExprKind::Binary { op, lhs, rhs } => ExprKind::Binary {
                op,
                lhs: Box::new(f(*lhs)?),
                rhs: Box::new(f(*rhs)?),
            },
            ExprKind::Neg(inner) => ExprKind::Neg(Box::new(f(*inner)?)),
            ExprKind::In {
                operand,
                list,
                case_insensitive,
                negated,
            } => ExprKind::In {
                operand: Box::new(f(*operand)?),
                list: list
                    .into_iter()
                    .map(&mut *f)
                    .collect::<Result<Vec<_>, E>>()?,
                case_insensitive,
                negated,
            },
            ExprKind::Member { target, name } => ExprKind::Member {
                target: Box::new(f(*target)?),
                name,
            },
            ExprKind::Index { target, index } => ExprKind::Index {
                target: Box::new(f(*target)?),
                index: Box::new(f(*index)?),
            },
            leaf => leaf,
        };
        Ok(Expr { kind, ..self })
    }

    /// The expression with each column read replaced by `column(i)`, as one written over
    /// an operator's output is rewritten over its input; `None` when a column has no
    /// replacement or the expression reads more than its columns (the whole row, the
    /// neighbouring rows, a subquery).
    pub fn with_columns(self, column: &dyn Fn(usize) -> Option<Expr>) -> Option<Expr> {
        match self.kind {
            ExprKind::Column(i) => column(i),
            ExprKind::Scalar(_)
            | ExprKind::ColumnOf(_)
            | ExprKind::Window { .. }
            | ExprKind::PackAll { .. } => None,
            _ => (self.map_children(&mut |e| e.with_columns(column).ok_or(()))).ok(),
        }
    }

    /// Marks the input columns the expression reads; false when it reads the whole row
    /// (`pack_all`) or a column past `used`.
    pub fn columns_read(&self, used: &mut [bool]) -> bool {
        match &self.kind {
            ExprKind::Column(i) => match used.get_mut(*i) {
                Some(slot) => {
                    *slot = true;
                    true
                }
                None => false,
            },
            ExprKind::PackAll { .. } => false,
            ExprKind::Literal(_) | ExprKind::Scalar(_) | ExprKind::ColumnOf(_) => true,
            ExprKind::Call { args, .. } | ExprKind::Window { args, .. } => {
                args.iter().all(|a| a.columns_read(used))
            }
            ExprKind::Binary { lhs, rhs, .. } => lhs.columns_read(used) && rhs.columns_read(used),
            ExprKind::Neg(inner) => inner.columns_read(used),
            ExprKind::In { operand, list, .. } => {
                operand.columns_read(used) && list.iter().all(|a| a.columns_read(used))
            }
            ExprKind::Member { target, .. } => target.columns_read(used),
            ExprKind::Index { target, index } => {
                target.columns_read(used) && index.columns_read(used)
            }
        }
    }

    /// The literal value, when the expression is one.
    pub fn as_literal(&self) -> Option<&Value> {
        match &self.kind {
            ExprKind::Literal(v) => Some(v),
            _ => None,
        }
    }
}

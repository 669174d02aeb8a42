//! Reading `graph-match` expressions: each reference to the pattern (`a.name`,
//! `node_degree_in(a)`, `all(e, c)`, a bare `e`) becomes a plain name of a column of
//! the match's row, which the expression is then lowered against like any other.
//! Inside `all()`/`any()`/`map()` the names are the properties of the edge (or inner
//! node) itself, and `node_degree_in()` & co. take no argument.
//!
//! Row column names hold a `.` or a `#`, which no name written in a query has:
//! `a.name`, `a.#node_degree_in`, `#path1`; a bare variable keeps its own name.

use super::pattern::{Lowered, Var};
use crate::diagnostic::{Code, Diagnostic, Result, did_you_mean};
use crate::plan::tabular::graph::{ElementFunction, GraphSchema, PathFunctionKind, Slot};
use crate::source::Span;
use crate::syntax::kql::ast::{self, ExprKind as K};
use crate::value::{Column, Type};

/// A column of the match's row that a rewritten expression reads.
#[derive(Clone, Debug)]
pub struct Use {
    pub name: String,
    pub what: Read,
}

#[derive(Clone, Debug)]
pub enum Read {
    /// A slot ready to be read, of this type.
    Slot(Slot, Type),
    /// `all()`/`any()`/`map()`: the body is still to be lowered against the row of an
    /// edge (or an inner node).
    Path {
        edge: usize,
        inner_nodes: bool,
        kind: PathFunctionKind,
        body: ast::Expr,
    },
}

/// A property that a pattern variable lacks; `open` is the table whose columns a
/// later lowering round may find it in.
pub struct Missing {
    pub error: Diagnostic,
    pub open: Option<String>,
    pub name: ast::Ident,
}

/// Rewrites expressions over one pattern.
pub struct Rewriter<'g> {
    pub vars: &'g Lowered,
    pub schema: &'g GraphSchema,
    /// The number of `all()`/`any()`/`map()` met so far (their columns' numbers).
    paths: usize,
    /// The first property read that the graph lacks.
    pub missing: Option<Missing>,
}

impl<'g> Rewriter<'g> {
    pub fn new(vars: &'g Lowered, schema: &'g GraphSchema) -> Rewriter<'g> {
        Rewriter {
            vars,
            schema,
            paths: 0,
            missing: None,
        }
    }

    /// `e` with its pattern references replaced by row column names; the columns read
    /// are added to `uses`.
    pub fn outer(&mut self, e: &ast::Expr, uses: &mut Vec<Use>) -> Result<ast::Expr> {
        match &e.kind {
            K::Member { target, member } => match self.var_of(target) {
                Some(var) => self.property(var, target, member, e.span, uses),
                None => map_children(e, &mut |c| self.outer(c, uses)),
            },
            K::Name(id) => match self.vars.var(&id.name) {
                Some(var) => {
                    let slot = match var {
                        Var::Node(n) => Slot::Node(n),
                        Var::Edge(x) => Slot::Edge(x),
                    };
                    Ok(self.read(&id.name, Read::Slot(slot, Type::Dynamic), e.span, uses))
                }
                None => Ok(e.clone()),
            },
            K::Call { name, args } => self.call(e, name, args, uses),
            _ => map_children(e, &mut |c| self.outer(c, uses)),
        }
    }

    /// A call in the outer expression: a graph function of a variable, a path
    /// function, or any other call (its arguments rewritten).
    fn call(
        &mut self,
        e: &ast::Expr,
        name: &ast::Ident,
        args: &[ast::Arg],
        uses: &mut Vec<Use>,
    ) -> Result<ast::Expr> {
        if let Some(function) = ElementFunction::named(&name.name) {
            return self.element_function(e, name, function, args, uses);
        }
        if let (Some(kind), [first, body]) = (path_kind(&name.name), args)
            && let Some((edge, inner_nodes)) = self.path_target(&first.value)?
        {
            let body = self.element(&body.value, inner_nodes)?;
            self.paths += 1;
            let column = format!("#path{}", self.paths);
            let read = Read::Path {
                edge,
                inner_nodes,
                kind,
                body,
            };
            return Ok(self.read(&column, read, e.span, uses));
        }
        if name.name == "inner_nodes" {
            return Err(inner_nodes_alone(name.span));
        }
        map_children(e, &mut |c| self.outer(c, uses))
    }

    /// `node_degree_in(n)`, `node_id(n)`, `labels(n)`, `labels(e)`.
    fn element_function(
        &mut self,
        e: &ast::Expr,
        name: &ast::Ident,
        function: ElementFunction,
        args: &[ast::Arg],
        uses: &mut Vec<Use>,
    ) -> Result<ast::Expr> {
        let var = match args {
            [arg] => self.var_of(&arg.value),
            _ => None,
        };
        let slot = match (var, function) {
            (Some(Var::Node(node)), _) => Slot::NodeFunction { node, function },
            (Some(Var::Edge(edge)), ElementFunction::Labels) => Slot::EdgeLabels { edge },
            (Some(Var::Edge(_)), _) => {
                return Err(Diagnostic::new(
                    Code::ArgumentType,
                    e.span,
                    format!("`{}` takes a node of the pattern, not an edge", name.name),
                ));
            }
            (None, _) if args.is_empty() => {
                return Err(Diagnostic::new(
                    Code::WrongArity,
                    e.span,
                    format!(
                        "`{}()` without an argument reads the inner nodes in `all()`, `any()` or `map()` over `inner_nodes(e)`",
                        name.name
                    ),
                )
                .with_help(format!("name the node here: `{}(n)`", name.name)));
            }
            (None, _) => {
                return Err(Diagnostic::new(
                    Code::ArgumentType,
                    e.span,
                    format!("`{}` takes a node variable of the pattern", name.name),
                ));
            }
        };
        let var_name = match &args[0].value.kind {
            K::Name(id) => id.name.clone(),
            _ => String::new(),
        };
        let column = format!("{var_name}.#{}", function.name());
        Ok(self.read(&column, Read::Slot(slot, function.ty()), e.span, uses))
    }

    /// `v.p`: a property of a node or edge variable.
    fn property(
        &mut self,
        var: Var,
        target: &ast::Expr,
        member: &ast::Ident,
        span: Span,
        uses: &mut Vec<Use>,
    ) -> Result<ast::Expr> {
        let var_name = match &target.kind {
            K::Name(id) => id.name.as_str(),
            _ => "",
        };
        let (columns, open, what) = match var {
            Var::Node(_) => (&self.schema.nodes, &self.schema.open_nodes, "node"),
            Var::Edge(_) => (&self.schema.edges, &self.schema.open_edges, "edge"),
        };
        let Some(p) = columns.iter().position(|c| c.name == member.name) else {
            let error = unknown_property(var_name, what, member, columns);
            if self.missing.is_none() {
                self.missing = Some(Missing {
                    error: error.clone(),
                    open: open.clone(),
                    name: member.clone(),
                });
            }
            return Err(error);
        };
        let (slot, ty) = match var {
            Var::Node(node) => (Slot::NodeProperty { node, property: p }, columns[p].ty),
            Var::Edge(edge) => {
                let variable = self.vars.pattern.edges[edge].variable;
                let ty = if variable {
                    Type::Dynamic
                } else {
                    columns[p].ty
                };
                (Slot::EdgeProperty { edge, property: p }, ty)
            }
        };
        let column = format!("{var_name}.{}", member.name);
        Ok(self.read(&column, Read::Slot(slot, ty), span, uses))
    }

    /// The body of `all()`/`any()`/`map()`: names are the element's properties, and
    /// the graph functions take no argument (`node_degree_in()` → `#node_degree_in`).
    fn element(&mut self, e: &ast::Expr, node: bool) -> Result<ast::Expr> {
        let K::Call { name, args } = &e.kind else {
            return map_children(e, &mut |c| self.element(c, node));
        };
        if let Some(function) = ElementFunction::named(&name.name) {
            if !args.is_empty() {
                return Err(Diagnostic::new(
                    Code::WrongArity,
                    e.span,
                    format!(
                        "inside `all()`, `any()` and `map()`, `{}()` takes no argument: it reads each element",
                        name.name
                    ),
                ));
            }
            if !node && function != ElementFunction::Labels {
                return Err(Diagnostic::new(
                    Code::ArgumentType,
                    e.span,
                    format!(
                        "`{}()` reads a node: use `inner_nodes(e)` as the first argument",
                        name.name
                    ),
                ));
            }
            return Ok(name_at(&format!("#{}", function.name()), e.span));
        }
        if path_kind(&name.name).is_some() || name.name == "inner_nodes" {
            return Err(Diagnostic::new(
                Code::Unsupported,
                e.span,
                format!(
                    "kqlc cannot run `{}` inside `all()`, `any()` or `map()`",
                    name.name
                ),
            ));
        }
        map_children(e, &mut |c| self.element(c, node))
    }

    /// The edge variable (and whether its inner nodes) that a path function reads:
    /// `e` or `inner_nodes(e)`; `None` when `first` is neither.
    fn path_target(&self, first: &ast::Expr) -> Result<Option<(usize, bool)>> {
        match &first.kind {
            K::Name(id) => Ok(match self.vars.var(&id.name) {
                Some(Var::Edge(e)) => Some((e, false)),
                _ => None,
            }),
            K::Call { name, args } if name.name == "inner_nodes" => match args.as_slice() {
                [arg] => match self.var_of(&arg.value) {
                    Some(Var::Edge(e)) => Ok(Some((e, true))),
                    _ => Err(Diagnostic::new(
                        Code::ArgumentType,
                        arg.span,
                        "`inner_nodes()` takes an edge variable of the pattern",
                    )),
                },
                _ => Err(Diagnostic::new(
                    Code::WrongArity,
                    first.span,
                    "`inner_nodes()` takes one edge variable",
                )),
            },
            _ => Ok(None),
        }
    }

    fn var_of(&self, e: &ast::Expr) -> Option<Var> {
        match &e.kind {
            K::Name(id) => self.vars.var(&id.name),
            K::Paren(inner) => self.var_of(inner),
            _ => None,
        }
    }

    /// Records a read of row column `column` and returns the name that reads it.
    fn read(&self, column: &str, what: Read, span: Span, uses: &mut Vec<Use>) -> ast::Expr {
        if !uses.iter().any(|u| u.name == column) {
            uses.push(Use {
                name: column.to_string(),
                what,
            });
        }
        name_at(column, span)
    }
}

/// The kind of path function a call name is.
fn path_kind(name: &str) -> Option<PathFunctionKind> {
    match name {
        "all" => Some(PathFunctionKind::All),
        "any" => Some(PathFunctionKind::Any),
        "map" => Some(PathFunctionKind::Map),
        _ => None,
    }
}

/// The columns of an element's row, named as expressions over it read them: the
/// properties, then the graph functions, each name after `prefix` (`a.` for a node
/// variable's filter, empty in a path function's body).
pub fn element_columns(properties: &[Column], node: bool, prefix: &str) -> Vec<Column> {
    let functions: &[ElementFunction] = match node {
        true => &ElementFunction::NODE,
        false => &ElementFunction::EDGE,
    };
    (properties.iter())
        .map(|c| Column::new(format!("{prefix}{}", c.name), c.ty))
        .chain((functions.iter()).map(|f| Column::new(format!("{prefix}#{}", f.name()), f.ty())))
        .collect()
}

fn name_at(name: &str, span: Span) -> ast::Expr {
    ast::Expr {
        kind: K::Name(ast::Ident {
            name: name.to_string(),
            span,
        }),
        span,
    }
}

fn inner_nodes_alone(span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::ArgumentType,
        span,
        "`inner_nodes()` is only the first argument of `all()`, `any()` or `map()`",
    )
    .with_help("for example `map(inner_nodes(e), name)`")
}

fn unknown_property(var: &str, what: &str, member: &ast::Ident, columns: &[Column]) -> Diagnostic {
    let mut d = Diagnostic::new(
        Code::UnknownColumn,
        member.span,
        format!("the {what} `{var}` has no property `{}`", member.name),
    );
    if let Some(best) = did_you_mean(&member.name, columns.iter().map(|c| c.name.as_str())) {
        d = d.with_help(format!("did you mean `{var}.{best}`?"));
    }
    d
}

/// `e` with each direct sub-expression replaced by `f` of it; tabular parts (pipes,
/// sources) are left as they are.
fn map_children(
    e: &ast::Expr,
    f: &mut dyn FnMut(&ast::Expr) -> Result<ast::Expr>,
) -> Result<ast::Expr> {
    let mut g = |x: &ast::Expr| f(x).map(Box::new);
    let kind = match &e.kind {
        K::Member { target, member } => K::Member {
            target: g(target)?,
            member: member.clone(),
        },
        K::Index { target, index } => K::Index {
            target: g(target)?,
            index: g(index)?,
        },
        K::Call { name, args } => K::Call {
            name: name.clone(),
            args: (args.iter())
                .map(|a| {
                    Ok(ast::Arg {
                        name: a.name.clone(),
                        value: f(&a.value)?,
                        span: a.span,
                    })
                })
                .collect::<Result<_>>()?,
        },
        K::Unary { op, operand } => K::Unary {
            op: *op,
            operand: g(operand)?,
        },
        K::Binary { op, lhs, rhs } => K::Binary {
            op: *op,
            lhs: g(lhs)?,
            rhs: g(rhs)?,
        },
        K::Between {
            operand,
            low,
            high,
            negated,
        } => K::Between {
            operand: g(operand)?,
            low: g(low)?,
            high: g(high)?,
            negated: *negated,
        },
        K::In {
            operand,
            list,
            negated,
            case_insensitive,
        } => K::In {
            operand: g(operand)?,
            list: list.iter().map(&mut *f).collect::<Result<_>>()?,
            negated: *negated,
            case_insensitive: *case_insensitive,
        },
        K::Paren(inner) => K::Paren(g(inner)?),
        K::List(items) => K::List(items.iter().map(&mut *f).collect::<Result<_>>()?),
        K::Literal(_) | K::Name(_) | K::Star | K::TypeOf(_) | K::Pipe { .. } | K::Source(_) => {
            e.kind.clone()
        }
    };
    Ok(ast::Expr { kind, span: e.span })
}

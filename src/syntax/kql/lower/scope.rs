//! Names bound by `let` and by function parameters, looked up innermost first.

use super::Tab;
use crate::plan::Expr;
use crate::syntax::kql::ast;
use std::cell::RefCell;
use std::rc::Rc;

/// What a `let` name stands for once lowered.
#[derive(Clone, Debug)]
pub enum Resolved {
    Scalar(Expr),
    Tabular(Tab),
}

/// One bound name.
pub enum Binding<'a> {
    /// Already lowered (function arguments, `as` names).
    Value(Resolved),
    /// `let name = expr`, lowered on first use (so an unused let costs nothing) and then
    /// remembered, so a `toscalar`/`materialize` in it runs once.
    Let {
        expr: &'a ast::Expr,
        scope: Scope<'a>,
        memo: RefCell<Option<Resolved>>,
        used: RefCell<bool>,
    },
    /// `let f = (params) { body }`, inlined at each call.
    Function {
        def: &'a ast::FunctionDef,
        scope: Scope<'a>,
        used: RefCell<bool>,
    },
}

impl Binding<'_> {
    /// Whether the query has referred to this name (always true for values).
    pub fn is_used(&self) -> bool {
        match self {
            Binding::Value(_) => true,
            Binding::Let { used, .. } | Binding::Function { used, .. } => *used.borrow(),
        }
    }

    /// Marks a `let` or function as used.
    pub fn mark_used(&self) {
        match self {
            Binding::Value(_) => {}
            Binding::Let { used, .. } | Binding::Function { used, .. } => *used.borrow_mut() = true,
        }
    }
}

/// An immutable chain of bindings; adding one makes a new scope.
#[derive(Clone, Default)]
pub struct Scope<'a> {
    bindings: Rc<Vec<(String, Rc<Binding<'a>>)>>,
}

impl<'a> Scope<'a> {
    /// This scope plus one binding (shadowing an older one of the same name).
    pub fn with(&self, name: &str, binding: Binding<'a>) -> Scope<'a> {
        let mut bindings = (*self.bindings).clone();
        bindings.push((name.to_string(), Rc::new(binding)));
        Scope {
            bindings: Rc::new(bindings),
        }
    }

    pub fn get(&self, name: &str) -> Option<Rc<Binding<'a>>> {
        self.bindings
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, b)| b.clone())
    }

    /// Every bound name (for did-you-mean).
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.bindings.iter().map(|(n, _)| n.as_str())
    }
}

//! Each plan operator written as one CTE (a `SELECT` over its input's CTE).

use super::dialect::{ident, sql_type};
use super::expr::{self, Scope, coerce, refuse};
use super::{Rel, Writer, aggregates, json};
use crate::plan::tabular::join::{Join, JoinKind};
use crate::plan::tabular::mv_expand::MvExpand;
use crate::plan::tabular::scan::Read;
use crate::plan::{Expr, ExprKind, Node, Op};
use crate::translate::Dialect;
use crate::value::Type;

impl Writer {
    /// The relation of `n` (its CTE), or `None` after findings.
    pub(super) fn node(&mut self, n: &Node) -> Option<Rel> {
        match &n.op {
            Op::Scan(s) if s.table.starts_with('<') => {
                let help = "kqlc has no plan for this stage (`kqlc check` warns of it), so it cannot write it, nor know the columns after it";
                refuse(
                    &mut self.findings,
                    self.d,
                    n.span,
                    "a stage kqlc cannot run",
                    help,
                );
                None
            }
            Op::Scan(s) => Some(self.scan(&s.table, s.read.as_deref(), n)),
            Op::Values(v) => self.values(&v.rows, n),
            Op::Range(r) => self.range(r, n),
            Op::Shared(i) => self.shared.get(*i).cloned().flatten(),
            Op::Where(w) => {
                let input = self.node(&w.input)?;
                let p = self.ex(&w.predicate, &input)?;
                let body = format!(
                    "SELECT {} FROM {} WHERE {p}",
                    pass(&input, &input.cols),
                    input.name
                );
                Some(self.cte(body, n))
            }
            Op::Extend(x) => {
                let input = self.node(&x.input)?;
                let mut outs = input.cols.clone();
                for e in &x.exprs {
                    outs.push(self.out(e, &input).unwrap_or_default());
                }
                self.select(n, &input, outs, "__ord")
            }
            Op::Project(p) => {
                let input = self.node(&p.input)?;
                let outs = p
                    .exprs
                    .iter()
                    .map(|e| self.out(e, &input).unwrap_or_default())
                    .collect();
                self.select(n, &input, outs, "__ord")
            }
            Op::Summarize(s) => self.summarize(s, n),
            Op::Sort(s) => {
                let input = self.node(&s.input)?;
                let mut keys = Vec::new();
                for k in &s.keys {
                    let x = self.ex(&k.expr, &input)?;
                    let dir = if k.descending { "DESC" } else { "ASC" };
                    let nulls = if k.nulls_first { "FIRST" } else { "LAST" };
                    keys.push(format!("{x} {dir} NULLS {nulls}"));
                }
                keys.push("__ord".into());
                let ord = format!("row_number() OVER (ORDER BY {})", keys.join(", "));
                self.select(n, &input, input.cols.clone(), &ord)
            }
            Op::Take(t) => {
                let input = self.node(&t.input)?;
                let body = format!(
                    "SELECT {} FROM {} ORDER BY __ord LIMIT {}",
                    pass(&input, &input.cols),
                    input.name,
                    t.count
                );
                Some(self.cte(body, n))
            }
            Op::Join(j) => self.join(j, n),
            Op::Union(u) => self.union(u, n),
            Op::MvExpand(m) => self.mv_expand(m, n),
            Op::Parse(p) => self.parse(p, n),
            Op::BagUnpack(b) => {
                let input = self.node(&b.input)?;
                let bag = input.cols.get(b.column)?.clone();
                // The input's columns but the bag, then one column per property (in the
                // plan's order; the output name may carry the plugin's prefix).
                let mut outs: Vec<String> = input
                    .cols
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| *i != b.column)
                    .map(|(_, c)| c.clone())
                    .collect();
                for (k, ty) in &b.keys {
                    let v = coerce(self.d, &json::member(self.d, &bag, k), Type::Dynamic, *ty);
                    outs.push(if *ty == Type::String {
                        format!("COALESCE({v}, '')")
                    } else {
                        v
                    });
                }
                self.select(n, &input, outs, "__ord")
            }
            _ => {
                let what = format!("the `{}` operator", op_name(&n.op));
                refuse(
                    &mut self.findings,
                    self.d,
                    n.span,
                    &what,
                    "kqlc has no SQL translation of this operator yet",
                );
                None
            }
        }
    }

    /// An expression over `input`'s columns.
    fn ex(&mut self, e: &Expr, input: &Rel) -> Option<String> {
        let s = Scope {
            d: self.d,
            cols: &input.cols,
            types: &input.types,
            shared: &self.shared,
            now: self.options.now,
        };
        expr::write(e, &s, &mut self.findings)
    }

    /// An output column: strings that may be null in SQL become `""`, as in Kusto.
    fn out(&mut self, e: &Expr, input: &Rel) -> Option<String> {
        let x = self.ex(e, input)?;
        Some(
            if e.ty == Type::String && !matches!(e.kind, ExprKind::Column(_)) {
                format!("COALESCE({x}, '')")
            } else {
                x
            },
        )
    }

    /// `SELECT outs AS node's columns, ord AS __ord FROM input`.
    fn select(&mut self, n: &Node, input: &Rel, outs: Vec<String>, ord: &str) -> Option<Rel> {
        let names = super::column_names(self.d, n);
        let list: Vec<String> = aliased(&outs, &names);
        let list = list
            .into_iter()
            .chain([format!("{ord} AS __ord")])
            .collect::<Vec<_>>()
            .join(", ");
        Some(self.cte(format!("SELECT {list} FROM {}", input.name), n))
    }

    /// A table read by name; columns the query never reads are typed nulls, so the
    /// user's table need not have them.
    fn scan(&mut self, table: &str, read: Option<&[Read]>, n: &Node) -> Rel {
        let d = self.d;
        let names = super::column_names(d, n);
        let cols: Vec<String> = n
            .schema
            .iter()
            .zip(&names)
            .enumerate()
            .map(|(i, (c, name))| {
                if read.is_some_and(|r| r.get(i).is_some_and(|x| !x.any())) {
                    let none = if c.ty == Type::String {
                        "''".into()
                    } else {
                        format!("CAST(NULL AS {})", sql_type(d, c.ty))
                    };
                    return format!("{none} AS {name}");
                }
                let src = ident(d, &c.name);
                let v = match c.ty {
                    Type::String | Type::Guid => {
                        format!("COALESCE(CAST({src} AS {}), '')", sql_type(d, Type::String))
                    }
                    Type::DateTime => super::dialect::timestamp_to_ticks(d, &src),
                    Type::Dynamic => match d {
                        Dialect::DuckDb => format!("CAST({src} AS JSON)"),
                        Dialect::Spark => format!("CAST({src} AS STRING)"),
                    },
                    Type::Bool => format!("CAST({src} AS BOOLEAN)"),
                    Type::Real | Type::Decimal => format!("CAST({src} AS DOUBLE)"),
                    Type::Int | Type::Long => format!("CAST({src} AS BIGINT)"),
                    _ => src,
                };
                format!("{v} AS {name}")
            })
            .collect();
        let ord = match d {
            Dialect::DuckDb => "row_number() OVER () AS __ord",
            Dialect::Spark => "monotonically_increasing_id() AS __ord",
        };
        let list = cols
            .into_iter()
            .chain([ord.to_string()])
            .collect::<Vec<_>>()
            .join(", ");
        let window = self.window_filter(n);
        self.cte(format!("SELECT {list} FROM {}{window}", ident(d, table)), n)
    }

    /// ` WHERE …` keeping a table's rows inside the run's time window, as
    /// [`crate::alerts::window`] does: tables with a datetime `TimeGenerated` only.
    fn window_filter(&self, n: &Node) -> String {
        let Some((from, to)) = self.options.window else {
            return String::new();
        };
        if !n.schema.iter().any(crate::alerts::window::is_time_column) {
            return String::new();
        }
        let time = ident(self.d, crate::alerts::window::TIME_COLUMN);
        let ticks = super::dialect::timestamp_to_ticks(self.d, &time);
        format!(" WHERE {ticks} BETWEEN {from} AND {to}")
    }

    fn values(&mut self, rows: &[Vec<Expr>], n: &Node) -> Option<Rel> {
        let d = self.d;
        let names = super::column_names(d, n);
        let empty = Rel {
            name: String::new(),
            cols: vec![],
            types: vec![],
        };
        if rows.is_empty() {
            let list: Vec<String> = n
                .schema
                .iter()
                .zip(&names)
                .map(|(c, name)| format!("CAST(NULL AS {}) AS {name}", sql_type(d, c.ty)))
                .collect();
            let list = list
                .into_iter()
                .chain(["CAST(0 AS BIGINT) AS __ord".to_string()])
                .collect::<Vec<_>>()
                .join(", ");
            return Some(self.cte(format!("SELECT {list} WHERE FALSE"), n));
        }
        let mut tuples = Vec::new();
        for (i, row) in rows.iter().enumerate() {
            let mut cells = Vec::new();
            for (e, c) in row.iter().zip(&n.schema) {
                let v = self.ex(e, &empty)?;
                cells.push(format!(
                    "CAST({} AS {})",
                    coerce(d, &v, e.ty, c.ty),
                    sql_type(d, c.ty)
                ));
            }
            cells.push(format!("CAST({i} AS BIGINT)"));
            tuples.push(cells);
        }
        let cols = names
            .iter()
            .cloned()
            .chain(["__ord".to_string()])
            .collect::<Vec<_>>()
            .join(", ");
        let body = match d {
            Dialect::DuckDb => {
                let rows: Vec<String> = tuples
                    .iter()
                    .map(|t| format!("({})", t.join(", ")))
                    .collect();
                format!("SELECT * FROM (VALUES {}) AS t({cols})", rows.join(", "))
            }
            // Spark's inline tables take only constant-foldable cells: one SELECT a row.
            Dialect::Spark => {
                let all: Vec<String> = names.iter().cloned().chain(["__ord".to_string()]).collect();
                let rows: Vec<String> = tuples
                    .iter()
                    .map(|t| {
                        let cells: Vec<String> = t
                            .iter()
                            .zip(&all)
                            .map(|(v, c)| format!("{v} AS {c}"))
                            .collect();
                        format!("SELECT {}", cells.join(", "))
                    })
                    .collect();
                rows.join(" UNION ALL ")
            }
        };
        Some(self.cte(body, n))
    }

    fn range(&mut self, r: &crate::plan::tabular::range::Range, n: &Node) -> Option<Rel> {
        let empty = Rel {
            name: String::new(),
            cols: vec![],
            types: vec![],
        };
        if matches!(r.from.ty, Type::Real | Type::Decimal)
            || matches!(r.step.ty, Type::Real | Type::Decimal)
        {
            refuse(
                &mut self.findings,
                self.d,
                n.span,
                "a `range` of reals",
                "SQL series are integral here",
            );
            return None;
        }
        let (a, b, s) = (
            self.ex(&r.from, &empty)?,
            self.ex(&r.to, &empty)?,
            self.ex(&r.step, &empty)?,
        );
        let name = super::column_names(self.d, n).into_iter().next()?;
        let body = match self.d {
            Dialect::DuckDb => format!(
                "SELECT g.v AS {name}, (g.v - ({a})) // ({s}) AS __ord FROM generate_series({a}, {b}, {s}) AS g(v)"
            ),
            Dialect::Spark => format!(
                "SELECT v AS {name}, (v - ({a})) div ({s}) AS __ord FROM (SELECT explode(sequence({a}, {b}, {s})) AS v)"
            ),
        };
        Some(self.cte(body, n))
    }

    fn summarize(
        &mut self,
        s: &crate::plan::tabular::summarize::Summarize,
        n: &Node,
    ) -> Option<Rel> {
        let input = self.node(&s.input)?;
        let mut keys = Vec::new();
        for k in &s.keys {
            keys.push(self.ex(k, &input)?);
        }
        let mut outs = keys.clone();
        let mut at = keys.len();
        for agg in &s.aggregates {
            let count = match agg.func.0.name {
                "arg_max" | "arg_min" | "take_any" => agg.args.len().max(1),
                _ => 1,
            };
            let types: Vec<Type> = n.schema.iter().skip(at).take(count).map(|c| c.ty).collect();
            at += count;
            let sc = Scope {
                d: self.d,
                cols: &input.cols,
                types: &input.types,
                shared: &self.shared,
                now: self.options.now,
            };
            let got = aggregates::aggregate(agg, &types, n.span, &sc, &mut self.findings)?;
            for (g, t) in got.into_iter().zip(&types) {
                outs.push(if *t == Type::String && s.empty_strings {
                    format!("COALESCE({g}, '')")
                } else {
                    g
                });
            }
        }
        let names = super::column_names(self.d, n);
        let list: Vec<String> = aliased(&outs, &names);
        let list = list
            .into_iter()
            .chain(["min(__ord) AS __ord".to_string()])
            .collect::<Vec<_>>()
            .join(", ");
        let group = if keys.is_empty() {
            String::new()
        } else {
            format!(" GROUP BY {}", keys.join(", "))
        };
        Some(self.cte(format!("SELECT {list} FROM {}{group}", input.name), n))
    }

    fn join(&mut self, j: &Join, n: &Node) -> Option<Rel> {
        use JoinKind::*;
        let l = self.node(&j.left)?;
        let r = self.node(&j.right)?;
        let pre = |rel: &Rel, p: &str| Rel {
            name: rel.name.clone(),
            cols: rel.cols.iter().map(|c| format!("{p}.{c}")).collect(),
            types: rel.types.clone(),
        };
        let (lp, rp) = (pre(&l, "l"), pre(&r, "r"));
        let mut conds = Vec::new();
        let mut lkeys = Vec::new();
        for (lk, rk) in j.left_keys.iter().zip(&j.right_keys) {
            let (a, b) = (self.ex(lk, &lp)?, self.ex(rk, &rp)?);
            lkeys.push(self.ex(lk, &l)?);
            let t = if lk.ty == rk.ty {
                lk.ty
            } else if lk.ty == Type::Dynamic {
                rk.ty
            } else {
                lk.ty
            };
            conds.push(format!(
                "{} = {}",
                coerce(self.d, &a, lk.ty, t),
                coerce(self.d, &b, rk.ty, t)
            ));
        }
        let on = if conds.is_empty() {
            "TRUE".into()
        } else {
            conds.join(" AND ")
        };
        let left_src = if j.kind == InnerUnique && !lkeys.is_empty() {
            format!(
                "(SELECT * FROM (SELECT *, row_number() OVER (PARTITION BY {} ORDER BY __ord) AS __dedup FROM {}) WHERE __dedup = 1)",
                lkeys.join(", "),
                l.name
            )
        } else {
            l.name.clone()
        };
        let nullable_left = matches!(j.kind, RightOuter | FullOuter);
        let nullable_right = matches!(j.kind, LeftOuter | FullOuter);
        let mut outs = Vec::new();
        if j.kind.emits_left() {
            outs.extend(
                lp.cols
                    .iter()
                    .zip(&l.types)
                    .map(|(c, t)| nonnull(c, *t, nullable_left)),
            );
        }
        if j.kind.emits_right() {
            outs.extend(
                j.right_columns.iter().filter_map(|&i| {
                    Some(nonnull(rp.cols.get(i)?, *r.types.get(i)?, nullable_right))
                }),
            );
        }
        let names = super::column_names(self.d, n);
        let list: Vec<String> = aliased(&outs, &names);
        let (from, ord) = match j.kind {
            InnerUnique | Inner => (
                format!("{left_src} AS l JOIN {} AS r ON {on}", r.name),
                "row_number() OVER (ORDER BY l.__ord, r.__ord)",
            ),
            LeftOuter => (
                format!("{} AS l LEFT JOIN {} AS r ON {on}", l.name, r.name),
                "row_number() OVER (ORDER BY l.__ord, r.__ord)",
            ),
            RightOuter => (
                format!("{} AS l RIGHT JOIN {} AS r ON {on}", l.name, r.name),
                "row_number() OVER (ORDER BY r.__ord, l.__ord)",
            ),
            FullOuter => (
                format!("{} AS l FULL JOIN {} AS r ON {on}", l.name, r.name),
                "row_number() OVER (ORDER BY l.__ord NULLS LAST, r.__ord)",
            ),
            LeftSemi | LeftAnti => {
                let not = if j.kind == LeftAnti { "NOT " } else { "" };
                (
                    format!(
                        "{} AS l WHERE {not}EXISTS (SELECT 1 FROM {} AS r WHERE {on})",
                        l.name, r.name
                    ),
                    "l.__ord",
                )
            }
            RightSemi | RightAnti => {
                let not = if j.kind == RightAnti { "NOT " } else { "" };
                (
                    format!(
                        "{} AS r WHERE {not}EXISTS (SELECT 1 FROM {} AS l WHERE {on})",
                        r.name, l.name
                    ),
                    "r.__ord",
                )
            }
        };
        let list = list
            .into_iter()
            .chain([format!("{ord} AS __ord")])
            .collect::<Vec<_>>()
            .join(", ");
        Some(self.cte(format!("SELECT {list} FROM {from}"), n))
    }

    fn union(&mut self, u: &crate::plan::tabular::union::Union, n: &Node) -> Option<Rel> {
        let skip = usize::from(u.source_names.is_some());
        let names = super::column_names(self.d, n);
        let mut parts = Vec::new();
        for (i, input) in u.inputs.iter().enumerate() {
            let rel = self.node(input)?;
            let mut outs = Vec::new();
            if let Some(src) = &u.source_names {
                outs.push(super::dialect::string_lit(self.d, src.get(i)?));
            }
            for (m, c) in u.mappings.get(i)?.iter().zip(&n.schema[skip..]) {
                outs.push(match m {
                    Some(k) => coerce(self.d, rel.cols.get(*k)?, *rel.types.get(*k)?, c.ty),
                    None if c.ty == Type::String => "''".into(),
                    None => format!("CAST(NULL AS {})", sql_type(self.d, c.ty)),
                });
            }
            let list: Vec<String> = aliased(&outs, &names);
            let list = list
                .into_iter()
                .chain([format!("{i} AS __u"), "__ord AS __o".into()])
                .collect::<Vec<_>>();
            parts.push(format!("SELECT {} FROM {}", list.join(", "), rel.name));
        }
        let body = format!(
            "SELECT {}row_number() OVER (ORDER BY __u, __o) AS __ord FROM ({}) AS u",
            names.iter().map(|n| format!("{n}, ")).collect::<String>(),
            parts.join(" UNION ALL ")
        );
        Some(self.cte(body, n))
    }

    fn mv_expand(&mut self, m: &MvExpand, n: &Node) -> Option<Rel> {
        let d = self.d;
        let input = self.node(&m.input)?;
        let x = &m.expansion;
        let mut values = Vec::new();
        for item in &x.items {
            let v = self.ex(&item.expr, &input)?;
            values.push(expr::to_dynamic(d, &v, item.expr.ty));
        }
        let len = |v: &str| match d {
            Dialect::DuckDb => format!(
                "(CASE json_type({v}) WHEN 'ARRAY' THEN json_array_length({v}) WHEN 'OBJECT' THEN len(json_keys({v})) ELSE 1 END)"
            ),
            Dialect::Spark => format!(
                "COALESCE(size(try_variant_get(parse_json({v}), '$', 'array<variant>')), size(json_object_keys({v})), 1)"
            ),
        };
        let n_expr = if values.len() == 1 {
            len(&values[0])
        } else {
            format!(
                "greatest({})",
                values.iter().map(|v| len(v)).collect::<Vec<_>>().join(", ")
            )
        };
        let n_expr = match x.limit {
            Some(l) => format!("least({n_expr}, {l})"),
            None => n_expr,
        };
        let element = |v: &str| match d {
            Dialect::DuckDb => {
                let key = format!("COALESCE(json_keys({v})[g.__i + 1], '')");
                let bag = if x.bag_as_array {
                    format!(
                        "CAST(to_json([to_json({key}), json_extract({v}, concat('$.\"', {key}, '\"'))]) AS JSON)"
                    )
                } else {
                    format!("json_object({key}, json_extract({v}, concat('$.\"', {key}, '\"')))")
                };
                format!(
                    "(CASE json_type({v}) WHEN 'ARRAY' THEN json_extract({v}, concat('$[', g.__i, ']')) WHEN 'OBJECT' THEN {bag} ELSE CASE WHEN g.__i = 0 THEN {v} END END)"
                )
                .replace(&format!("json_extract({v}, concat('$.\"', {key}, '\"'))"), &format!("(CAST(json_extract({v}, '$.*') AS JSON[]))[g.__i + 1]"))
            }
            Dialect::Spark => {
                let key = format!("try_element_at(json_object_keys({v}), CAST(g.__i + 1 AS INT))");
                let value =
                    format!("to_json(variant_get(parse_json({v}), concat('$[\"', {key}, '\"]')))");
                let k = json::from_scalar(d, &key, Type::String);
                let bag = if x.bag_as_array {
                    format!("concat('[', {k}, ',', {value}, ']')")
                } else {
                    format!("concat('{{', {k}, ':', {value}, '}}')")
                };
                format!(
                    "COALESCE(try_element_at(transform(try_variant_get(parse_json({v}), '$', 'array<variant>'), e -> to_json(e)), CAST(g.__i + 1 AS INT)), CASE WHEN json_object_keys({v}) IS NOT NULL THEN {bag} END, CASE WHEN g.__i = 0 AND try_variant_get(parse_json({v}), '$', 'array<variant>') IS NULL THEN {v} END)"
                )
            }
        };
        let mut outs: Vec<String> = input.cols.iter().map(|c| format!("i.{c}")).collect();
        for (item, v) in x.items.iter().zip(&values) {
            let e = coerce(d, &element(v), Type::Dynamic, item.to);
            match item.replaces {
                Some(k) if k < outs.len() => outs[k] = e,
                _ => outs.push(e),
            }
        }
        if x.with_index {
            outs.push("CAST(g.__i AS BIGINT)".into());
        }
        let names = super::column_names(d, n);
        let list: Vec<String> = aliased(&outs, &names);
        let count = format!("CAST({n_expr} AS BIGINT)");
        let from = match d {
            Dialect::DuckDb => format!(
                "{} AS i, LATERAL (SELECT unnest(generate_series(0, {count} - 1)) AS __i) AS g",
                input.name
            ),
            Dialect::Spark => format!(
                "{} AS i LATERAL VIEW explode(CASE WHEN {count} > 0 THEN sequence(0, {count} - 1) ELSE array() END) g AS __i",
                input.name
            ),
        };
        let list = list
            .into_iter()
            .chain(["row_number() OVER (ORDER BY i.__ord, g.__i) AS __ord".to_string()])
            .collect::<Vec<_>>()
            .join(", ");
        Some(self.cte(format!("SELECT {list} FROM {from}"), n))
    }

    fn parse(&mut self, p: &crate::plan::tabular::parse::Parse, n: &Node) -> Option<Rel> {
        let d = self.d;
        let input = self.node(&p.input)?;
        let src = self.ex(&p.source, &input)?;
        let src = coerce(d, &src, p.source.ty, Type::String);
        let re = super::dialect::string_lit(d, &p.regex);
        let matched = match d {
            Dialect::DuckDb => format!("regexp_matches({src}, {re})"),
            Dialect::Spark => format!("regexp_like({src}, {re})"),
        };
        let mut outs = input.cols.clone();
        for (i, ty) in p.columns.iter().enumerate() {
            let g = format!("regexp_extract({src}, {re}, {})", i + 1);
            let v = coerce(d, &g, Type::String, *ty);
            let none = if *ty == Type::String {
                "''".to_string()
            } else {
                format!("CAST(NULL AS {})", sql_type(d, *ty))
            };
            outs.push(format!("(CASE WHEN {matched} THEN {v} ELSE {none} END)"));
        }
        let rel = self.select(n, &input, outs, "__ord")?;
        if !p.drop_unmatched {
            return Some(rel);
        }
        let body = self.ctes.pop()?.1 + &format!(" WHERE {matched}");
        Some(self.cte(body, n))
    }
}

/// A column of an outer join's side that may be missing: strings become `""`.
fn nonnull(col: &str, ty: Type, nullable: bool) -> String {
    if nullable && ty == Type::String {
        format!("COALESCE({col}, '')")
    } else {
        col.to_string()
    }
}

/// The input's columns passed through, then `__ord`.
fn pass(input: &Rel, cols: &[String]) -> String {
    let _ = input;
    cols.iter()
        .cloned()
        .chain(["__ord".to_string()])
        .collect::<Vec<_>>()
        .join(", ")
}

fn op_name(op: &Op) -> &'static str {
    match op {
        Op::MvApply(_) | Op::ApplyInput => "mv-apply",
        Op::ParseKv(_) => "parse-kv",
        Op::MakeSeries(_) => "make-series",
        Op::TopNested(_) => "top-nested",
        Op::TableFn(t) => t.kind.operator_name(),
        Op::ScanSteps(_) => "scan",
        Op::Graph(g) => g.operator_name(),
        Op::GraphTable(t) => t.operator_name(),
        _ => "this",
    }
}

/// Each output expression under its column name: `expr AS name`.
fn aliased(outs: &[String], names: &[String]) -> Vec<String> {
    outs.iter()
        .zip(names)
        .map(|(o, c)| format!("{o} AS {c}"))
        .collect()
}

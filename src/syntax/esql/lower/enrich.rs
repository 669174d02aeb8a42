//! `ENRICH policy [ON field] [WITH [new =] field, …]` over a local policy file.
//!
//! Elasticsearch keeps enrich policies in the cluster; kqlc reads each from a JSON file
//! given with `kqlc run --enrich-policy NAME=FILE`:
//!
//! ```json
//! { "match_field": "host.name",
//!   "enrich_fields": ["host.owner", "host.site"],
//!   "rows": [ {"host": {"name": "web-1", "owner": "ops", "site": "par"}} ] }
//! ```
//!
//! Rows are documents (nested objects flatten to dotted names, as for `--table`);
//! `enrich_fields` is optional (default: every other field of the rows). The policy is
//! held as a table named [`policy_table_name`] whose first column is the match field.
//! ES|QL semantics (docs: <https://www.elastic.co/docs/reference/query-languages/esql/commands/enrich>):
//! `ON` defaults to the policy's match field; `WITH` defaults to every enrich field;
//! rows without a match get nulls; a new column replaces an input column of the same
//! name. A `match` policy matches exact values; when several policy rows share a match
//! value, the first is used.

use super::{Lowering, expr, project};
use crate::diagnostic::{Code, Diagnostic, Result};
use crate::plan::tabular::join::{Join, JoinKind};
use crate::plan::{Expr, Node, Op};
use crate::source::Span;
use crate::syntax::esql::ast;
use crate::value::{Column, Table, Value};
use serde_json::Value as J;

/// The prefix of the table names that hold enrich policies (FROM never lists them).
pub const POLICY_TABLE_PREFIX: &str = "enrich-policy:";

/// The table name a policy is held under.
pub fn policy_table_name(policy: &str) -> String {
    format!("{POLICY_TABLE_PREFIX}{policy}")
}

/// A policy name without ES|QL's mode prefix (`_any:`, `_coordinator:`, `_remote:`).
pub fn bare_policy_name(name: &str) -> &str {
    match name.split_once(':') {
        Some((mode, rest)) if mode.starts_with('_') => rest,
        _ => name,
    }
}

/// Reads a policy file (format above) into its table: the match field first, then the
/// enrich fields; one row per match value (the first wins).
pub fn policy_table(text: &str) -> std::result::Result<Table, String> {
    let j: J = serde_json::from_str(text).map_err(|e| format!("not a policy JSON: {e}"))?;
    let match_field = j["match_field"]
        .as_str()
        .ok_or("the policy has no \"match_field\" string")?;
    let rows = j["rows"]
        .as_array()
        .ok_or("the policy has no \"rows\" array")?;
    let docs = serde_json::to_string(rows).map_err(|e| e.to_string())?;
    let all = super::documents::documents_table_of("policy", &[&docs])?;
    let wanted: Vec<String> = match j["enrich_fields"].as_array() {
        Some(fields) => fields
            .iter()
            .map(|f| {
                f.as_str()
                    .map(str::to_string)
                    .ok_or("enrich_fields are names")
            })
            .collect::<std::result::Result<_, _>>()?,
        None => all
            .columns
            .iter()
            .map(|c| c.name.clone())
            .filter(|n| n != match_field && !super::METADATA_FIELDS.contains(&n.as_str()))
            .collect(),
    };
    let mut picks = Vec::new();
    for name in std::iter::once(match_field).chain(wanted.iter().map(String::as_str)) {
        let i = all
            .columns
            .iter()
            .position(|c| c.name == name)
            .ok_or_else(|| format!("no row of the policy has the field `{name}`"))?;
        picks.push(i);
    }
    let columns: Vec<Column> = picks.iter().map(|i| all.columns[*i].clone()).collect();
    let mut seen: Vec<Value> = Vec::new();
    let mut out = Vec::new();
    for row in &all.rows {
        let key = row[picks[0]].clone();
        if key.is_null() || seen.contains(&key) {
            continue;
        }
        seen.push(key);
        out.push(picks.iter().map(|i| row[*i].clone()).collect());
    }
    Ok(Table::new(columns, out))
}

impl Lowering<'_> {
    /// `ENRICH policy [ON field] [WITH …]`: a left join on the policy table.
    pub(super) fn enrich(
        &self,
        node: Node,
        policy: &ast::NamePattern,
        on: Option<&ast::NamePattern>,
        with: &[ast::EnrichField],
        span: Span,
    ) -> Result<Node> {
        let name = bare_policy_name(&policy.pattern);
        let table = policy_table_name(name);
        let Some(info) = self.catalog.table(&table) else {
            return Err(Diagnostic::new(
                Code::MissingTable,
                policy.span,
                format!("no enrich policy `{name}` was given"),
            )
            .with_help(format!(
                "give it with `--enrich-policy {name}=policy.json` (see the README)"
            )));
        };
        let policy_cols = info.columns;
        let Some(match_col) = policy_cols.first().cloned() else {
            return Err(Diagnostic::new(
                Code::MissingTable,
                policy.span,
                format!("the enrich policy `{name}` has no match field"),
            ));
        };
        let on_name = on.map_or(match_col.name.as_str(), |o| o.pattern.as_str());
        let left_key = expr::field(on_name, on.map_or(span, |o| o.span), &node.schema)?;
        // (policy column, output name)
        let mut added: Vec<(usize, String)> = Vec::new();
        if with.is_empty() {
            for (i, c) in policy_cols.iter().enumerate().skip(1) {
                added.push((i, c.name.clone()));
            }
        } else {
            for w in with {
                let Some(i) = policy_cols
                    .iter()
                    .skip(1)
                    .position(|c| c.name == w.field.pattern)
                else {
                    return Err(expr::unknown_column(
                        &w.field.pattern,
                        w.field.span,
                        &policy_cols[1..],
                    )
                    .with_note(format!("the enrich fields of policy `{name}`")));
                };
                let out = w.new_name.as_ref().unwrap_or(&w.field).pattern.clone();
                added.push((i + 1, out));
            }
        }
        let right = Node {
            op: Op::Scan(crate::plan::tabular::scan::Scan {
                table: table.clone(),
                read: None,
            }),
            schema: policy_cols.clone(),
            span,
        };
        let width = node.schema.len();
        let mut schema = node.schema.clone();
        schema.extend(policy_cols.iter().skip(1).cloned());
        let lookup_key = |e: Expr| expr::function("esql_lookup_key", vec![e], span);
        let joined = Node {
            op: Op::Join(Join {
                left: Box::new(node),
                right: Box::new(super::null_padded(right, span)),
                kind: JoinKind::LeftOuter,
                left_keys: vec![lookup_key(left_key)?],
                right_keys: vec![lookup_key(Expr::column(0, match_col.ty, span))?],
                right_columns: (1..policy_cols.len()).collect(),
            }),
            schema: schema.clone(),
            span,
        };
        let names: Vec<&str> = added.iter().map(|(_, n)| n.as_str()).collect();
        let mut exprs = Vec::new();
        let mut out = Vec::new();
        for (i, c) in schema[..width].iter().enumerate() {
            if !names.contains(&c.name.as_str()) {
                exprs.push(Expr::column(i, c.ty, span));
                out.push(c.clone());
            }
        }
        for (i, n) in &added {
            let ty = policy_cols[*i].ty;
            exprs.push(Expr::column(width + i - 1, ty, span));
            out.push(Column::new(n.clone(), ty));
        }
        Ok(project(joined, exprs, out, span))
    }
}

/// The policies an ES|QL query's ENRICH commands name (for checking that each was
/// given before running).
pub fn policies_used(query: &ast::Query) -> Vec<(String, Span)> {
    query
        .commands
        .iter()
        .filter_map(|c| match &c.kind {
            ast::CommandKind::Enrich { policy, .. } => {
                Some((bare_policy_name(&policy.pattern).to_string(), policy.span))
            }
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_policy_file_becomes_a_table_with_the_match_field_first() {
        let t = policy_table(
            r#"{"match_field": "code", "rows": [
                {"name": "English", "code": 1}, {"code": 1, "name": "again"}, {"code": 2, "name": "French"}]}"#,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(t.columns[0].name, "code");
        assert_eq!(t.columns[1].name, "name");
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0][1], Value::string("English"));
    }

    #[test]
    fn a_policy_without_match_field_is_an_error() {
        assert!(policy_table(r#"{"rows": []}"#).is_err());
    }
}

//! The schema an ES|QL query is translated against: kqlc has no index mappings, so
//! each index of `FROM` has the fields the query reads, typed by the Elastic Common
//! Schema (a field ECS does not list has an unknown type).

use crate::check::esql::index_fields;
use crate::check::esql::types::FieldTypes;
use crate::diagnostic::{Code, Diagnostic};
use crate::plan::catalog::{MapCatalog, TableInfo};
use crate::syntax::esql::ast::{self, CommandKind, SourceKind};
use crate::value::{Column, Type};

/// The column standing for the index's fields the query does not name: a plan whose
/// schema still has it keeps every field of the index (no `KEEP` has fixed the columns),
/// so a writer must not list the columns it knows as if they were all.
pub const REST_OF_INDEX: &str = "*";

/// One table per `FROM` index pattern (named as written), with the fields the query reads.
pub fn catalog(query: &ast::Query, text: &str) -> MapCatalog {
    let fields = FieldTypes::ecs();
    let mut columns: Vec<Column> = index_fields(query, text)
        .into_iter()
        .map(|name| {
            let ty = fields.get(&name).value_type().unwrap_or(Type::Unknown);
            Column::new(name, ty)
        })
        .collect();
    columns.push(Column::new(REST_OF_INDEX, Type::Unknown));
    let mut catalog = MapCatalog::default();
    if let SourceKind::From { indices, .. } = &query.source.kind {
        for index in indices {
            let info = TableInfo {
                columns: columns.clone(),
                open: true,
            };
            catalog.insert(index.index.clone(), info);
        }
    }
    catalog
}

/// Commands that read data outside the query (an enrich policy, a lookup index whose
/// fields kqlc cannot know): a finding each, since no target can be written for them.
pub fn unreadable_commands(query: &ast::Query) -> Vec<Diagnostic> {
    let mut findings = Vec::new();
    for command in &query.commands {
        let what = match &command.kind {
            CommandKind::Enrich { .. } => "ENRICH",
            CommandKind::LookupJoin { .. } => "LOOKUP JOIN",
            _ => continue,
        };
        let message = format!("{what} cannot be translated: it reads data outside the query");
        let help = "the fields of an enrich policy or lookup index are not in the query; \
                    write the lookup by hand (in KQL, a `lookup` of a table holding its rows)";
        findings.push(Diagnostic::new(Code::Untranslatable, command.span, message).with_help(help));
    }
    findings
}

//! The checker behind `kqlc check`: lowers a query against the known table schemas and
//! reports what a deployment would reject (unknown columns, functions, arity, types)
//! and what is likely a mistake (unused `let`s, …), without running anything.

pub mod catalog;
pub mod cost;
pub mod esql;
pub mod explain;
pub mod metadata;
pub mod rule;
pub mod scope;
pub mod types;
pub mod typing;

use crate::diagnostic::{Code, Diagnostic, Severity, did_you_mean};
use crate::rules::sentinel_yaml::SentinelMeta;
use crate::syntax::kql::ast;
use crate::syntax::kql::lower::{FoundColumn, lower_for_check};
pub use catalog::CheckCatalog;

/// How strict a check is, and what it knows beyond the built-in schemas.
#[derive(Clone, Debug, Default)]
pub struct CheckOptions {
    /// Calls of unknown (assumed workspace) functions are errors, not warnings.
    pub strict: bool,
    pub catalog: CheckCatalog,
    /// ES|QL index field types from `--schema` (added to ECS's).
    pub esql_fields: esql::types::FieldTypes,
}

/// Every finding about a parsed KQL query; `text` is the query it was parsed from.
pub fn check_kql(query: &ast::Query, text: &str, options: &CheckOptions) -> Vec<Diagnostic> {
    check_rule_query(query, text, None, options)
}

/// [`check_kql`] plus the checks that need the rule's metadata (`meta`).
pub fn check_rule_query(
    query: &ast::Query,
    text: &str,
    meta: Option<&SentinelMeta>,
    options: &CheckOptions,
) -> Vec<Diagnostic> {
    let lowered = lower_for_check(query, &options.catalog);
    let mut findings = lowered.findings;
    if let Some(meta) = meta {
        findings.extend(metadata::fields(meta));
    }
    findings.extend(unused_lets(query, text, &lowered.unused_lets));
    let lets = let_names(query);
    findings.extend(table_findings(&lowered.tables, &options.catalog, &lets));
    findings.extend(column_findings(&lowered.found, &options.catalog));
    match lowered.plan {
        Ok(plan) => {
            findings.extend(types::check_plan(&plan));
            findings.extend(cost::check_plan(&plan));
            // Only without a `queryPeriod`: Sentinel gives a scheduled rule that much data.
            if meta.is_none_or(|m| m.query_period.is_none()) {
                findings.extend(cost::missing_time_filters(&plan));
            }
            if let Some(meta) = meta {
                findings.extend(rule::ago_beyond_query_period(&plan, text, meta));
                let outputs: Vec<String> =
                    plan.root.schema.iter().map(|c| c.name.clone()).collect();
                let known = (!lowered.root_open).then_some(outputs.as_slice());
                findings.extend(metadata::column_references(meta, known));
            }
        }
        Err(error) => findings.push(error),
    }
    typing::point_at_operators(&mut findings, text);
    inside_fuzzy_legs(&mut findings, &lowered.fuzzy_legs);
    commented_parameters(&mut findings, text);
    if options.strict {
        for d in &mut findings {
            if matches!(
                d.code,
                Code::AssumedWorkspaceFunction | Code::ColumnNotInSchema
            ) {
                d.severity = Severity::Error;
            }
        }
    }
    findings
}

/// Unknown tables inside a leg of `union isfuzzy=true` become warnings: Kusto leaves
/// out a leg whose table does not exist and runs the others, with a warning in the
/// query status (learn.microsoft.com/kusto/query/union-operator, `isfuzzy`). Type
/// errors, misspelt functions and misspelt columns of a table that exists still fail
/// the query (Kusto.Language reports them too).
fn inside_fuzzy_legs(findings: &mut [Diagnostic], legs: &[crate::source::Span]) {
    let inside = |span: crate::source::Span| {
        legs.iter()
            .any(|leg| leg.start <= span.start && span.end <= leg.end)
    };
    for d in findings.iter_mut() {
        let resolution = matches!(d.code, Code::UnknownTable | Code::Unsupported);
        if d.severity == Severity::Error && resolution && inside(d.span) {
            d.severity = Severity::Warning;
            d.notes.push(
                "inside a leg of `union isfuzzy=true`: Kusto leaves out a leg that fails to resolve and runs the others".to_string(),
            );
        }
    }
}

/// Published workspace functions (saved searches with parameters) declare their
/// parameters outside the query text, often repeated in a comment such as
/// `// "timespan" "query_frequency" "14d"` or `//  string  source  ""`. An unknown
/// name that a comment declares with a Kusto type is such a parameter: kqlc cannot
/// know its value, so it is a warning, not an error.
fn commented_parameters(findings: &mut [Diagnostic], text: &str) {
    const TYPES: &[&str] = &[
        "string", "timespan", "datetime", "dynamic", "long", "int", "bool", "real", "double",
        "guid",
    ];
    let declarations: Vec<&str> = text
        .lines()
        .filter_map(|line| line.split_once("//").map(|(_, comment)| comment))
        .filter(|comment| {
            comment
                .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                .any(|word| TYPES.contains(&word))
        })
        .collect();
    for d in findings.iter_mut() {
        let Some(name) = d
            .message
            .strip_prefix("unknown column `")
            .and_then(|rest| rest.strip_suffix('`'))
        else {
            continue;
        };
        if d.code == Code::UnknownColumn
            && d.severity == Severity::Error
            && declarations.iter().any(|c| mentions(c, name))
        {
            d.severity = Severity::Warning;
            d.notes.push(format!(
                "a comment of the query declares `{name}` as a parameter: as the body of a saved function with that parameter the query is valid, on its own Kusto rejects it"
            ));
        }
    }
}

/// `KQL209` for each `let` that nothing refers to. A `let` the lowering never reached
/// but whose name another `let` mentions is left out: only the root of an unused chain
/// is reported (seed 001's `_ExcludeAllowlistedIPs` uses `_allowCIDR`, `_allowRange`).
fn unused_lets(query: &ast::Query, text: &str, unused: &[ast::Ident]) -> Vec<Diagnostic> {
    let mentioned_elsewhere = |name: &ast::Ident| {
        query.statements.iter().any(|stmt| {
            let own = stmt.span.start <= name.span.start && name.span.end <= stmt.span.end;
            let body = text
                .get(stmt.span.start as usize..stmt.span.end as usize)
                .unwrap_or("");
            !own && mentions(body, &name.name)
        })
    };
    unused
        .iter()
        .filter(|name| !mentioned_elsewhere(name))
        .map(|name| {
            Diagnostic::new(
                Code::UnusedLet,
                name.span,
                format!("`{}` is defined but never used", name.name),
            )
            .with_help(format!(
                "remove the `let {}` statement, or use it in the query",
                name.name
            ))
        })
        .collect()
}

/// Whether `text` contains `name` as a whole identifier.
fn mentions(text: &str, name: &str) -> bool {
    let is_ident = |c: char| c.is_alphanumeric() || c == '_';
    text.match_indices(name).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + name.len()..].chars().next();
        !before.is_some_and(is_ident) && !after.is_some_and(is_ident)
    })
}

/// Columns that a built-in table's schema lacks. A near miss of a name in scope is a
/// typo: the `KQL202` error with its did-you-mean. Any other name may be a column
/// added after the reference snapshot kqlc's schemas come from: a `KQL211` warning.
/// Defender XDR tables are judged alike: their advanced hunting spellings that differ
/// only in case (`AccountUpn` for Sentinel's `AccountUPN`) are no typo, and Kusto
/// rejects any other near miss. `--strict` makes `KQL211` an error.
fn column_findings(found: &[FoundColumn], catalog: &CheckCatalog) -> Vec<Diagnostic> {
    found
        .iter()
        .filter(|f| catalog.is_partial(&f.table))
        .map(|f| {
            let defender = catalog.is_defender_xdr(&f.table);
            let name = f.unknown.message.trim_start_matches("unknown column ");
            let suggested = f.unknown.help.as_deref().and_then(suggestion);
            if let Some(best) = suggested
                && is_typo(name.trim_matches('`'), best)
            {
                return f.unknown.clone();
            }
            let note = if defender {
                "Defender XDR tables have different columns in advanced hunting and in Microsoft Sentinel; kqlc knows the Azure Monitor reference's"
            } else if suggested.is_some_and(|best| best.eq_ignore_ascii_case(name.trim_matches('`'))) {
                "the Azure Monitor reference that kqlc's schemas come from spells it differently; column names are case-sensitive, check which spelling your workspace has"
            } else {
                "kqlc's schemas come from the Azure Monitor reference of 2024-07-30; a newer column is missing from them"
            };
            let mut d = Diagnostic::new(
                Code::ColumnNotInSchema,
                f.unknown.span,
                format!("column {name} is not in kqlc's schema of `{}`", f.table),
            )
            .with_note(note);
            d.help = Some(match &f.unknown.help {
                Some(did_you_mean) => did_you_mean.clone(),
                None => format!(
                    "if the column exists in your workspace, give the table's columns with `--schema {}=FILE`",
                    f.table
                ),
            });
            d
        })
        .collect()
}

/// The name in a did-you-mean help line.
fn suggestion(help: &str) -> Option<&str> {
    help.strip_prefix("did you mean `")?.strip_suffix("`?")
}

/// Whether `written` is a typo of the known column `known`: one or two edits, not
/// only a change of case. A name further away (`AccessList` for `AccessMask`) may be
/// a real column that the dated reference lacks, so it is a warning, not an error.
/// A name that is a known column plus `_` is not a typo either: Log Analytics keeps a
/// field whose name collides with a column under the name with `_` appended, and the
/// reference lists such columns (`OfficeActivity.Site_`, `AWSCloudTrail.AwsRequestId_`).
fn is_typo(written: &str, known: &str) -> bool {
    !written.eq_ignore_ascii_case(known)
        && written.strip_suffix('_') != Some(known)
        && crate::diagnostic::edit_distance(written, known) <= 2
}

/// Findings about the tables a query reads: a name in the ASIM style is an assumed
/// workspace function; any other table without a schema is an `info`.
fn table_findings(
    tables: &[(String, crate::source::Span)],
    catalog: &CheckCatalog,
    lets: &[&str],
) -> Vec<Diagnostic> {
    tables
        .iter()
        .filter(|(name, _)| !catalog.has_schema(name) && !name.starts_with('<'))
        .map(|(name, span)| {
            // `in (LOLBis)` where `let LOLBins = …`: a misspelt `let`, not a table.
            if let Some(best) = did_you_mean(name, lets.iter().copied())
                && is_typo(name, best)
            {
                return Diagnostic::new(
                    Code::UnknownName,
                    *span,
                    format!("`{name}` is not defined"),
                )
                .with_help(format!("did you mean `{best}`?"));
            }
            if looks_like_parser(name) {
                return Diagnostic::new(
                    Code::AssumedWorkspaceFunction,
                    *span,
                    format!("`{name}` is not a known table; assumed to be a workspace function or ASIM parser"),
                )
                .with_help("kqlc does not check its columns");
            }
            let names = crate::schema::builtin_tables();
            let best = did_you_mean(name, names);
            // A near miss of a Log Analytics table (`SecurityEvents`, `Sylog`) is a typo:
            // Kusto rejects it. Custom tables end in `_CL` and are never judged so.
            if let Some(best) = best
                && !name.ends_with("_CL")
                && !name.starts_with('_')
                && is_typo(name, best)
            {
                return Diagnostic::new(
                    Code::UnknownTable,
                    *span,
                    format!("unknown table `{name}`"),
                )
                .with_help(format!("did you mean `{best}`?"));
            }
            let mut d = Diagnostic::new(
                Code::TableWithoutSchema,
                *span,
                format!("kqlc has no schema for table `{name}`; its columns are not checked"),
            )
            .with_help("give its columns with `--schema TABLE=FILE`");
            if let Some(best) = best {
                d = d.with_note(format!("did you mean `{best}`?"));
            }
            d
        })
        .collect()
}

/// The names the query's `let` statements define.
fn let_names(query: &ast::Query) -> Vec<&str> {
    query
        .statements
        .iter()
        .filter_map(|stmt| match &stmt.kind {
            ast::StatementKind::Let { name, .. } => Some(name.name.as_str()),
            _ => None,
        })
        .collect()
}

/// ASIM parser names: `_Im_Dns`, `_ASim_Dns`, `imDns`, `ASimDns`, `vimDns`.
fn looks_like_parser(name: &str) -> bool {
    let upper_after = |prefix: &str| {
        name.strip_prefix(prefix)
            .and_then(|rest| rest.chars().next())
            .is_some_and(|c| c.is_ascii_uppercase())
    };
    name.starts_with("_Im_")
        || name.starts_with("_ASim_")
        || upper_after("im")
        || upper_after("ASim")
        || upper_after("vim")
}

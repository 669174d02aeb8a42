//! A table's columns as both `kqlc check` and `kqlc run` see them, so the two cannot
//! disagree: the built-in schema, plus the standard columns of every Log Analytics table,
//! plus the advanced hunting columns of a Defender XDR table. `kqlc run` adds the columns
//! present in the given data on top (see `io::tables`).

use super::advanced_hunting::ADVANCED_HUNTING_COLUMNS;
use super::standard::STANDARD_COLUMNS;
use crate::value::{Column, Type};

/// The columns of built-in table `table` (exact name), or `None` when kqlc has no
/// schema for it.
pub fn table_columns(table: &str) -> Option<Vec<Column>> {
    let mut columns = super::builtin(table)?.to_vec();
    let extra = STANDARD_COLUMNS
        .iter()
        .chain(advanced_hunting_columns(table));
    for (name, ty) in extra {
        add_missing(&mut columns, name, *ty);
    }
    Some(columns)
}

/// Whether `table` is a Defender XDR table, whose advanced hunting columns differ from
/// its Azure Monitor reference (`AccountUpn` / `AccountUPN`, `Timestamp`).
pub fn is_defender_xdr(table: &str) -> bool {
    ADVANCED_HUNTING_COLUMNS.iter().any(|(t, _)| *t == table)
}

/// The advanced hunting columns of `table` that its Azure Monitor reference lacks.
fn advanced_hunting_columns(table: &str) -> &'static [(&'static str, Type)] {
    ADVANCED_HUNTING_COLUMNS
        .iter()
        .find(|(t, _)| *t == table)
        .map_or(&[], |(_, columns)| columns)
}

/// Appends column `name` unless `columns` has it already.
fn add_missing(columns: &mut Vec<Column>, name: &str, ty: Type) {
    if !columns.iter().any(|c| c.name == name) {
        columns.push(Column::new(name, ty));
    }
}

/// Adds to `columns` each of `more` whose name it lacks, in `more`'s order.
pub fn merge_columns(columns: &mut Vec<Column>, more: &[Column]) {
    for column in more {
        add_missing(columns, &column.name, column.ty);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn type_of(columns: &[Column], name: &str) -> Option<Type> {
        columns.iter().find(|c| c.name == name).map(|c| c.ty)
    }

    /// learn.microsoft.com/defender-xdr/advanced-hunting-deviceprocessevents-table lists
    /// `Timestamp` (datetime); the Azure Monitor reference lists `TimeGenerated`.
    #[test]
    fn defender_tables_have_timestamp_and_time_generated() {
        let columns = table_columns("DeviceProcessEvents").unwrap();
        assert_eq!(type_of(&columns, "Timestamp"), Some(Type::DateTime));
        assert_eq!(type_of(&columns, "TimeGenerated"), Some(Type::DateTime));
        assert!(is_defender_xdr("DeviceProcessEvents"));
        assert!(!is_defender_xdr("SigninLogs"));
    }

    /// learn.microsoft.com/azure/azure-monitor/logs/log-standard-columns: `_ItemId`,
    /// `_ResourceId`, `_SubscriptionId`, `_TimeReceived` exist in every table.
    #[test]
    fn every_table_has_the_standard_columns() {
        let columns = table_columns("SecurityAlert").unwrap();
        assert_eq!(type_of(&columns, "_ItemId"), Some(Type::String));
        assert_eq!(type_of(&columns, "_TimeReceived"), Some(Type::DateTime));
        assert_eq!(type_of(&columns, "TenantId"), Some(Type::String));
        assert_eq!(type_of(&columns, "Timestamp"), None);
    }

    #[test]
    fn a_table_without_schema_has_no_columns() {
        assert!(table_columns("NoSuchTable").is_none());
    }

    #[test]
    fn merging_keeps_the_first_columns_and_appends_new_ones() {
        let mut columns = vec![Column::new("A", Type::String)];
        merge_columns(
            &mut columns,
            &[Column::new("A", Type::Long), Column::new("B", Type::Long)],
        );
        assert_eq!(
            columns,
            vec![Column::new("A", Type::String), Column::new("B", Type::Long)]
        );
    }
}

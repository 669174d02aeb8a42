//! Entities from `entityMappings`: each mapping turns a result row into one entity whose
//! identifiers are the row's values of the mapped columns.

use super::settings::EntityMapping;
use super::template::cell_text;
use crate::value::Table;
use serde_json::{Map, Value};

/// The `Type` Sentinel writes in SecurityAlert.Entities for an `entityType`.
pub fn entity_kind(entity_type: &str) -> String {
    let known = [
        ("Account", "account"),
        ("Host", "host"),
        ("IP", "ip"),
        ("URL", "url"),
        ("FileHash", "filehash"),
        ("File", "file"),
        ("Process", "process"),
        ("CloudApplication", "cloud-application"),
        ("DNS", "dns"),
        ("AzureResource", "azure-resource"),
        ("Mailbox", "mailbox"),
        ("MailMessage", "mail-message"),
        ("MailCluster", "mail-cluster"),
        ("RegistryKey", "registry-key"),
        ("RegistryValue", "registry-value"),
        ("SecurityGroup", "security-group"),
        ("Malware", "malware"),
        ("IoTDevice", "iotdevice"),
    ];
    known
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(entity_type))
        .map_or_else(
            || entity_type.to_ascii_lowercase(),
            |(_, kind)| kind.to_string(),
        )
}

/// The entity `mapping` gives for row `row`: `{"Type": kind, identifier: value, …}`.
/// Identifiers whose value is empty are left out, and a mapping with no non-empty
/// identifier gives no entity (Sentinel drops such entities).
pub fn entity(mapping: &EntityMapping, table: &Table, row: usize) -> Option<Map<String, Value>> {
    let mut object = Map::new();
    object.insert(
        "Type".to_string(),
        Value::String(entity_kind(&mapping.entity_type)),
    );
    for (identifier, column) in &mapping.fields {
        if let Some(text) = cell_text(table, row, column).filter(|t| !t.is_empty()) {
            object.insert(identifier.clone(), Value::String(text));
        }
    }
    (object.len() > 1).then_some(object)
}

/// The entities of a group of rows, in mapping-then-row order, without duplicates.
pub fn entities_of_rows(
    mappings: &[EntityMapping],
    table: &Table,
    rows: &[usize],
) -> Vec<Map<String, Value>> {
    let mut found: Vec<Map<String, Value>> = Vec::new();
    for &row in rows {
        for mapping in mappings {
            if let Some(e) = entity(mapping, table, row)
                && !found.contains(&e)
            {
                found.push(e);
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::{Column, Type, Value as V};

    fn account() -> EntityMapping {
        EntityMapping {
            entity_type: "Account".into(),
            fields: vec![
                ("Name".into(), "User".into()),
                ("UPNSuffix".into(), "Suffix".into()),
            ],
        }
    }

    fn table(rows: &[(&str, &str)]) -> Table {
        Table::new(
            vec![
                Column::new("User", Type::String),
                Column::new("Suffix", Type::String),
            ],
            rows.iter()
                .map(|(u, s)| vec![V::string(*u), V::string(*s)])
                .collect(),
        )
    }

    #[test]
    fn identifiers_take_the_mapped_columns_values() {
        let e = entity(&account(), &table(&[("alice", "contoso.com")]), 0);
        assert_eq!(
            e.map(Value::Object),
            Some(
                serde_json::json!({"Type": "account", "Name": "alice", "UPNSuffix": "contoso.com"})
            )
        );
    }

    #[test]
    fn empty_identifiers_are_left_out_and_an_empty_entity_is_dropped() {
        let t = table(&[("alice", ""), ("", "")]);
        assert_eq!(
            entity(&account(), &t, 0).map(Value::Object),
            Some(serde_json::json!({"Type": "account", "Name": "alice"}))
        );
        assert_eq!(entity(&account(), &t, 1), None);
    }

    #[test]
    fn equal_entities_of_several_rows_appear_once() {
        let t = table(&[("alice", "x"), ("bob", "x"), ("alice", "x")]);
        assert_eq!(entities_of_rows(&[account()], &t, &[0, 1, 2]).len(), 2);
    }
}

//! JSON array files (`[{…}, {…}]`), streamed element by element, and the shared
//! machinery that deserialises one JSON object either as a row of requested columns
//! (only those fields are materialised) or as a whole object (for schema inference).

use super::convert;
use crate::io::IoError;
use crate::value::{Column, Row};
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value as Json};
use std::collections::HashMap;
use std::fmt;
use std::io::Read;
use std::ops::ControlFlow;
use std::path::Path;

/// What a reader calls with each object it reads; `Break` stops reading early.
pub(super) type Callback<'f, T> = dyn FnMut(T) -> Result<ControlFlow<()>, IoError> + 'f;

/// The hint for an element of a JSON array file that is not an object.
pub(super) const ARRAY_HINT: &str =
    "a JSON file holds its rows as an array of objects: [{\"Column\": value, …}, …]";

/// How the requested columns map onto the fields of each object.
pub(super) struct RowPlan {
    columns: Vec<Column>,
    /// Field name → slot (one slot per distinct name).
    slot_of_name: HashMap<String, usize>,
    /// For each column, its slot and whether it is the last column reading that slot.
    column_slots: Vec<(usize, bool)>,
}

impl RowPlan {
    pub(super) fn new(columns: &[Column]) -> RowPlan {
        let mut slot_of_name: HashMap<String, usize> = HashMap::new();
        let mut column_slots = Vec::with_capacity(columns.len());
        for column in columns {
            let next = slot_of_name.len();
            let slot = *slot_of_name.entry(column.name.clone()).or_insert(next);
            column_slots.push((slot, true));
        }
        // A slot read by several columns (duplicate names) is cloned for all but the last.
        for i in 0..column_slots.len() {
            let slot = column_slots[i].0;
            column_slots[i].1 = !column_slots[i + 1..].iter().any(|(s, _)| *s == slot);
        }
        RowPlan {
            columns: columns.to_vec(),
            slot_of_name,
            column_slots,
        }
    }

    fn build_row(&self, mut slots: Vec<Option<Json>>) -> Row {
        self.columns
            .iter()
            .zip(&self.column_slots)
            .map(|(column, &(slot, last))| {
                let field = slots
                    .get_mut(slot)
                    .and_then(|s| if last { s.take() } else { s.clone() });
                convert::from_json(field, column.ty)
            })
            .collect()
    }
}

/// Deserialises one JSON object as a row of the plan's columns.
#[derive(Clone, Copy)]
pub(super) struct RowSeed<'a>(pub(super) &'a RowPlan);

impl<'de> DeserializeSeed<'de> for RowSeed<'_> {
    type Value = Row;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Row, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for RowSeed<'_> {
    type Value = Row;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object (one row)")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Row, A::Error> {
        let mut slots: Vec<Option<Json>> = (0..self.0.slot_of_name.len()).map(|_| None).collect();
        while let Some(slot) = map.next_key_seed(SlotOfKey(self.0))? {
            match slot.and_then(|s| slots.get_mut(s)) {
                Some(place) => *place = Some(map.next_value()?),
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(self.0.build_row(slots))
    }
}

/// Looks a key up among the requested fields without allocating it.
struct SlotOfKey<'a>(&'a RowPlan);

impl<'de> DeserializeSeed<'de> for SlotOfKey<'_> {
    type Value = Option<usize>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<usize>, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for SlotOfKey<'_> {
    type Value = Option<usize>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a field name")
    }
    fn visit_str<E: de::Error>(self, key: &str) -> Result<Option<usize>, E> {
        Ok(self.0.slot_of_name.get(key).copied())
    }
}

/// Deserialises one JSON object whole (used to infer columns from sample rows).
#[derive(Clone, Copy)]
pub(super) struct ObjectSeed;

impl<'de> DeserializeSeed<'de> for ObjectSeed {
    type Value = Map<String, Json>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for ObjectSeed {
    type Value = Map<String, Json>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object (one row)")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut object = Map::new();
        while let Some((key, value)) = map.next_entry::<String, Json>()? {
            object.insert(key, value);
        }
        Ok(object)
    }
}

/// Why streaming stopped before the end of the input.
pub(super) enum Halt {
    /// The callback asked to stop (enough sample rows).
    Early,
    /// The callback failed; its error is the result.
    Failed(IoError),
}

/// Deserialises a JSON array, handing each element (read with `seed`) to `callback`
/// as soon as it is parsed, so the array is never held whole.
pub(super) struct Items<'f, 'c, S, T> {
    pub(super) seed: S,
    pub(super) callback: &'f mut Callback<'c, T>,
    pub(super) halt: &'f mut Option<Halt>,
}

impl<'de, S, T> DeserializeSeed<'de> for Items<'_, '_, S, T>
where
    S: DeserializeSeed<'de, Value = T> + Copy,
{
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de, S, T> Visitor<'de> for Items<'_, '_, S, T>
where
    S: DeserializeSeed<'de, Value = T> + Copy,
{
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON array of row objects")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(item) = seq.next_element_seed(self.seed)? {
            let halt = match (self.callback)(item) {
                Ok(ControlFlow::Continue(())) => continue,
                Ok(ControlFlow::Break(())) => Halt::Early,
                Err(e) => Halt::Failed(e),
            };
            *self.halt = Some(halt);
            return Err(de::Error::custom("reading stopped"));
        }
        Ok(())
    }
}

/// Streams the objects of a JSON array file to `callback`.
pub(super) fn stream_array<R, S, T>(
    path: &Path,
    reader: R,
    seed: S,
    callback: &mut Callback<'_, T>,
) -> Result<(), IoError>
where
    R: Read,
    S: for<'de> DeserializeSeed<'de, Value = T> + Copy,
{
    let mut de = serde_json::Deserializer::from_reader(reader);
    let mut halt = None;
    let parsed = Items {
        seed,
        callback,
        halt: &mut halt,
    }
    .deserialize(&mut de)
    .and_then(|()| de.end());
    finish(path, parsed, halt, ARRAY_HINT)
}

/// The outcome of a streamed parse: a callback's halt wins over the parse error it caused.
pub(super) fn finish(
    path: &Path,
    parsed: Result<(), serde_json::Error>,
    halt: Option<Halt>,
    hint: &str,
) -> Result<(), IoError> {
    match (halt, parsed) {
        (Some(Halt::Early), _) => Ok(()),
        (Some(Halt::Failed(e)), _) => Err(e),
        (None, Ok(())) => Ok(()),
        (None, Err(e)) => Err(json_error(path, &e, 1, hint)),
    }
}

/// A serde_json error as an `IoError`; `first_line` is the file line serde_json's line 1 is.
pub(super) fn json_error(
    path: &Path,
    e: &serde_json::Error,
    first_line: usize,
    hint: &str,
) -> IoError {
    if e.is_io() {
        return IoError::new(path, e.to_string());
    }
    let full = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    let message = full.strip_suffix(&suffix).unwrap_or(&full).to_string();
    let error = IoError::new(path, message).with_hint(hint);
    match (e.line(), e.column()) {
        (0, _) => error,
        // Column 0 is just past a line break (serde_json had peeked at it): the problem
        // ends on the line before.
        (line, 0) if line > 1 => error.at(first_line + line - 2, None),
        (line, column) => error.at(first_line + line - 1, Some(column)),
    }
}

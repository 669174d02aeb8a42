//! JSON array files (`[{…}, {…}]`), streamed element by element, and the shared
//! machinery that deserialises one JSON object either as a row of requested columns
//! (only those fields are materialised) or as a whole object (for schema inference).

use super::convert;
use crate::io::IoError;
use crate::value::{Column, Row, Type, Value};
use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value as Json};
use std::borrow::Cow;
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
    /// Each distinct field name with the columns that read it (usually one).
    fields: Vec<(String, Vec<usize>)>,
    /// Field name → index in `fields`, used instead of a linear scan for wide requests.
    index: Option<HashMap<String, usize>>,
    /// For narrow requests: the positions in `fields` of the names of each byte length,
    /// so a key is compared only with the names as long as it.
    by_length: Vec<Vec<usize>>,
}

/// Up to this many distinct names, a key is found by comparing it with each name.
const LINEAR_LOOKUP_MAX: usize = 16;

impl RowPlan {
    pub(super) fn new(columns: &[Column]) -> RowPlan {
        let mut fields: Vec<(String, Vec<usize>)> = Vec::new();
        for (i, column) in columns.iter().enumerate() {
            match fields.iter_mut().find(|(name, _)| *name == column.name) {
                Some((_, readers)) => readers.push(i),
                None => fields.push((column.name.clone(), vec![i])),
            }
        }
        let index = (fields.len() > LINEAR_LOOKUP_MAX).then(|| {
            fields
                .iter()
                .enumerate()
                .map(|(i, (name, _))| (name.clone(), i))
                .collect()
        });
        let mut by_length: Vec<Vec<usize>> = Vec::new();
        if index.is_none() {
            for (f, (name, _)) in fields.iter().enumerate() {
                if by_length.len() <= name.len() {
                    by_length.resize(name.len() + 1, Vec::new());
                }
                by_length[name.len()].push(f);
            }
        }
        RowPlan {
            columns: columns.to_vec(),
            fields,
            index,
            by_length,
        }
    }

    /// How many columns a row has.
    pub(super) fn width(&self) -> usize {
        self.columns.len()
    }

    /// The type of column `i`.
    pub(super) fn ty(&self, i: usize) -> Type {
        self.columns[i].ty
    }

    /// The field name column `i` reads.
    pub(super) fn name(&self, i: usize) -> &str {
        &self.columns[i].name
    }

    /// The columns that read field `f` (from [`RowPlan::field_of`]).
    pub(super) fn readers(&self, f: usize) -> &[usize] {
        self.fields.get(f).map_or(&[], |(_, readers)| readers)
    }

    /// The position in `fields` of the field called `key`, if a column reads it.
    pub(super) fn field_of(&self, key: &str) -> Option<usize> {
        match &self.index {
            Some(index) => index.get(key).copied(),
            None => self.by_length.get(key.len())?.iter().copied().find(|&f| {
                let name = self.fields[f].0.as_bytes();
                // The first byte rules most names out without a call to `memcmp`.
                name.first() == key.as_bytes().first() && name == key.as_bytes()
            }),
        }
    }

    /// Fills the columns no field set with their type's null (`""` for strings).
    fn complete(&self, mut row: Row) -> Row {
        for (value, column) in row.iter_mut().zip(&self.columns) {
            if matches!(value, Value::Null) && column.ty == Type::String {
                *value = convert::empty_string();
            }
        }
        row
    }
}

/// A cheap test run on each row before its other fields are converted (filter push-down):
/// `first` marks the columns it reads, converted first; `keep` sees a row holding only
/// those (the others null) and says whether the row may pass. Rows it drops are never
/// built; rows it keeps are built whole and filtered again downstream. `members` names,
/// for a `dynamic` column the plan reads only through members, the members to build of
/// each object (the others are skipped unbuilt).
pub struct Prefilter<'a> {
    pub first: Vec<bool>,
    pub keep: &'a dyn Fn(&Row) -> bool,
    pub members: Vec<Option<Vec<String>>>,
}

impl Prefilter<'_> {
    /// The members to keep of column `i`'s objects, `None` for all.
    pub(super) fn members(&self, i: usize) -> Option<&[String]> {
        self.members.get(i)?.as_deref()
    }
}

/// Deserialises one JSON object as a row of the plan's columns: each requested field is
/// converted straight from the parser's text into a [`Value`]; other fields are skipped.
/// With a prefilter, `None` is a row the prefilter dropped.
#[derive(Clone, Copy)]
pub(super) struct RowSeed<'a>(pub(super) &'a RowPlan, pub(super) Option<&'a Prefilter<'a>>);

impl<'de> DeserializeSeed<'de> for RowSeed<'_> {
    type Value = Option<Row>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<Row>, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for RowSeed<'_> {
    type Value = Option<Row>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object (one row)")
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Option<Row>, A::Error> {
        match self.1 {
            None => read_row(self.0, map).map(Some),
            Some(prefilter) => read_row_prefiltered(self.0, prefilter, map),
        }
    }
}

/// Reads the requested fields of one object, converting each as it is parsed.
fn read_row<'de, A: MapAccess<'de>>(plan: &RowPlan, mut map: A) -> Result<Row, A::Error> {
    let mut row: Row = vec![Value::Null; plan.columns.len()];
    while let Some(field) = map.next_key_seed(FieldOfKey(plan))? {
        match field.and_then(|f| plan.fields.get(f)) {
            Some((_, readers)) if readers.len() == 1 => {
                let i = readers[0];
                row[i] = map.next_value_seed(FieldSeed(plan.columns[i].ty))?;
            }
            Some((_, readers)) => {
                // Several columns read this field (duplicate names): convert a copy for each.
                let json: Json = map.next_value()?;
                for &i in readers {
                    row[i] = convert::from_json(Some(json.clone()), plan.columns[i].ty);
                }
            }
            None => {
                map.next_value::<IgnoredAny>()?;
            }
        }
    }
    Ok(plan.complete(row))
}

/// Reads the requested fields of one object as text borrowed from the line where it can,
/// converts the prefilter's columns, and converts the rest only when the row is kept.
fn read_row_prefiltered<'de, A: MapAccess<'de>>(
    plan: &RowPlan,
    prefilter: &Prefilter,
    mut map: A,
) -> Result<Option<Row>, A::Error> {
    let mut fields: Vec<Option<Lazy<'de>>> = (0..plan.columns.len()).map(|_| None).collect();
    while let Some(field) = map.next_key_seed(FieldOfKey(plan))? {
        match field.and_then(|f| plan.fields.get(f)) {
            Some((_, readers)) if readers.len() == 1 => {
                let i = readers[0];
                fields[i] = Some(map.next_value_seed(LazySeed(plan.columns[i].ty))?);
            }
            Some((_, readers)) => {
                let json: Json = map.next_value()?;
                for &i in readers {
                    let value = convert::from_json(Some(json.clone()), plan.columns[i].ty);
                    fields[i] = Some(Lazy::Done(value));
                }
            }
            None => {
                map.next_value::<IgnoredAny>()?;
            }
        }
    }
    Ok(assemble_row(plan, Some(prefilter), fields))
}

/// The row from fields read but not yet converted: the prefilter's columns first; the
/// others only when the prefilter keeps the row (`None`: dropped).
pub(super) fn assemble_row(
    plan: &RowPlan,
    prefilter: Option<&Prefilter>,
    mut fields: Vec<Option<Lazy<'_>>>,
) -> Option<Row> {
    let mut row: Row = vec![Value::Null; plan.columns.len()];
    let members = |i: usize| prefilter.and_then(|p| p.members(i));
    if let Some(prefilter) = prefilter {
        for (i, column) in plan.columns.iter().enumerate() {
            if prefilter.first.get(i).copied().unwrap_or(false) {
                row[i] = Lazy::resolve_members(fields[i].take(), column.ty, members(i));
            }
        }
        if !(prefilter.keep)(&row) {
            return None;
        }
    }
    for (i, column) in plan.columns.iter().enumerate() {
        if let Some(field) = fields[i].take() {
            row[i] = Lazy::resolve_members(Some(field), column.ty, members(i));
        } else if column.ty == Type::String && matches!(row[i], Value::Null) {
            row[i] = convert::empty_string();
        }
    }
    Some(row)
}

/// A JSON number or literal as a value of type `ty`; `None` when it is not valid JSON.
pub(super) fn read_scalar(text: &str, ty: Type) -> Option<Value> {
    let mut de = serde_json::Deserializer::from_str(text);
    let value = FieldSeed(ty).deserialize(&mut de).ok()?;
    de.end().ok()?;
    Some(value)
}

/// A field read but not yet converted: string text (borrowed from the input when it has
/// no escapes), a string literal still escaped (quotes included, its escapes checked), or
/// a value already converted (numbers, booleans, nested JSON).
pub(super) enum Lazy<'de> {
    Text(Cow<'de, str>),
    Escaped(&'de str),
    /// The text of a nested object or array, already checked against the JSON grammar.
    Nested(&'de str),
    Done(Value),
}

impl Lazy<'_> {
    /// A copy of the field that borrows this one's text (a converted value is cloned).
    pub(super) fn peek(&self) -> Lazy<'_> {
        match self {
            Lazy::Text(text) => Lazy::Text(Cow::Borrowed(text)),
            Lazy::Escaped(literal) => Lazy::Escaped(literal),
            Lazy::Nested(text) => Lazy::Nested(text),
            Lazy::Done(value) => Lazy::Done(value.clone()),
        }
    }

    /// [`Lazy::resolve`], keeping of a nested object only `members` (when given) for a
    /// `dynamic` column the plan reads only through them.
    pub(super) fn resolve_members(
        field: Option<Lazy<'_>>,
        ty: Type,
        members: Option<&[String]>,
    ) -> Value {
        match (field, members) {
            (Some(Lazy::Nested(text)), Some(names)) if ty == Type::Dynamic => {
                convert::from_json(pruned_object(text, names), ty)
            }
            (field, _) => Lazy::resolve(field, ty),
        }
    }

    /// The field as a value of type `ty`; a missing field is the type's null.
    pub(super) fn resolve(field: Option<Lazy<'_>>, ty: Type) -> Value {
        match field {
            Some(Lazy::Text(text)) => convert::from_json_str(&text, ty),
            Some(Lazy::Escaped(literal)) => {
                // The scanner checked the escapes, so this parse does not fail; if it
                // did, the field would read as missing rather than panic.
                let text = serde_json::from_str::<String>(literal).unwrap_or_default();
                convert::from_json_str(&text, ty)
            }
            Some(Lazy::Nested(text)) => {
                // Checked by the scanner, so the parse does not fail (if it did, the field
                // would read as missing rather than panic).
                convert::from_json(serde_json::from_str(text).ok(), ty)
            }
            Some(Lazy::Done(value)) => value,
            None if ty == Type::String => convert::empty_string(),
            None => Value::Null,
        }
    }
}

/// The JSON text of a nested value (checked by the scanner) parsed with only the members
/// `names` of an object (all of an array); `None` if it does not parse, as the full
/// parse would give. Duplicate keys keep the last value, as a full parse does.
fn pruned_object(text: &str, names: &[String]) -> Option<Json> {
    if !text.starts_with('{') {
        return serde_json::from_str(text).ok();
    }
    let mut de = serde_json::Deserializer::from_str(text);
    let object = PrunedObject(names).deserialize(&mut de).ok()?;
    de.end().ok()?;
    Some(Json::Object(object))
}

/// Deserialises an object keeping only the members `.0`, each parsed whole.
#[derive(Clone, Copy)]
struct PrunedObject<'a>(&'a [String]);

impl<'de> DeserializeSeed<'de> for PrunedObject<'_> {
    type Value = Map<String, Json>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for PrunedObject<'_> {
    type Value = Map<String, Json>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut object = Map::new();
        while let Some(wanted) = map.next_key_seed(MemberOfKey(self.0))? {
            match wanted {
                Some(name) => {
                    object.insert(self.0[name].clone(), map.next_value::<Json>()?);
                }
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(object)
    }
}

/// A key's position among the members wanted, without allocating it.
struct MemberOfKey<'a>(&'a [String]);

impl<'de> DeserializeSeed<'de> for MemberOfKey<'_> {
    type Value = Option<usize>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<usize>, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for MemberOfKey<'_> {
    type Value = Option<usize>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a member name")
    }
    fn visit_str<E: de::Error>(self, key: &str) -> Result<Option<usize>, E> {
        Ok(self.0.iter().position(|name| name == key))
    }
}

/// Reads one field as a [`Lazy`] of column type `ty`.
#[derive(Clone, Copy)]
struct LazySeed(Type);

impl<'de> DeserializeSeed<'de> for LazySeed {
    type Value = Lazy<'de>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Lazy<'de>, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for LazySeed {
    type Value = Lazy<'de>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_borrowed_str<E: de::Error>(self, text: &'de str) -> Result<Lazy<'de>, E> {
        Ok(Lazy::Text(Cow::Borrowed(text)))
    }
    fn visit_str<E: de::Error>(self, text: &str) -> Result<Lazy<'de>, E> {
        Ok(Lazy::Text(Cow::Owned(text.to_string())))
    }
    fn visit_string<E: de::Error>(self, text: String) -> Result<Lazy<'de>, E> {
        Ok(Lazy::Text(Cow::Owned(text)))
    }
    fn visit_bool<E: de::Error>(self, b: bool) -> Result<Lazy<'de>, E> {
        FieldSeed(self.0).visit_bool(b).map(Lazy::Done)
    }
    fn visit_i64<E: de::Error>(self, n: i64) -> Result<Lazy<'de>, E> {
        FieldSeed(self.0).visit_i64(n).map(Lazy::Done)
    }
    fn visit_u64<E: de::Error>(self, n: u64) -> Result<Lazy<'de>, E> {
        FieldSeed(self.0).visit_u64(n).map(Lazy::Done)
    }
    fn visit_f64<E: de::Error>(self, n: f64) -> Result<Lazy<'de>, E> {
        FieldSeed(self.0).visit_f64(n).map(Lazy::Done)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Lazy<'de>, E> {
        FieldSeed(self.0).visit_unit().map(Lazy::Done)
    }
    fn visit_none<E: de::Error>(self) -> Result<Lazy<'de>, E> {
        FieldSeed(self.0).visit_none().map(Lazy::Done)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Lazy<'de>, A::Error> {
        FieldSeed(self.0).visit_seq(seq).map(Lazy::Done)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Lazy<'de>, A::Error> {
        FieldSeed(self.0).visit_map(map).map(Lazy::Done)
    }
}

/// Looks a key up among the requested fields without allocating it.
struct FieldOfKey<'a>(&'a RowPlan);

impl<'de> DeserializeSeed<'de> for FieldOfKey<'_> {
    type Value = Option<usize>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<usize>, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for FieldOfKey<'_> {
    type Value = Option<usize>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a field name")
    }
    fn visit_str<E: de::Error>(self, key: &str) -> Result<Option<usize>, E> {
        Ok(self.0.field_of(key))
    }
}

/// Deserialises one field straight into a value of a column type: strings are converted
/// from the parser's (often borrowed) text, with no intermediate `serde_json::Value`;
/// numbers, booleans and nested JSON go through [`convert::from_json`] as before.
#[derive(Clone, Copy)]
pub(super) struct FieldSeed(pub(super) Type);

impl<'de> DeserializeSeed<'de> for FieldSeed {
    type Value = Value;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for FieldSeed {
    type Value = Value;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_str<E: de::Error>(self, text: &str) -> Result<Value, E> {
        Ok(convert::from_json_str(text, self.0))
    }
    fn visit_bool<E: de::Error>(self, b: bool) -> Result<Value, E> {
        Ok(convert::from_json(Some(Json::Bool(b)), self.0))
    }
    fn visit_i64<E: de::Error>(self, n: i64) -> Result<Value, E> {
        Ok(convert::from_json(Some(Json::from(n)), self.0))
    }
    fn visit_u64<E: de::Error>(self, n: u64) -> Result<Value, E> {
        Ok(convert::from_json(Some(Json::from(n)), self.0))
    }
    fn visit_f64<E: de::Error>(self, n: f64) -> Result<Value, E> {
        Ok(convert::from_json(Some(Json::from(n)), self.0))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::null_of(self.0))
    }
    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::null_of(self.0))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Value, A::Error> {
        let json = Json::deserialize(de::value::SeqAccessDeserializer::new(seq))?;
        Ok(convert::from_json(Some(json), self.0))
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Value, A::Error> {
        let json = Json::deserialize(de::value::MapAccessDeserializer::new(map))?;
        Ok(convert::from_json(Some(json), self.0))
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

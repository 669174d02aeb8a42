//! Microsoft Graph list responses: `{"@odata.context": …, "value": [{…}, …],
//! "@odata.nextLink": …}`. The rows are the objects of the top-level `value` array
//! (streamed); every other member is skipped. Only the page in the file is read.

use super::json::{Callback, Items, finish};
use crate::io::IoError;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use std::fmt;
use std::io::Read;
use std::path::Path;

/// The hint for a file that is not a Graph list response.
pub(super) const GRAPH_HINT: &str = "a Microsoft Graph list response is one JSON object whose top-level `value` member is an array of row objects";

/// Streams the rows of a Graph list response to `callback`, each read with `seed`.
pub(super) fn stream_graph<R, S, T>(
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
    let parsed = de
        .deserialize_map(Response {
            items: Items {
                seed,
                callback,
                halt: &mut halt,
            },
        })
        .and_then(|found| de.end().map(|()| found));
    let found = match &parsed {
        Ok(found) => *found,
        Err(_) => true,
    };
    finish(path, parsed.map(|_| ()), halt, GRAPH_HINT)?;
    if found {
        Ok(())
    } else {
        Err(IoError::new(
            path,
            "no top-level `value` array: this JSON object is not a Microsoft Graph list response",
        )
        .with_hint(GRAPH_HINT))
    }
}

/// The top-level response object; yields whether a `value` member was found.
struct Response<'f, 'c, S, T> {
    items: Items<'f, 'c, S, T>,
}

impl<'de, S, T> Visitor<'de> for Response<'_, '_, S, T>
where
    S: DeserializeSeed<'de, Value = T> + Copy,
{
    type Value = bool;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a Microsoft Graph list response object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
        let mut items = Some(self.items);
        while let Some(key) = map.next_key::<String>()? {
            match (key.as_str(), items.take()) {
                ("value", Some(seed)) => map.next_value_seed(seed)?,
                ("value", None) => return Err(de::Error::duplicate_field("value")),
                (_, unused) => {
                    items = unused;
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(items.is_none())
    }
}

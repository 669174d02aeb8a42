//! Search hits as documents: an Elasticsearch `_search` response's `hits.hits[]`, and
//! the hit objects of Kibana or elasticdump NDJSON exports. A hit's document is its
//! `_source`, plus the `fields` the source lacks, plus its `_id` and `_index`.

use serde_json::{Map, Value as J};

/// The hint under a malformed `_search` response.
pub const HINT: &str =
    "a _search response is {\"hits\": {\"hits\": [{\"_index\": …, \"_id\": …, \"_source\": {…}}]}}";

/// Whether a whole-file object is a `_search` response (it has a `hits` object).
pub fn is_search_response(o: &Map<String, J>) -> bool {
    matches!(o.get("hits"), Some(J::Object(h)) if h.contains_key("hits"))
}

/// The documents of a `_search` response.
pub fn search_documents(mut response: Map<String, J>) -> Result<Vec<J>, String> {
    let hits = match response.remove("hits") {
        Some(J::Object(mut outer)) => outer.remove("hits"),
        _ => None,
    };
    match hits {
        Some(J::Array(hits)) => Ok(hits.into_iter().map(document).collect()),
        _ => Err("`hits.hits` is not an array of hits".into()),
    }
}

/// A document as ES|QL sees it: a hit unwrapped, anything else as it is.
pub fn document(value: J) -> J {
    match value {
        J::Object(o) if is_hit(&o) => J::Object(hit_document(o)),
        other => other,
    }
}

/// A hit has a `_source` object (or `fields`) beside its `_index` or `_id`.
fn is_hit(o: &Map<String, J>) -> bool {
    let body = matches!(o.get("_source"), Some(J::Object(_)))
        || matches!(o.get("fields"), Some(J::Object(_)));
    body && (o.contains_key("_index") || o.contains_key("_id"))
}

/// The flattened `_source` of a hit, with `fields` the source lacks (a one-element
/// array read as its value) and the hit's `_id` and `_index`.
fn hit_document(mut hit: Map<String, J>) -> Map<String, J> {
    let mut out = Map::new();
    if let Some(J::Object(source)) = hit.remove("_source") {
        crate::syntax::esql::lower::documents::flatten("", source, &mut out);
    }
    if let Some(J::Object(fields)) = hit.remove("fields") {
        for (name, value) in fields {
            let value = match value {
                J::Array(mut a) if a.len() == 1 => a.remove(0),
                other => other,
            };
            out.entry(name).or_insert(value);
        }
    }
    for meta in ["_id", "_index"] {
        if let Some(v) = hit.remove(meta) {
            out.insert(meta.to_string(), v);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_hit_is_its_source_with_fields_it_lacks_and_its_id() {
        let hit = json!({"_index": "logs", "_id": "a1", "_source": {"host": {"name": "h"}},
                         "fields": {"host.name": ["h"], "event.code": ["4625"]}});
        assert_eq!(
            document(hit),
            json!({"host.name": "h", "event.code": "4625", "_id": "a1", "_index": "logs"})
        );
    }

    #[test]
    fn an_object_without_source_is_a_plain_document() {
        let doc = json!({"_id": "x", "a": 1});
        assert_eq!(document(doc.clone()), doc);
    }
}

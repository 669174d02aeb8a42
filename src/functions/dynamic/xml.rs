//! `parse_xml`: XML text to JSON as the Kusto doc's table describes it
//! (kusto/query/parse-xml-function): `<e/>` → `{"e": null}`, text-only elements →
//! strings, attributes → `"@name"`, mixed text → `"#text"`, repeated children →
//! arrays. Only elements, attributes, text and CDATA are read; the prolog,
//! comments, processing instructions and DOCTYPE are skipped. Text stays text.

use serde_json::{Map, Value as J};

/// The JSON of an XML document, or `None` when it is not well-formed.
pub fn xml_to_json(text: &str) -> Option<J> {
    let mut parser = Parser { src: text, pos: 0 };
    parser.skip_misc()?;
    let (name, value) = parser.element()?;
    parser.skip_misc()?;
    if parser.pos != parser.src.len() {
        return None;
    }
    let mut root = Map::new();
    root.insert(name, value);
    Some(J::Object(root))
}

struct Parser<'a> {
    src: &'a str,
    pos: usize,
}

impl Parser<'_> {
    fn rest(&self) -> &str {
        &self.src[self.pos..]
    }

    fn skip_whitespace(&mut self) {
        let trimmed = self.rest().trim_start();
        self.pos = self.src.len() - trimmed.len();
    }

    /// Skips everything up to and including `end`.
    fn skip_past(&mut self, end: &str) -> Option<()> {
        let at = self.rest().find(end)?;
        self.pos += at + end.len();
        Some(())
    }

    /// Skips whitespace, the XML declaration, comments, processing instructions
    /// and DOCTYPE between elements.
    fn skip_misc(&mut self) -> Option<()> {
        loop {
            self.skip_whitespace();
            let rest = self.rest();
            if rest.starts_with("<?") {
                self.skip_past("?>")?;
            } else if rest.starts_with("<!--") {
                self.skip_past("-->")?;
            } else if rest.starts_with("<!") && !rest.starts_with("<![CDATA[") {
                self.skip_past(">")?;
            } else {
                return Some(());
            }
        }
    }

    fn name(&mut self) -> Option<String> {
        let len = self
            .rest()
            .find(|c: char| c.is_whitespace() || matches!(c, '/' | '>' | '='))
            .unwrap_or(0);
        if len == 0 {
            return None;
        }
        let name = self.rest()[..len].to_string();
        self.pos += len;
        Some(name)
    }

    /// One element at the cursor: its name and JSON value.
    fn element(&mut self) -> Option<(String, J)> {
        self.pos += self.rest().strip_prefix('<').map(|_| 1)?;
        let name = self.name()?;
        let mut node = Node::default();
        loop {
            self.skip_whitespace();
            if let Some(after) = self.rest().strip_prefix("/>") {
                self.pos = self.src.len() - after.len();
                return Some((name, node.into_json()));
            }
            if let Some(after) = self.rest().strip_prefix('>') {
                self.pos = self.src.len() - after.len();
                break;
            }
            let (key, value) = self.attribute()?;
            node.attributes.insert(format!("@{key}"), J::String(value));
        }
        self.content(&name, &mut node)?;
        Some((name, node.into_json()))
    }

    fn attribute(&mut self) -> Option<(String, String)> {
        let key = self.name()?;
        self.skip_whitespace();
        self.pos += self.rest().strip_prefix('=').map(|_| 1)?;
        self.skip_whitespace();
        let quote = self
            .rest()
            .chars()
            .next()
            .filter(|q| *q == '"' || *q == '\'')?;
        self.pos += 1;
        let end = self.rest().find(quote)?;
        let value = decode_entities(&self.rest()[..end]);
        self.pos += end + 1;
        Some((key, value))
    }

    /// Children and text up to the closing tag of `name`.
    fn content(&mut self, name: &str, node: &mut Node) -> Option<()> {
        loop {
            let text_len = self.rest().find('<')?;
            node.add_text(&decode_entities(&self.rest()[..text_len]));
            self.pos += text_len;
            let rest = self.rest();
            if let Some(after) = rest.strip_prefix("</") {
                let end = after.find('>')?;
                if after[..end].trim() != name {
                    return None;
                }
                self.pos += 2 + end + 1;
                return Some(());
            } else if let Some(after) = rest.strip_prefix("<![CDATA[") {
                let end = after.find("]]>")?;
                node.add_text(&after[..end]);
                self.pos += "<![CDATA[".len() + end + 3;
            } else if rest.starts_with("<!--") {
                self.skip_past("-->")?;
            } else if rest.starts_with("<?") {
                self.skip_past("?>")?;
            } else {
                let (child, value) = self.element()?;
                node.add_child(child, value);
            }
        }
    }
}

/// An element being read: attributes, children (in order) and its text.
#[derive(Default)]
struct Node {
    attributes: Map<String, J>,
    children: Map<String, J>,
    text: String,
}

impl Node {
    fn add_text(&mut self, text: &str) {
        let t = text.trim();
        if !t.is_empty() {
            if !self.text.is_empty() {
                self.text.push(' ');
            }
            self.text.push_str(t);
        }
    }

    fn add_child(&mut self, name: String, value: J) {
        match self.children.get_mut(&name) {
            Some(J::Array(items)) => items.push(value),
            Some(existing) => {
                let first = existing.take();
                *existing = J::Array(vec![first, value]);
            }
            None => {
                self.children.insert(name, value);
            }
        }
    }

    /// Attributes first, then `#text`, then children, as the doc's examples show.
    fn into_json(self) -> J {
        if self.attributes.is_empty() && self.children.is_empty() {
            return if self.text.is_empty() {
                J::Null
            } else {
                J::String(self.text)
            };
        }
        let mut fields = self.attributes;
        if !self.text.is_empty() {
            fields.insert("#text".to_string(), J::String(self.text));
        }
        fields.extend(self.children);
        J::Object(fields)
    }
}

/// Replaces the predefined entities and character references.
fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let after = &rest[at..];
        match after
            .find(';')
            .and_then(|end| entity(&after[1..end]).map(|c| (c, end)))
        {
            Some((c, end)) => {
                out.push(c);
                rest = &after[end + 1..];
            }
            None => {
                out.push('&');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    Some(match name {
        "lt" => '<',
        "gt" => '>',
        "amp" => '&',
        "quot" => '"',
        "apos" => '\'',
        _ => {
            let code = match name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => name.strip_prefix('#')?.parse().ok()?,
            };
            char::from_u32(code)?
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn x(text: &str) -> J {
        xml_to_json(text).unwrap()
    }

    #[test]
    fn parse_xml_doc_conversion_table() {
        assert_eq!(x("<e/>"), json!({"e": null}));
        assert_eq!(x("<e>text</e>"), json!({"e": "text"}));
        assert_eq!(x(r#"<e name="value" />"#), json!({"e": {"@name": "value"}}));
        assert_eq!(
            x(r#"<e name="value">text</e>"#),
            json!({"e": {"@name": "value", "#text": "text"}})
        );
        assert_eq!(
            x("<e> <a>text</a> <b>text</b> </e>"),
            json!({"e": {"a": "text", "b": "text"}})
        );
        assert_eq!(
            x("<e> <a>text</a> <a>text</a> </e>"),
            json!({"e": {"a": ["text", "text"]}})
        );
        assert_eq!(
            x("<e> text <a>text</a> </e>"),
            json!({"e": {"#text": "text", "a": "text"}})
        );
    }

    #[test]
    fn prolog_comments_entities_and_cdata() {
        let doc = "<?xml version=\"1.0\"?>\n<!-- c --><r a='1 &amp; 2'><![CDATA[<x>]]></r>";
        assert_eq!(x(doc), json!({"r": {"@a": "1 & 2", "#text": "<x>"}}));
        assert_eq!(x("<r>&#65;&#x42;&lt;</r>"), json!({"r": "AB<"}));
    }

    #[test]
    fn windows_event_data_becomes_an_array_of_named_values() {
        let doc =
            r#"<EventData><Data Name="User">bob</Data><Data Name="Ip">10.0.0.1</Data></EventData>"#;
        assert_eq!(
            x(doc),
            json!({"EventData": {"Data": [{"@Name": "User", "#text": "bob"}, {"@Name": "Ip", "#text": "10.0.0.1"}]}})
        );
    }

    #[test]
    fn malformed_xml_is_none() {
        assert_eq!(xml_to_json("<a><b></a>"), None);
        assert_eq!(xml_to_json("not xml"), None);
        assert_eq!(xml_to_json("<a>"), None);
        assert_eq!(xml_to_json("<a></a><b/>"), None);
    }
}

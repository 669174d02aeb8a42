//! The JSONPath subset Kusto's dynamic functions take (`$.a.b[0]`, `$['a b']`),
//! with reading, removing and setting the addressed value.

use serde_json::{Map, Value as J};

/// One step of a path: an object key or an array index (negative from the end).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    Key(String),
    Index(i64),
}

/// Reads a path. Text that does not start with `$` is one literal key (so
/// `bag_has_key(b, 'a.b')` looks for the key `a.b`).
pub fn parse(text: &str) -> Option<Vec<Step>> {
    let Some(rest) = text.trim().strip_prefix('$') else {
        return Some(vec![Step::Key(text.to_string())]);
    };
    let mut steps = Vec::new();
    let mut chars = rest.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '.' => {
                let mut name = String::new();
                while let Some(&n) = chars.peek() {
                    if n == '.' || n == '[' {
                        break;
                    }
                    name.push(n);
                    chars.next();
                }
                if name.is_empty() {
                    return None;
                }
                steps.push(Step::Key(name));
            }
            '[' => {
                let mut inner = String::new();
                for n in chars.by_ref() {
                    if n == ']' && !unclosed_quote(&inner) {
                        break;
                    }
                    inner.push(n);
                }
                steps.push(bracket_step(inner.trim())?);
            }
            _ => return None,
        }
    }
    Some(steps)
}

fn unclosed_quote(inner: &str) -> bool {
    let t = inner.trim_start();
    match t.chars().next() {
        Some(q @ ('\'' | '"')) => t.len() < 2 || !t.ends_with(q),
        _ => false,
    }
}

fn bracket_step(inner: &str) -> Option<Step> {
    for quote in ['\'', '"'] {
        if let Some(name) = inner
            .strip_prefix(quote)
            .and_then(|s| s.strip_suffix(quote))
        {
            return Some(Step::Key(name.to_string()));
        }
    }
    inner.parse().ok().map(Step::Index)
}

fn index(len: usize, i: i64) -> Option<usize> {
    let i = if i < 0 { i + len as i64 } else { i };
    usize::try_from(i).ok().filter(|i| *i < len)
}

/// The value at the path.
pub fn get<'a>(json: &'a J, steps: &[Step]) -> Option<&'a J> {
    steps
        .iter()
        .try_fold(json, |node, step| match (step, node) {
            (Step::Key(k), J::Object(map)) => map.get(k),
            (Step::Index(i), J::Array(items)) => items.get(index(items.len(), *i)?),
            _ => None,
        })
}

fn get_mut<'a>(json: &'a mut J, steps: &[Step]) -> Option<&'a mut J> {
    steps
        .iter()
        .try_fold(json, |node, step| match (step, node) {
            (Step::Key(k), J::Object(map)) => map.get_mut(k),
            (Step::Index(i), J::Array(items)) => {
                let at = index(items.len(), *i)?;
                items.get_mut(at)
            }
            _ => None,
        })
}

/// Removes the value at the path (nothing when it is absent).
pub fn remove(json: &mut J, steps: &[Step]) {
    let Some((last, parents)) = steps.split_last() else {
        return;
    };
    match (get_mut(json, parents), last) {
        (Some(J::Object(map)), Step::Key(k)) => {
            map.shift_remove(k);
        }
        (Some(J::Array(items)), Step::Index(i)) => {
            if let Some(at) = index(items.len(), *i) {
                items.remove(at);
            }
        }
        _ => {}
    }
}

/// Sets the value at the path, creating missing objects on the way; `false` when a
/// step meets a value it cannot go through.
pub fn set(json: &mut J, steps: &[Step], value: J) -> bool {
    let Some((first, rest)) = steps.split_first() else {
        *json = value;
        return true;
    };
    match (first, json) {
        (Step::Key(k), J::Object(map)) => {
            let child = map
                .entry(k.clone())
                .or_insert_with(|| J::Object(Map::new()));
            if rest.is_empty() {
                *child = value;
                return true;
            }
            if !child.is_object() && !child.is_array() {
                *child = J::Object(Map::new());
            }
            set(child, rest, value)
        }
        (Step::Index(i), J::Array(items)) => match index(items.len(), *i) {
            Some(at) => set(&mut items[at], rest, value),
            None => false,
        },
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn paths_read_dots_brackets_and_indexes() {
        let steps = parse("$.a['b c'][1]").unwrap();
        assert_eq!(
            steps,
            [
                Step::Key("a".into()),
                Step::Key("b c".into()),
                Step::Index(1)
            ]
        );
        assert_eq!(parse("plain.key").unwrap(), [Step::Key("plain.key".into())]);
        assert_eq!(parse("$").unwrap(), []);
        assert!(parse("$..a").is_none());
    }

    #[test]
    fn get_set_remove() {
        let mut doc = json!({"a": {"b": [1, 2, 3]}});
        assert_eq!(get(&doc, &parse("$.a.b[-1]").unwrap()), Some(&json!(3)));
        assert!(set(&mut doc, &parse("$.x.y").unwrap(), json!(5)));
        remove(&mut doc, &parse("$.a.b[0]").unwrap());
        assert_eq!(doc, json!({"a": {"b": [2, 3]}, "x": {"y": 5}}));
    }
}

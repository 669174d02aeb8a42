//! The Kibana Query Language inside ES|QL's `KQL("…")` filter function, the subset
//! detection rules write: `field : value`, `field : "a phrase"`, `field : (a or b)`,
//! wildcards (`*`), `field : *` (the field exists), `field > 5` ranges, and `and`,
//! `or`, `not` with parentheses (Kibana's KQL reference, "Kibana Query Language").

/// A parsed Kibana query.
#[derive(Clone, Debug, PartialEq)]
pub enum KibanaQuery {
    And(Box<KibanaQuery>, Box<KibanaQuery>),
    Or(Box<KibanaQuery>, Box<KibanaQuery>),
    Not(Box<KibanaQuery>),
    /// `field : value` (the value may hold `*` wildcards); `quoted` values are phrases.
    Match {
        field: String,
        value: String,
        quoted: bool,
    },
    /// `field : *`: the field has a value.
    Exists(String),
    /// `field < value`, `<=`, `>`, `>=`.
    Range {
        field: String,
        op: &'static str,
        value: String,
    },
}

#[derive(Clone, Debug, PartialEq)]
enum Token {
    Word(String),
    Quoted(String),
    Colon,
    Open,
    Close,
    Compare(&'static str),
}

/// Parses the text of a `KQL("…")` call; the message says what is wrong.
pub fn parse(text: &str) -> Result<KibanaQuery, String> {
    let tokens = tokens(text)?;
    let mut p = Parser { tokens, at: 0 };
    let q = p.or()?;
    match p.tokens.get(p.at) {
        None => Ok(q),
        Some(t) => Err(format!("unexpected {} in the Kibana query", describe(t))),
    }
}

fn describe(t: &Token) -> String {
    match t {
        Token::Word(w) | Token::Quoted(w) => format!("`{w}`"),
        Token::Colon => "`:`".into(),
        Token::Open => "`(`".into(),
        Token::Close => "`)`".into(),
        Token::Compare(op) => format!("`{op}`"),
    }
}

fn tokens(text: &str) -> Result<Vec<Token>, String> {
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(&c) = chars.peek() {
        match c {
            c if c.is_whitespace() => {
                chars.next();
            }
            ':' => {
                chars.next();
                out.push(Token::Colon);
            }
            '(' => {
                chars.next();
                out.push(Token::Open);
            }
            ')' => {
                chars.next();
                out.push(Token::Close);
            }
            '<' | '>' => {
                chars.next();
                let eq = chars.next_if_eq(&'=').is_some();
                out.push(Token::Compare(match (c, eq) {
                    ('<', false) => "<",
                    ('<', true) => "<=",
                    ('>', false) => ">",
                    _ => ">=",
                }));
            }
            '"' => {
                chars.next();
                out.push(Token::Quoted(quoted(&mut chars)?));
            }
            _ => out.push(Token::Word(word(&mut chars))),
        }
    }
    Ok(out)
}

fn quoted(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> Result<String, String> {
    let mut s = String::new();
    loop {
        match chars.next() {
            None => return Err("a quoted value in the Kibana query has no closing `\"`".into()),
            Some('"') => return Ok(s),
            Some('\\') => s.extend(chars.next()),
            Some(c) => s.push(c),
        }
    }
}

fn word(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> String {
    let mut s = String::new();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() || matches!(c, ':' | '(' | ')' | '<' | '>' | '"') {
            break;
        }
        chars.next();
        if c == '\\' {
            s.extend(chars.next());
        } else {
            s.push(c);
        }
    }
    s
}

struct Parser {
    tokens: Vec<Token>,
    at: usize,
}

impl Parser {
    fn keyword(&mut self, k: &str) -> bool {
        let hit =
            matches!(self.tokens.get(self.at), Some(Token::Word(w)) if w.eq_ignore_ascii_case(k));
        if hit {
            self.at += 1;
        }
        hit
    }

    fn next(&mut self) -> Option<Token> {
        let t = self.tokens.get(self.at).cloned();
        self.at += 1;
        t
    }

    fn or(&mut self) -> Result<KibanaQuery, String> {
        let mut q = self.and()?;
        while self.keyword("or") {
            q = KibanaQuery::Or(Box::new(q), Box::new(self.and()?));
        }
        Ok(q)
    }

    fn and(&mut self) -> Result<KibanaQuery, String> {
        let mut q = self.not()?;
        while self.keyword("and") {
            q = KibanaQuery::And(Box::new(q), Box::new(self.not()?));
        }
        Ok(q)
    }

    fn not(&mut self) -> Result<KibanaQuery, String> {
        if self.keyword("not") {
            return Ok(KibanaQuery::Not(Box::new(self.not()?)));
        }
        self.primary()
    }

    fn primary(&mut self) -> Result<KibanaQuery, String> {
        match self.next() {
            Some(Token::Open) => {
                let q = self.or()?;
                self.close()?;
                Ok(q)
            }
            Some(Token::Word(field)) => self.condition(field),
            Some(t) => Err(format!("expected a field name, found {}", describe(&t))),
            None => Err("the Kibana query ends where a field name was expected".into()),
        }
    }

    fn close(&mut self) -> Result<(), String> {
        match self.next() {
            Some(Token::Close) => Ok(()),
            _ => Err("a `(` in the Kibana query is not closed".into()),
        }
    }

    /// What follows a field name: `: value`, `: (values)` or a comparison.
    fn condition(&mut self, field: String) -> Result<KibanaQuery, String> {
        match self.next() {
            Some(Token::Colon) => self.values(&field),
            Some(Token::Compare(op)) => match self.next() {
                Some(Token::Word(value) | Token::Quoted(value)) => {
                    Ok(KibanaQuery::Range { field, op, value })
                }
                _ => Err(format!("`{field} {op}` needs a value")),
            },
            _ => Err(format!(
                "expected `:` after `{field}` (Kibana queries are `field : value`)"
            )),
        }
    }

    /// `value`, `"phrase"`, `*`, or `(v1 or v2 and …)` for one field.
    fn values(&mut self, field: &str) -> Result<KibanaQuery, String> {
        match self.next() {
            Some(Token::Open) => {
                let q = self.value_list(field)?;
                self.close()?;
                Ok(q)
            }
            Some(Token::Word(w)) if w == "*" => Ok(KibanaQuery::Exists(field.to_string())),
            Some(Token::Word(value)) => Ok(matched(field, value, false)),
            Some(Token::Quoted(value)) => Ok(matched(field, value, true)),
            _ => Err(format!("`{field}:` needs a value")),
        }
    }

    fn value_list(&mut self, field: &str) -> Result<KibanaQuery, String> {
        let mut q = self.value_term(field)?;
        loop {
            if self.keyword("or") {
                q = KibanaQuery::Or(Box::new(q), Box::new(self.value_term(field)?));
            } else if self.keyword("and") {
                q = KibanaQuery::And(Box::new(q), Box::new(self.value_term(field)?));
            } else {
                return Ok(q);
            }
        }
    }

    fn value_term(&mut self, field: &str) -> Result<KibanaQuery, String> {
        if self.keyword("not") {
            return Ok(KibanaQuery::Not(Box::new(self.value_term(field)?)));
        }
        match self.next() {
            Some(Token::Word(value)) => Ok(matched(field, value, false)),
            Some(Token::Quoted(value)) => Ok(matched(field, value, true)),
            Some(Token::Open) => {
                let q = self.value_list(field)?;
                self.close()?;
                Ok(q)
            }
            _ => Err(format!("expected a value for `{field}`")),
        }
    }
}

fn matched(field: &str, value: String, quoted: bool) -> KibanaQuery {
    KibanaQuery::Match {
        field: field.to_string(),
        value,
        quoted,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(field: &str, value: &str) -> KibanaQuery {
        matched(field, value.to_string(), false)
    }

    #[test]
    fn field_value_pairs_combine_with_and_or_not() {
        let q = parse("event.type : start and not event.action:fork").unwrap();
        let expected = KibanaQuery::And(
            Box::new(m("event.type", "start")),
            Box::new(KibanaQuery::Not(Box::new(m("event.action", "fork")))),
        );
        assert_eq!(q, expected);
    }

    #[test]
    fn a_value_list_in_parentheses_applies_to_its_field() {
        let q = parse("process.name:(wget or wget.exe)").unwrap();
        let expected = KibanaQuery::Or(
            Box::new(m("process.name", "wget")),
            Box::new(m("process.name", "wget.exe")),
        );
        assert_eq!(q, expected);
    }

    #[test]
    fn quoted_phrases_wildcards_and_existence() {
        let q = parse(r#"kibana.alert.rule.tags : "Rule Type: Higher-Order Rule" "#).unwrap();
        assert_eq!(
            q,
            matched(
                "kibana.alert.rule.tags",
                "Rule Type: Higher-Order Rule".into(),
                true
            )
        );
        assert_eq!(
            parse("host.name:*").unwrap(),
            KibanaQuery::Exists("host.name".into())
        );
        assert_eq!(parse("a:/var/*/x.sh").unwrap(), m("a", "/var/*/x.sh"));
    }

    #[test]
    fn and_binds_tighter_than_or() {
        let q = parse("a:1 or b:2 and c:3").unwrap();
        let expected = KibanaQuery::Or(
            Box::new(m("a", "1")),
            Box::new(KibanaQuery::And(
                Box::new(m("b", "2")),
                Box::new(m("c", "3")),
            )),
        );
        assert_eq!(q, expected);
    }

    #[test]
    fn ranges_compare_a_field_with_a_value() {
        let q = parse("destination.port >= 1024").unwrap();
        let expected = KibanaQuery::Range {
            field: "destination.port".into(),
            op: ">=",
            value: "1024".into(),
        };
        assert_eq!(q, expected);
    }

    #[test]
    fn malformed_queries_are_errors_not_panics() {
        for bad in ["", "a:", "a:(b or", "\"x", "a b", "(a:1", ")"] {
            assert!(parse(bad).is_err(), "{bad:?} should not parse");
        }
    }
}

//! `parse_command_line(command_line, "windows")`: the arguments of a Windows command
//! line, split as `CommandLineToArgvW` splits them (parse-command-line-function).
//!
//! Rules (Microsoft's "Parsing C command-line arguments"): spaces and tabs separate
//! arguments outside quotes; `"` opens and closes a quoted part; inside quotes `""` is
//! a literal quote; `2n` backslashes before a `"` are `n` backslashes and the quote
//! still delimits, `2n + 1` are `n` backslashes and a literal quote; backslashes
//! elsewhere are literal. The first argument, the program, is read without escapes: up
//! to the closing quote when it starts with one, else up to the first space or tab.

use crate::functions::args::text;
use crate::functions::registry::EvalContext;
use crate::value::Value;
use serde_json::Value as J;

pub(super) fn parse_command_line(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    if !text(args, 1).eq_ignore_ascii_case("windows") {
        return Ok(Value::Null);
    }
    let parts = windows_arguments(&text(args, 0));
    Ok(Value::dynamic(J::Array(
        parts.into_iter().map(J::String).collect(),
    )))
}

fn is_blank(c: char) -> bool {
    c == ' ' || c == '\t'
}

/// The arguments of `line`; none for a blank line.
pub(super) fn windows_arguments(line: &str) -> Vec<String> {
    let line = line.trim_start_matches(is_blank);
    if line.is_empty() {
        return Vec::new();
    }
    let (program, rest) = program(line);
    let mut arguments = vec![program];
    let mut chars = rest.chars().peekable();
    loop {
        while chars.next_if(|c| is_blank(*c)).is_some() {}
        if chars.peek().is_none() {
            return arguments;
        }
        arguments.push(argument(&mut chars));
    }
}

/// The program name and the text after it.
fn program(line: &str) -> (String, &str) {
    if let Some(quoted) = line.strip_prefix('"') {
        return match quoted.split_once('"') {
            Some((name, rest)) => (name.to_string(), rest),
            None => (quoted.to_string(), ""),
        };
    }
    let end = line.find(is_blank).unwrap_or(line.len());
    (line[..end].to_string(), &line[end..])
}

/// One argument after the program, up to an unquoted space or tab or the end.
fn argument(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> String {
    let mut out = String::new();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let mut slashes = 1;
                while chars.next_if_eq(&'\\').is_some() {
                    slashes += 1;
                }
                if chars.peek() == Some(&'"') {
                    out.extend(std::iter::repeat_n('\\', slashes / 2));
                    if slashes % 2 == 1 {
                        chars.next();
                        out.push('"');
                    }
                } else {
                    out.extend(std::iter::repeat_n('\\', slashes));
                }
            }
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                out.push('"');
            }
            '"' => quoted = !quoted,
            c if is_blank(c) && !quoted => break,
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::windows_arguments;

    fn args(line: &str) -> Vec<String> {
        windows_arguments(line)
    }

    /// parse-command-line-function's example: `echo "hello world!"`.
    #[test]
    fn quoted_parts_keep_their_spaces() {
        assert_eq!(args("echo \"hello world!\""), ["echo", "hello world!"]);
    }

    /// The examples of Microsoft's "Parsing C command-line arguments" table.
    #[test]
    fn backslashes_escape_only_before_a_quote() {
        assert_eq!(args(r#"p "a b c" d e"#), ["p", "a b c", "d", "e"]);
        assert_eq!(args(r#"p "ab\"c" "\\" d"#), ["p", "ab\"c", "\\", "d"]);
        assert_eq!(args(r#"p a\\\b d"e f"g h"#), ["p", r"a\\\b", "de fg", "h"]);
        assert_eq!(args(r#"p a\\\"b c d"#), ["p", r#"a\"b"#, "c", "d"]);
        assert_eq!(args(r#"p a\\\\"b c" d e"#), ["p", r"a\\b c", "d", "e"]);
        assert_eq!(args(r#"p a"b"" c d"#), ["p", r#"ab" c d"#]);
    }

    #[test]
    fn the_program_is_read_without_escapes() {
        assert_eq!(
            args(r#""C:\Program Files\a.exe" -x "y z""#),
            [r"C:\Program Files\a.exe", "-x", "y z"]
        );
        assert_eq!(args(r"C:\a\b.exe  /c"), [r"C:\a\b.exe", "/c"]);
    }

    #[test]
    fn blank_lines_have_no_arguments() {
        assert_eq!(args(""), Vec::<String>::new());
        assert_eq!(args(" \t "), Vec::<String>::new());
        assert_eq!(args("cmd.exe   "), ["cmd.exe"]);
        assert_eq!(args("p \"unclosed arg"), ["p", "unclosed arg"]);
    }
}

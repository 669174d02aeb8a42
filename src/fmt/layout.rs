//! The layout engine shared by the KQL and ES|QL formatters: from tokens and the
//! trivia between them to the formatted text.
//!
//! Only blanks change. Line breaks the author wrote are kept (indentation redone);
//! new ones go before each `|`, after each `;`, inside groups that hold a pipeline
//! (`join (…)`, `{ … }` bodies), after comments that run to the end of their line, and
//! where a line longer than the width can break (after a comma, before `and`/`or`).
//! Because the output's line breaks are a superset of the input's and the width rule
//! only adds breaks until every line fits or cannot break, formatting is idempotent.

use super::token::{Class, Tok};
use super::trivia::{Gap, read_gap};

/// Indentation step, in spaces.
const INDENT: usize = 4;

/// A bracket group being written: where its lines go.
#[derive(Clone, Copy, Debug)]
struct Group {
    /// Whether it holds a pipeline or statements (its content goes on its own lines).
    block: bool,
    /// The indentation of lines inside it.
    content: usize,
    /// The indentation of the line its opener is on (where its closer goes).
    opener_line: usize,
}

/// The tokens of one query with their trivia and bracket structure.
pub struct Layout<'t> {
    text: &'t str,
    toks: &'t [Tok],
    /// `gaps[i]` is the trivia before token `i`; `gaps[toks.len()]` the trivia after the last.
    gaps: Vec<Gap>,
    /// Per opening token: whether its group is a block.
    block: Vec<bool>,
    /// Per closing token: its opening token.
    partner: Vec<Option<usize>>,
    eol: &'static str,
}

/// Where each gap was written, so the width rule can choose breaks.
struct Written {
    text: String,
    /// Per gap: the output line it is on and the column (in characters) where it starts.
    gap_line: Vec<usize>,
    gap_col: Vec<usize>,
    /// Per gap: whether a line break was written there.
    gap_newline: Vec<bool>,
    /// Per gap: the bracket depth there.
    gap_depth: Vec<usize>,
}

impl<'t> Layout<'t> {
    /// Reads the trivia and brackets; `None` when a gap holds something that is not a
    /// blank or a comment, or the brackets do not pair up.
    pub fn new(text: &'t str, toks: &'t [Tok], block_comments: bool) -> Option<Layout<'t>> {
        let mut gaps = Vec::with_capacity(toks.len() + 1);
        let mut from = 0;
        for tok in toks.iter().chain(std::iter::once(&Tok {
            start: text.len(),
            end: text.len(),
            class: Class::Other,
            verbatim: false,
        })) {
            gaps.push(read_gap(text, from..tok.start, block_comments)?);
            from = tok.end;
        }
        let (block, partner) = find_blocks(toks)?;
        let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
        Some(Layout {
            text,
            toks,
            gaps,
            block,
            partner,
            eol,
        })
    }

    /// The formatted text, lines broken so that they fit in `width` where they can.
    pub fn format(&self, width: usize) -> String {
        let mut breaks = vec![false; self.toks.len() + 1];
        // Each round adds at least one break, so the number of gaps bounds the rounds.
        for _ in 0..=self.toks.len() {
            let written = self.write(&breaks);
            let next = self.next_breaks(&written, width);
            if next.is_empty() {
                return written.text;
            }
            for gap in next {
                breaks[gap] = true;
            }
        }
        self.write(&breaks).text
    }

    /// The gaps to break next: on each line longer than `width` that can break, the
    /// breakable gaps of the lowest depth there, filled greedily (each break where the
    /// next breakable gap would no longer fit). Deeper gaps wait for the next round.
    fn next_breaks(&self, written: &Written, width: usize) -> Vec<usize> {
        let lines: Vec<&str> = written.text.split('\n').collect();
        let widths: Vec<usize> = lines
            .iter()
            .map(|l| l.trim_end_matches('\r').chars().count())
            .collect();
        // Per overlong line: its breakable gaps, in order.
        let mut per_line: Vec<(usize, Vec<usize>)> = Vec::new();
        for gap in 1..self.toks.len() {
            let line = written.gap_line[gap];
            if written.gap_newline[gap]
                || !self.breakable(gap)
                || widths.get(line).is_none_or(|&w| w <= width)
            {
                continue;
            }
            match per_line.last_mut() {
                Some((l, gaps)) if *l == line => gaps.push(gap),
                _ => per_line.push((line, vec![gap])),
            }
        }
        let mut chosen = Vec::new();
        for (line, gaps) in per_line {
            let Some(depth) = gaps.iter().map(|&g| written.gap_depth[g]).min() else {
                continue;
            };
            let indent = lines[line].len() - lines[line].trim_start_matches(' ').len();
            let shallow: Vec<usize> = gaps
                .into_iter()
                .filter(|&g| written.gap_depth[g] == depth)
                .collect();
            fill(
                &shallow,
                &written.gap_col,
                widths[line],
                indent + INDENT,
                width,
                &mut chosen,
            );
        }
        chosen
    }

    /// Whether a long line may break at `gap`: after a comma, or before `and`/`or`.
    fn breakable(&self, gap: usize) -> bool {
        let (before, after) = (self.toks[gap - 1], self.toks[gap]);
        if !self.gaps[gap].comments.is_empty() || after.verbatim {
            return false;
        }
        before.class == Class::Comma
            || (matches!(after.class, Class::Word { logical: true }) && before.class.ends_operand())
    }

    /// Writes the tokens with line breaks where the rules put them and at `breaks`.
    fn write(&self, breaks: &[bool]) -> Written {
        let n = self.toks.len();
        let mut w = Writer::new(self.eol, n + 1);
        let mut stack: Vec<Group> = Vec::new();
        for (i, &forced) in breaks.iter().enumerate() {
            let need_newline = self.write_comments(&mut w, &stack, i);
            w.record_gap(i, stack.len());
            if i == n {
                break;
            }
            let tok = self.toks[i];
            let newline = if i == 0 {
                w.has_text() && (need_newline || self.gaps[0].newlines_after > 0)
            } else {
                need_newline || forced || self.must_break(&stack, i) || self.keeps_break(i)
            };
            if newline {
                w.newline(self.gaps[i].newlines_after >= 2);
                w.indent(self.line_indent(&stack, i));
                w.gap_newline[i] = true;
            } else if !self.gaps[i].comments.is_empty() {
                w.push(" ");
            } else if i > 0 {
                w.push(self.space(i));
            }
            w.push(&self.text[tok.start..tok.end]);
            self.track_group(&mut stack, &w, i);
        }
        if w.has_text() {
            w.push(self.eol);
        }
        w.finish()
    }

    /// Writes the comments of gap `i`; returns whether a line break must follow them.
    fn write_comments(&self, w: &mut Writer, stack: &[Group], i: usize) -> bool {
        let mut need_newline = false;
        for comment in &self.gaps[i].comments {
            if w.has_text() && (comment.newlines_before > 0 || need_newline) {
                w.newline(comment.newlines_before >= 2);
                w.indent(self.comment_indent(stack, i));
            } else if w.has_text() {
                w.push(" ");
            }
            w.push(&self.text[comment.range.clone()]);
            need_newline = comment.to_line_end;
        }
        need_newline
    }

    /// Whether the rules put a line break before token `i` (`i > 0`).
    fn must_break(&self, stack: &[Group], i: usize) -> bool {
        let (prev, tok) = (self.toks[i - 1], self.toks[i]);
        tok.class == Class::Pipe
            || (prev.class == Class::Semi && stack.last().is_none_or(|g| g.block))
            || (prev.class.opens() && self.block[i - 1])
            || (tok.class.closes() && stack.last().is_some_and(|g| g.block))
    }

    /// Whether the author's line break before token `i` stays: always, except right
    /// after a `|` (the operator goes on the pipe's line), before a block's opener and
    /// after its closer (`join (` and `) on X` stay on the operator's line).
    fn keeps_break(&self, i: usize) -> bool {
        let gap = &self.gaps[i];
        if gap.newlines_after == 0 {
            return false;
        }
        if !gap.comments.is_empty() {
            return true;
        }
        let (prev, tok) = (self.toks[i - 1], self.toks[i]);
        let opens_block = tok.class.opens() && self.block[i];
        let closes_block = prev.class.closes() && self.closes_block(i - 1);
        !(prev.class == Class::Pipe || opens_block || closes_block)
    }

    /// Whether the closing token `i` ends a block group.
    fn closes_block(&self, i: usize) -> bool {
        self.partner[i].is_some_and(|open| self.block[open])
    }

    /// The indentation of a line that starts with token `i`.
    fn line_indent(&self, stack: &[Group], i: usize) -> usize {
        let tok = self.toks[i];
        let Some(top) = stack.last() else {
            return if self.starts_statement(i) { 0 } else { INDENT };
        };
        if tok.class.closes() {
            top.opener_line
        } else if self.starts_statement(i) || !top.block {
            top.content
        } else {
            top.content + INDENT
        }
    }

    /// Whether token `i` starts a statement or an operator: the first token, a `|`, the
    /// token after a `;` or after a block's opener.
    fn starts_statement(&self, i: usize) -> bool {
        if i == 0 || self.toks[i].class == Class::Pipe {
            return true;
        }
        let prev = self.toks[i - 1];
        prev.class == Class::Semi || (prev.class.opens() && self.block[i - 1])
    }

    /// The indentation of a comment on its own line before token `i`: the token's, or
    /// inside the group when the token closes it.
    fn comment_indent(&self, stack: &[Group], i: usize) -> usize {
        match (self.toks.get(i), stack.last()) {
            (Some(tok), Some(top)) if tok.class.closes() => top.content,
            (Some(_), _) => self.line_indent(stack, i),
            (None, _) => 0,
        }
    }

    /// Opens or closes a group at token `i`.
    fn track_group(&self, stack: &mut Vec<Group>, w: &Writer, i: usize) {
        let class = self.toks[i].class;
        if class.opens() {
            stack.push(Group {
                block: self.block[i],
                content: w.line_indent + INDENT,
                opener_line: w.line_indent,
            });
        } else if class.closes() {
            stack.pop();
        }
    }

    /// The blank between tokens `i - 1` and `i` on one line: `""` or `" "`.
    fn space(&self, i: usize) -> &'static str {
        let (a, b) = (self.toks[i - 1], self.toks[i]);
        let kept = if self.gaps[i].empty { "" } else { " " };
        if b.verbatim {
            return kept;
        }
        match (a.class, b.class) {
            (Class::Pipe, _) => " ",
            (_, Class::Comma | Class::Semi | Class::Close) | (Class::Open, _) => "",
            (Class::Comma, _) | (Class::Compare, _) | (_, Class::Compare) => " ",
            (Class::Assign, _) => self.assign_space(i - 1),
            (_, Class::Assign) => self.assign_space(i),
            (Class::Arith, _) => self.arith_space(i - 1).unwrap_or(kept),
            (_, Class::Arith) => self.arith_space(i).unwrap_or(kept),
            _ => kept,
        }
    }

    /// `=` is spaced on both sides when written with a blank on either (`x=1` stays).
    fn assign_space(&self, op: usize) -> &'static str {
        if self.gaps[op].empty && self.gaps[op + 1].empty {
            ""
        } else {
            " "
        }
    }

    /// A binary `+ - / %` between two operands is spaced on both sides, unless it is
    /// written like a sign (`x -1`); `None` leaves the blanks as written.
    fn arith_space(&self, op: usize) -> Option<&'static str> {
        let before = op.checked_sub(1).map(|p| self.toks[p].class);
        let after = self.toks.get(op + 1).map(|t| t.class);
        let binary =
            before.is_some_and(Class::ends_operand) && after.is_some_and(Class::starts_operand);
        let (spaced_before, spaced_after) = (!self.gaps[op].empty, !self.gaps[op + 1].empty);
        (binary && (spaced_after || !spaced_before)).then_some(" ")
    }
}

/// Greedy filling of one line: the gaps (in order, with their columns) to break at so
/// that each piece fits in `width` where it can, the pieces after a break starting at
/// about column `continuation`. A piece too long between two gaps is broken at both.
fn fill(
    gaps: &[usize],
    cols: &[usize],
    line_width: usize,
    continuation: usize,
    width: usize,
    out: &mut Vec<usize>,
) {
    // Columns are of the unbroken line; `shift` moves them to the current piece.
    let mut shift = 0isize;
    let mut fitting: Option<usize> = None;
    let fits = |col: usize, shift: isize| (col as isize - shift) <= width as isize;
    for &gap in gaps {
        if !fits(cols[gap], shift) {
            match fitting.take() {
                Some(prev) => {
                    out.push(prev);
                    shift = cols[prev] as isize - continuation as isize;
                    if !fits(cols[gap], shift) {
                        out.push(gap);
                        shift = cols[gap] as isize - continuation as isize;
                        continue;
                    }
                }
                None => {
                    out.push(gap);
                    shift = cols[gap] as isize - continuation as isize;
                    continue;
                }
            }
        }
        fitting = Some(gap);
    }
    if let Some(last) = fitting
        && !fits(line_width, shift)
    {
        out.push(last);
    }
}

/// Which opening tokens start a block (a group with a `|` or `;` directly inside), and
/// each closing token's opener. `None` when the brackets do not pair up.
fn find_blocks(toks: &[Tok]) -> Option<(Vec<bool>, Vec<Option<usize>>)> {
    let mut block = vec![false; toks.len()];
    let mut partner = vec![None; toks.len()];
    let mut open: Vec<usize> = Vec::new();
    for (i, tok) in toks.iter().enumerate() {
        match tok.class {
            c if c.opens() => open.push(i),
            c if c.closes() => partner[i] = Some(open.pop()?),
            Class::Pipe | Class::Semi => {
                if let Some(&o) = open.last() {
                    block[o] = true;
                }
            }
            _ => {}
        }
    }
    open.is_empty().then_some((block, partner))
}

/// The output being built, with its current line and column.
struct Writer {
    text: String,
    eol: &'static str,
    line: usize,
    col: usize,
    line_indent: usize,
    gap_line: Vec<usize>,
    gap_col: Vec<usize>,
    gap_newline: Vec<bool>,
    gap_depth: Vec<usize>,
}

impl Writer {
    fn new(eol: &'static str, gaps: usize) -> Writer {
        Writer {
            text: String::new(),
            eol,
            line: 0,
            col: 0,
            line_indent: 0,
            gap_line: vec![0; gaps],
            gap_col: vec![0; gaps],
            gap_newline: vec![false; gaps],
            gap_depth: vec![0; gaps],
        }
    }

    fn has_text(&self) -> bool {
        !self.text.is_empty()
    }

    fn record_gap(&mut self, gap: usize, depth: usize) {
        self.gap_line[gap] = self.line;
        self.gap_col[gap] = self.col;
        self.gap_depth[gap] = depth;
    }

    /// Appends text that may hold line breaks (multi-line strings and comments).
    fn push(&mut self, s: &str) {
        self.text.push_str(s);
        match s.rfind('\n') {
            Some(at) => {
                self.line += s.matches('\n').count();
                self.col = s[at + 1..].chars().count();
            }
            None => self.col += s.chars().count(),
        }
    }

    /// Ends the line (trailing blanks removed), with a blank line after it when asked.
    fn newline(&mut self, blank: bool) {
        let kept = self.text.trim_end_matches([' ', '\t']).len();
        self.text.truncate(kept);
        let eol = self.eol;
        self.push(eol);
        if blank {
            self.push(eol);
        }
    }

    fn indent(&mut self, width: usize) {
        self.line_indent = width;
        self.push(&" ".repeat(width));
    }

    fn finish(self) -> Written {
        Written {
            text: self.text,
            gap_line: self.gap_line,
            gap_col: self.gap_col,
            gap_newline: self.gap_newline,
            gap_depth: self.gap_depth,
        }
    }
}

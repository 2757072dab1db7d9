//! Rustdoc text of generated items: a schema's docs and the generator's facts, wrapped and
//! escaped so that rustdoc renders them as written and never runs or warns on them.

use crate::model::Model;
use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc = "..."]` lines for an item, wrapped and escaped for rustdoc; nothing for no text.
pub(crate) fn docs(text: &str) -> TokenStream {
    if text.trim().is_empty() {
        return TokenStream::new();
    }
    let lines = doc_lines(text);
    quote! { #( #[doc = #lines] )* }
}

/// `#![doc = "..."]` lines for a module.
pub(crate) fn inner_docs(text: &str) -> TokenStream {
    let lines = doc_lines(text);
    quote! { #( #![doc = #lines] )* }
}

/// Docs of an optional description followed by generator facts (each its own paragraph).
pub(crate) fn docs_with(text: Option<&str>, facts: &[String]) -> TokenStream {
    let mut all = text.map(str::to_string).unwrap_or_default();
    for fact in facts {
        if !all.is_empty() {
            all.push_str("\n\n");
        }
        all.push_str(fact);
    }
    docs(&all)
}

/// The HTTP facts of an operation, written the same way in the docs of everything generated
/// for it (client method, server method, route): method, path, success status, and the
/// modelled errors.
pub(crate) fn operation_facts(model: &Model, op: &crate::model::Operation) -> Vec<String> {
    let unmodelled = crate::naming::UNMODELLED_VARIANT;
    let route = format!(
        "`{} {}` returns `{}` on success{}.",
        op.method.as_str(),
        op.path.raw,
        op.success,
        if op.output.is_some() {
            ""
        } else {
            ", with no output"
        }
    );
    let errors: Vec<String> = op
        .errors
        .iter()
        .map(|id| {
            let e = model.error(*id);
            format!("`{}` ({})", e.rust_name, e.status)
        })
        .collect();
    let errors = if errors.is_empty() {
        format!("Errors: none modelled; any error response is `{unmodelled}`.")
    } else {
        format!(
            "Errors: {}; any other error response is `{unmodelled}`.",
            errors.join(", ")
        )
    };
    vec![route, errors]
}

/// Splits text into doc lines of at most about 90 columns, each starting with a space,
/// so that rustdoc renders it as the schema wrote it and never runs or warns on it:
/// - a fenced block (```` ``` ```` or `~~~`) is kept line for line but marked ```` ```text ````,
///   so it is never compiled as a doctest nor parsed as Rust;
/// - in other text, what rustdoc reads as links, HTML or emphasis is escaped (outside
///   code spans), and URLs become autolinks (`<https://...>`, no `bare_urls` warning);
/// - in a paragraph whose backticks do not pair up as single-backtick code spans, every
///   backtick is escaped, so a stray one cannot turn the rest into code or unescape it.
fn doc_lines(text: &str) -> Vec<String> {
    let lines: Vec<&str> = text.trim().split('\n').collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if let Some(marker) = fence(lines[i]) {
            // The block keeps its own fence character, so a line of the other kind inside
            // it stays content; tabs become spaces (clippy: `tabs_in_doc_comments`).
            out.push(format!(" {marker}text"));
            i += 1;
            while i < lines.len() && fence(lines[i]) != Some(marker) {
                out.push(format!(" {}", lines[i].trim_end().replace('\t', "    ")));
                i += 1;
            }
            out.push(format!(" {marker}"));
            i += 1;
            continue;
        }
        if lines[i].trim().is_empty() {
            out.push(String::new());
            i += 1;
            continue;
        }
        let start = i;
        while i < lines.len() && !lines[i].trim().is_empty() && fence(lines[i]).is_none() {
            i += 1;
        }
        paragraph(&lines[start..i], &mut out);
    }
    out
}

/// One paragraph (no blank line, no fence) as wrapped doc lines. A list item's wrapped
/// lines, and the lines after it up to the next item, are indented under its text, as
/// Markdown reads them anyway (clippy: `doc_lazy_continuation`); a wrapped line never starts
/// with a word that would open a block (a list marker or a fence).
fn paragraph(lines: &[&str], out: &mut Vec<String>) {
    let ticks: usize = lines.iter().map(|l| l.matches('`').count()).sum();
    let spans_pair = ticks % 2 == 0 && !lines.iter().any(|l| l.contains("``"));
    let mut in_code = false;
    let mut indent = 0;
    for text_line in lines {
        let mut words = text_line.split_whitespace().peekable();
        if let Some(marker) = words.peek().filter(|w| is_list_marker(w)) {
            indent = marker.len() + 1;
        }
        let pad = " ".repeat(indent);
        let mut line = String::new();
        let mut first = true;
        for word in words {
            let escaped = escape_doc(word, &mut in_code, spans_pair);
            if !line.is_empty() && line.len() + escaped.len() > 90 && !opens_block(&escaped) {
                out.push(std::mem::take(&mut line));
            }
            if line.is_empty() {
                line.push(' ');
                if !(first && is_list_marker(word)) {
                    line.push_str(&pad);
                }
            } else {
                line.push(' ');
            }
            line.push_str(&escaped);
            first = false;
        }
        out.push(line);
    }
}

/// A Markdown list marker: `-`, `+`, or a number and `.` or `)` (`*` is always escaped).
fn is_list_marker(word: &str) -> bool {
    matches!(word, "-" | "+")
        || word
            .strip_suffix(['.', ')'])
            .is_some_and(|n| !n.is_empty() && n.len() <= 9 && n.bytes().all(|b| b.is_ascii_digit()))
}

/// Whether a (escaped) word at the start of a line would open a block.
fn opens_block(word: &str) -> bool {
    is_list_marker(word) || word.starts_with("~~~") || word.starts_with("```")
}

/// The fence marker (```` ``` ```` or `~~~`) a line opens or closes a code block with.
fn fence(line: &str) -> Option<&'static str> {
    let t = line.trim_start();
    ["```", "~~~"].into_iter().find(|m| t.starts_with(m))
}

/// Escapes one word for rustdoc (see [`doc_lines`]); `in_code` carries the code-span state
/// from word to word, and `spans` says whether backticks make code spans at all.
fn escape_doc(word: &str, in_code: &mut bool, spans: bool) -> String {
    let code_word = spans && word.contains('`');
    // A URL has a `:`; looking for that one byte first skips the two substring searches on
    // nearly every word, where they would be a hot spot of the whole run.
    if !*in_code && !code_word && word.contains(':') {
        if let Some(start) = word.find("https://").or_else(|| word.find("http://")) {
            let rest = &word[start..];
            let end = rest
                .find(['<', '>', '"', '\'', '\\', '[', ']', '`'])
                .unwrap_or(rest.len());
            let url = rest[..end].trim_end_matches(|c: char| ".,;:!?)}".contains(c));
            if url.len() > "https://".len() {
                let mut out = escape_text(&word[..start], in_code, spans);
                out.push('<');
                out.push_str(url);
                out.push('>');
                out.push_str(&escape_text(&rest[url.len()..], in_code, spans));
                return out;
            }
        }
    }
    escape_text(word, in_code, spans)
}

/// Escapes the characters rustdoc treats as markup outside code spans.
fn escape_text(text: &str, in_code: &mut bool, spans: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c == '`' && spans {
            *in_code = !*in_code;
        } else if c == '`'
            || (!*in_code
                && (matches!(c, '<' | '>' | '[' | ']' | '*' | '\\')
                    || (c == '#' && out.is_empty())))
        {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::doc_lines;

    #[test]
    fn fenced_blocks_are_text_and_kept_line_for_line() {
        let lines = doc_lines("Example:\n\n```\nlet x = [1];\n\tindented\n```\nafter");
        assert_eq!(
            lines,
            [
                " Example:",
                "",
                " ```text",
                " let x = [1];",
                "     indented",
                " ```",
                " after"
            ]
        );
        // A `~~~` block keeps a ``` line as content.
        let lines = doc_lines("~~~\n```\n~~~");
        assert_eq!(lines, [" ~~~text", " ```", " ~~~"]);
    }

    #[test]
    fn markup_outside_code_spans_is_escaped() {
        assert_eq!(
            doc_lines("a <b> [c] *d* \\e `<kept> [as] *code*`"),
            [" a \\<b\\> \\[c\\] \\*d\\* \\\\e `<kept> [as] *code*`"]
        );
        // A `#` that starts a word, which wrapping could put first on a line, and no other.
        assert_eq!(
            doc_lines("# not a heading, #1 a#b"),
            [" \\# not a heading, \\#1 a#b"]
        );
    }

    #[test]
    fn urls_become_autolinks_without_their_punctuation() {
        assert_eq!(
            doc_lines("See https://example.com/a_b. Or (http://x.io/p)."),
            [" See <https://example.com/a_b>. Or (<http://x.io/p>)."]
        );
        // Inside a code span a URL stays as written.
        assert_eq!(doc_lines("`https://x.io`"), [" `https://x.io`"]);
    }

    #[test]
    fn unpaired_backticks_are_all_escaped() {
        assert_eq!(doc_lines("a `b c"), [" a \\`b c"]);
        assert_eq!(doc_lines("a ``b`` c"), [" a \\`\\`b\\`\\` c"]);
    }

    #[test]
    fn long_lines_wrap_and_list_items_stay_indented() {
        let word = "word ".repeat(30);
        let lines = doc_lines(&format!("- {word}"));
        assert!(lines.len() > 1, "{lines:?}");
        assert!(lines.iter().all(|l| l.len() <= 96), "{lines:?}");
        assert!(lines[0].starts_with(" - word"));
        assert!(
            lines[1..].iter().all(|l| l.starts_with("   word")),
            "{lines:?}"
        );
        // A wrapped line never starts with a list marker.
        let lines = doc_lines(&format!("{}1. two", "x".repeat(88)));
        assert!(lines.iter().all(|l| !l.starts_with(" 1.")), "{lines:?}");
    }
}

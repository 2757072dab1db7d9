//! The IDL's tokens: words (identifiers and shape ids), strings and text blocks, numbers,
//! punctuation, and `///` documentation comments; commas and `//` comments are whitespace.

use std::ops::Range;

/// What a token is.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Tok {
    /// An identifier or a shape id (`String`, `smithy.api#String`, `Foo$bar`).
    Word(String),
    /// A quoted string or a text block, unescaped.
    Str(String),
    /// A number as written.
    Number(String),
    /// A `///` comment's text (one leading space removed).
    Doc(String),
    /// One of `{ } [ ] ( ) : = @ $`, or `:=` (as `'≔'`).
    Punct(char),
}

/// A token and where it is (byte offsets in its file).
#[derive(Debug, Clone)]
pub(super) struct Token {
    pub(super) tok: Tok,
    pub(super) at: Range<usize>,
}

/// Why the text does not lex, and where.
#[derive(Debug, Clone)]
pub(super) struct LexError {
    pub(super) message: String,
    pub(super) at: usize,
}

/// The tokens of `text`.
pub(super) fn lex(text: &str) -> Result<Vec<Token>, LexError> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let start = i;
        match c {
            b' ' | b'\t' | b'\r' | b'\n' | b',' => i += 1,
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                let end = text[i..].find('\n').map_or(bytes.len(), |n| i + n);
                if bytes.get(i + 2) == Some(&b'/') {
                    let line = &text[i + 3..end];
                    let line = line
                        .strip_prefix(' ')
                        .unwrap_or(line)
                        .trim_end_matches('\r');
                    out.push(Token {
                        tok: Tok::Doc(line.to_string()),
                        at: start..end,
                    });
                }
                i = end;
            }
            b'"' => {
                let (value, end) = if text[i..].starts_with("\"\"\"") {
                    text_block(text, i)?
                } else {
                    quoted(text, i)?
                };
                out.push(Token {
                    tok: Tok::Str(value),
                    at: start..end,
                });
                i = end;
            }
            b':' if bytes.get(i + 1) == Some(&b'=') => {
                out.push(Token {
                    tok: Tok::Punct('≔'),
                    at: start..i + 2,
                });
                i += 2;
            }
            b'{' | b'}' | b'[' | b']' | b'(' | b')' | b':' | b'=' | b'@' | b'$' => {
                out.push(Token {
                    tok: Tok::Punct(c as char),
                    at: start..i + 1,
                });
                i += 1;
            }
            b'-' | b'0'..=b'9' => {
                i += 1;
                while i < bytes.len()
                    && (bytes[i].is_ascii_digit()
                        || matches!(bytes[i], b'.' | b'e' | b'E' | b'+')
                        || (bytes[i] == b'-' && matches!(bytes[i - 1], b'e' | b'E')))
                {
                    i += 1;
                }
                let number = &text[start..i];
                if number.parse::<f64>().is_err() {
                    return Err(LexError {
                        message: format!("`{number}` is not a number"),
                        at: start,
                    });
                }
                out.push(Token {
                    tok: Tok::Number(number.to_string()),
                    at: start..i,
                });
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                while i < bytes.len()
                    && (bytes[i].is_ascii_alphanumeric()
                        || matches!(bytes[i], b'_' | b'.' | b'#' | b'$'))
                {
                    i += 1;
                }
                out.push(Token {
                    tok: Tok::Word(text[start..i].to_string()),
                    at: start..i,
                });
            }
            _ => {
                let ch = text[i..].chars().next().unwrap_or('?');
                return Err(LexError {
                    message: format!("unexpected `{ch}`"),
                    at: start,
                });
            }
        }
    }
    Ok(out)
}

/// A quoted string starting at `start`: its value and the offset after it.
fn quoted(text: &str, start: usize) -> Result<(String, usize), LexError> {
    let bytes = text.as_bytes();
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return Ok((unescape(&text[start + 1..i], start + 1)?, i + 1)),
            _ => i += 1,
        }
    }
    Err(LexError {
        message: "the string is not closed".to_string(),
        at: start,
    })
}

/// `body` (at offset `at`) with its escapes applied.
fn unescape(body: &str, at: usize) -> Result<String, LexError> {
    let mut out = String::with_capacity(body.len());
    let mut chars = body.char_indices();
    while let Some((i, c)) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let Some((j, e)) = chars.next() else { break };
        match e {
            '"' | '\\' | '/' | '\'' => out.push(e),
            'n' => out.push('\n'),
            't' => out.push('\t'),
            'r' => out.push('\r'),
            'b' => out.push('\u{8}'),
            'f' => out.push('\u{c}'),
            // An escaped line break joins the lines.
            '\n' => {}
            'u' => {
                let hex = body.get(j + 1..j + 5).unwrap_or("");
                let code = u32::from_str_radix(hex, 16).ok().and_then(char::from_u32);
                let Some(code) = code else {
                    return Err(LexError {
                        message: format!("`\\u{hex}` is not a character"),
                        at: at + i,
                    });
                };
                out.push(code);
                for _ in 0..4 {
                    chars.next();
                }
            }
            other => {
                return Err(LexError {
                    message: format!("unknown escape `\\{other}`"),
                    at: at + i,
                })
            }
        }
    }
    Ok(out)
}

/// A text block (`"""` ... `"""`) starting at `start`: its value (the first line break
/// dropped, the incidental indentation and trailing spaces removed, escapes applied) and
/// the offset after it.
fn text_block(text: &str, start: usize) -> Result<(String, usize), LexError> {
    let body_start = start + 3;
    let Some(len) = text[body_start..].find("\"\"\"") else {
        return Err(LexError {
            message: "the text block is not closed".to_string(),
            at: start,
        });
    };
    // An escaped quote before the closing one is part of the text: skip past `\"""`.
    let mut end = body_start + len;
    while text[..end].ends_with('\\') {
        match text[end + 1..].find("\"\"\"") {
            Some(n) => end = end + 1 + n,
            None => break,
        }
    }
    let raw = &text[body_start..end];
    let Some(raw) = raw.strip_prefix('\n').or_else(|| raw.strip_prefix("\r\n")) else {
        return Err(LexError {
            message: "a text block starts with a line break after `\"\"\"`".to_string(),
            at: start,
        });
    };
    let lines: Vec<&str> = raw.split('\n').collect();
    // The indentation shared by the non-blank lines and the closing line.
    let last = lines.len() - 1;
    let indent = lines
        .iter()
        .enumerate()
        .filter(|(i, l)| *i == last || !l.trim().is_empty())
        .map(|(_, l)| l.len() - l.trim_start_matches([' ', '\t']).len())
        .min()
        .unwrap_or(0);
    let mut normalized = String::new();
    for (i, line) in lines.iter().enumerate() {
        let line = line.trim_end_matches('\r');
        let line = line
            .get(indent..)
            .unwrap_or("")
            .trim_end_matches([' ', '\t']);
        normalized.push_str(line);
        if i < last {
            normalized.push('\n');
        }
    }
    // Escapes, as in a quoted string.
    let value = unescape(&normalized, body_start).map_err(|e| LexError { at: start, ..e })?;
    Ok((value, end + 3))
}

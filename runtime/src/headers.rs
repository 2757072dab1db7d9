//! Header values: lists joined with commas (quoted where a value needs it), lists of HTTP
//! dates, and JSON text carried in base64 (members with `json_value`).

use crate::blob::{from_base64, to_base64};

/// Joins list values into one header value with `, `. A value that is empty, contains `,`
/// or `"`, or starts or ends with whitespace is quoted, with `"` and `\` escaped by a
/// backslash: `["a,b", "c"]` is `"a,b", c`. [`split_header_list`] reads it back. Not for
/// HTTP dates, which the protocol lists unquoted (`dates.join(", ")`, read back with
/// [`split_http_date_list`]).
pub fn join_header_list<I: IntoIterator<Item = S>, S: AsRef<str>>(values: I) -> String {
    let mut out = String::new();
    for (i, value) in values.into_iter().enumerate() {
        let value = value.as_ref();
        if i > 0 {
            out.push_str(", ");
        }
        let quote = value.is_empty()
            || value.contains([',', '"'])
            || value.trim_matches([' ', '\t']).len() != value.len();
        if !quote {
            out.push_str(value);
            continue;
        }
        out.push('"');
        for c in value.chars() {
            if matches!(c, '"' | '\\') {
                out.push('\\');
            }
            out.push(c);
        }
        out.push('"');
    }
    out
}

/// Splits a header value into list values: on commas outside quotes, each value trimmed of
/// spaces and tabs, quoted values unquoted (`\x` stands for `x`). An empty header is an
/// empty list; an unterminated quote, or text after a closing quote, is an error.
pub fn split_header_list(text: &str) -> Result<Vec<String>, String> {
    let mut values = Vec::new();
    if text.trim_matches([' ', '\t']).is_empty() {
        return Ok(values);
    }
    let mut rest = text;
    loop {
        rest = rest.trim_start_matches([' ', '\t']);
        let value;
        if let Some(quoted) = rest.strip_prefix('"') {
            let mut unquoted = String::new();
            let (mut chars, mut end) = (quoted.char_indices(), None);
            while let Some((i, c)) = chars.next() {
                match c {
                    '"' => {
                        end = Some(i);
                        break;
                    }
                    '\\' => match chars.next() {
                        Some((_, escaped)) => unquoted.push(escaped),
                        None => break,
                    },
                    _ => unquoted.push(c),
                }
            }
            let end =
                end.ok_or_else(|| format!("unterminated quoted value in header list `{text}`"))?;
            rest = quoted[end + 1..].trim_start_matches([' ', '\t']);
            if !rest.is_empty() && !rest.starts_with(',') {
                return Err(format!("text after a quoted value in header list `{text}`"));
            }
            value = unquoted;
        } else {
            let end = rest.find(',').unwrap_or(rest.len());
            value = rest[..end].trim_end_matches([' ', '\t']).to_string();
            rest = &rest[end..];
        }
        values.push(value);
        match rest.strip_prefix(',') {
            Some(next) => rest = next,
            None => return Ok(values),
        }
    }
}

/// Splits a header value that lists HTTP dates, each of which contains a comma
/// (`Mon, 16 Dec 2019 23:48:18 GMT`), on every second comma. An empty header is an empty
/// list; an odd number of comma-separated parts is an error. The dates are not parsed.
pub fn split_http_date_list(text: &str) -> Result<Vec<String>, String> {
    if text.trim_matches([' ', '\t']).is_empty() {
        return Ok(Vec::new());
    }
    let parts: Vec<&str> = text.split(',').collect();
    if parts.len() % 2 != 0 {
        return Err(format!("not a list of HTTP dates: `{text}`"));
    }
    Ok(parts
        .chunks(2)
        .map(|pair| {
            format!("{},{}", pair[0], pair[1])
                .trim_matches([' ', '\t'])
                .to_string()
        })
        .collect())
}

/// Splits a list header of timestamps written in `format`: HTTP dates contain a comma and
/// are split after every second one; other formats as any list.
pub fn split_timestamp_list(
    text: &str,
    format: crate::TimestampFormat,
) -> Result<Vec<String>, String> {
    match format {
        crate::TimestampFormat::HttpDate => split_http_date_list(text),
        _ => split_header_list(text),
    }
}

/// Every header whose name starts with `prefix` (case-insensitively), keyed by the rest of
/// its lowercase name (a `location: headers` map); `None` when there is none. `Err` names a
/// header whose value is not visible ASCII.
pub fn prefixed_headers(
    headers: &http::HeaderMap,
    prefix: &str,
) -> Result<Option<std::collections::BTreeMap<String, String>>, String> {
    let prefix = prefix.to_ascii_lowercase();
    let mut out = std::collections::BTreeMap::new();
    for (name, value) in headers {
        if let Some(key) = name.as_str().strip_prefix(&prefix) {
            let value = value.to_str().map_err(|_| name.to_string())?;
            out.insert(key.to_string(), value.to_string());
        }
    }
    Ok((!out.is_empty()).then_some(out))
}

/// A header value for a `json_value` member: the JSON text in standard base64.
pub fn encode_json_header(json_text: &str) -> String {
    to_base64(json_text.as_bytes())
}

/// The JSON text of a `json_value` header: it must be base64 of UTF-8 text that is valid
/// JSON.
pub fn decode_json_header(value: &str) -> Result<String, String> {
    let bytes = from_base64(value.trim_matches([' ', '\t']))
        .ok_or_else(|| "a JSON header value must be base64".to_string())?;
    let text = String::from_utf8(bytes)
        .map_err(|_| "a JSON header value must be base64 of UTF-8 text".to_string())?;
    serde_json::from_str::<serde::de::IgnoredAny>(&text)
        .map_err(|e| format!("a JSON header value must be base64 of JSON: {e}"))?;
    Ok(text)
}

//! The schema's YAML text: `serde_yaml`'s output of the [`raw`] schema, laid out for
//! reading.

use crate::raw;

/// The YAML text of a schema: `serde_yaml`'s output with a blank line before each top-level
/// section and each entry of `shapes`, `operations` and `errors`, and with plain scalars
/// that a YAML 1.1 reader would take for a date or a number (`2018-11-29`, `12:30`) quoted.
pub(super) fn to_yaml(schema: &raw::Schema) -> Result<String, String> {
    let text = serde_yaml::to_string(schema).map_err(|e| e.to_string())?;
    let mut out = String::with_capacity(text.len() + text.len() / 20);
    let mut in_section = false;
    let mut previous_top = false;
    // The indentation of the line that opened a block scalar (`docs: |-`) being read.
    let mut block: Option<usize> = None;
    for line in text.lines() {
        let indent = line.len() - line.trim_start_matches(' ').len();
        if let Some(opener) = block {
            if line.is_empty() || indent > opener {
                out.push_str(line);
                out.push('\n');
                continue;
            }
            block = None;
        }
        let top = indent == 0 && !line.is_empty();
        let entry = in_section && indent == 2 && !previous_top;
        if (top && !out.is_empty()) || entry {
            out.push('\n');
        }
        if top {
            in_section = line != "service:";
        }
        previous_top = top;
        if line.ends_with(['|', '>']) || line.ends_with("|-") || line.ends_with(">-") {
            block = Some(indent);
        }
        out.push_str(&quote_ambiguous(line));
        out.push('\n');
    }
    Ok(out)
}

/// `line` with its plain scalar value (after `key: ` or `- `) quoted when YAML 1.1 would
/// read it as a date or a base-60 number.
fn quote_ambiguous(line: &str) -> std::borrow::Cow<'_, str> {
    let body = line.trim_start_matches(' ');
    let value_at = match body.strip_prefix("- ") {
        Some(_) => line.len() - body.len() + 2,
        None => match line.find(": ") {
            Some(i) => i + 2,
            None => return line.into(),
        },
    };
    let value = &line[value_at..];
    let digits_and = |seps: &[char]| {
        value.starts_with(|c: char| c.is_ascii_digit())
            && value.contains(seps)
            && value
                .chars()
                .all(|c| c.is_ascii_digit() || seps.contains(&c))
    };
    if digits_and(&['-']) && value.split('-').count() == 3 || digits_and(&[':']) {
        format!("{}'{value}'", &line[..value_at]).into()
    } else {
        line.into()
    }
}

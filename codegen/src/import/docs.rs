//! botocore's HTML documentation as the plain text of a schema's `docs`.

/// botocore's HTML documentation as plain text: tags stripped, `<code>x</code>` written
/// `` `x` ``, paragraphs separated by a blank line, list items as `- ` lines, the common
/// entities decoded, whitespace collapsed. `None` when nothing is left.
pub fn plain_docs(html: &str) -> Option<String> {
    // (is a list item, text)
    let mut blocks: Vec<(bool, String)> = Vec::new();
    let mut current = String::new();
    let mut item = false;
    fn flush(current: &mut String, item: bool, blocks: &mut Vec<(bool, String)>) {
        let text = current.split_whitespace().collect::<Vec<_>>().join(" ");
        if !text.is_empty() {
            blocks.push((item, text));
        }
        current.clear();
    }
    let mut rest = html;
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            current.push_str(&decode_entities(rest));
            break;
        };
        current.push_str(&decode_entities(&rest[..lt]));
        let after = &rest[lt + 1..];
        let is_tag = after.starts_with(|c: char| c.is_ascii_alphabetic() || c == '/' || c == '!');
        let Some(gt) = after.find('>').filter(|_| is_tag) else {
            current.push('<');
            rest = after;
            continue;
        };
        let tag = &after[..gt];
        rest = &after[gt + 1..];
        let closing = tag.starts_with('/');
        let name = tag
            .trim_start_matches('/')
            .split(|c: char| c.is_whitespace() || c == '/')
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        match name.as_str() {
            "code" => current.push('`'),
            "li" => {
                flush(&mut current, item, &mut blocks);
                item = !closing;
            }
            // A paragraph inside a list item stays in the item.
            "p" | "br" if item => current.push(' '),
            "p" | "br" | "ul" | "ol" | "div" | "dl" | "dt" | "dd" | "note" | "important" | "h1"
            | "h2" | "h3" | "h4" | "h5" | "h6" | "pre" | "table" | "tr" => {
                flush(&mut current, item, &mut blocks)
            }
            _ => {}
        }
    }
    flush(&mut current, item, &mut blocks);
    let mut out = String::new();
    let mut previous_item = false;
    for (i, (is_item, text)) in blocks.iter().enumerate() {
        if i > 0 {
            out.push_str(if *is_item && previous_item {
                "\n"
            } else {
                "\n\n"
            });
        }
        if *is_item {
            out.push_str("- ");
        }
        out.push_str(text);
        previous_item = *is_item;
    }
    (!out.is_empty()).then_some(out)
}

/// `&lt;` `&gt;` `&amp;` `&quot;` `&#39;` `&apos;` `&nbsp;` and numeric references decoded;
/// anything else kept as written.
fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let decoded = after.find(';').filter(|&end| end <= 10).and_then(|end| {
            let name = &after[..end];
            let c = match name {
                "lt" => '<',
                "gt" => '>',
                "amp" => '&',
                "quot" => '"',
                "apos" => '\'',
                "nbsp" => ' ',
                _ => {
                    let number = name.strip_prefix('#')?;
                    let code = match number.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => number.parse().ok()?,
                    };
                    char::from_u32(code)?
                }
            };
            Some((c, end))
        });
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &after[end + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

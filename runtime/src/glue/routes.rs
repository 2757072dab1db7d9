//! What generated route matchers call: a request path walked segment by segment, and the
//! test of a route's constant query parameters.

use crate::decode_segment;

/// The segments of a raw request path, walked in place by generated matchers: a literal is
/// compared without scanning for the next `/`, only a label scans. `Clone` is cheap, so a
/// matcher can go back to try a label after a literal led nowhere.
#[derive(Debug, Clone)]
pub struct Segments<'a> {
    rest: Option<&'a str>,
}

impl<'a> Segments<'a> {
    /// The segments of `path`; `None` when it does not start with `/`. `/` alone has no
    /// segments; a trailing `/` leaves an empty last segment.
    #[inline]
    pub fn new(path: &'a str) -> Option<Self> {
        let rest = path.strip_prefix('/')?;
        Some(Segments {
            rest: (!rest.is_empty()).then_some(rest),
        })
    }
}

impl<'a> Segments<'a> {
    /// Whether every segment has been consumed.
    #[inline]
    pub fn is_end(&self) -> bool {
        self.rest.is_none()
    }

    /// Consumes the next segment if it is exactly `text`. Always inlined: `text` is a
    /// constant at every call site, so the comparison compiles to a few integer compares.
    #[inline(always)]
    pub fn literal(&mut self, text: &str) -> bool {
        let Some(rest) = self.rest else {
            return false;
        };
        let (bytes, n) = (rest.as_bytes(), text.len());
        if bytes.len() < n || &bytes[..n] != text.as_bytes() {
            return false;
        }
        if bytes.len() == n {
            self.rest = None;
            true
        } else if bytes[n] == b'/' {
            self.rest = Some(&rest[n + 1..]);
            true
        } else {
            false
        }
    }

    /// The first byte of the next segment, without consuming it; `None` at the end or
    /// when the segment is empty. The generated matcher switches on it before comparing
    /// literals.
    #[inline]
    pub fn first_byte(&self) -> Option<u8> {
        self.rest
            .and_then(|rest| rest.as_bytes().first().copied())
            .filter(|b| *b != b'/')
    }

    /// Consumes the next segment as a label value; `None` (nothing consumed that matters)
    /// when there is none or it is empty, which no label matches.
    #[inline(always)]
    pub fn label(&mut self) -> Option<&'a str> {
        self.next().filter(|segment| !segment.is_empty())
    }

    /// Consumes every remaining segment as the value of a greedy label, `/` included;
    /// `None` when nothing or only empty text remains.
    #[inline]
    pub fn rest(&mut self) -> Option<&'a str> {
        self.rest.take().filter(|rest| !rest.is_empty())
    }

    /// Consumes every remaining segment as a greedy label followed by the literal segments
    /// `suffix`: the label's value when the rest ends with `/suffix[0]/suffix[1]...` and
    /// something non-empty comes before.
    #[inline]
    pub fn rest_with_suffix(&mut self, suffix: &[&str]) -> Option<&'a str> {
        let mut value = self.rest.take()?;
        for literal in suffix.iter().rev() {
            let cut = value.strip_suffix(literal)?.strip_suffix('/')?;
            value = cut;
        }
        (!value.is_empty()).then_some(value)
    }
}

impl<'a> Iterator for Segments<'a> {
    type Item = &'a str;

    /// Always inlined: generated matchers call it (through [`Segments::label`]) in one
    /// large function, where the plain hint was not taken and every label cost a call.
    #[inline(always)]
    fn next(&mut self) -> Option<&'a str> {
        let rest = self.rest?;
        // A plain byte loop: segments are short, so this beats a memchr call per segment.
        match rest.bytes().position(|b| b == b'/') {
            Some(i) => {
                self.rest = Some(&rest[i + 1..]);
                Some(&rest[..i])
            }
            None => {
                self.rest = None;
                Some(rest)
            }
        }
    }
}

/// Whether a raw query string has every constant parameter of a route: each name present,
/// with the given value where there is one (`mode=import`), or with any value (`force`).
/// Names and values are compared percent-decoded. Allocates only for encoded pairs.
pub fn query_has(query: &str, constants: &[(&str, Option<&str>)]) -> bool {
    constants.iter().all(|(name, value)| {
        query.split('&').any(|pair| {
            let (key, found) = match pair.split_once('=') {
                Some((key, found)) => (key, Some(found)),
                None => (pair, None),
            };
            let same = |text: &str, expected: &str| {
                decode_segment(text).is_ok_and(|decoded| decoded == expected)
            };
            same(key, name) && value.is_none_or(|value| found.is_some_and(|f| same(f, value)))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments() {
        let all = |p| Segments::new(p).map(|s| s.collect::<Vec<_>>());
        assert_eq!(all("/a/b"), Some(vec!["a", "b"]));
        assert_eq!(all("/"), Some(vec![]));
        assert_eq!(all("/a/"), Some(vec!["a", ""]));
        assert_eq!(all("//"), Some(vec!["", ""]));
        assert_eq!(all("a"), None);
        assert_eq!(all(""), None);
        let mut s = Segments::new("/v2/apis/a%2Fb/x").unwrap();
        assert!(!s.literal("v"));
        assert!(s.literal("v2"));
        assert!(!s.literal("api"));
        assert!(s.literal("apis"));
        assert_eq!(s.label(), Some("a%2Fb"));
        assert!(!s.is_end());
        assert!(s.literal("x"));
        assert!(s.is_end());
        assert_eq!(Segments::new("/a/").unwrap().label(), Some("a"));
        let mut s = Segments::new("//").unwrap();
        assert_eq!(s.label(), None);
    }
}

//! The environment variables that size and seed the long-running tests. A variable that is
//! set must parse, and a count or a number of seconds must be at least 1: a typo or a zero
//! fails the test with a message instead of making it check nothing (or something else).

/// A count or a number of seconds, `default` when unset: at least 1.
pub fn positive(name: &str, default: u64) -> u64 {
    read(name, |text| positive_value(name, text)).unwrap_or(default)
}

/// As [`positive`], for a knob that is off (`None`) when unset.
pub fn optional_positive(name: &str) -> Option<u64> {
    read(name, |text| positive_value(name, text))
}

/// A seed, `default` when unset: decimal, or hexadecimal after `0x` as the tests print
/// seeds (`case 7 of seed 0xc0ffee5eed`).
pub fn seed(name: &str, default: u64) -> u64 {
    read(name, |text| seed_value(name, text)).unwrap_or(default)
}

/// `name`'s value through `parse`, `None` when unset.
fn read<T>(name: &str, parse: impl Fn(&str) -> T) -> Option<T> {
    match std::env::var(name) {
        Err(std::env::VarError::NotPresent) => None,
        Err(e) => panic!("{name}: {e}"),
        Ok(text) => Some(parse(&text)),
    }
}

fn positive_value(name: &str, text: &str) -> u64 {
    match text.trim().parse::<u64>() {
        Ok(0) => panic!("{name}={text:?}: must be at least 1 (a zero would check nothing)"),
        Ok(n) => n,
        Err(e) => panic!("{name}={text:?}: {e}"),
    }
}

fn seed_value(name: &str, text: &str) -> u64 {
    let parsed = match text.trim().strip_prefix("0x") {
        Some(hex) => u64::from_str_radix(hex, 16),
        None => text.trim().parse(),
    };
    parsed.unwrap_or_else(|e| panic!("{name}={text:?}: {e}"))
}

/// The message of the panic `f` raises.
fn panic_message(f: impl FnOnce() -> u64) -> String {
    let payload = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f))
        .expect_err("the value was accepted");
    payload.downcast_ref::<String>().cloned().unwrap()
}

#[test]
fn zero_and_unparsable_values_are_refused() {
    assert_eq!(positive_value("N", "12"), 12);
    assert_eq!(
        panic_message(|| positive_value("N", "0")),
        "N=\"0\": must be at least 1 (a zero would check nothing)"
    );
    assert_eq!(
        panic_message(|| positive_value("N", "twelve")),
        "N=\"twelve\": invalid digit found in string"
    );
    assert_eq!(
        panic_message(|| positive_value("N", "")),
        "N=\"\": cannot parse integer from empty string"
    );
    assert_eq!(seed_value("S", "0xc0ffee5eed"), 0xc0_ffee_5eed);
    assert_eq!(seed_value("S", "17"), 17);
    assert_eq!(seed_value("S", "0"), 0, "any seed is a seed");
    assert_eq!(
        panic_message(|| seed_value("S", "c0ffee")),
        "S=\"c0ffee\": invalid digit found in string"
    );
    assert_eq!(
        panic_message(|| seed_value("S", "0xg")),
        "S=\"0xg\": invalid digit found in string"
    );
}

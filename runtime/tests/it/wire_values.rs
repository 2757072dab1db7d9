//! The value-level wire forms of the README's schema reference: timestamp formats, floats
//! with NaN and the infinities, blobs, documents, header lists, JSON headers, unions and
//! idempotency tokens.

use proptest::prelude::*;
use restgen_runtime::{self as rt, Blob, Timestamp, TimestampFormat};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::BTreeMap;

use TimestampFormat::{DateTime, EpochSeconds, HttpDate};

/// 2019-12-16T23:48:18Z, the protocol tests' favourite instant.
const T: i64 = 1_576_540_098_000;

#[test]
fn timestamps_format_exactly() {
    let cases: &[(i64, &str, &str, &str)] = &[
        (
            T,
            "1576540098",
            "2019-12-16T23:48:18Z",
            "Mon, 16 Dec 2019 23:48:18 GMT",
        ),
        (
            T + 520,
            "1576540098.52",
            "2019-12-16T23:48:18.52Z",
            "Mon, 16 Dec 2019 23:48:18 GMT",
        ),
        (T + 500, "1576540098.5", "2019-12-16T23:48:18.5Z", ""),
        (T + 523, "1576540098.523", "2019-12-16T23:48:18.523Z", ""),
        (T + 7, "1576540098.007", "2019-12-16T23:48:18.007Z", ""),
        (
            0,
            "0",
            "1970-01-01T00:00:00Z",
            "Thu, 01 Jan 1970 00:00:00 GMT",
        ),
        (
            -1500,
            "-1.5",
            "1969-12-31T23:59:58.5Z",
            "Wed, 31 Dec 1969 23:59:58 GMT",
        ),
        (
            -62_135_596_800_000,
            "-62135596800",
            "0001-01-01T00:00:00Z",
            "Mon, 01 Jan 0001 00:00:00 GMT",
        ),
        (
            253_402_300_799_999,
            "253402300799.999",
            "9999-12-31T23:59:59.999Z",
            "Fri, 31 Dec 9999 23:59:59 GMT",
        ),
        (
            951_782_400_000,
            "951782400",
            "2000-02-29T00:00:00Z",
            "Tue, 29 Feb 2000 00:00:00 GMT",
        ),
    ];
    for &(millis, epoch, date_time, http_date) in cases {
        let t = Timestamp::from_millis(millis);
        assert_eq!(t.format(EpochSeconds), epoch, "{millis}");
        assert_eq!(t.format(DateTime), date_time, "{millis}");
        if !http_date.is_empty() {
            assert_eq!(t.format(HttpDate), http_date, "{millis}");
        }
    }
}

#[test]
fn timestamps_outside_years_1_to_9999_clamp_and_never_panic() {
    for millis in [i64::MIN, i64::MIN + 1, -62_135_596_800_001, i64::MAX] {
        let t = Timestamp::from_millis(millis);
        let epoch = t.format(EpochSeconds);
        assert_eq!(Timestamp::parse(&epoch, EpochSeconds), Some(t), "{epoch}");
        let (date_time, http_date) = (t.format(DateTime), t.format(HttpDate));
        if millis < 0 {
            assert_eq!(date_time, "0001-01-01T00:00:00Z");
            assert_eq!(http_date, "Mon, 01 Jan 0001 00:00:00 GMT");
        } else {
            assert_eq!(date_time, "9999-12-31T23:59:59.999Z");
            assert_eq!(http_date, "Fri, 31 Dec 9999 23:59:59 GMT");
        }
    }
    assert_eq!(
        Timestamp::from_millis(i64::MIN).format(EpochSeconds),
        "-9223372036854775.808"
    );
}

#[test]
fn timestamps_parse_each_format_strictly() {
    let t = Timestamp::from_millis(T);
    let accepted: &[(&str, TimestampFormat, i64)] = &[
        ("1576540098", EpochSeconds, T),
        ("1576540098.52", EpochSeconds, T + 520),
        ("1576540098.5204", EpochSeconds, T + 520),
        ("1576540098.5205", EpochSeconds, T + 521),
        ("-1.5", EpochSeconds, -1500),
        ("1.576540098e9", EpochSeconds, T),
        ("15765400985E-1", EpochSeconds, T + 500),
        ("2019-12-16T23:48:18Z", DateTime, T),
        ("2019-12-16t23:48:18z", DateTime, T),
        ("2019-12-16T22:48:18-01:00", DateTime, T),
        ("2019-12-17T01:18:18+01:30", DateTime, T),
        ("2019-12-16T23:48:18.52Z", DateTime, T + 520),
        ("2019-12-16T23:48:18.5239999Z", DateTime, T + 523),
        ("Mon, 16 Dec 2019 23:48:18 GMT", HttpDate, T),
    ];
    for &(text, format, millis) in accepted {
        let parsed = Timestamp::parse(text, format);
        assert_eq!(parsed, Some(Timestamp::from_millis(millis)), "{text}");
        // What a server reads outside the body: any of the three.
        assert_eq!(Timestamp::parse_text(text), parsed, "{text}");
    }
    let rejected: &[(&str, TimestampFormat)] = &[
        ("", EpochSeconds),
        ("NaN", EpochSeconds),
        ("inf", EpochSeconds),
        ("-infinity", EpochSeconds),
        ("1e300", EpochSeconds),
        ("1.", EpochSeconds),
        (".5", EpochSeconds),
        ("1 ", EpochSeconds),
        ("0x10", EpochSeconds),
        ("9223372036854776", EpochSeconds),
        ("2019-12-16T23:48:18Z", EpochSeconds),
        ("1576540098", DateTime),
        ("2019-12-16T23:48:18", DateTime),
        ("2019-12-16 23:48:18Z", DateTime),
        ("2019-12-16T23:48:18.Z", DateTime),
        ("2019-12-16T23:48:18+0100", DateTime),
        ("2019-12-32T23:48:18Z", DateTime),
        ("Mon, 16 Dec 2019 23:48:18 GMT", DateTime),
        ("2019-12-16T23:48:18Z", HttpDate),
        ("Mon, 16 Dec 2019 23:48:18 UTC", HttpDate),
        ("Mon, 16 Dec 2019 23:48:18.5 GMT", HttpDate),
        ("Monday, 16 Dec 2019 23:48:18 GMT", HttpDate),
        ("Mon, 6 Dec 2019 23:48:18 GMT", HttpDate),
        ("1576540098", HttpDate),
    ];
    for &(text, format) in rejected {
        assert_eq!(Timestamp::parse(text, format), None, "{text} as {format:?}");
    }
    assert_eq!(t.format(HttpDate), "Mon, 16 Dec 2019 23:48:18 GMT");
}

/// Every millisecond from year 1 to 9999.
fn date_range() -> impl Strategy<Value = i64> {
    -62_135_596_800_000i64..=253_402_300_799_999
}

proptest! {
    #[test]
    fn epoch_seconds_round_trip_every_millisecond(millis in any::<i64>()) {
        let t = Timestamp::from_millis(millis);
        prop_assert_eq!(Timestamp::parse(&t.format(EpochSeconds), EpochSeconds), Some(t));
    }

    #[test]
    fn date_times_round_trip(millis in date_range()) {
        let t = Timestamp::from_millis(millis);
        let text = t.format(DateTime);
        prop_assert_eq!(Timestamp::parse(&text, DateTime), Some(t), "{}", text);
        prop_assert_eq!(Timestamp::parse_text(&text), Some(t));
    }

    #[test]
    fn http_dates_round_trip_to_the_second(millis in date_range()) {
        let t = Timestamp::from_millis(millis);
        let whole = Timestamp::from_millis(millis.div_euclid(1000) * 1000);
        let text = t.format(HttpDate);
        prop_assert_eq!(Timestamp::parse(&text, HttpDate), Some(whole), "{}", text);
    }

    #[test]
    fn json_epoch_seconds_round_trip(millis in date_range()) {
        let t = Timestamp::from_millis(millis);
        let text = serde_json::to_string(&t).unwrap();
        prop_assert_eq!(&text, &t.format(EpochSeconds));
        prop_assert_eq!(serde_json::from_str::<Timestamp>(&text).unwrap(), t);
    }
}

#[derive(Debug, PartialEq, Serialize, Deserialize, Default)]
struct Times {
    #[serde(
        with = "rt::fmt::date_time",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    date_time: Option<Timestamp>,
    #[serde(with = "rt::fmt::http_date")]
    http_date: Timestamp,
    #[serde(with = "rt::fmt::epoch_seconds", default)]
    epoch: Vec<Timestamp>,
    #[serde(with = "rt::fmt::date_time", default)]
    by_name: BTreeMap<String, Timestamp>,
    #[serde(
        with = "rt::fmt::date_time",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    nested: Option<Vec<Vec<Timestamp>>>,
    #[serde(
        with = "rt::fmt::epoch_seconds",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    boxed: Option<Box<Timestamp>>,
    #[serde(
        with = "rt::fmt::http_date",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    optional_map: Option<BTreeMap<String, Timestamp>>,
}

#[test]
fn timestamp_fields_take_their_format_through_containers() {
    let t = Timestamp::from_millis(T + 500);
    let times = Times {
        date_time: Some(t),
        http_date: t,
        epoch: vec![t, Timestamp::from_millis(T)],
        by_name: BTreeMap::from([("a".to_string(), t)]),
        nested: Some(vec![vec![t], vec![]]),
        boxed: Some(Box::new(t)),
        optional_map: Some(BTreeMap::from([("b".to_string(), t)])),
    };
    let wire = json!({
        "date_time": "2019-12-16T23:48:18.5Z",
        "http_date": "Mon, 16 Dec 2019 23:48:18 GMT",
        "epoch": [1576540098.5, 1576540098],
        "by_name": {"a": "2019-12-16T23:48:18.5Z"},
        "nested": [["2019-12-16T23:48:18.5Z"], []],
        "boxed": 1576540098.5,
        "optional_map": {"b": "Mon, 16 Dec 2019 23:48:18 GMT"},
    });
    assert_eq!(serde_json::to_value(&times).unwrap(), wire);
    let back: Times = serde_json::from_value(wire).unwrap();
    // The HTTP dates lost the half second.
    let whole = Timestamp::from_millis(T);
    assert_eq!(back.http_date, whole);
    assert_eq!(back.optional_map.as_ref().unwrap()["b"], whole);
    assert_eq!(back.date_time, times.date_time);
    assert_eq!(back.epoch, times.epoch);
    assert_eq!(back.by_name, times.by_name);
    assert_eq!(back.nested, times.nested);
    assert_eq!(back.boxed, times.boxed);

    // Absent and null optional members, offsets (which a client reads, with error
    // correction, and a server refuses), and clear errors.
    let with_offset = json!({
        "date_time": null, "http_date": "Mon, 16 Dec 2019 23:48:18 GMT",
        "nested": [["2019-12-16T22:48:18-01:00"]],
    });
    assert!(
        rt::glue::object::strictly(|| serde_json::from_value::<Times>(with_offset.clone()))
            .is_err()
    );
    let sparse: Times = serde_json::from_value(with_offset).unwrap();
    assert_eq!(sparse.date_time, None);
    assert_eq!(sparse.nested, Some(vec![vec![whole]]));
    assert_eq!(sparse.boxed, None);
    assert_eq!(
        serde_json::to_value(&sparse).unwrap(),
        json!({"http_date": "Mon, 16 Dec 2019 23:48:18 GMT", "epoch": [], "by_name": {},
               "nested": [["2019-12-16T23:48:18Z"]]})
    );
    let err = serde_json::from_value::<Times>(json!({"http_date": "2019-12-16T23:48:18Z"}))
        .unwrap_err()
        .to_string();
    assert!(err.contains("expected an HTTP date"), "{err}");
    let err = serde_json::from_str::<Times>(r#"{"http_date": 5}"#)
        .unwrap_err()
        .to_string();
    assert!(err.contains("an HTTP date"), "{err}");
}

#[derive(Debug, Serialize, Deserialize, Default)]
struct Floats {
    #[serde(with = "rt::fmt::float")]
    double: f64,
    #[serde(with = "rt::fmt::float")]
    float: f32,
    #[serde(
        with = "rt::fmt::float",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    maybe_double: Option<f64>,
    #[serde(
        with = "rt::fmt::float",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    maybe_float: Option<f32>,
    #[serde(with = "rt::fmt::float", default)]
    doubles: Vec<f64>,
    #[serde(with = "rt::fmt::float", default)]
    floats: Vec<f32>,
    #[serde(with = "rt::fmt::float", default)]
    float_map: BTreeMap<String, f32>,
}

#[test]
fn floats_write_nan_and_infinities_as_strings_and_read_them_back() {
    let floats = Floats {
        double: f64::NAN,
        float: f32::NEG_INFINITY,
        maybe_double: Some(f64::INFINITY),
        maybe_float: Some(f32::NAN),
        doubles: vec![1.5, f64::NEG_INFINITY, -0.25, f64::NAN],
        floats: vec![1.1, f32::INFINITY, 3.0, f32::MAX],
        float_map: BTreeMap::from([("x".to_string(), 0.1), ("y".to_string(), f32::NAN)]),
    };
    let text = serde_json::to_string(&floats).unwrap();
    assert_eq!(
        text,
        r#"{"double":"NaN","float":"-Infinity","maybe_double":"Infinity","maybe_float":"NaN","doubles":[1.5,"-Infinity",-0.25,"NaN"],"floats":[1.1,"Infinity",3.0,3.4028235e+38],"float_map":{"x":0.1,"y":"NaN"}}"#
    );
    // The same through a `Value`: an f32 is written by its own shortest form.
    assert_eq!(
        serde_json::to_value(&floats).unwrap()["floats"],
        json!([1.1, "Infinity", 3.0, 3.4028235e38])
    );
    let back: Floats = serde_json::from_str(&text).unwrap();
    assert!(back.double.is_nan());
    assert_eq!(back.float, f32::NEG_INFINITY);
    assert_eq!(back.maybe_double, Some(f64::INFINITY));
    assert!(back.maybe_float.unwrap().is_nan());
    assert_eq!(&back.doubles[..3], &[1.5, f64::NEG_INFINITY, -0.25]);
    assert!(back.doubles[3].is_nan());
    assert_eq!(back.floats, vec![1.1, f32::INFINITY, 3.0, f32::MAX]);
    assert_eq!(back.float_map["x"], 0.1);
    assert!(back.float_map["y"].is_nan());

    // Integers are numbers too; other strings, and f32 overflow, are errors.
    let ints: Floats =
        serde_json::from_str(r#"{"double": 7, "float": -2, "floats": [1e3]}"#).unwrap();
    assert_eq!(
        (ints.double, ints.float, ints.floats),
        (7.0, -2.0, vec![1000.0])
    );
    for bad in [
        r#"{"double": "nan", "float": 1}"#,
        r#"{"double": "Inf", "float": 1}"#,
        r#"{"double": "1.5", "float": 1}"#,
        r#"{"double": null, "float": 1}"#,
        r#"{"double": 1, "float": 1e39}"#,
    ] {
        assert!(serde_json::from_str::<Floats>(bad).is_err(), "{bad}");
    }
}

#[test]
fn blobs_are_standard_base64() {
    let blob = Blob::from("hi?>");
    assert_eq!(serde_json::to_value(&blob).unwrap(), json!("aGk/Pg=="));
    assert_eq!(
        serde_json::from_value::<Blob>(json!("aGk/Pg==")).unwrap(),
        blob
    );
    assert_eq!(
        serde_json::from_value::<Blob>(json!("aGk/Pg")).unwrap(),
        blob
    );
    assert_eq!(
        serde_json::from_value::<Blob>(json!("")).unwrap(),
        Blob::default()
    );
    for bad in [
        "aGk_Pg==",
        "aGk/Pg=",
        "aGk/P",
        "aGk /Pg==",
        "aGk/Ph==",
        "aGk/Pg===",
    ] {
        let err = serde_json::from_value::<Blob>(json!(bad))
            .map(|ok| panic!("{bad} read as {ok:?}"))
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("a blob must be standard base64"),
            "{bad}: {err}"
        );
        assert_eq!(rt::from_base64(bad), None, "{bad}");
    }
    assert!(serde_json::from_value::<Blob>(json!([1, 2])).is_err());

    assert_eq!(rt::to_base64(b"\xff\x00"), "/wA=");
    assert_eq!(rt::from_base64("/wA=").unwrap(), b"\xff\x00");
    let bytes = Blob::from(vec![0xff, 0]);
    assert_eq!(format!("{bytes:?}"), "Blob(<2 bytes>)");
    assert_eq!(format!("{blob:?}"), r#"Blob("hi?>")"#);
    assert_eq!(bytes.as_bytes(), Blob::from(&[0xffu8, 0][..]).as_ref());
    assert_eq!(Blob::from(String::from("hi?>")).into_inner(), b"hi?>");
}

#[test]
fn documents_are_any_json() {
    let doc: rt::Document = json!({"a": [1, null, "x"], "b": {"c": true}});
    let text = serde_json::to_string(&doc).unwrap();
    assert_eq!(serde_json::from_str::<rt::Document>(&text).unwrap(), doc);
}

#[test]
fn header_lists_quote_what_needs_it() {
    let values = ["b,c", "\"def\"", "a"];
    let joined = rt::join_header_list(values);
    assert_eq!(joined, r#""b,c", "\"def\"", a"#);
    assert_eq!(rt::split_header_list(&joined).unwrap(), values);
    // The conformance case, exactly as sent.
    assert_eq!(
        rt::split_header_list(r#""b,c", "\"def\"", a"#).unwrap(),
        values
    );
    assert_eq!(rt::join_header_list(["a", "b"]), "a, b");
    assert_eq!(rt::join_header_list(Vec::<String>::new()), "");
    assert_eq!(
        rt::join_header_list(["", " x", "back\\slash", "a\\\"b"]),
        r#""", " x", back\slash, "a\\\"b""#
    );
    for values in [
        vec!["", " x", "back\\slash", "a\\\"b", "tab\t"],
        vec![""],
        vec!["a", "", "b"],
        vec!["\"", ",", "\\"],
    ] {
        let joined = rt::join_header_list(&values);
        assert_eq!(rt::split_header_list(&joined).unwrap(), values, "{joined}");
    }

    assert_eq!(rt::split_header_list("").unwrap(), Vec::<String>::new());
    assert_eq!(rt::split_header_list("  ").unwrap(), Vec::<String>::new());
    assert_eq!(rt::split_header_list("a,b ,\t c").unwrap(), ["a", "b", "c"]);
    assert_eq!(rt::split_header_list("a,,b").unwrap(), ["a", "", "b"]);
    assert_eq!(rt::split_header_list(r#""a" , b"#).unwrap(), ["a", "b"]);
    for bad in [r#""abc"#, r#"a, "b"#, r#""a\"#, r#""a" b"#] {
        assert!(rt::split_header_list(bad).is_err(), "{bad}");
    }
}

#[test]
fn http_date_lists_split_on_every_second_comma() {
    let date = "Mon, 16 Dec 2019 23:48:18 GMT";
    assert_eq!(
        rt::split_http_date_list(&format!("{date}, {date}")).unwrap(),
        [date, date]
    );
    assert_eq!(rt::split_http_date_list(date).unwrap(), [date]);
    assert_eq!(rt::split_http_date_list("").unwrap(), Vec::<String>::new());
    assert!(rt::split_http_date_list(&format!("{date}, Mon")).is_err());
    // Dates go out unquoted, joined with a plain `, ` (join_header_list would quote them).
    let listed = [date, date].join(", ");
    assert_eq!(rt::split_http_date_list(&listed).unwrap(), [date, date]);
    assert_eq!(rt::split_header_list(&listed).unwrap().len(), 4);
}

#[test]
fn json_headers_are_base64_json() {
    let json = r#"{"a": [1, "ü"]}"#;
    let header = rt::encode_json_header(json);
    assert_eq!(header, "eyJhIjogWzEsICLDvCJdfQ==");
    assert_eq!(rt::decode_json_header(&header).unwrap(), json);
    assert_eq!(rt::decode_json_header("dHJ1ZQ==").unwrap(), "true");
    let not_base64 = rt::decode_json_header("{}").unwrap_err();
    assert!(not_base64.contains("base64"), "{not_base64}");
    let not_json = rt::decode_json_header(&rt::to_base64(b"{oops")).unwrap_err();
    assert!(not_json.contains("JSON"), "{not_json}");
    let not_utf8 = rt::decode_json_header(&rt::to_base64(b"\"\xff\"")).unwrap_err();
    assert!(not_utf8.contains("UTF-8"), "{not_utf8}");
}

/// What a generated union's `Deserialize` does with [`rt::union_entry`].
#[derive(Debug, PartialEq)]
enum Shape {
    Circle(f64),
    Label(String),
    Unknown(String),
}

impl<'de> Deserialize<'de> for Shape {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let (key, value) = rt::union_entry(d)?;
        Ok(match key.as_str() {
            "circle" => Shape::Circle(serde_json::from_value(value).map_err(D::Error::custom)?),
            "label" => Shape::Label(serde_json::from_value(value).map_err(D::Error::custom)?),
            _ => Shape::Unknown(key),
        })
    }
}

#[test]
fn unions_set_exactly_one_member_and_null_is_absent() {
    let read = |v: Value| serde_json::from_value::<Shape>(v).map_err(|e| e.to_string());
    assert_eq!(read(json!({"circle": 2.5})), Ok(Shape::Circle(2.5)));
    assert_eq!(
        read(json!({"circle": null, "label": "x"})),
        Ok(Shape::Label("x".into()))
    );
    assert_eq!(
        read(json!({"triangle": {"a": 1}, "label": null})),
        Ok(Shape::Unknown("triangle".into()))
    );
    let msg = |n: usize| format!("a union must set exactly one member, found {n}");
    assert_eq!(read(json!({})), Err(msg(0)));
    assert_eq!(read(json!({"circle": null})), Err(msg(0)));
    assert_eq!(read(json!({"circle": 1, "label": "x"})), Err(msg(2)));
    assert!(read(json!("circle")).is_err());
    // From text too, with the entry's value kept whole.
    let (key, value) = rt::union_entry(&mut serde_json::Deserializer::from_str(
        r#"{"a": null, "b": {"c": [1, null]}}"#,
    ))
    .unwrap();
    assert_eq!((key.as_str(), value), ("b", json!({"c": [1, null]})));
}

#[test]
fn idempotency_tokens_are_fresh_uuid_v4s() {
    let tokens: Vec<String> = (0..32).map(|_| rt::idempotency_token()).collect();
    for token in &tokens {
        let groups: Vec<&str> = token.split('-').collect();
        let lengths: Vec<usize> = groups.iter().map(|g| g.len()).collect();
        assert_eq!(lengths, [8, 4, 4, 4, 12], "{token}");
        assert!(
            token
                .bytes()
                .all(|c| matches!(c, b'0'..=b'9' | b'a'..=b'f' | b'-')),
            "{token}"
        );
        assert!(groups[2].starts_with('4'), "version: {token}");
        assert!(
            groups[3].starts_with(['8', '9', 'a', 'b']),
            "variant: {token}"
        );
    }
    let distinct: std::collections::BTreeSet<_> = tokens.iter().collect();
    assert_eq!(distinct.len(), tokens.len());
}

//! Schemas with mistakes: every problem is reported, with its path and a fix where one can
//! be guessed, and nothing is generated.

use restgen_codegen::diagnostics::Diagnostic;

const HEADER: &str = "service: {name: T, version: '1', protocol: rest-json}\n";

/// Generates `yaml` (named `t.yaml`) with the default settings.
fn generate(yaml: &str) -> Result<restgen_codegen::Generated, Vec<Diagnostic>> {
    restgen_codegen::generate(
        restgen_codegen::Source {
            name: "t.yaml",
            bytes: yaml.as_bytes(),
        },
        &restgen_codegen::Settings::default(),
    )
}

fn errors(yaml: &str) -> Vec<Diagnostic> {
    generate(yaml).expect_err("the schema has errors")
}

fn rendered(yaml: &str) -> String {
    errors(yaml)
        .iter()
        .map(|d| d.display("t.yaml").to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn yaml_syntax_error_has_a_position() {
    let out = rendered("service: {name: [unclosed\n");
    assert!(out.starts_with("t.yaml:"), "{out}");
    assert!(out.contains(":1:") || out.contains(":2:"), "{out}");
}

#[test]
fn unknown_key_suggests_the_right_one() {
    let out = rendered(&format!(
        "{HEADER}shapes:\n  A:\n    type: structure\n    memebrs: {{}}\n"
    ));
    assert!(out.contains("t.yaml:5:5"), "{out}");
    assert!(out.contains("unknown key `memebrs`"), "{out}");
    assert!(out.contains("did you mean `members`?"), "{out}");
}

#[test]
fn missing_key_is_named() {
    let out = rendered("service: {name: T, protocol: rest-json}\n");
    assert!(out.contains("missing key `version`"), "{out}");
}

#[test]
fn every_reference_error_is_reported_at_once() {
    let yaml = format!(
        "{HEADER}shapes:
  Thing:
    type: structure
    members:
      id: {{target: string, location: path, required: true}}
      size: {{target: Integger}}
  Thing2:
    type: structure
    members:
      a: {{target: Thing}}
operations:
  GetThing:
    method: GET
    path: /things/{{thingId}}
    input: Thing
    output: Thing2
    success: 200
    errors: [NotFound, NotFoundExeption]
errors:
  NotFoundException: {{status: 404}}
"
    );
    let diags = errors(&yaml);
    let text = rendered(&yaml);
    assert!(
        text.contains("shapes.Thing.members.size.target: unknown shape `Integger`"),
        "{text}"
    );
    assert!(text.contains("did you mean `integer`?"), "{text}");
    assert!(
        text.contains("operations.GetThing.errors[0]: unknown error `NotFound`"),
        "{text}"
    );
    assert!(
        text.contains("operations.GetThing.errors[1]: unknown error `NotFoundExeption`"),
        "{text}"
    );
    assert!(text.contains("did you mean `NotFoundException`?"), "{text}");
    assert!(
        text.contains("label `{thingId}` has no input member"),
        "{text}"
    );
    assert!(
        text.contains("path member `id` has no `{id}` label"),
        "{text}"
    );
    assert!(diags.len() >= 5, "{text}");
}

#[test]
fn duplicate_names_are_errors() {
    let yaml = format!(
        "{HEADER}shapes:
  A: {{type: string}}
  A: {{type: integer}}
  B:
    type: structure
    members:
      fooBar: {{target: string}}
      foo_bar: {{target: string}}
errors:
  A: {{status: 400}}
"
    );
    let text = rendered(&yaml);
    assert!(text.contains("shapes.A: duplicate shape `A`"), "{text}");
    assert!(
        text.contains("both become the Rust field `foo_bar`"),
        "{text}"
    );
    assert!(
        text.contains("errors.A: error `A` has the name of a shape"),
        "{text}"
    );
}

#[test]
fn empty_and_non_utf8_files() {
    assert!(rendered("").contains("the schema file is empty"));
    let bad = restgen_codegen::generate(
        restgen_codegen::Source {
            name: "t.yaml",
            bytes: b"service:\n  name: \xff\n",
        },
        &restgen_codegen::Settings::default(),
    )
    .unwrap_err();
    let text = bad[0].display("t.yaml").to_string();
    assert!(text.starts_with("t.yaml:2:9: error:"), "{text}");
}

#[test]
fn arbitrary_bytes_never_panic() {
    // A cheap deterministic sweep over mutations of a valid schema.
    let base = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/weather.yaml"
    ))
    .unwrap();
    let bytes = base.as_bytes();
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    for _ in 0..300 {
        let mut mutated = bytes.to_vec();
        for _ in 0..3 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let at = (seed as usize) % mutated.len();
            match seed % 3 {
                0 => mutated[at] = (seed >> 32) as u8,
                1 => {
                    mutated.remove(at);
                }
                _ => mutated.insert(at, b"{}[]:-\n #'\""[(seed >> 40) as usize % 11]),
            }
        }
        let _ = restgen_codegen::generate(
            restgen_codegen::Source {
                name: "m.yaml",
                bytes: &mutated,
            },
            &restgen_codegen::Settings::default(),
        );
    }
}

#[test]
fn routes_that_can_match_the_same_request_are_errors() {
    let yaml = format!(
        "{HEADER}shapes:
  ById:
    type: structure
    members:
      id: {{target: string, location: path, required: true}}
operations:
  GetById: {{method: GET, path: '/things/{{id}}', input: ById, success: 200}}
  GetLatest: {{method: GET, path: /things/latest, success: 200}}
  GetAgain: {{method: GET, path: '/things/{{id}}', input: ById, success: 200}}
  DeleteById: {{method: DELETE, path: '/things/{{id}}', input: ById, success: 204}}
"
    );
    let text = rendered(&yaml);
    assert!(
        text.contains("operations.GetAgain.path: `GET /things/{id}` matches the same requests as operation `GetById`"),
        "{text}"
    );
    // A literal beside a label is told apart (the literal is tried first), and the same
    // template with another method is another route.
    assert!(!text.contains("GetLatest.path"), "{text}");
    assert!(!text.contains("DeleteById.path"), "{text}");
    // Constant query parameters tell routes of one method and path apart, unless equal.
    let yaml = format!(
        "{HEADER}operations:
  Create: {{method: POST, path: /keys, success: 200}}
  Import: {{method: POST, path: '/keys?mode=import', success: 200}}
  ImportAgain: {{method: POST, path: '/keys?mode=import', success: 200}}
"
    );
    let text = rendered(&yaml);
    assert!(text.contains("operations.ImportAgain.path"), "{text}");
    assert!(!text.contains("operations.Import.path"), "{text}");
}

/// Greedy labels with different methods are different routes, and a greedy label gives
/// way to a longer literal path: neither is a conflict.
#[test]
fn greedy_routes_by_method_and_beside_literals_are_accepted() {
    let yaml = format!(
        "{HEADER}shapes:\n  Key:\n    type: structure\n    members:\n      key: {{target: string, location: path, required: true}}\n\
         operations:\n  Put: {{docs: Puts., method: PUT, path: '/files/{{key+}}', input: Key, success: 200}}\n\
         \x20 Get: {{docs: Gets., method: GET, path: '/files/{{key+}}', input: Key, success: 200}}\n\
         \x20 Stat: {{docs: Stats., method: GET, path: /files/a/stat, success: 200}}\n"
    );
    let generated = generate(&yaml);
    assert!(generated.is_ok(), "{:?}", generated.err());
}

/// A literal segment that takes some values of another route's label, for the same method,
/// is a warning naming the values and the route that takes them; the schema still
/// generates. Other methods, templates of other lengths, and a literal route with constant
/// query parameters (which a request may lack) do not shadow.
#[test]
fn a_literal_segment_shadowing_a_label_is_a_warning() {
    let yaml = format!(
        "{HEADER}shapes:
  ById:
    type: structure
    members:
      id: {{target: string, location: path, required: true}}
      part: {{target: string, location: path, required: true}}
operations:
  GetById: {{docs: Gets., method: GET, path: '/books/{{id}}/{{part}}', input: ById, success: 200}}
  Search: {{docs: Searches., method: GET, path: /books/search/all, success: 200}}
  Put: {{docs: Puts., method: PUT, path: /books/x/y, success: 200}}
  Short: {{docs: Short., method: GET, path: /books/search, success: 200}}
  Query: {{docs: Query., method: GET, path: '/books/q/z?mode=a', success: 200}}
"
    );
    let generated = generate(&yaml).expect("warnings only");
    let texts: Vec<String> = generated
        .warnings
        .iter()
        .map(|d| d.display("t.yaml").to_string())
        .collect();
    assert_eq!(texts.len(), 1, "{texts:#?}");
    assert!(
        texts[0].contains(
            "operations.GetById.path: `GET /books/{id}/{part}` never receives `id` = `search` \
             and `part` = `all`: `GET /books/search/all` (operation `Search`) takes those requests"
        ),
        "{}",
        texts[0]
    );
    assert!(generated.warnings[0].help.is_some());
}

/// A YAML merge key is refused where it stands, whatever its value (an alias, a mapping),
/// and wherever it is (among a structure's keys or among its members' names), rather than
/// read as a member called `<<`.
#[test]
fn merge_keys_are_refused_where_they_stand() {
    for (yaml, line) in [
        (
            format!(
                "{HEADER}shapes:\n  Base: &base\n    type: structure\n    members: {{}}\n  \
                 Thing:\n    <<: *base\n    docs: x\noperations: {{}}\n"
            ),
            7,
        ),
        (
            format!(
                "{HEADER}shapes:\n  Thing:\n    type: structure\n    members:\n      \
                 <<: {{a: {{target: string}}}}\noperations: {{}}\n"
            ),
            6,
        ),
    ] {
        let diags = errors(&yaml);
        assert_eq!(diags.len(), 1, "{diags:?}");
        let d = &diags[0];
        assert!(
            d.message
                .contains("YAML merge keys (`<<`) are not supported"),
            "{}",
            d.message
        );
        assert_eq!(d.position.map(|p| p.line), Some(line), "{yaml}");
    }
    // Quoted, `<<` is a plain name, not a merge.
    let yaml = format!(
        "{HEADER}shapes:\n  Thing:\n    type: structure\n    members:\n      \
         \"<<\": {{target: string}}\noperations: {{}}\n"
    );
    let quoted = generate(&yaml);
    assert!(quoted.is_ok(), "{:?}", quoted.err());
}

/// A pagination whose `page_size` names the member its `input_token` names is an error.
#[test]
fn page_size_and_input_token_are_different_members() {
    let yaml = format!(
        "{HEADER}shapes:
  In:
    type: structure
    members:
      token: {{target: string, location: query}}
  Out:
    type: structure
    members:
      next: {{target: string}}
      items: {{target: Items}}
  Items: {{type: list, member: string}}
operations:
  List:
    method: GET
    path: /things
    input: In
    output: Out
    success: 200
    pagination: {{input_token: token, output_token: next, items: items, page_size: token}}
"
    );
    let text = rendered(&yaml);
    assert!(
        text.contains(
            "operations.List.pagination.page_size: `page_size` names `token`, the member `input_token` names"
        ),
        "{text}"
    );
}

/// `nullable` is for optional body members whose JSON has no wire form of its own.
#[test]
fn nullable_applies_to_optional_body_members_only() {
    let yaml = format!(
        "{HEADER}shapes:
  In:
    type: structure
    members:
      id: {{target: string, location: path, required: true, nullable: true}}
      q: {{target: string, location: query, nullable: true}}
      must: {{target: string, required: true, nullable: true}}
      ratio: {{target: double, nullable: true}}
      tags: {{target: Tags, nullable: true}}
      ok: {{target: string, nullable: true}}
  Tags: {{type: map, key: string, value: string}}
operations:
  Put: {{method: PUT, path: '/things/{{id}}', input: In, success: 200}}
"
    );
    let text = rendered(&yaml);
    for member in ["id", "q", "must", "ratio", "tags"] {
        assert!(
            text.contains(&format!("shapes.In.members.{member}.nullable: `nullable` applies to an optional body member")),
            "{member}: {text}"
        );
    }
    assert!(!text.contains("members.ok.nullable"), "{text}");
}

/// `service.validation_error` must name an error with a message and a list of
/// `{path, message}`: a typo gets a suggestion, a wrong shape says what is needed.
#[test]
fn the_validation_error_must_be_an_error_of_the_right_shape() {
    let schema = |name: &str, list: &str| {
        format!(
            "service: {{name: T, version: '1', protocol: rest-json, validation_error: {name}}}
shapes:
  Field:
    type: structure
    members:
      path: {{target: string, required: true}}
      message: {{target: string, required: true}}
  Fields: {{type: list, member: {list}}}
operations: {{}}
errors:
  ValidationException:
    status: 400
    members:
      message: {{target: string}}
      fieldList: {{target: Fields}}
"
        )
    };
    let text = rendered(&schema("ValidationExeption", "Field"));
    assert!(
        text.contains("service.validation_error: `validation_error` names `ValidationExeption`, which is not an error of `errors`"),
        "{text}"
    );
    assert!(
        text.contains("did you mean `ValidationException`?"),
        "{text}"
    );
    let text = rendered(&schema("ValidationException", "string"));
    assert!(
        text.contains("needs a string `message` member and a list member of structures"),
        "{text}"
    );
    let good = generate(&schema("ValidationException", "Field"));
    assert!(good.is_ok(), "{:?}", good.err());
}

/// A list that contains itself is refused, and a `nullable` member of it does not hang
/// the check of what `nullable` applies to.
#[test]
fn a_self_containing_list_under_nullable_is_refused_not_hung() {
    let yaml = format!(
        "{HEADER}shapes:
  Loop: {{type: list, member: Loop}}
  Thing:
    type: structure
    members:
      l: {{target: Loop, nullable: true}}
operations: {{}}
"
    );
    let text = rendered(&yaml);
    assert!(text.contains("Loop"), "{text}");
}

/// A `default` must fit its member's type, and only where a member can be left out of a
/// body: not required, not nullable, not a structure, not an error's or a paginator's.
#[test]
fn defaults_must_fit_and_belong() {
    let yaml = format!(
        "{HEADER}shapes:
  Colour: {{type: enum, values: [red, green]}}
  In:
    type: structure
    members:
      q: {{target: string, location: query, default: x}}
      must: {{target: string, required: true, default: x}}
      n: {{target: integer, default: 1.5}}
      big: {{target: integer, default: 99999999999}}
      c: {{target: Colour, default: blue}}
      ok: {{target: Colour, default: green}}
      token: {{target: string, default: t}}
  Out:
    type: structure
    members:
      next: {{target: string}}
      items: {{target: Items}}
  Items: {{type: list, member: string}}
operations:
  List:
    docs: Lists.
    method: GET
    path: /things
    input: In
    output: Out
    success: 200
    pagination: {{input_token: token, output_token: next, items: items}}
errors:
  Oops:
    status: 400
    members:
      message: {{target: string, default: x}}
"
    );
    let text = rendered(&yaml);
    for (path, says) in [
        (
            "shapes.In.members.q.default",
            "`default` applies to an optional body member",
        ),
        (
            "shapes.In.members.must.default",
            "`default` applies to an optional body member",
        ),
        (
            "shapes.In.members.n.default",
            "the default `1.5` is not a value of `integer`",
        ),
        (
            "shapes.In.members.big.default",
            "the default `99999999999` is not a value of `integer`",
        ),
        (
            "shapes.In.members.c.default",
            "`blue` is not one of its values",
        ),
        (
            "operations.List.pagination.input_token",
            "which has a `default`",
        ),
        ("errors.Oops.members.message.default", "not of errors"),
    ] {
        assert!(
            text.contains(&format!("{path}: ")) && text.contains(says),
            "{path}: {text}"
        );
    }
    assert!(!text.contains("members.ok.default"), "{text}");
}

/// Authentication schemes: a known type, an `api_key` with where and what, and every name
/// an operation (or `service.auth`) chooses declared.
#[test]
fn auth_schemes_must_be_declared_and_complete() {
    let yaml = "service:
  name: T
  version: '1'
  protocol: rest-json
  auth_schemes:
    token: {type: bearer}
    key: {type: api_key, in: cookie}
    odd: {type: digest}
    extra: {type: basic, name: x}
  auth: [tokn]
operations:
  Get: {docs: Gets., method: GET, path: /a, success: 200, auth: [token, nope]}
  Put: {docs: Puts., method: PUT, path: /a, success: 200}
";
    let text = rendered(yaml);
    for (path, says) in [
        (
            "service.auth_schemes.key.in",
            "needs `in: header` or `in: query`",
        ),
        ("service.auth_schemes.key.name", "needs the `name`"),
        (
            "service.auth_schemes.odd.type",
            "unknown authentication scheme type `digest`",
        ),
        (
            "service.auth_schemes.extra",
            "`in` and `name` belong to `api_key` schemes",
        ),
        ("service.auth[0]", "unknown authentication scheme `tokn`"),
        (
            "operations.Get.auth[1]",
            "unknown authentication scheme `nope`",
        ),
    ] {
        assert!(
            text.contains(&format!("{path}: ")) && text.contains(says),
            "{path}: {text}"
        );
    }
    assert!(text.contains("did you mean `token`?"), "{text}");
    // `service.auth`'s unknown name is reported once, not once per operation.
    assert_eq!(
        text.matches("unknown authentication scheme `tokn`").count(),
        1,
        "{text}"
    );
}

#[test]
fn http_json_error_forms_and_servers_are_checked() {
    // rest-json takes none of http-json's error keys, nor a `title`.
    let yaml = "service:
  name: T
  version: '1'
  protocol: rest-json
  error_format: problem
  error_code_field: code
  servers: ['api.example.com', 'https://ok.example.com', 'https://ok.example.com', 'https://x.example.com/?a=1']
operations:
  Get: {docs: Gets., method: GET, path: /a, success: 200, errors: [Gone]}
errors:
  Gone: {status: 410, title: Gone for good}
";
    let text = rendered(yaml);
    for (path, says) in [
        ("service.error_format", "applies to `protocol: http-json`"),
        (
            "service.error_code_field",
            "applies to `protocol: http-json`",
        ),
        ("service.servers[0]", "is not an absolute http(s) URL"),
        ("service.servers[2]", "is listed twice"),
        ("service.servers[3]", "is not an absolute http(s) URL"),
        ("errors.Gone.title", "only problem details"),
    ] {
        assert!(
            text.contains(&format!("{path}: ")) && text.contains(says),
            "{path}: {text}"
        );
    }
    assert!(!text.contains("service.servers[1]"), "{text}");

    // Problem details own `type`, `title` and `status`; `detail` is a string.
    let yaml = "service: {name: T, version: '1', protocol: http-json}
operations:
  Get: {docs: Gets., method: GET, path: /a, success: 200, errors: [Gone]}
errors:
  Gone:
    status: 410
    members:
      kind: {target: string, wire_name: type}
      status: {target: integer}
      detail: {target: integer}
      instance: {target: string}
";
    let text = rendered(yaml);
    for (path, says) in [
        (
            "errors.Gone.members.kind",
            "the body member `type` is problem details' own",
        ),
        ("errors.Gone.members.status", "the body member `status`"),
        ("errors.Gone.members.detail.target", "`detail` is a string"),
    ] {
        assert!(
            text.contains(&format!("{path}: ")) && text.contains(says),
            "{path}: {text}"
        );
    }
    assert!(!text.contains("members.instance"), "{text}");

    // The code form owns its code member; the format is one of two; the field has a name.
    let text = rendered(
        "service: {name: T, version: '1', protocol: http-json, error_format: code, error_code_field: kind}
operations:
  Get: {docs: Gets., method: GET, path: /a, success: 200, errors: [Gone]}
errors:
  Gone: {status: 410, members: {kind: {target: string}}}
",
    );
    assert!(
        text.contains("errors.Gone.members.kind: ") && text.contains("holds the error code"),
        "{text}"
    );
    let text = rendered(
        "service: {name: T, version: '1', protocol: http-json, error_format: rfc7807, error_code_field: x}
operations:
  Get: {docs: Gets., method: GET, path: /a, success: 200}
",
    );
    assert!(text.contains("unknown error format `rfc7807`"), "{text}");
    let text = rendered(
        "service: {name: T, version: '1', protocol: http-json, error_code_field: x}
operations:
  Get: {docs: Gets., method: GET, path: /a, success: 200}
",
    );
    assert!(
        text.contains("service.error_code_field: ") && text.contains("set `error_format: code`"),
        "{text}"
    );
    let text = rendered("service: {name: T, version: '1', protocol: grpc}\n");
    assert!(text.contains("`http-json`"), "{text}");
}

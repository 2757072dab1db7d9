//! The generator never panics: arbitrary and mutated schemas (from the real schema and the
//! fixtures, mutated at byte, line and word level) either give diagnostics or files that
//! all parse with `syn`, and the crates of accepted mutants pass clippy (see
//! `a_sample_of_accepted_mutants_compiles`). A short run is part of `cargo test`; a long one is
//! `FUZZ_CASES=1000000 cargo test --release -p restgen-codegen --test it no_panics -- --nocapture`
//! (add `FUZZ_SECONDS=1800` to stop after 30 minutes).

use crate::knobs;
use crate::rng::Rng;
use crate::scratch::{self, Crate};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

/// The real schema and every valid fixture.
fn seeds() -> Vec<Vec<u8>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let mut seeds = vec![std::fs::read(root.join("schema/integration_response.yaml")).unwrap()];
    let mut fixtures: Vec<_> = std::fs::read_dir(root.join("codegen/tests/fixtures"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    fixtures.sort();
    seeds.extend(fixtures.iter().map(|p| std::fs::read(p).unwrap()));
    seeds
}

/// Bytes that matter to YAML and to the schema.
const TOKENS: &[&[u8]] = &[
    b"{",
    b"}",
    b"[",
    b"]",
    b":",
    b"- ",
    b"\n",
    b" ",
    b"  ",
    b"\t",
    b"#",
    b"'",
    b"\"",
    b"&a ",
    b"*a",
    b"~",
    b"!!str ",
    b"---\n",
    b"|\n",
    b">-\n",
    b"{id}",
    b"/",
    b"0",
    b"-1",
    b"65536",
    b"true",
    b"null",
    b"\xff",
    b"\xc3\xa9",
    b"type",
    b"self",
    b"Self",
    b"r#",
    b"1abc",
    b"_",
    b"structure",
    b"enum",
    b"list",
    b"map",
    b"string",
    b"integer",
    b"timestamp",
    b"path",
    b"query",
    b"header",
    b"body",
    b"required: true",
    b"nullable: true",
    b"validation_error: ",
    b"sparse: true",
    b"unique_items: true",
    b"sensitive: true",
    b"int_enum",
    b"byte",
    b"short",
    b"pattern: \"[\"",
    b"pattern: \"^a+$\"",
    b"{target: string, pattern: \"^a$\"}",
    b"<<: *a",
    b"location: path",
    b"GET",
    b"DELETE",
    b"204",
    b"200",
    b"500",
];

/// One mutation of `input`, at byte, line or word level.
fn mutate(rng: &mut Rng, input: &mut Vec<u8>) {
    let len = input.len();
    match rng.below(9) {
        0 if len > 0 => input[rng.below(len)] = rng.next() as u8,
        1 if len > 0 => {
            let at = rng.below(len);
            let n = rng.below(8).min(len - at);
            input.drain(at..at + n);
        }
        2 => {
            let token = TOKENS[rng.below(TOKENS.len())];
            let at = rng.below(len + 1);
            input.splice(at..at, token.iter().copied());
        }
        // Line level: duplicate, delete, swap or re-indent a line (structure changes).
        3..=6 => {
            let text = String::from_utf8_lossy(input).into_owned();
            let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
            if lines.is_empty() {
                return;
            }
            let i = rng.below(lines.len());
            let j = rng.below(lines.len());
            match rng.below(4) {
                0 => {
                    let line = lines[i].clone();
                    lines.insert(j, line);
                }
                1 => {
                    lines.remove(i);
                }
                2 => lines.swap(i, j),
                _ => {
                    let trimmed = lines[i].trim_start().to_string();
                    lines[i] = format!("{}{trimmed}", " ".repeat(rng.below(9)));
                }
            }
            *input = (lines.join("\n") + "\n").into_bytes();
        }
        // Word level: replace a word with another word of the file (wrong references,
        // names used twice, values in the wrong place).
        _ => {
            let text = String::from_utf8_lossy(input).into_owned();
            let spans = word_spans(&text);
            if spans.is_empty() {
                return;
            }
            let (start, end) = spans[rng.below(spans.len())];
            let (ws, we) = spans[rng.below(spans.len())];
            let replacement = text[ws..we].to_string();
            let mut out = text[..start].to_string();
            out.push_str(&replacement);
            out.push_str(&text[end..]);
            *input = out.into_bytes();
        }
    }
}

/// Byte ranges of the words (runs of letters, digits and `_`) of `text`.
fn word_spans(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        let word = c.is_alphanumeric() || c == '_';
        match (word, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                spans.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        spans.push((s, text.len()));
    }
    spans
}

/// Generates `bytes`; panics (with the input saved for replay) if the generator panics or
/// an accepted schema gives a file that does not parse.
fn run_case(case: u64, bytes: &[u8]) -> bool {
    let result = catch_unwind(AssertUnwindSafe(|| {
        restgen_codegen::generate(
            restgen_codegen::Source {
                name: "fuzz.yaml",
                bytes,
            },
            &restgen_codegen::Settings::default(),
        )
    }));
    let save = |why: &str| -> ! {
        let path = std::env::temp_dir().join(format!("codegen-fuzz-{case}.yaml"));
        let _ = std::fs::write(&path, bytes);
        panic!("case {case}: {why}; input saved to {}", path.display());
    };
    match result {
        Err(_) => save("the generator panicked"),
        Ok(Err(diags)) => {
            if diags.is_empty() {
                save("failed without a diagnostic");
            }
            // Rendering must not panic either.
            let source = String::from_utf8_lossy(bytes);
            for d in &diags {
                if catch_unwind(AssertUnwindSafe(|| d.render("fuzz.yaml", &source, true))).is_err()
                {
                    save("rendering a diagnostic panicked");
                }
            }
            false
        }
        Ok(Ok(generated)) => {
            // The manifest is TOML: the compile check below covers it.
            for (name, text) in generated.files.iter().filter(|(n, _)| n.ends_with(".rs")) {
                if let Err(e) = syn::parse_file(text) {
                    save(&format!("{name} does not parse: {e}"));
                }
            }
            true
        }
    }
}

#[test]
fn mutated_schemas_never_panic() {
    let cases = knobs::positive("FUZZ_CASES", 400);
    let seed = knobs::seed("FUZZ_SEED", 0x9E37_79B9_7F4A_7C15);
    // A stack overflow aborts the process and cannot be caught: with FUZZ_SAVE_EACH set,
    // every input is first written to a file, which then holds the one that crashed.
    let save_each = std::env::var_os("FUZZ_SAVE_EACH")
        .map(|_| std::env::temp_dir().join("codegen-fuzz-current.yaml"));
    // FUZZ_SECONDS bounds a long run by time instead (it stops early, never fails for it).
    let deadline = knobs::optional_positive("FUZZ_SECONDS")
        .map(|s| std::time::Instant::now() + std::time::Duration::from_secs(s));
    let seeds = seeds();
    let mut rng = Rng(seed);
    let mut accepted = 0u64;
    let mut cases = cases;
    for case in 0..cases {
        if deadline.is_some_and(|d| case > 0 && case % 1000 == 0 && std::time::Instant::now() > d) {
            cases = case;
            break;
        }
        let mut input = seeds[rng.below(seeds.len())].clone();
        for _ in 0..1 + rng.below(4) {
            mutate(&mut rng, &mut input);
        }
        if let Some(path) = &save_each {
            let _ = std::fs::write(path, &input);
        }
        if case % 100_000 == 0 && case > 0 {
            eprintln!("{case} cases, {accepted} accepted");
        }
        if run_case(case, &input) {
            accepted += 1;
        }
    }
    // Random bytes and random token soup, too.
    for case in cases..cases + cases / 10 {
        let n = rng.below(200);
        let mut input: Vec<u8> = (0..n).map(|_| rng.next() as u8).collect();
        if case % 2 == 0 {
            input.clear();
            for _ in 0..n / 4 {
                input.extend_from_slice(TOKENS[rng.below(TOKENS.len())]);
            }
        }
        if let Some(path) = &save_each {
            let _ = std::fs::write(path, &input);
        }
        run_case(case, &input);
    }
    eprintln!("{cases} mutated cases, {accepted} accepted and parsed by syn");
    assert!(
        accepted > 0,
        "no mutated schema was accepted: the mutator is too harsh"
    );
}

/// Accepted mutants really compile: every accepted mutated schema of this run whose output
/// differs from every seed's and from the other mutants', `MUTANTS` of them (default 4), is
/// generated into a scratch workspace under `target/mutant-check/batch-<k>/` (at most
/// `MUTANTS_PER_BATCH`, default 16, crates each; two mutants of one schema may keep its
/// `service.crate` name, so they go to different batches) and checked with clippy,
/// warnings denied, in the target directory `valid_schemas` shares. `MUTANTS_SEED` for
/// another run. A failing batch is kept; the test fails once every batch was checked.
#[test]
fn a_sample_of_accepted_mutants_compiles() {
    let wanted = knobs::positive("MUTANTS", 4) as usize;
    let per_batch = knobs::positive("MUTANTS_PER_BATCH", 16) as usize;
    let seed = knobs::seed("MUTANTS_SEED", 0x005E_ED0F_C0DE);
    let generate = |bytes: &[u8]| {
        restgen_codegen::generate(
            restgen_codegen::Source {
                name: "mutant.yaml",
                bytes,
            },
            &restgen_codegen::Settings::default(),
        )
        .ok()
        .map(|g| g.files)
    };
    let seeds = seeds();
    let seed_outputs: Vec<_> = seeds.iter().map(|s| generate(s)).collect();
    let mut rng = Rng(seed);
    let mut mutants = Vec::new();
    let mut outputs = std::collections::BTreeSet::new();
    for _ in 0..20_000.max(wanted * 1_000) {
        if mutants.len() == wanted {
            break;
        }
        let mut input = seeds[rng.below(seeds.len())].clone();
        mutate(&mut rng, &mut input);
        if let Some(files) = generate(&input) {
            if !seed_outputs.contains(&Some(files.clone())) && outputs.insert(files) {
                mutants.push(input);
            }
        }
    }
    assert_eq!(mutants.len(), wanted, "too few accepted mutants");

    // Batches: each mutant goes to the first batch with room and without its package name.
    let runtime = scratch::runtime_dependency();
    let mut batches: Vec<Vec<Crate>> = Vec::new();
    for (i, input) in mutants.into_iter().enumerate() {
        let default_name = format!("mutant-{i}");
        let settings = restgen_codegen::Settings {
            crate_name: &default_name,
            runtime_dependency: &runtime,
            ..restgen_codegen::Settings::default()
        };
        let source = restgen_codegen::Source {
            name: "mutant.yaml",
            bytes: &input,
        };
        let files = restgen_codegen::generate(source, &settings).unwrap().files;
        let package = scratch::package_name(&files["Cargo.toml"]).unwrap();
        let c = Crate {
            package,
            label: format!("mutant {i} of seed {seed:#x}"),
            schema: input,
            files,
        };
        let open = batches
            .iter()
            .position(|b| b.len() < per_batch && b.iter().all(|o| o.package != c.package));
        match open {
            Some(b) => batches[b].push(c),
            None => batches.push(vec![c]),
        }
    }
    let dir = scratch::root().join("target/mutant-check");
    let _ = std::fs::remove_dir_all(&dir);
    let mut failures = Vec::new();
    for (k, crates) in batches.iter().enumerate() {
        let ws = dir.join(format!("batch-{k}"));
        scratch::write_workspace(&ws, crates);
        let batch_failures = scratch::check(&ws, crates, false);
        if batch_failures.is_empty() {
            scratch::forget(&ws, crates);
        }
        for failure in batch_failures {
            let text = scratch::describe(&ws, crates, &failure);
            eprintln!("{text}");
            failures.push(text);
        }
    }
    eprintln!(
        "{wanted} accepted mutants checked with clippy in {} batches, {} failures",
        batches.len(),
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "the generated code of accepted mutants does not compile; the first failure:\n{}",
        failures[0]
    );
}

//! Benchmarks of what generated code costs to build; each prints its figures, measured with
//! `/usr/bin/time -v` (CPU time is user + system of every process, which holds on a loaded
//! machine; peak memory is that of the largest process, a `rustc`).
//!
//! `cargo xtask bench build [SERVICE]`: a clean debug build of the generated crate of
//! SERVICE (client and SigV4, as the AWS SDK has) against one of its AWS SDK crate at a
//! pinned version, each from an empty target directory in a scratch crate (sources fetched
//! first, not measured). SERVICE is `apigatewayv2` (the default: the checked-in crate,
//! against `aws-sdk-apigatewayv2 = "=1.123.0"`), `connect` or `quicksight` (the largest
//! restJson1 models botocore ships, vendored under `models/`: imported and generated into
//! the scratch directory, against `aws-sdk-connect = "=1.220.0"` and
//! `aws-sdk-quicksight = "=1.166.0"`). Then `cargo check` of our crate with the server too
//! (features `client,server`), whose peak memory is that of the generated crate's `rustc`.
//!
//! `cargo xtask bench incremental`: a one-line docs change in a copy of the API Gateway V2
//! schema, then `cargo xtask codegen --schema F --out D` and `cargo check` of a crate that
//! uses the generated one, timed (three edits).
//!
//! `cargo xtask bench compile [--features LIST] [--keep DIR] [SIZES...]`: the compile cost of
//! generated crates as the service grows. For each size (default 100, 300, 1000 and 2000
//! operations) a synthetic service is written as a schema, generated as `cargo xtask codegen
//! --schema F --out D` would, and checked with `cargo check -j1` in a scratch workspace next
//! to the runtime; the CPU time (user + system) and the peak memory (the largest process,
//! which is the crate's `rustc`) of that check are printed. The dependencies are checked
//! once first, unmeasured, so each figure is the generated crate's alone.

use restgen_codegen::files::Job;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

const USAGE: &str = "usage: cargo xtask bench compile [--features LIST (default client,server,tower)] [--keep DIR] [SIZES...] (default 100 300 1000 2000)
       cargo xtask bench build [apigatewayv2 | connect | quicksight]
       cargo xtask bench incremental";

/// Operations per synthetic resource: create, list, get, update, delete.
const OPS_PER_RESOURCE: usize = 5;

pub fn run<'a>(mut args: impl Iterator<Item = &'a str>) -> ExitCode {
    let done = |result: Result<(), String>| match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    };
    match args.next() {
        Some("compile") => {}
        Some("build") => {
            let service = args.next().unwrap_or("apigatewayv2");
            return match (SERVICES.iter().find(|s| s.name == service), args.next()) {
                (Some(service), None) => done(build(service)),
                _ => usage(),
            };
        }
        Some("incremental") if args.next().is_none() => return done(incremental()),
        _ => return usage(),
    }
    // The default features of a generated crate, named: `--features` replaces them.
    let mut features = "client,server,tower".to_string();
    let mut keep = None;
    let mut sizes = Vec::new();
    while let Some(arg) = args.next() {
        match arg {
            "--features" => match args.next() {
                Some(list) => features = list.to_string(),
                None => return usage(),
            },
            "--keep" => match args.next() {
                Some(dir) => keep = Some(PathBuf::from(dir)),
                None => return usage(),
            },
            n => match n.parse::<usize>() {
                Ok(n) if n > 0 => sizes.push(n),
                _ => return usage(),
            },
        }
    }
    if sizes.is_empty() {
        sizes = vec![100, 300, 1000, 2000];
    }
    done(compile(&features, keep, &sizes))
}

fn usage() -> ExitCode {
    eprintln!("{USAGE}");
    ExitCode::from(2)
}

/// What `/usr/bin/time -v` measured of one command.
struct Measured {
    cpu_seconds: f64,
    wall_seconds: f64,
    max_rss_kib: u64,
}

fn compile(features: &str, keep: Option<PathBuf>, sizes: &[usize]) -> Result<(), String> {
    let root = xtask::workspace_root()?;
    let dir = keep.unwrap_or_else(|| std::env::temp_dir().join("restgen-bench-compile"));
    // The workspace: one member per size, the lock file of the checkout (the same versions,
    // nothing to resolve), and its own target directory.
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|e| format!("creating {}: {e}", dir.display()))?;
    let members: Vec<String> = sizes.iter().map(|n| format!("\"ops{n}\"")).collect();
    write(
        &dir.join("Cargo.toml"),
        &format!(
            "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
            members.join(", ")
        ),
    )?;
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock"))
        .map_err(|e| format!("copying Cargo.lock: {e}"))?;
    for &n in sizes {
        let schema = dir.join(format!("ops{n}.yaml"));
        write(&schema, &synthetic(n))?;
        generate(
            &root,
            &schema,
            &dir.join(format!("ops{n}")),
            &format!("ops{n}"),
        )?;
    }
    let target = dir.join("target");
    let time = time()?;
    // The dependencies once, with the smallest crate (its own check is then redone).
    eprintln!("checking the dependencies (not measured)...");
    let warm = Command::new("cargo")
        .args([
            "check",
            "--quiet",
            "--offline",
            "-p",
            &format!("ops{}", sizes[0]),
        ])
        .args(["--no-default-features", "--features", features])
        .env("CARGO_TARGET_DIR", &target)
        .current_dir(&dir)
        .status()
        .map_err(|e| format!("running cargo: {e}"))?;
    if !warm.success() {
        return Err("cargo check of the dependencies failed".into());
    }
    println!(
        "cargo check -j1 of a generated crate, features `{features}` (dependencies already checked):"
    );
    println!(
        "{:>10} {:>12} {:>10} {:>10} {:>12} {:>14}",
        "operations", "lines", "CPU s", "wall s", "peak MiB", "CPU ms per op"
    );
    for &n in sizes {
        let krate = dir.join(format!("ops{n}"));
        // The crate alone: its own fingerprint is dropped, the dependencies' kept.
        let _ = Command::new("cargo")
            .args(["clean", "--quiet", "--offline", "-p", &format!("ops{n}")])
            .env("CARGO_TARGET_DIR", &target)
            .current_dir(&dir)
            .status();
        let lines = lines_of(&krate.join("src"));
        let m = measure(
            Command::new(time)
                .arg("-v")
                .args(["cargo", "check", "--quiet", "--offline", "-j1"])
                .args([
                    "-p",
                    &format!("ops{n}"),
                    "--no-default-features",
                    "--features",
                    features,
                ])
                .env("CARGO_TARGET_DIR", &target)
                .current_dir(&dir),
        )?;
        println!(
            "{n:>10} {lines:>12} {:>10.1} {:>10.1} {:>12.0} {:>14.1}",
            m.cpu_seconds,
            m.wall_seconds,
            m.max_rss_kib as f64 / 1024.0,
            m.cpu_seconds * 1000.0 / n as f64
        );
    }
    println!("(workspace: {})", dir.display());
    Ok(())
}

/// `/usr/bin/time`, which reports the peak memory of a command's largest process.
fn time() -> Result<&'static Path, String> {
    let time = Path::new("/usr/bin/time");
    if time.exists() {
        Ok(time)
    } else {
        Err("/usr/bin/time is missing (`apt-get install time`)".into())
    }
}

/// A fresh scratch directory under the system's temporary directory.
fn scratch(name: &str) -> Result<PathBuf, String> {
    let dir = std::env::temp_dir().join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|e| format!("creating {}: {e}", dir.display()))?;
    Ok(dir)
}

/// A crate of its own workspace in `dir` that depends on `dependency` (a TOML line).
fn user_crate(dir: &Path, name: &str, dependency: &str, lib: &str) -> Result<(), String> {
    std::fs::create_dir_all(dir.join("src"))
        .map_err(|e| format!("creating {}: {e}", dir.display()))?;
    write(
        &dir.join("Cargo.toml"),
        &format!(
            "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
             [dependencies]\n{dependency}\n\n[workspace]\n"
        ),
    )?;
    write(&dir.join("src/lib.rs"), lib)
}

/// `cargo ARGS` in `dir`, with the target directory `dir/target`.
fn cargo(dir: &Path, args: &[&str]) -> Result<(), String> {
    let status = Command::new("cargo")
        .args(args)
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .current_dir(dir)
        .status()
        .map_err(|e| format!("running cargo: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!(
            "`cargo {}` failed in {}",
            args.join(" "),
            dir.display()
        ))
    }
}

/// A service `bench build` knows: where our crate comes from, and the SDK crate it is
/// compared with.
struct BenchService {
    name: &'static str,
    /// The vendored botocore model (`models/<name>/`) to import and generate; `None` for the
    /// checked-in crate `generated/<name>`.
    model: bool,
    sdk: &'static str,
    sdk_version: &'static str,
}

const SERVICES: &[BenchService] = &[
    BenchService {
        name: "apigatewayv2",
        model: false,
        sdk: "aws-sdk-apigatewayv2",
        sdk_version: "1.123.0",
    },
    BenchService {
        name: "connect",
        model: true,
        sdk: "aws-sdk-connect",
        sdk_version: "1.220.0",
    },
    BenchService {
        name: "quicksight",
        model: true,
        sdk: "aws-sdk-quicksight",
        sdk_version: "1.166.0",
    },
];

/// Our crate of `service`: the checked-in one, or its vendored model imported and generated
/// into `dir/<name>-crate` (with the checkout's runtime), with the line count of its sources.
fn our_crate(root: &Path, dir: &Path, service: &BenchService) -> Result<(PathBuf, usize), String> {
    if !service.model {
        let krate = root.join("generated").join(service.name);
        return Ok((krate.clone(), lines_of(&krate.join("src"))));
    }
    let models = format!("models/{}", service.name);
    let schema = dir.join(format!("{}.yaml", service.name));
    let imported =
        restgen_codegen::files::Import::new(root, format!("{models}/service-2.json"), &schema)
            .paginators(format!("{models}/paginators-1.json"))
            .prepare()
            .map_err(|e| e.to_string())?;
    let text = imported
        .text
        .ok_or_else(|| format!("{models}/service-2.json does not import"))?;
    write(&schema, &text)?;
    let krate = dir.join(format!("{}-crate", service.name));
    generate(root, &schema, &krate, service.name)?;
    let lines = lines_of(&krate.join("src"));
    Ok((krate, lines))
}

/// `schema` generated into the crate `out` (package `name`), with the checkout's runtime,
/// as `cargo xtask codegen --schema F --out D --crate N` does; the schema's diagnostics are
/// the error when it has errors.
fn generate(root: &Path, schema: &Path, out: &Path, name: &str) -> Result<(), String> {
    let job = Job::new(schema, out).with_crate_name(name);
    let plan = xtask::project(root)
        .job(job)
        .plan()
        .map_err(|e| e.to_string())?;
    if plan.errors > 0 {
        let reports: Vec<String> = plan.reports.iter().map(|r| r.render(false)).collect();
        return Err(format!(
            "{} does not generate:\n{}",
            schema.display(),
            reports.join("\n")
        ));
    }
    plan.apply().map_err(|e| e.to_string())
}

/// `cargo xtask bench build [SERVICE]`: see the module docs.
fn build(service: &BenchService) -> Result<(), String> {
    let root = xtask::workspace_root()?;
    let time = time()?;
    let dir = scratch(&format!("restgen-bench-build-{}", service.name))?;
    let (ours, lines) = our_crate(&root, &dir, service)?;
    eprintln!("our crate: {} ({lines} lines of Rust)", ours.display());
    let path = format!("{:?}", ours.display().to_string());
    let ours_what = format!("{}, client + sigv4", service.name);
    let theirs_what = format!("{} ={}", service.sdk, service.sdk_version);
    let crates = [
        (
            "ours",
            ours_what.as_str(),
            format!(
                "{} = {{ path = {path}, default-features = false, features = [\"sigv4\"] }}",
                service.name
            ),
        ),
        (
            "aws",
            theirs_what.as_str(),
            format!("{} = \"={}\"", service.sdk, service.sdk_version),
        ),
    ];
    let mut results = Vec::new();
    for (name, what, dependency) in &crates {
        let krate = dir.join(name);
        user_crate(&krate, name, dependency, "//! Only a dependency, built.\n")?;
        if *name == "ours" {
            // The checkout's versions of every dependency.
            std::fs::copy(root.join("Cargo.lock"), krate.join("Cargo.lock"))
                .map_err(|e| format!("copying Cargo.lock: {e}"))?;
        }
        cargo(&krate, &["fetch", "--quiet"])?;
        eprintln!("building {what} from an empty target directory...");
        let m = measure(
            Command::new(time)
                .args(["-v", "cargo", "build", "--quiet"])
                .env("CARGO_TARGET_DIR", krate.join("target"))
                .current_dir(&krate),
        )?;
        results.push((*what, m));
    }
    println!("clean debug build (`cargo build`, default jobs) from an empty target directory:");
    println!(
        "{:<40} {:>10} {:>10} {:>12}",
        "crate", "CPU s", "wall s", "peak MiB"
    );
    for (what, m) in &results {
        println!(
            "{what:<40} {:>10.1} {:>10.1} {:>12.0}",
            m.cpu_seconds,
            m.wall_seconds,
            m.max_rss_kib as f64 / 1024.0
        );
    }
    if let [(_, ours), (_, theirs)] = results.as_slice() {
        println!(
            "ours / theirs: {:.2}x the CPU time, {:.2}x the peak memory",
            ours.cpu_seconds / theirs.cpu_seconds,
            ours.max_rss_kib as f64 / theirs.max_rss_kib as f64
        );
    }
    // With the server too: the dependencies first (unmeasured), then our crate's check.
    let krate = dir.join("ours");
    let with_server = format!(
        "{} = {{ path = {path}, default-features = false, features = [\"client\", \"server\"] }}",
        service.name
    );
    user_crate(
        &krate,
        "ours",
        &with_server,
        "//! Only a dependency, checked.\n",
    )?;
    let target = krate.join("target-check");
    let check = |measured: bool| -> Result<Option<Measured>, String> {
        let mut command = Command::new(time);
        command
            .args(["-v", "cargo", "check", "--quiet", "-p", service.name])
            .env("CARGO_TARGET_DIR", &target)
            .current_dir(&krate);
        if measured {
            let _ = Command::new("cargo")
                .args(["clean", "--quiet", "-p", service.name])
                .env("CARGO_TARGET_DIR", &target)
                .current_dir(&krate)
                .status();
            return measure(&mut command).map(Some);
        }
        measure(&mut command).map(|_| None)
    };
    check(false)?;
    if let Some(m) = check(true)? {
        println!(
            "cargo check of {} with client and server (its dependencies already checked): {:.1} CPU s, {:.0} MiB peak",
            service.name,
            m.cpu_seconds,
            m.max_rss_kib as f64 / 1024.0
        );
    }
    Ok(())
}

/// `cargo xtask bench incremental`: see the module docs.
fn incremental() -> Result<(), String> {
    let root = xtask::workspace_root()?;
    let dir = scratch("restgen-bench-incremental")?;
    let schema = dir.join("apigatewayv2.yaml");
    let original = std::fs::read_to_string(root.join("schema/apigatewayv2.yaml"))
        .map_err(|e| format!("reading the schema: {e}"))?;
    write(&schema, &original)?;
    let generated = dir.join("apigatewayv2");
    let time = time()?;
    let codegen = || {
        measure(
            Command::new(time)
                .args(["-v", "cargo", "xtask", "codegen", "--schema"])
                .arg(&schema)
                .arg("--out")
                .arg(&generated)
                .current_dir(&root),
        )
    };
    codegen()?;
    let user = dir.join("user");
    user_crate(
        &user,
        "user",
        "apigatewayv2 = { path = \"../apigatewayv2\" }",
        "//! Uses the generated crate.\n\n/// A type of it.\npub type Api = apigatewayv2::types::Api;\n",
    )?;
    std::fs::copy(root.join("Cargo.lock"), user.join("Cargo.lock"))
        .map_err(|e| format!("copying Cargo.lock: {e}"))?;
    eprintln!("checking the user crate once (not measured)...");
    cargo(&user, &["check", "--quiet"])?;
    println!("a one-line docs change in the schema, then `cargo xtask codegen` and `cargo check`");
    println!("(CPU and wall seconds of each command, cargo included):");
    println!(
        "{:<40} {:>12} {:>12} {:>12} {:>12}",
        "edit", "codegen CPU", "check CPU", "total CPU", "total wall"
    );
    // Each edit changes one doc line: a member of a shape, an operation, a shape.
    let edits = [
        ("docs: The certificate ARN.", "a member's docs (types.rs)"),
        (
            "docs: Creates an Api resource.",
            "an operation's docs (client, server)",
        ),
        ("docs: Represents an API.", "a structure's docs (types.rs)"),
    ];
    let mut text = original;
    for (i, (line, what)) in edits.iter().enumerate() {
        let at = text
            .find(line)
            .ok_or_else(|| format!("`{line}` is not in the schema"))?;
        text.insert_str(at + line.len() - 1, &format!(" (edit {i})"));
        write(&schema, &text)?;
        let generate = codegen()?;
        let check = measure(
            Command::new(time)
                .args(["-v", "cargo", "check", "--quiet"])
                .env("CARGO_TARGET_DIR", user.join("target"))
                .current_dir(&user),
        )?;
        println!(
            "{what:<40} {:>12.2} {:>12.2} {:>12.2} {:>12.2}",
            generate.cpu_seconds,
            check.cpu_seconds,
            generate.cpu_seconds + check.cpu_seconds,
            generate.wall_seconds + check.wall_seconds
        );
    }
    Ok(())
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|e| format!("writing {}: {e}", path.display()))
}

/// Lines of the `.rs` files in `dir`.
fn lines_of(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "rs"))
        .filter_map(|e| std::fs::read_to_string(e.path()).ok())
        .map(|t| t.lines().count())
        .sum()
}

/// Runs `/usr/bin/time -v ...` and reads its report (the last lines of stderr).
fn measure(command: &mut Command) -> Result<Measured, String> {
    let out = command.output().map_err(|e| format!("running: {e}"))?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() {
        return Err(format!("the check failed:\n{stderr}"));
    }
    let field = |name: &str| {
        stderr
            .lines()
            .find_map(|l| l.trim().strip_prefix(name))
            .map(|v| v.trim().to_string())
            .ok_or_else(|| format!("no `{name}` in the output of /usr/bin/time:\n{stderr}"))
    };
    let number = |name: &str| -> Result<f64, String> {
        field(name)?
            .parse::<f64>()
            .map_err(|e| format!("`{name}`: {e}"))
    };
    // `Elapsed (wall clock) time (h:mm:ss or m:ss): 1:02.03`.
    let wall = field("Elapsed (wall clock) time (h:mm:ss or m:ss):")?
        .split(':')
        .try_fold(0.0, |acc, part| part.parse::<f64>().map(|v| acc * 60.0 + v))
        .map_err(|e| format!("wall time: {e}"))?;
    Ok(Measured {
        cpu_seconds: number("User time (seconds):")? + number("System time (seconds):")?,
        wall_seconds: wall,
        max_rss_kib: number("Maximum resident set size (kbytes):")? as u64,
    })
}

/// A service of `operations` operations: resources of five operations each (create, list,
/// get, update, delete), each with its own request and response structures, an item
/// structure with a list, a map, an enum and a timestamp, and four shared errors. Every
/// location an input member can have (path, query, header, body) appears.
pub fn synthetic(operations: usize) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "service:\n  name: Synthetic\n  version: '2024-01-01'\n  protocol: rest-json\n  \
         docs: A synthetic service of {operations} operations for `cargo xtask bench compile`.\n\nshapes:"
    );
    s.push_str(
        "  Tags:\n    type: map\n    key: string\n    value: string\n\n  \
         Kind:\n    type: enum\n    values: [SMALL, MEDIUM, LARGE]\n\n  \
         Created:\n    type: timestamp\n    timestamp_format: date-time\n\n",
    );
    let resources = operations.div_ceil(OPS_PER_RESOURCE);
    for r in 0..resources {
        let t = format!("Thing{r:04}");
        let _ = write!(
            s,
            "  {t}:\n    type: structure\n    docs: A thing of kind {r}.\n    members:\n\
             \x20     Id: {{target: string, required: true, wire_name: id, docs: Its identifier.}}\n\
             \x20     Name: {{target: string, wire_name: name, docs: Its name.}}\n\
             \x20     Count: {{target: integer, wire_name: count}}\n\
             \x20     Enabled: {{target: boolean, wire_name: enabled}}\n\
             \x20     Kind: {{target: Kind, wire_name: kind}}\n\
             \x20     Tags: {{target: Tags, wire_name: tags}}\n\
             \x20     CreatedAt: {{target: Created, wire_name: createdAt}}\n\n\
             \x20 {t}List:\n    type: list\n    member: {t}\n\n"
        );
        let id = "      Id: {target: string, required: true, location: path, wire_name: id}\n";
        let body = "      Name: {target: string, wire_name: name}\n\
                    \x20     Kind: {target: Kind, wire_name: kind}\n\
                    \x20     Tags: {target: Tags, wire_name: tags}\n\
                    \x20     Trace: {target: string, location: header, wire_name: X-Trace}\n";
        let item = format!("      Item: {{target: {t}, wire_name: item}}\n");
        let requests: [(&str, String, Option<String>); OPS_PER_RESOURCE] = [
            ("Create", body.to_string(), Some(item.clone())),
            (
                "List",
                "      MaxResults: {target: integer, location: query, wire_name: maxResults}\n\
                 \x20     NextToken: {target: string, location: query, wire_name: nextToken}\n"
                    .to_string(),
                Some(format!(
                    "      Items: {{target: {t}List, wire_name: items}}\n\
                     \x20     NextToken: {{target: string, wire_name: nextToken}}\n"
                )),
            ),
            ("Get", id.to_string(), Some(item.clone())),
            ("Update", format!("{id}{body}"), Some(item.clone())),
            ("Delete", id.to_string(), None),
        ];
        for (verb, input, output) in &requests {
            let _ = write!(
                s,
                "  {verb}{t}Request:\n    type: structure\n    members:\n{input}\n"
            );
            if let Some(output) = output {
                let _ = write!(
                    s,
                    "  {verb}{t}Response:\n    type: structure\n    members:\n{output}\n"
                );
            }
        }
    }
    s.push_str("operations:\n");
    for i in 0..operations {
        let (r, k) = (i / OPS_PER_RESOURCE, i % OPS_PER_RESOURCE);
        let t = format!("Thing{r:04}");
        let (verb, method, path, success) = match k {
            0 => ("Create", "POST", format!("/v1/things{r}"), 201),
            1 => ("List", "GET", format!("/v1/things{r}"), 200),
            2 => ("Get", "GET", format!("/v1/things{r}/{{id}}"), 200),
            3 => ("Update", "PATCH", format!("/v1/things{r}/{{id}}"), 200),
            _ => ("Delete", "DELETE", format!("/v1/things{r}/{{id}}"), 204),
        };
        let output = if verb == "Delete" {
            String::new()
        } else {
            format!("    output: {verb}{t}Response\n")
        };
        let _ = write!(
            s,
            "  {verb}{t}:\n    method: {method}\n    path: {path}\n    input: {verb}{t}Request\n\
             {output}    success: {success}\n    errors: [BadRequest, NotFound, Conflict, TooManyRequests]\n\
             \x20   docs: {verb} a thing of kind {r}.\n\n"
        );
    }
    s.push_str("errors:\n");
    for (name, status) in [
        ("BadRequest", 400),
        ("NotFound", 404),
        ("Conflict", 409),
        ("TooManyRequests", 429),
    ] {
        let _ = write!(
            s,
            "  {name}:\n    status: {status}\n    members:\n      Message: {{target: string, wire_name: message}}\n\n"
        );
    }
    s
}

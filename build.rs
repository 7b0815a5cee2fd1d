//! Builds the front-end (the offline GraphiQL playground and the network explorer in `web/`)
//! and embeds it: `npm ci` in `web/` when `web/node_modules` is missing or older than
//! `web/package-lock.json`, then `node web/build.mjs` bundles it with esbuild into `OUT_DIR`,
//! and `OUT_DIR/assets.rs` lists every file as `(url, content type, include_bytes!)` for
//! `src/server/web.rs`.
//!
//! It also sets `REGIOGRAPH_BUILD_ID`, a digest of the crate's version, its sources and
//! `Cargo.lock`, which snapshots carry so that a snapshot written by another build is refused.
//!
//! When Node or npm is missing, the build fails, or `REGIOGRAPH_SKIP_WEB=1` is set, the
//! crate still builds: the asset table is empty and `WEB_MISSING` says why, which the server
//! logs at start-up and shows on `/` and `/explore`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::{env, fs};

fn main() {
    let root = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let out = PathBuf::from(env::var_os("OUT_DIR").unwrap_or_default());
    let web = root.join("web");
    for watched in ["src", "package.json", "package-lock.json", "build.mjs"] {
        println!("cargo:rerun-if-changed=web/{watched}");
    }
    println!("cargo:rerun-if-env-changed=REGIOGRAPH_SKIP_WEB");
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed=Cargo.lock");
    println!("cargo:rustc-env=REGIOGRAPH_BUILD_ID={}", build_id(&root));
    // A build without Node is retried once Node is on the PATH.
    println!("cargo:rerun-if-env-changed=PATH");

    let skip = env::var("REGIOGRAPH_SKIP_WEB").is_ok_and(|v| !v.is_empty() && v != "0");
    // A change to the Rust sources reruns this script for the build id; the bundle is only
    // made again when the front-end's own files changed since it was last made.
    let web_digest = format!("{:016x}", digest_files(&web, &web_inputs(&web)));
    let web_stamp = out.join("web-inputs");
    if !skip
        && fs::read_to_string(&web_stamp).ok().as_deref() == Some(web_digest.as_str())
        && out.join("assets.rs").is_file()
    {
        return;
    }
    let built = if skip {
        Err("REGIOGRAPH_SKIP_WEB is set, so the front-end was not built".to_owned())
    } else {
        build_web(&web, &out.join("web"))
    };
    let built_ok = built.is_ok();
    let code = match built {
        Ok(manifest) => asset_table(&manifest, None),
        Err(reason) => {
            println!("cargo:warning=front-end not built: {reason}");
            asset_table(&[], Some(&reason))
        }
    };
    if let Err(error) = fs::write(out.join("assets.rs"), code) {
        println!("cargo:warning=cannot write assets.rs: {error}");
        std::process::exit(1);
    }
    if built_ok {
        let _ = fs::write(&web_stamp, web_digest);
    } else {
        let _ = fs::remove_file(&web_stamp);
    }
}

/// Every file under `dir` (recursively), sorted, skipping `node_modules`.
fn files_under(dir: &Path, found: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            if path.file_name().is_some_and(|name| name != "node_modules") {
                files_under(&path, found);
            }
        } else {
            found.push(path);
        }
    }
}

/// The files the front-end bundle is made from.
fn web_inputs(web: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    files_under(&web.join("src"), &mut files);
    for name in ["package.json", "package-lock.json", "build.mjs"] {
        files.push(web.join(name));
    }
    files
}

/// A digest of the files' names (relative to `base`) and bytes, in sorted order (std's SipHash: stable for one
/// compiler, which is all a build id needs).
fn digest_files(base: &Path, files: &[PathBuf]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut sorted = files.to_vec();
    sorted.sort();
    let mut hasher = std::hash::DefaultHasher::new();
    for file in &sorted {
        file.strip_prefix(base).unwrap_or(file).hash(&mut hasher);
        fs::read(file).unwrap_or_default().hash(&mut hasher);
    }
    hasher.finish()
}

/// The build id: the crate's version and a digest of `src/` and `Cargo.lock`.
fn build_id(root: &Path) -> String {
    let mut files = Vec::new();
    files_under(&root.join("src"), &mut files);
    files.push(root.join("Cargo.lock"));
    let version = env::var("CARGO_PKG_VERSION").unwrap_or_default();
    format!("{version}-{:016x}", digest_files(root, &files))
}

/// One file of the bundle: its URL path, content type and location.
struct Entry {
    url: String,
    content_type: String,
    file: PathBuf,
}

/// Installs the locked packages when needed and runs the bundler; returns the manifest.
fn build_web(web: &Path, out: &Path) -> Result<Vec<Entry>, String> {
    let lock = fs::read(web.join("package-lock.json"))
        .map_err(|e| format!("cannot read web/package-lock.json: {e}"))?;
    let stamp = web.join("node_modules").join(".regiograph-lock");
    if fs::read(&stamp).ok().as_deref() != Some(lock.as_slice()) {
        run(
            Command::new("npm")
                .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
                .current_dir(web),
            "npm ci (in web/)",
        )?;
        fs::write(&stamp, &lock).map_err(|e| format!("cannot write {}: {e}", stamp.display()))?;
    }
    run(
        Command::new("node")
            .arg(web.join("build.mjs"))
            .arg(out)
            .current_dir(web),
        "node web/build.mjs",
    )?;
    let manifest = fs::read_to_string(out.join("manifest.tsv"))
        .map_err(|e| format!("the bundler wrote no manifest: {e}"))?;
    manifest
        .lines()
        .filter(|line| !line.is_empty())
        .map(|line| {
            let mut fields = line.split('\t');
            match (fields.next(), fields.next(), fields.next()) {
                (Some(url), Some(content_type), Some(file)) => Ok(Entry {
                    url: url.to_owned(),
                    content_type: content_type.to_owned(),
                    file: PathBuf::from(file),
                }),
                _ => Err(format!("a bad manifest line: {line:?}")),
            }
        })
        .collect()
}

/// Runs a command quietly; on failure, says what was missing or what it printed.
fn run(command: &mut Command, what: &str) -> Result<(), String> {
    let program = command.get_program().to_string_lossy().into_owned();
    let output = command.output().map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            format!("`{program}` was not found (install Node.js 20 or newer with npm)")
        } else {
            format!("{what} could not start: {e}")
        }
    })?;
    if output.status.success() {
        return Ok(());
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    let tail: Vec<&str> = stderr.lines().rev().take(8).collect();
    let tail: Vec<&str> = tail.into_iter().rev().collect();
    Err(format!(
        "{what} failed ({}): {}",
        output.status,
        tail.join(" | ")
    ))
}

/// The Rust source of the asset table.
fn asset_table(entries: &[Entry], missing: Option<&str>) -> String {
    let mut code = String::from("// Generated by build.rs: the embedded front-end.\n");
    code.push_str("/// Every embedded file: URL path, content type, bytes.\n");
    code.push_str("pub static ASSETS: &[Asset] = &[\n");
    for entry in entries {
        let _ = writeln!(
            code,
            "    Asset {{ path: {:?}, content_type: {:?}, body: include_bytes!({:?}) }},",
            entry.url,
            entry.content_type,
            entry.file.display().to_string()
        );
    }
    code.push_str("];\n");
    code.push_str("/// Why the front-end is missing, when it is.\n");
    let _ = writeln!(
        code,
        "pub static WEB_MISSING: Option<&str> = {};",
        match missing {
            Some(reason) => format!("Some({reason:?})"),
            None => "None".to_owned(),
        }
    );
    code
}

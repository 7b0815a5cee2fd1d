//! Writing an import's directory whole or not at all: the files go to a hidden sibling
//! directory, which then takes the output's name in one rename.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::ImportError;
use super::collect::Records;
use super::summary::Summary;

/// Writes `sources.jsonl`, `entities.jsonl`, `relations.jsonl` and `import-report.txt` (the
/// summary and every refused row) to `out`. An existing `out` is replaced only once the new
/// directory is complete; an interrupted import leaves at most a hidden `.<name>.partial-*`
/// directory, which `serve` does not read.
pub fn write_dir(records: &Records, summary: &Summary, out: &Path) -> Result<(), ImportError> {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "import".to_owned());
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let write_error = |path: &Path| {
        let path = path.to_owned();
        move |source| ImportError::Write { path, source }
    };
    std::fs::create_dir_all(parent).map_err(write_error(parent))?;
    remove_leftovers(parent, &name);
    let partial = parent.join(format!(".{name}.partial-{}", std::process::id()));
    std::fs::create_dir(&partial).map_err(write_error(&partial))?;
    let result = (|| {
        write_lines(&partial.join("sources.jsonl"), &records.sources)?;
        write_lines(&partial.join("entities.jsonl"), &records.entities)?;
        write_lines(&partial.join("relations.jsonl"), &records.relations)?;
        let report = partial.join("import-report.txt");
        let mut text = summary.to_string();
        if !summary.refusals.is_empty() {
            text.push_str("\nrefused rows:\n");
            for refused in &summary.refusals {
                text.push_str(&refused.to_string());
                text.push('\n');
            }
        }
        std::fs::write(&report, text).map_err(write_error(&report))?;
        replace(&partial, out)
    })();
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&partial);
    }
    result
}

/// Removes what an interrupted import into the same directory left behind: its hidden
/// partial directory, or the older directory it was replacing. Best effort: what cannot be
/// removed stays hidden and harmless.
fn remove_leftovers(parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let partial = format!(".{name}.partial-");
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let file_name = file_name.to_string_lossy();
        if file_name.starts_with(&partial) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Moves the complete directory into place, replacing an older one.
fn replace(partial: &Path, out: &Path) -> Result<(), ImportError> {
    let write_error = |path: PathBuf| move |source| ImportError::Write { path, source };
    if out.exists() {
        let mut old = partial.as_os_str().to_owned();
        old.push("-old");
        let old = PathBuf::from(old);
        std::fs::rename(out, &old).map_err(write_error(out.to_owned()))?;
        std::fs::rename(partial, out).map_err(write_error(out.to_owned()))?;
        std::fs::remove_dir_all(&old).map_err(write_error(old))?;
    } else {
        std::fs::rename(partial, out).map_err(write_error(out.to_owned()))?;
    }
    Ok(())
}

/// Writes one record per line.
fn write_lines<T: Serialize>(path: &Path, records: &[T]) -> Result<(), ImportError> {
    let write_error = |source| ImportError::Write {
        path: path.to_owned(),
        source,
    };
    let file = std::fs::File::create(path).map_err(write_error)?;
    let mut writer = std::io::BufWriter::new(file);
    for record in records {
        serde_json::to_writer(&mut writer, record).map_err(|e| write_error(e.into()))?;
        writer.write_all(b"\n").map_err(write_error)?;
    }
    writer.flush().map_err(write_error)?;
    writer
        .into_inner()
        .map_err(|e| write_error(e.into_error()))?
        .sync_all()
        .map_err(write_error)
}

//! Turning the paths a user named into the list of files to ingest.
//!
//! Directories are walked recursively in sorted order so that a run is reproducible.
//! Hidden entries (names starting with `.`) inside directories are left out, symbolic
//! links to directories are not followed (no loops), and the case's own database files are
//! never ingested even when the case sits inside the walked folder.

use std::path::{Path, PathBuf};

/// A path that could not be walked.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {source}")]
pub struct WalkError {
    /// The path.
    pub path: PathBuf,
    /// The error.
    pub source: std::io::Error,
}

/// One file to consider.
#[derive(Debug, Clone)]
pub struct Input {
    /// Its path.
    pub path: PathBuf,
    /// Its size in bytes.
    pub size: u64,
    /// Whether the user named it directly (rather than it being found in a directory).
    pub explicit: bool,
}

/// Lists the files under `paths`, leaving out the case database at `case`, its text
/// index (`-text`) and their companions (`-wal`, `-shm`, `-journal`).
pub fn collect_inputs(paths: &[PathBuf], case: Option<&Path>) -> Result<Vec<Input>, WalkError> {
    let excluded: Vec<PathBuf> = case
        .and_then(|c| std::fs::canonicalize(c).ok())
        .map(|c| {
            [
                "",
                "-wal",
                "-shm",
                "-journal",
                "-text",
                "-text-wal",
                "-text-shm",
                "-text-journal",
            ]
            .iter()
            .map(|suffix| {
                let mut s = c.clone().into_os_string();
                s.push(suffix);
                PathBuf::from(s)
            })
            .collect()
        })
        .unwrap_or_default();
    let mut out = Vec::new();
    for p in paths {
        let meta = std::fs::metadata(p).map_err(|source| WalkError {
            path: p.clone(),
            source,
        })?;
        if meta.is_dir() {
            walk_dir(p, &excluded, &mut out)?;
        } else {
            out.push(Input {
                path: p.clone(),
                size: meta.len(),
                explicit: true,
            });
        }
    }
    Ok(out)
}

fn walk_dir(dir: &Path, excluded: &[PathBuf], out: &mut Vec<Input>) -> Result<(), WalkError> {
    let err = |source| WalkError {
        path: dir.to_owned(),
        source,
    };
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .map_err(err)?
        .collect::<Result<_, _>>()
        .map_err(err)?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        let ft = entry.file_type().map_err(|source| WalkError {
            path: path.clone(),
            source,
        })?;
        if ft.is_dir() {
            walk_dir(&path, excluded, out)?;
        } else if ft.is_file() || (ft.is_symlink() && path.is_file()) {
            if !excluded.is_empty()
                && std::fs::canonicalize(&path).is_ok_and(|c| excluded.contains(&c))
            {
                continue;
            }
            let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
            out.push(Input {
                path,
                size,
                explicit: false,
            });
        }
    }
    Ok(())
}

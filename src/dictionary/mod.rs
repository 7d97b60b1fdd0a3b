//! `eventdef dictionary`: the metrics and event dictionary of a repository as a static site
//! (what GitLab publishes at https://metrics.gitlab.com as a separate application, from the
//! same YAML files), as one JSON file, or as Markdown pages per product group.
//!
//! The site needs no server and no network: `index.html` loads its data from a script beside
//! it (`assets/data.js`), and `definition.html?id=FILE` a definition's page from a script too
//! (`assets/details/NNN.js`), so it works opened from disk as well as from any static host
//! (GitLab Pages). Its script is plain JavaScript written for it (`templates/dictionary/dictionary.js`);
//! building it needs no npm. Pages are tera templates, replaceable with `--templates DIR`.

pub mod model;
pub mod site;

use std::path::{Path, PathBuf};

use crate::atomic_write::{FileToWrite, write_folder};
use crate::error::{Error, Result};
use crate::render::Templates;
use crate::repository::Repository;
use crate::rules::{self, ValidateOptions, schema::Schemas};

pub use model::{BuildOptions, Dictionary};

/// What to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// The static site.
    #[default]
    Html,
    /// `dictionary.json`.
    Json,
    /// One Markdown page per product group.
    Markdown,
}

/// What was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub metrics: usize,
    pub events: usize,
    pub problems: usize,
    pub files_with_problems: usize,
    pub files_written: usize,
}

/// Refuse an output folder that would destroy something: one inside the definitions
/// (`config/`, `ee/config/`), the repository itself or a folder above it, or a non-empty folder
/// that is not a previous dictionary (unless `force`). The whole folder is replaced.
pub fn check_out_dir(root: &Path, out: &Path, force: bool) -> Result<()> {
    let absolute = absolute(out)?;
    let root = root.canonicalize().map_err(|e| Error::io(root, e))?;
    for definitions in [root.join("config"), root.join("ee").join("config")] {
        if absolute.starts_with(&definitions) {
            return Err(Error::Usage(format!(
                "--out {}: inside the definitions folder {}; choose a folder outside config/ (e.g. public/)",
                out.display(),
                definitions.display()
            )));
        }
    }
    if root.starts_with(&absolute) {
        return Err(Error::Usage(format!(
            "--out {}: the repository itself or a folder holding it, which the build would replace",
            out.display()
        )));
    }
    match std::fs::symlink_metadata(&absolute) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Error::io(out, e)),
        Ok(meta) if !meta.is_dir() => {
            Err(Error::Usage(format!("--out {}: not a folder (a file is in the way)", out.display())))
        }
        Ok(_) => {
            let mut entries = std::fs::read_dir(&absolute).map_err(|e| Error::io(out, e))?;
            let empty = entries.next().is_none();
            if empty || force || absolute.join(site::MARKER).is_file() {
                Ok(())
            } else {
                Err(Error::Usage(format!(
                    "--out {}: a folder with other files (not a previous `eventdef dictionary` output, which has a {} file); the build replaces the whole folder, so choose another or pass --force",
                    out.display(),
                    site::MARKER
                )))
            }
        }
    }
}

/// `out` made absolute with its symbolic links resolved, also when it does not exist yet.
fn absolute(out: &Path) -> Result<PathBuf> {
    let joined = if out.is_absolute() {
        out.to_path_buf()
    } else {
        std::env::current_dir().map_err(|e| Error::io(".", e))?.join(out)
    };
    let mut missing = Vec::new();
    let mut cursor = joined.as_path();
    loop {
        match cursor.canonicalize() {
            Ok(found) => {
                let mut path = found;
                for part in missing.iter().rev() {
                    path.push(part);
                }
                return Ok(path);
            }
            Err(_) => match (cursor.parent(), cursor.file_name()) {
                (Some(parent), Some(name)) => {
                    missing.push(name.to_owned());
                    cursor = parent;
                }
                _ => return Ok(joined),
            },
        }
    }
}

/// Validate `repo`, build its dictionary and write it to `out` in `format`, replacing the
/// folder whole. `assets_dir` may replace the site's script and style (`--templates DIR`).
pub fn write(
    repo: &Repository,
    templates: &Templates,
    assets_dir: Option<&Path>,
    options: &BuildOptions,
    format: Format,
    out: &Path,
) -> Result<Summary> {
    let dictionary = build(repo, templates, options, format == Format::Html)?;
    let files = files(&dictionary, templates, assets_dir, format)?;
    write_folder(out, &files)?;
    Ok(Summary {
        metrics: dictionary.metrics.len(),
        events: dictionary.events.len(),
        problems: dictionary.problems.len(),
        files_with_problems: dictionary.files_with_problems(),
        files_written: files.len(),
    })
}

/// Validate `repo` (every rule `eventdef validate` runs) and build its dictionary.
pub fn build(repo: &Repository, templates: &Templates, options: &BuildOptions, snippets: bool) -> Result<Dictionary> {
    let schemas = Schemas::compile(&repo.reference)?;
    let outcome = rules::validate(repo, &schemas, &ValidateOptions::default());
    Dictionary::build(repo, &outcome.diagnostics, templates, &BuildOptions { snippets, ..options.clone() })
}

/// The files of `dictionary` in `format`.
pub fn files(
    dictionary: &Dictionary,
    templates: &Templates,
    assets_dir: Option<&Path>,
    format: Format,
) -> Result<Vec<FileToWrite>> {
    match format {
        Format::Html => {
            let assets = site::assets(assets_dir)?;
            site::site_files(dictionary, templates, &assets)
        }
        Format::Json => site::json_files(dictionary),
        Format::Markdown => site::markdown_files(dictionary, templates),
    }
}

//! Reads a project folder into the site model. The only stage that reads files.
//!
//! Every problem becomes a located [`Diagnostic`]; loading goes on past a bad file so that
//! one run reports as much as it can.
//!
//! This module reads the project (`rapport.toml`, then its editions); the submodules read
//! the parts:
//!
//! - [`editions`]: the edition folders under `content/` and their data files;
//! - `walk`: the files of one edition folder, sorted into pages and assets;
//! - [`pages`]: the Markdown pages, their front matter and their blocks;
//! - [`text`]: a file as UTF-8 text, and TOML with its problems located in the file.

pub(crate) mod editions;
pub mod pages;
pub mod text;
mod walk;

use std::path::Path;

use crate::core::diagnostics::{Diagnostic, Diagnostics};
use crate::core::model::{Config, Site};

use text::{parse_toml, parse_toml_partial, read_text};

/// The project's settings file.
pub(crate) const CONFIG_FILE: &str = "rapport.toml";
/// The folder that holds the editions.
pub(crate) const CONTENT_DIR: &str = "content";

/// Loads a whole project: the site (what could be read of it) and every problem found,
/// or only problems when even `rapport.toml` cannot be read. An edition whose
/// `edition.toml` cannot be read is there with a stand-in for it (see
/// `editions::edition_for_checking`), and an error.
pub fn site(root: &Path) -> Result<(Site, Diagnostics), Diagnostics> {
    let mut problems = Diagnostics::new();
    let config = config_partial(root, &mut problems);
    let languages = config
        .as_ref()
        .map(Config::language_codes)
        .unwrap_or_default();
    let editions = editions::all(root, &languages, &mut problems);
    match config {
        Some(config) => Ok((
            Site {
                root: root.to_path_buf(),
                config,
                editions,
                pdf_sizes: Default::default(),
            },
            problems,
        )),
        None => Err(problems),
    }
}

/// The text of an edition's translations lock as it is on disk now, when it has one
/// that reads (`serve` reads it again at each rebuild).
pub(crate) fn translations_lock(edition_dir: &Path) -> Option<String> {
    let path = edition_dir.join(crate::core::translation::LOCK_FILE);
    path.is_file()
        .then(|| text::read_text(&path).ok())
        .flatten()
}

/// Reads `rapport.toml`.
pub fn config(root: &Path) -> Result<Config, Diagnostic> {
    let path = root.join(CONFIG_FILE);
    if !path.is_file() {
        return Err(Diagnostic::error(
            &path,
            "no rapport.toml: expected a project folder with rapport.toml, content/ and themes/",
        )
        .with_hint("pass the project folder with --root DIR"));
    }
    let source = read_text(&path)?;
    parse_toml(&path, &source)
}

/// Reads `rapport.toml` as far as it can: an unknown key is reported, and the rest of the
/// project is still read with the settings that are known.
fn config_partial(root: &Path, problems: &mut Diagnostics) -> Option<Config> {
    let path = root.join(CONFIG_FILE);
    if !path.is_file() {
        // `config` words the missing file.
        return config(root).map_err(|d| problems.push(d)).ok();
    }
    let source = read_text(&path).map_err(|d| problems.push(d)).ok()?;
    let (config, found) = parse_toml_partial(&path, &source, &source, 0);
    problems.extend(found.into_iter().collect());
    config
}

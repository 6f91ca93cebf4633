//! Rebuilds a project in memory after a change, redoing only what the change affects:
//! what `serve` runs on every save.
//!
//! A [`Rebuilder`] holds the prepared project (site model and theme) and what it needs to
//! patch the published site without holding it: what each rendered page read and which
//! files it produced, as rendering recorded it ([`Dependencies`]), which files were copied,
//! and, with a base URL, the sitemap's entries. Given the paths the file watcher reports,
//! it reads only those files again (or their edition), compares the old model with the new
//! to find which inputs changed (a page's text, title, counts or blocks; an edition's data
//! and files; the addresses of pages that moved; which indicators have trend pages), and
//! renders the pages that read one of them, and the pages that are new; a page the site no
//! longer has is gone, with its files. `rapport.toml`, the theme, templates, UI strings, a
//! new or removed edition, or anything else outside the editions: everything, as `build`
//! does ([`crate::prepare`], then every page).
//!
//! Validation runs as a build runs it, on the configuration and the editions that changed
//! (it looks at each edition on its own; the others keep their problems), so the problems
//! and warnings are those of a full build. A change that does not build leaves the last
//! good state as it was, and its paths are tried again with the next change. The files
//! returned are those a full build of the project as it now stands has at those paths,
//! and every other file of that build is unchanged: `tests/rebuild.rs` compares the two,
//! byte for byte, after each of a series of edits.
//!
//! The steps have their modules, in the order a rebuild takes them: `plan` (which files
//! to read again, from the changed paths), `reload` (reading them into the model, and
//! putting the old ones back on failure), `problems` (the problems a full build would
//! report now), `scope` (which inputs changed, so which pages to render again),
//! `changes` (rendering those pages and copying the editions' files) and `publishing`
//! (the publishing pass over the new files, and which files are gone).

mod changes;
mod plan;
mod problems;
mod publishing;
mod reload;
mod scope;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::core::diagnostics::{Diagnostics, Error};
use crate::core::output::Output;
use crate::core::routes;
use crate::publish::{self, Sitemap};
use crate::render::dependencies::Dependencies;
use crate::render::project::Project;
use crate::validate;

use plan::Plan;
use problems::{Problems, not_from_validation};
use scope::trend_pages;

/// Which address the site is built for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Addresses {
    /// As `build` writes it: the configured base URL, if any.
    AsConfigured,
    /// For a local preview: a configured base URL becomes the server's root, so that the
    /// 404 page and canonical links lead to the preview, not to the published site.
    ServerRoot,
}

impl Addresses {
    fn apply(self, project: &mut Project) {
        if self == Addresses::ServerRoot && project.site.config.base_url.is_some() {
            project.site.config.base_url = Some(String::new());
            // Templates link to the assets' published names, which follow the base URL.
            project.theme.name_assets(Some(""));
        }
    }
}

/// What a rebuild produced.
#[derive(Debug)]
pub enum Rebuilt {
    /// The whole site, built again: every file is here, and no other.
    Everything(Output),
    /// Some pages rendered again: the files written (whether or not their bytes changed)
    /// and the paths that are gone; every other file is as it was.
    Patch {
        /// How many pages were rendered.
        pages: usize,
        /// The files rendered or copied again, published.
        written: Output,
        /// Paths that a full build would no longer have.
        removed: Vec<String>,
    },
}

/// A prepared project, kept up to date change by change.
pub struct Rebuilder {
    root: PathBuf,
    /// The root with symbolic links resolved, as file watchers name changed paths.
    real_root: Option<PathBuf>,
    addresses: Addresses,
    project: Project,
    /// The problems of the last good build (warnings), by where they come from.
    problems: Problems,
    /// The theme's static files as the theme has them: each publishing pass renames them.
    statics: Output,
    /// What each rendered page read, and the files it produced (pages, charts).
    record: Dependencies,
    /// Paths of the published files that were copied or derived (static assets, edition
    /// files, open data, the 404 page, robots.txt, the sitemap); they win over a rendered
    /// file of the same path, as in a build.
    copied: BTreeSet<String>,
    /// The sitemap's entries (none without a base URL).
    sitemap: Sitemap,
    /// Changed paths that have not been built yet (the change failed).
    pending: BTreeSet<PathBuf>,
    /// False while the model is being changed: a rebuild that panicked midway leaves it
    /// false, and the next rebuild starts from scratch.
    consistent: bool,
}

impl Rebuilder {
    /// Builds the project whole; returns the rebuilder and every file of the site.
    pub fn new(root: &Path, addresses: Addresses) -> Result<(Rebuilder, Output), Error> {
        let mut project = crate::render::project::prepare(root, None)?;
        addresses.apply(&mut project);
        let mut statics = Output::new();
        project.theme.copy_static(&mut statics);
        let built = build_everything(&project)?;
        let validation = validate::site(&project.site);
        let problems = Problems {
            loading: not_from_validation(&project.warnings, &validation),
            validation,
        };
        let rebuilder = Rebuilder {
            root: root.to_path_buf(),
            real_root: std::fs::canonicalize(root).ok(),
            addresses,
            project,
            problems,
            statics,
            record: built.record,
            copied: built.copied,
            sitemap: built.sitemap,
            pending: BTreeSet::new(),
            consistent: true,
        };
        Ok((rebuilder, built.output))
    }

    /// The project as last built.
    pub fn project(&self) -> &Project {
        &self.project
    }

    /// The warnings of the last good build, as a full build would report them.
    pub fn warnings(&self) -> &Diagnostics {
        &self.project.warnings
    }

    /// Brings the site up to date with the files at `changed` (and those of earlier
    /// changes that failed). On error nothing changes: the last good site stands.
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Result<Rebuilt, Error> {
        self.pending.extend(changed.iter().cloned());
        let plan = if self.consistent {
            self.plan(&self.pending)
        } else {
            Plan::everything()
        };
        let result = if plan.everything {
            self.rebuild_everything()
        } else {
            self.rebuild_parts(plan)
        };
        if result.is_ok() {
            self.pending.clear();
        }
        result
    }

    fn rebuild_everything(&mut self) -> Result<Rebuilt, Error> {
        let (fresh, output) = Rebuilder::new(&self.root, self.addresses)?;
        *self = fresh;
        Ok(Rebuilt::Everything(output))
    }
}

/// A whole site, with where each file came from.
struct Everything {
    output: Output,
    record: Dependencies,
    copied: BTreeSet<String>,
    sitemap: Sitemap,
}

/// Publishes a whole site into memory through the one publishing path
/// ([`publish::site`]): the same bytes as [`crate::render_project`], with where each file
/// came from.
fn build_everything(project: &Project) -> Result<Everything, Error> {
    let pages = Mutex::new(Output::new());
    let mut published = publish::site(project)?.publish(
        &|path, bytes| {
            pages
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(path, bytes);
            Ok(())
        },
        crate::render::Record::Dependencies,
    )?;
    let mut output = pages.into_inner().unwrap_or_else(|e| e.into_inner());
    let copied = paths(&published.rest);
    publish::move_files(&mut published.rest, &mut output);
    Ok(Everything {
        output,
        record: published.dependencies,
        copied,
        sitemap: published.sitemap,
    })
}

impl Rebuilder {
    /// Reads the planned files again, checks the model as a build would, renders what the
    /// change affects and publishes it; on error the model is put back as it was.
    fn rebuild_parts(&mut self, plan: Plan) -> Result<Rebuilt, Error> {
        if plan.editions.is_empty() && plan.pages.is_empty() {
            return Ok(Rebuilt::Patch {
                pages: 0,
                written: Output::new(),
                removed: Vec::new(),
            });
        }
        let Some(loaded) = self.load(plan) else {
            // An edition that cannot be loaded at all: a full build says why, exactly.
            return self.rebuild_everything();
        };
        let trend_pages_before = if loaded.editions.is_empty() {
            BTreeSet::new()
        } else {
            trend_pages(&self.project.site)
        };
        self.consistent = false;
        let replaced = self.replace(loaded);
        let problems = self.problems_after(&replaced);
        let rendered = match problems.all() {
            all if all.has_errors() => Err(Error::Content(all)),
            _ => self.render_changes(&replaced, &trend_pages_before),
        };
        let rendered = match rendered {
            Ok(rendered) => rendered,
            Err(e) => {
                self.put_back(replaced);
                self.consistent = true;
                return Err(e);
            }
        };
        let pages = rendered.count;
        let (written, removed) = self.publish(rendered);
        self.project.warnings = problems.all();
        self.problems = problems;
        self.consistent = true;
        Ok(Rebuilt::Patch {
            pages,
            written,
            removed,
        })
    }
}

/// The paths of the files of `output`.
fn paths(output: &Output) -> BTreeSet<String> {
    output.iter().map(|(p, _)| p.to_string()).collect()
}

/// Whether the site path `path` belongs to the edition of `year`.
fn in_edition(path: &str, year: u16) -> bool {
    routes::parse(path).and_then(|route| route.year()) == Some(year)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_in_an_edition_by_their_first_folder() {
        assert!(in_edition("2022/fr/index.html", 2022));
        assert!(!in_edition("20221/fr/index.html", 2022));
        assert!(!in_edition("index.html", 2022));
    }
}

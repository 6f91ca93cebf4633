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

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

use crate::core::diagnostics::{Diagnostics, Error};
use crate::core::model::{Edition, Page, Site};
use crate::core::output::Output;
use crate::core::routes;
use crate::load::{self, CONFIG_FILE, CONTENT_DIR};
use crate::publish::{self, Sitemap};
use crate::render::dependencies::{Dependencies, Input};
use crate::render::project::Project;
use crate::render::{self, PageKey};
use crate::render::{opendata, trends};
use crate::validate;

/// The data files of an edition: a change to one reloads the edition.
const DATA_FILES: [&str; 3] = ["edition.toml", "indicators.toml", "projects.toml"];

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
    let mut published = publish::site(project)?.publish(&|path, bytes| {
        pages
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path, bytes);
        Ok(())
    })?;
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

// ---------------------------------------------------------------------------------------
// What to read again
// ---------------------------------------------------------------------------------------

/// The files to read again.
#[derive(Debug, Default)]
struct Plan {
    everything: bool,
    /// Editions to load whole, by index.
    editions: BTreeSet<usize>,
    /// Pages to load alone: (edition index, page set index, language).
    pages: BTreeSet<(usize, usize, String)>,
}

impl Plan {
    fn everything() -> Plan {
        Plan {
            everything: true,
            ..Plan::default()
        }
    }
}

/// What one changed path asks for.
#[derive(Debug, PartialEq)]
enum Touch {
    /// Nothing a build reads: a file that came and went (an editor's temporary file).
    Nothing,
    /// A known page that is still there: (edition index, page set index, language).
    Page(usize, usize, String),
    /// Anything else in an edition folder: the edition is read again whole.
    Edition(usize),
    /// Anything outside the editions.
    Everything,
}

impl Rebuilder {
    fn plan(&self, changed: &BTreeSet<PathBuf>) -> Plan {
        let mut plan = Plan::default();
        for path in changed {
            match self.touch(path) {
                Touch::Nothing => {}
                Touch::Page(e, s, lang) => {
                    plan.pages.insert((e, s, lang));
                }
                Touch::Edition(e) => {
                    plan.editions.insert(e);
                }
                Touch::Everything => return Plan::everything(),
            }
        }
        plan
    }

    /// The path relative to the project, as plain names; `None` outside it.
    fn relative<'p>(&self, path: &'p Path) -> Option<Vec<&'p str>> {
        let relative = self
            .real_root
            .as_deref()
            .and_then(|real| path.strip_prefix(real).ok())
            .or_else(|| path.strip_prefix(&self.root).ok())?;
        relative
            .components()
            .map(|c| match c {
                Component::Normal(name) => name.to_str(),
                _ => None,
            })
            .collect()
    }

    fn touch(&self, path: &Path) -> Touch {
        let Some(parts) = self.relative(path) else {
            return Touch::Everything;
        };
        // Compared with the model's paths, which start from the root as it was given.
        let local: PathBuf = parts.iter().fold(self.root.clone(), |p, part| p.join(part));
        match parts.as_slice() {
            [CONTENT_DIR, year, rest @ ..] => {
                let edition = self
                    .project
                    .site
                    .editions
                    .iter()
                    .position(|e| e.year.to_string() == *year);
                match edition {
                    Some(e) => self.touch_in_edition(e, rest, &local),
                    // Folders and files starting with a dot are not read.
                    None if year.starts_with('.') => Touch::Nothing,
                    // A new edition, or a file beside the editions (an error).
                    None => Touch::Everything,
                }
            }
            // rapport.toml, the content folder itself, themes/, templates/, i18n/, or
            // anything else: whatever it is, a full build reads it right.
            _ => Touch::Everything,
        }
    }

    fn touch_in_edition(&self, e: usize, rest: &[&str], path: &Path) -> Touch {
        let edition = &self.project.site.editions[e];
        match rest {
            // The edition folder itself: gone, or something in it came or went.
            [] if path.is_dir() => Touch::Edition(e),
            [] => Touch::Everything,
            [file] if DATA_FILES.contains(file) => Touch::Edition(e),
            [lang, file] if file.ends_with(".md") => {
                let known = edition.pages.iter().position(|set| {
                    set.translations
                        .get(*lang)
                        .is_some_and(|page| page.path == path)
                });
                match known {
                    Some(s) if path.is_file() => Touch::Page(e, s, lang.to_string()),
                    Some(_) => Touch::Edition(e),
                    None => self.touch_other(e, path),
                }
            }
            _ => self.touch_other(e, path),
        }
    }

    /// Any other path of an edition: it matters if it is there now (an asset, a folder,
    /// a page in a new place) or if the edition had something there.
    fn touch_other(&self, e: usize, path: &Path) -> Touch {
        let edition = &self.project.site.editions[e];
        let had = |file: &Path| file.starts_with(path);
        let known = edition.assets.iter().any(|a| had(&edition.dir.join(a)))
            || edition
                .pages
                .iter()
                .flat_map(|set| set.translations.values())
                .any(|page| had(&page.path));
        if known || std::fs::symlink_metadata(path).is_ok() {
            Touch::Edition(e)
        } else {
            Touch::Nothing
        }
    }
}

// ---------------------------------------------------------------------------------------
// Reading again, and undoing
// ---------------------------------------------------------------------------------------

/// What was replaced in the model, to compare with and to put back on failure.
#[derive(Default)]
struct Replaced {
    /// (edition index, page set index, language, the page as it was).
    pages: Vec<(usize, usize, String, Page)>,
    /// (edition index, the edition as it was).
    editions: Vec<(usize, Edition)>,
    /// Problems found while loading the new files.
    problems: Diagnostics,
    /// The files read again, whose loading problems the new ones replace: pages and
    /// edition folders.
    reloaded: Vec<PathBuf>,
}

impl Rebuilder {
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

    /// Reads the planned files: pages alone when they keep their place in the edition
    /// (slug and weight), their editions otherwise. `None` when an edition cannot be
    /// loaded at all (no readable `edition.toml`).
    fn load(&self, plan: Plan) -> Option<Loaded> {
        let site = &self.project.site;
        let mut editions = plan.editions;
        let mut pages = Vec::new();
        for (e, s, lang) in plan.pages {
            if editions.contains(&e) {
                continue;
            }
            let old = site.editions[e].pages[s].translations.get(&lang);
            match old.map(|old| (old, load::pages::page(&old.path))) {
                Some((old, Ok(new)))
                    if new.slug == old.slug && new.front.weight == old.front.weight =>
                {
                    pages.push((e, s, lang, new));
                }
                // A problem is reported as the edition's load reports it; a new slug or
                // weight moves the page.
                _ => {
                    editions.insert(e);
                }
            }
        }
        pages.retain(|(e, ..)| !editions.contains(e));
        let languages = site.config.language_codes();
        let editions: Vec<(usize, Option<Edition>, Diagnostics)> = editions
            .into_par_iter()
            .map(|e| {
                let old = &site.editions[e];
                let (edition, problems) =
                    load::editions::edition_partial(old.year, &old.dir, &languages);
                (e, edition, problems)
            })
            .collect();
        let mut loaded = Loaded {
            pages,
            ..Loaded::default()
        };
        for (e, edition, problems) in editions {
            loaded.editions.push((e, edition?));
            loaded.problems.extend(problems);
        }
        Some(loaded)
    }

    /// Puts the loaded files into the model; returns what they replaced.
    fn replace(&mut self, loaded: Loaded) -> Replaced {
        let site = &mut self.project.site;
        let mut replaced = Replaced {
            problems: loaded.problems,
            ..Replaced::default()
        };
        for (e, s, lang, page) in loaded.pages {
            let set = &mut site.editions[e].pages[s];
            replaced.reloaded.push(page.path.clone());
            if let Some(old) = set.translations.insert(lang.clone(), page) {
                replaced.pages.push((e, s, lang, old));
            }
        }
        for (e, edition) in loaded.editions {
            replaced.reloaded.push(edition.dir.clone());
            let old = std::mem::replace(&mut site.editions[e], edition);
            replaced.editions.push((e, old));
        }
        replaced
    }

    fn put_back(&mut self, replaced: Replaced) {
        let site = &mut self.project.site;
        for (e, old) in replaced.editions {
            site.editions[e] = old;
        }
        for (e, s, lang, old) in replaced.pages {
            site.editions[e].pages[s].translations.insert(lang, old);
        }
    }

    /// The problems a full build would report for the model as it now is: validation's
    /// (found again for the editions that changed: validation looks at each edition on
    /// its own, so the others keep theirs) and loading's (those of the files read again
    /// replace theirs from before).
    fn problems_after(&mut self, replaced: &Replaced) -> Problems {
        let site = &mut self.project.site;
        let changed: BTreeSet<usize> = (replaced.pages.iter().map(|(e, ..)| *e))
            .chain(replaced.editions.iter().map(|(e, _)| *e))
            .collect();
        let dirs: Vec<PathBuf> = changed
            .iter()
            .map(|e| site.editions[*e].dir.clone())
            .collect();
        let config = site.root.join(CONFIG_FILE);
        let mut validation: Diagnostics = (self.problems.validation.iter())
            .filter(|d| d.path != config && !dirs.iter().any(|dir| d.path.starts_with(dir)))
            .cloned()
            .collect();
        validation.extend(validate_editions(site, &changed));
        let mut loading: Diagnostics = (self.problems.loading.iter())
            .filter(|d| !replaced.reloaded.iter().any(|f| d.path.starts_with(f)))
            .cloned()
            .collect();
        loading.extend(replaced.problems.clone());
        Problems {
            validation,
            loading,
        }
    }

    /// Renders and copies what the change affects.
    fn render_changes(
        &self,
        replaced: &Replaced,
        trend_pages_before: &BTreeSet<(u16, String)>,
    ) -> Result<Changes, Error> {
        let (site, theme) = (&self.project.site, &self.project.theme);
        let scope = Scope::of(site, replaced, trend_pages_before, &self.record);
        if scope.is_empty() {
            // Saved without a change: even selecting nothing costs a look at every page.
            return Ok(Changes::default());
        }
        // Every page the site has now is asked about: those not asked about are gone.
        let present = Mutex::new(HashSet::new());
        let (pages, counts, record) = render::selected(site, theme, &|key| {
            (present.lock().unwrap_or_else(|e| e.into_inner())).insert(key.clone());
            scope.wants(key, &self.record)
        })?;
        let present = present.into_inner().unwrap_or_else(|e| e.into_inner());
        let stale: Vec<PageKey> = (self.record.pages())
            .filter(|key| scope.pages.contains(*key) || !present.contains(*key))
            .cloned()
            .collect();
        let copied = self.copied_files(&scope, &stale, &pages)?;
        Ok(Changes {
            editions: scope.editions,
            stale,
            record,
            pages,
            copied,
            count: counts.pages,
        })
    }

    /// The files that the `stale` pages produced.
    fn files_of(&self, stale: &[PageKey]) -> BTreeSet<String> {
        let files = stale.iter().flat_map(|key| self.record.files(key));
        files.cloned().collect()
    }

    /// The copied files of the editions in scope (their own files, then their open data),
    /// once none of their own files lands on a generated file of the site as it will be
    /// with `pages` in place of those of the `stale` pages.
    fn copied_files(
        &self,
        scope: &Scope,
        stale: &[PageKey],
        pages: &Output,
    ) -> Result<Output, Error> {
        let mut files = Output::new();
        let years = &scope.editions;
        if years.is_empty() {
            return Ok(files);
        }
        let site = &self.project.site;
        let own: Vec<_> = render::edition_files(site)?
            .into_iter()
            .filter(|f| years.iter().any(|y| in_edition(&f.path, *y)))
            .collect();
        let stale: HashSet<PageKey> = stale.iter().cloned().collect();
        let kept = (self.record.pages())
            .filter(|key| !stale.contains(*key))
            .flat_map(|key| self.record.files(key))
            .map(String::as_str);
        render::refuse_collisions(site, &own, kept.chain(pages.iter().map(|(p, _)| p)))?;
        render::copy_files(&own, &mut files)?;
        let mut data = Output::new();
        opendata::add(site, &self.project.theme.i18n, &mut data)?;
        for path in paths(&data) {
            if years.iter().any(|y| in_edition(&path, *y))
                && let Some(bytes) = data.remove(&path)
            {
                files.insert(path, bytes);
            }
        }
        Ok(files)
    }
}

/// What a change renders and copies, ready to publish.
#[derive(Default)]
struct Changes {
    /// Editions read again, whose copied files were copied again.
    editions: BTreeSet<u16>,
    /// The pages rendered again, or gone, as they were recorded.
    stale: Vec<PageKey>,
    /// What the pages rendered again read.
    record: Dependencies,
    pages: Output,
    copied: Output,
    /// Pages rendered.
    count: usize,
}

/// Files read again, not yet in the model.
#[derive(Default)]
struct Loaded {
    pages: Vec<(usize, usize, String, Page)>,
    editions: Vec<(usize, Edition)>,
    problems: Diagnostics,
}

/// The problems that did not stop a build, by where they come from.
#[derive(Debug, Default)]
struct Problems {
    validation: Diagnostics,
    loading: Diagnostics,
}

impl Problems {
    /// Every problem, in the order a build reports them.
    fn all(&self) -> Diagnostics {
        let mut all = self.validation.clone();
        all.extend(self.loading.clone());
        all
    }
}

/// Runs the site's validation on the configuration and these editions only, as
/// [`validate::site`] would on them. The other editions are set aside meanwhile (moved,
/// not copied).
fn validate_editions(site: &mut Site, editions: &BTreeSet<usize>) -> Diagnostics {
    let mut slots: Vec<Option<Edition>> = std::mem::take(&mut site.editions)
        .into_iter()
        .map(Some)
        .collect();
    site.editions = editions.iter().filter_map(|e| slots[*e].take()).collect();
    let problems = validate::site(site);
    let mut validated = std::mem::take(&mut site.editions).into_iter();
    for e in editions {
        slots[*e] = validated.next();
    }
    site.editions = slots.into_iter().flatten().collect();
    problems
}

/// The problems of `all` that validation did not find: loading's.
fn not_from_validation(all: &Diagnostics, validated: &Diagnostics) -> Diagnostics {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for d in validated.iter() {
        *counts.entry(format!("{d:?}")).or_default() += 1;
    }
    all.iter()
        .filter(|d| match counts.get_mut(&format!("{d:?}")) {
            Some(n) if *n > 0 => {
                *n -= 1;
                false
            }
            _ => true,
        })
        .cloned()
        .collect()
}

// ---------------------------------------------------------------------------------------
// What to render again
// ---------------------------------------------------------------------------------------

/// The pages whose output may differ after a change, and the editions whose copied files
/// (own files, open data) must be copied again. Which pages read what is what rendering
/// recorded ([`Dependencies`]); only which inputs changed is worked out here, by comparing
/// the model before and after.
#[derive(Debug, Default)]
struct Scope {
    /// Editions read again: their copied files are copied again, and every input of
    /// theirs but the addresses of their pages may have changed.
    editions: BTreeSet<u16>,
    /// Inputs that changed, besides those of `editions`.
    inputs: HashSet<Input>,
    /// The pages that read a changed input.
    pages: HashSet<PageKey>,
}

impl Scope {
    fn of(
        site: &Site,
        replaced: &Replaced,
        trend_pages_before: &BTreeSet<(u16, String)>,
        record: &Dependencies,
    ) -> Scope {
        let mut scope = Scope::default();
        for (e, s, lang, old) in &replaced.pages {
            let edition = &site.editions[*e];
            let set = &edition.pages[*s];
            if let Some(new) = set.translations.get(lang) {
                scope.page_changed(edition.year, &set.name, lang, old, new);
            }
        }
        for (e, old) in &replaced.editions {
            scope.edition_changed(&site.editions[*e], old);
        }
        if !replaced.editions.is_empty() {
            // An edition's indicators decide which editions have trend pages.
            let now = trend_pages(site);
            let moved = trend_pages_before.symmetric_difference(&now);
            (scope.inputs).extend(moved.map(|(year, _)| Input::TrendPages(*year)));
        }
        scope.pages = record.readers(|input| scope.changed(input));
        scope
    }

    fn changed(&self, input: &Input) -> bool {
        let whole_edition = !matches!(input, Input::Address { .. } | Input::TrendPages(_))
            && input
                .year()
                .is_some_and(|year| self.editions.contains(&year));
        whole_edition || self.inputs.contains(input)
    }

    fn page_changed(&mut self, year: u16, name: &str, lang: &str, old: &Page, new: &Page) {
        if old.source == new.source {
            return;
        }
        let lang = lang.to_string();
        self.inputs.insert(Input::Source {
            year,
            name: name.to_string(),
            lang: lang.clone(),
        });
        let counts = |p: &Page| {
            let o = &p.outline;
            (o.paragraphs, o.footnotes.len(), p.figures())
        };
        if counts(old) != counts(new) {
            let lang = lang.clone();
            self.inputs.insert(Input::Numbering { year, lang });
        }
        if old.front.title != new.front.title {
            let lang = lang.clone();
            self.inputs.insert(Input::Titles { year, lang });
        }
        // Blocks by what they say, not where: text added above one moves it.
        let blocks = |p: &Page| {
            p.outline
                .blocks
                .iter()
                .map(|b| (b.kind.clone(), b.body.clone()))
                .collect::<Vec<_>>()
        };
        if blocks(old) != blocks(new) {
            self.inputs.insert(Input::Blocks { year, lang });
        }
    }

    fn edition_changed(&mut self, new: &Edition, old: &Edition) {
        self.editions.insert(new.year);
        let moved = moved_pages(old, new);
        if moved.is_empty() {
            return;
        }
        self.inputs.insert(Input::AnyAddress);
        let names = (old.pages.iter().chain(&new.pages))
            .filter(|set| set.translations.values().any(|p| moved.contains(&p.path)))
            .map(|set| Input::Address {
                year: new.year,
                name: set.name.clone(),
            });
        self.inputs.extend(names.collect::<Vec<_>>());
    }

    fn is_empty(&self) -> bool {
        self.editions.is_empty() && self.pages.is_empty()
    }

    /// Whether the page must be rendered again: it read what changed, or it is new.
    fn wants(&self, key: &PageKey, record: &Dependencies) -> bool {
        self.pages.contains(key) || !record.has(key)
    }
}

/// Every (year, indicator id) that has a trend page.
fn trend_pages(site: &Site) -> BTreeSet<(u16, String)> {
    trends::Index::new(site)
        .pages()
        .into_iter()
        .map(|(e, id)| (site.editions[e].year, id))
        .collect()
}

fn in_edition(path: &str, year: u16) -> bool {
    routes::parse(path).and_then(|route| route.year()) == Some(year)
}

/// The Markdown files whose page has a new address, or none any more, or is new.
fn moved_pages(old: &Edition, new: &Edition) -> BTreeSet<PathBuf> {
    let addresses = |edition: &Edition| -> BTreeSet<(PathBuf, String)> {
        edition
            .pages
            .iter()
            .flat_map(|set| set.translations.values())
            .map(|page| (page.path.clone(), page.slug.clone()))
            .collect()
    };
    addresses(old)
        .symmetric_difference(&addresses(new))
        .map(|(path, _)| path.clone())
        .collect()
}

// ---------------------------------------------------------------------------------------
// Publishing the new files
// ---------------------------------------------------------------------------------------

impl Rebuilder {
    /// Runs the publishing pass over the new files and works out which files are gone;
    /// returns the files to serve in place of theirs (with the sitemap and `robots.txt`),
    /// and the paths that are gone.
    fn publish(&mut self, changes: Changes) -> (Output, Vec<String>) {
        let removed = self.account_for(&changes);
        let Changes { pages, copied, .. } = changes;
        if pages.is_empty() && copied.is_empty() && removed.is_empty() {
            return (Output::new(), removed);
        }
        let written = self.publishing_pass(pages, copied, &removed);
        (written, removed)
    }

    /// Notes which files the site has now that these were rendered and copied, and what
    /// the pages rendered read; returns the files it had and has no longer.
    fn account_for(&mut self, changes: &Changes) -> Vec<String> {
        let stale_rendered = self.files_of(&changes.stale);
        for key in &changes.stale {
            self.record.forget(key);
        }
        self.record.merge(changes.record.clone());
        let stale_copied: Vec<String> = (self.copied.iter())
            .filter(|path| changes.editions.iter().any(|year| in_edition(path, *year)))
            .cloned()
            .collect();
        for path in &stale_copied {
            self.copied.remove(path);
        }
        self.copied.extend(paths(&changes.copied));
        let rendered = self.record.all_files();
        let gone: BTreeSet<String> = (stale_rendered.into_iter().chain(stale_copied))
            .filter(|p| !rendered.contains(p.as_str()) && !self.copied.contains(p))
            .collect();
        gone.into_iter().collect()
    }

    /// The publishing pass over the new files: the rendered ones as they come, the
    /// copied ones last (they win over a rendered file of the same path, as in a build),
    /// the sitemap's entries of `removed` dropped.
    fn publishing_pass(
        &mut self,
        rendered: Output,
        mut copied: Output,
        removed: &[String],
    ) -> Output {
        let mut statics = self.statics.clone();
        let sitemap = std::mem::take(&mut self.sitemap);
        let publisher = publish::Publisher::resume(&self.project.site, &mut statics, sitemap);
        for path in removed {
            publisher.forget(path);
        }
        let mut rendered = rendered;
        let mut written = Output::new();
        for path in paths(&rendered) {
            let bytes = rendered.remove(&path).unwrap_or_default();
            if self.copied.contains(&path) {
                continue;
            }
            if let Some((path, bytes)) = publisher.file(path, bytes) {
                written.insert(path, bytes);
            }
        }
        self.sitemap = publisher.finish(&mut copied);
        publish::move_files(&mut copied, &mut written);
        written
    }
}

fn paths(output: &Output) -> BTreeSet<String> {
    output.iter().map(|(p, _)| p.to_string()).collect()
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

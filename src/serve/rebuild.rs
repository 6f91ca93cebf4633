//! Rebuilds a project in memory after a change, redoing only what the change affects:
//! what `serve` runs on every save.
//!
//! A [`Rebuilder`] holds the prepared project (site model and theme) and what it needs to
//! patch the published site without holding it: which output files were rendered and
//! which were copied, and, with a base URL, each page's sitemap entry. Given the paths
//! the file watcher reports, it reads only those files again (or their edition), compares
//! the old model with the new, and renders the pages whose output may differ:
//!
//! - a page's text or description: that page and its edition's printable page, in that
//!   language;
//! - a page's title, or the number of its paragraphs, footnotes or figures, or its
//!   blocks: every page of its edition in that language (they list the edition's page
//!   titles; numbering runs through the edition), and for blocks the trend pages from
//!   that edition on (they link to the page that shows an indicator);
//! - a page added, removed or renamed, a new slug or weight, an edition's data files or
//!   any other of its files: the whole edition in every language with its open data and
//!   files, every trend page, the site index, and the pages of other editions that link
//!   to a page that moved, to the same page in the latest edition, or to trend pages that
//!   came or went;
//! - `rapport.toml`, the theme, templates, UI strings, a new or removed edition, or
//!   anything else: everything, as `build` does ([`crate::prepare`], then every page).
//!
//! Validation runs as a build runs it, on the configuration and the editions that changed
//! (it looks at each edition on its own; the others keep their problems), so the problems
//! and warnings are those of a full build. A change that does not build leaves the last
//! good state as it was, and its paths are tried again with the next change. The files
//! returned are those a full build of the project as it now stands has at those paths,
//! and every other file of that build is unchanged: `tests/rebuild.rs` compares the two,
//! byte for byte, after each of a series of edits.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

use crate::core::diagnostics::{Diagnostics, Error};
use crate::core::model::{Edition, Page, Site};
use crate::core::output::Output;
use crate::load::{self, CONFIG_FILE, CONTENT_DIR};
use crate::render::project::Project;
use crate::render::{self, PageKey};
use crate::render::{opendata, trends};
use crate::{publish, validate};

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
    /// Paths of the published files that pages rendered (pages, charts).
    rendered: BTreeSet<String>,
    /// Paths of the published files that were copied or derived (static assets, edition
    /// files, open data, the 404 page, robots.txt, the sitemap); they win over a rendered
    /// file of the same path, as in a build.
    copied: BTreeSet<String>,
    sitemap: Option<Sitemap>,
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
        let sitemap = site_base(&project.site).map(|base| {
            let xml = built.output.get(SITEMAP).map(String::from_utf8_lossy);
            Sitemap::read(xml.as_deref().unwrap_or_default(), base, &built.output)
        });
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
            rendered: built.rendered,
            copied: built.copied,
            sitemap,
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
    rendered: BTreeSet<String>,
    copied: BTreeSet<String>,
}

/// Renders and publishes a whole site as [`crate::write_project`] does: pages through the
/// publishing pass as they are rendered, the copied files last (they win over a page of
/// the same path). The same bytes as [`crate::render_project`].
fn build_everything(project: &Project) -> Result<Everything, Error> {
    let (site, theme) = (&project.site, &project.theme);
    let (mut rest, copied) = render::assets(site, theme)?;
    let stream = publish::Stream::new(site, &mut rest);
    let pages = Mutex::new(Output::new());
    render::pages_streamed(site, theme, &|path, bytes| {
        if let Some((path, bytes)) = stream.file(path, bytes) {
            pages
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(path, bytes);
        }
        Ok(())
    })?;
    let mut output = pages.into_inner().unwrap_or_else(|e| e.into_inner());
    render::refuse_collisions(site, &copied, output.iter().map(|(p, _)| p))?;
    opendata::add(site, &theme.i18n, &mut rest)?;
    stream.finish(&mut rest);
    let rendered = paths(&output);
    let copied = paths(&rest);
    for path in &copied {
        if let Some(bytes) = rest.remove(path) {
            output.insert(path.clone(), bytes);
        }
    }
    Ok(Everything {
        output,
        rendered,
        copied,
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
        let (written, removed) = self.publish(&rendered.scope, rendered.pages, rendered.copied);
        self.project.warnings = problems.all();
        self.problems = problems;
        self.consistent = true;
        Ok(Rebuilt::Patch {
            pages: rendered.count,
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
            match old.map(|old| (old, load::page(&old.path))) {
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
                let (edition, problems) = load::edition_partial(old.year, &old.dir, &languages);
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
        let scope = Scope::of(site, replaced, trend_pages_before);
        if scope.is_empty() {
            // Saved without a change: even selecting nothing costs a look at every page.
            return Ok(Changes {
                scope,
                pages: Output::new(),
                copied: Output::new(),
                count: 0,
            });
        }
        let (pages, counts) = render::selected(site, theme, &|key| scope.wants(key))?;
        let copied = self.copied_files(&scope, &pages)?;
        Ok(Changes {
            scope,
            pages,
            copied,
            count: counts.pages,
        })
    }

    /// The copied files of the editions in scope (their own files, then their open data),
    /// once none of their own files lands on a generated file of the site as it will be
    /// with `pages`.
    fn copied_files(&self, scope: &Scope, pages: &Output) -> Result<Output, Error> {
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
        let stale: BTreeSet<&String> = scope.rerendered(&self.rendered).into_iter().collect();
        let rendered = (self.rendered.iter())
            .filter(|p| !stale.contains(p))
            .map(String::as_str)
            .chain(pages.iter().map(|(p, _)| p));
        render::refuse_collisions(site, &own, rendered)?;
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
struct Changes {
    scope: Scope,
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
/// (own files, open data) must be copied again.
#[derive(Debug, Default)]
struct Scope {
    /// Every page of these editions, in every language, and their copied files.
    editions: BTreeSet<u16>,
    /// Every page of an edition in one language: home, printable page, narrative pages,
    /// trend pages.
    edition_languages: BTreeSet<(u16, String)>,
    /// Narrative pages: (year, name, language).
    pages: BTreeSet<(u16, String, String)>,
    /// Printable pages: (year, language).
    prints: BTreeSet<(u16, String)>,
    /// Narrative pages of this name and language in every edition: each links to the
    /// same page in the latest edition.
    named: BTreeSet<(String, String)>,
    /// Trend pages of the editions from this year on, by language.
    trends_from: BTreeMap<String, u16>,
    every_trend: bool,
    site_index: bool,
}

impl Scope {
    fn of(site: &Site, replaced: &Replaced, trend_pages_before: &BTreeSet<(u16, String)>) -> Scope {
        let mut scope = Scope::default();
        for (e, s, lang, old) in &replaced.pages {
            let edition = &site.editions[*e];
            let set = &edition.pages[*s];
            if let Some(new) = set.translations.get(lang) {
                scope.page_changed(edition.year, &set.name, lang, old, new);
            }
        }
        for (e, old) in &replaced.editions {
            scope.edition_changed(site, *e, old);
        }
        if !replaced.editions.is_empty() {
            // An edition's indicators decide which editions have trend pages, and every
            // indicator table of an edition links to its trend pages.
            let now = trend_pages(site);
            let moved = trend_pages_before.symmetric_difference(&now);
            scope.editions.extend(moved.map(|(year, _)| *year));
        }
        scope
    }

    fn page_changed(&mut self, year: u16, name: &str, lang: &str, old: &Page, new: &Page) {
        if old.source == new.source {
            return;
        }
        let counts = |p: &Page| {
            let o = &p.outline;
            (o.paragraphs, o.footnotes.len(), o.figures())
        };
        // Blocks by what they say, not where: text added above one moves it.
        let blocks = |p: &Page| {
            p.outline
                .blocks
                .iter()
                .map(|b| (b.kind.clone(), b.body.clone()))
                .collect::<Vec<_>>()
        };
        let blocks_changed = blocks(old) != blocks(new);
        if old.front.title != new.front.title || counts(old) != counts(new) || blocks_changed {
            self.edition_languages.insert((year, lang.to_string()));
        } else {
            self.pages
                .insert((year, name.to_string(), lang.to_string()));
            self.prints.insert((year, lang.to_string()));
        }
        if blocks_changed {
            // A trend page links each edition's value to the page that shows it.
            let from = self.trends_from.entry(lang.to_string()).or_insert(year);
            *from = (*from).min(year);
        }
    }

    fn edition_changed(&mut self, site: &Site, e: usize, old: &Edition) {
        let new = &site.editions[e];
        self.editions.insert(new.year);
        // The site index lists edition titles; trend pages show every edition's values.
        self.site_index = true;
        self.every_trend = true;
        let moved = moved_pages(old, new);
        if moved.is_empty() {
            return;
        }
        if e + 1 == site.editions.len() {
            // Pages of archived editions link to the same page in the latest one.
            let names = old.pages.iter().chain(&new.pages).flat_map(|set| {
                set.translations
                    .iter()
                    .filter(|(_, page)| moved.contains(&page.path))
                    .map(|(lang, _)| (set.name.clone(), lang.clone()))
            });
            self.named.extend(names);
        }
        self.link_to(site, &moved);
    }

    /// Pages of other editions whose links lead to one of `targets`, and their printable
    /// pages.
    fn link_to(&mut self, site: &Site, targets: &BTreeSet<PathBuf>) {
        for edition in site.editions.iter() {
            if self.editions.contains(&edition.year) {
                continue;
            }
            if edition.sources.values().any(|text| text.contains(".md")) {
                // Indicator cells may link to pages too; their tables are on any page.
                self.editions.insert(edition.year);
                continue;
            }
            for set in &edition.pages {
                for (lang, page) in &set.translations {
                    let links_there = page
                        .outline
                        .links
                        .iter()
                        .filter_map(|(url, _)| markdown_target(&page.path, url))
                        .any(|target| targets.contains(&target));
                    if links_there {
                        self.pages
                            .insert((edition.year, set.name.clone(), lang.clone()));
                        self.prints.insert((edition.year, lang.clone()));
                    }
                }
            }
        }
    }

    fn is_empty(&self) -> bool {
        self.editions.is_empty()
            && self.edition_languages.is_empty()
            && self.pages.is_empty()
            && self.prints.is_empty()
            && self.named.is_empty()
            && self.trends_from.is_empty()
            && !self.every_trend
            && !self.site_index
    }

    /// Whether the page must be rendered again.
    fn wants(&self, key: &PageKey) -> bool {
        let edition_language = |year: u16, lang: &str| {
            self.editions.contains(&year)
                || self
                    .edition_languages
                    .iter()
                    .any(|(y, l)| *y == year && l == lang)
        };
        match key {
            PageKey::SiteIndex => self.site_index,
            PageKey::NotFound => false,
            PageKey::EditionHome { year, lang } => edition_language(*year, lang),
            PageKey::Narrative { year, name, lang } => {
                edition_language(*year, lang)
                    || self
                        .pages
                        .iter()
                        .any(|(y, n, l)| y == year && n == name && l == lang)
                    || self.named.iter().any(|(n, l)| n == name && l == lang)
            }
            PageKey::Print { year, lang } => {
                edition_language(*year, lang)
                    || self.prints.iter().any(|(y, l)| y == year && l == lang)
            }
            PageKey::Trend { year, lang, .. } => {
                edition_language(*year, lang)
                    || self.every_trend
                    || self.trends_from.get(lang).is_some_and(|from| year >= from)
            }
        }
    }

    /// The rendered files that are rendered again if the site still has them: those the
    /// change does not render now are gone. Pages keep their address unless their edition
    /// is rendered whole, and charts unless their edition and language are.
    fn rerendered<'p>(&self, rendered: &'p BTreeSet<String>) -> Vec<&'p String> {
        let folders: Vec<String> = (self.editions.iter().map(|year| format!("{year}/")))
            .chain((self.edition_languages.iter()).map(|(year, lang)| format!("{year}/{lang}/")))
            .collect();
        let trends = self.every_trend || !self.trends_from.is_empty();
        if folders.is_empty() && !trends {
            return Vec::new();
        }
        let trend_rendered = |path: &str| {
            trend_page(path).is_some_and(|(year, lang)| {
                self.every_trend || self.trends_from.get(lang).is_some_and(|from| year >= *from)
            })
        };
        rendered
            .iter()
            .filter(|path| {
                folders.iter().any(|f| path.starts_with(f.as_str()))
                    || (trends && trend_rendered(path))
            })
            .collect()
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

/// The year and language of a trend page's path, `<year>/<lang>/indicators/<id>/index.html`
/// (`indicators` is a slug no page may take).
fn trend_page(path: &str) -> Option<(u16, &str)> {
    let parts: Vec<&str> = path.split('/').collect();
    match parts.as_slice() {
        [year, lang, "indicators", _, "index.html"] => Some((year.parse().ok()?, lang)),
        _ => None,
    }
}

fn in_edition(path: &str, year: u16) -> bool {
    path.split_once('/')
        .is_some_and(|(first, _)| first == year.to_string())
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

/// The Markdown file a link written in `source` names, as links are resolved when pages
/// are rendered; `None` for links to anything else.
fn markdown_target(source: &Path, url: &str) -> Option<PathBuf> {
    let path = url.split('#').next().unwrap_or_default();
    let path = path.split('?').next().unwrap_or_default();
    let path = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    if !path.ends_with(".md") {
        return None;
    }
    Some(render::normalize(&source.parent()?.join(path.as_ref())))
}

// ---------------------------------------------------------------------------------------
// Publishing the new files
// ---------------------------------------------------------------------------------------

impl Rebuilder {
    /// Runs the publishing pass over the new files and works out which files are gone;
    /// returns the files to serve in place of theirs, and the paths that are gone.
    fn publish(
        &mut self,
        scope: &Scope,
        rendered: Output,
        copied: Output,
    ) -> (Output, Vec<String>) {
        let removed = self.account_for(scope, &rendered, &copied);
        let (published, finished) = self.publishing_pass(rendered, copied);
        let mut written = Output::new();
        if let Some(sitemap) = &mut self.sitemap {
            let names: Vec<&str> = published.iter().map(|(p, _)| p.as_str()).collect();
            let xml = finished.get(SITEMAP).map(String::from_utf8_lossy);
            if sitemap.update(xml.as_deref().unwrap_or_default(), &names, &removed) {
                written.insert(SITEMAP, sitemap.xml().into_bytes());
            }
        }
        for (path, bytes) in published {
            written.insert(path, bytes);
        }
        (written, removed)
    }

    /// Notes which files the site has now that these were rendered and copied; returns
    /// those it had and has no longer.
    fn account_for(&mut self, scope: &Scope, rendered: &Output, copied: &Output) -> Vec<String> {
        let stale_rendered: Vec<String> = (scope.rerendered(&self.rendered).into_iter())
            .cloned()
            .collect();
        let stale_copied: Vec<String> = (self.copied.iter())
            .filter(|path| scope.editions.iter().any(|year| in_edition(path, *year)))
            .cloned()
            .collect();
        for path in &stale_rendered {
            self.rendered.remove(path);
        }
        for path in &stale_copied {
            self.copied.remove(path);
        }
        self.rendered.extend(paths(rendered));
        self.copied.extend(paths(copied));
        let gone: BTreeSet<String> = (stale_rendered.into_iter().chain(stale_copied))
            .filter(|p| !self.rendered.contains(p) && !self.copied.contains(p))
            .collect();
        gone.into_iter().collect()
    }

    /// The publishing pass over the new files (rendered first, then copied, which win
    /// over a rendered file of the same path, as in a build), and what it finishes with
    /// (the sitemap of these files).
    fn publishing_pass(
        &self,
        mut rendered: Output,
        mut copied: Output,
    ) -> (Vec<(String, Vec<u8>)>, Output) {
        let mut statics = self.statics.clone();
        let stream = publish::Stream::new(&self.project.site, &mut statics);
        let mut published = Vec::new();
        for path in paths(&rendered) {
            let bytes = rendered.remove(&path).unwrap_or_default();
            if !self.copied.contains(&path) {
                published.extend(stream.file(path, bytes));
            }
        }
        for path in paths(&copied) {
            let bytes = copied.remove(&path).unwrap_or_default();
            published.extend(stream.file(path, bytes));
        }
        let mut finished = Output::new();
        stream.finish(&mut finished);
        (published, finished)
    }
}

fn paths(output: &Output) -> BTreeSet<String> {
    output.iter().map(|(p, _)| p.to_string()).collect()
}

/// The base URL the sitemap is written for, when there is one.
fn site_base(site: &Site) -> Option<String> {
    site.config
        .base_url
        .as_deref()
        .map(crate::core::links::base_url)
}

const SITEMAP: &str = "sitemap.xml";

/// The sitemap, entry by entry. `publish` writes one `<url>` element per page but keeps
/// that function to itself; the entries are read back from the sitemap that a publishing
/// pass over the new pages writes, each found by its `<loc>`.
#[derive(Debug)]
struct Sitemap {
    base: String,
    /// What precedes the entries (the XML declaration, `<urlset …>`).
    head: String,
    /// Page path → its `<url>` element.
    entries: BTreeMap<String, String>,
}

const SITEMAP_END: &str = "</urlset>\n";

impl Sitemap {
    /// The entries of a whole site's sitemap.
    fn read(xml: &str, base: String, output: &Output) -> Sitemap {
        let head_end = xml
            .find("<url>")
            .or_else(|| xml.find("</urlset>"))
            .unwrap_or(xml.len());
        let mut sitemap = Sitemap {
            head: xml[..head_end].to_string(),
            base,
            entries: BTreeMap::new(),
        };
        let pages: Vec<&str> = output.iter().map(|(p, _)| p).collect();
        sitemap.update(xml, &pages, &[]);
        sitemap
    }

    /// Takes the entries of `pages` from `xml` (a page without one has none any more) and
    /// drops those of `removed`. Returns whether anything changed.
    fn update(&mut self, xml: &str, pages: &[&str], removed: &[String]) -> bool {
        let mut by_location: HashMap<&str, &str> = HashMap::new();
        let mut rest = xml;
        while let Some(start) = rest.find("<url>") {
            let Some(length) = rest[start..].find("</url>\n") else {
                break;
            };
            let element = &rest[start..start + length + "</url>\n".len()];
            if let Some(location) = element
                .split_once("<loc>")
                .and_then(|(_, after)| after.split_once("</loc>"))
                .map(|(location, _)| location)
            {
                by_location.insert(location, element);
            }
            rest = &rest[start + element.len()..];
        }
        let mut changed = false;
        for page in pages {
            let location = crate::core::html::escape_attr(&publish::public_url(&self.base, page));
            let entry = by_location.get(location.as_str()).map(|e| e.to_string());
            let before = match &entry {
                Some(entry) => self.entries.insert(page.to_string(), entry.clone()),
                None => self.entries.remove(*page),
            };
            changed |= before != entry;
        }
        for page in removed {
            changed |= self.entries.remove(page).is_some();
        }
        changed
    }

    fn xml(&self) -> String {
        let mut xml = self.head.clone();
        self.entries.values().for_each(|entry| xml.push_str(entry));
        xml.push_str(SITEMAP_END);
        xml
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trend_pages_are_known_by_their_path() {
        assert_eq!(
            trend_page("2022/fr/indicators/1-1-a/index.html"),
            Some((2022, "fr"))
        );
        assert_eq!(trend_page("2022/fr/indicators.csv"), None);
        assert_eq!(trend_page("2022/fr/intro/index.html"), None);
    }

    #[test]
    fn markdown_links_name_their_file() {
        let source = Path::new("/p/content/2022/fr/01-a.md");
        assert_eq!(
            markdown_target(source, "../../2021/fr/02-b.md#p5"),
            Some(PathBuf::from("/p/content/2021/fr/02-b.md"))
        );
        assert_eq!(
            markdown_target(source, "02%2Db.md?x"),
            Some(PathBuf::from("/p/content/2022/fr/02-b.md"))
        );
        assert_eq!(markdown_target(source, "image.png"), None);
    }

    #[test]
    fn paths_are_in_an_edition_by_their_first_folder() {
        assert!(in_edition("2022/fr/index.html", 2022));
        assert!(!in_edition("20221/fr/index.html", 2022));
        assert!(!in_edition("index.html", 2022));
    }
}

//! Turns the validated site model into the output map: every page rendered through the
//! theme's Tera templates, with static assets and edition files beside them.
//!
//! Pure: reads only the model and the compiled templates, writes nothing to disk.

pub mod assets;
pub mod charts;
pub mod dependencies;
pub mod i18n;
pub mod markdown;
pub mod opendata;
pub mod project;
pub mod sanitize;
pub mod tables;
pub mod theme;
pub mod trends;

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;

use crate::core::diagnostics::{Diagnostic, Diagnostics, Error};
use crate::core::links::{self, ContentLink, normalize};
use crate::core::model::{BlockContent, Edition, Page, PageBlock, Site};
use crate::core::output::Output;
use crate::core::routes::{self, CopiedFile};
use crate::load;
use crate::render::theme::Theme;
use dependencies::Dependencies;
use markdown::{Footnote, Heading, RenderSettings};

/// What a build produced, for the summary line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    /// Editions built.
    pub editions: usize,
    /// Languages.
    pub languages: usize,
    /// HTML pages written.
    pub pages: usize,
    /// Charts drawn.
    pub charts: usize,
}

/// Renders the whole site.
pub fn site(site: &Site, theme: &Theme) -> Result<(Output, Counts), Error> {
    let (pages, counts, _) = render_pages(site, theme, &Ok)?;
    let mut output = Output::new();
    for (path, bytes) in pages.into_iter().flatten() {
        output.insert(path, bytes);
    }
    theme.copy_static(&mut output);
    let copied = edition_files(site)?;
    refuse_collisions(site, &copied, output.iter().map(|(p, _)| p))?;
    copy_files(&copied, &mut output)?;
    Ok((output, counts))
}

/// Renders every page and hands each file to `sink` as soon as its page is rendered, from
/// several threads at once, so that a large site is never held in memory whole. The
/// files that are not rendered (static assets, edition files) are in [`assets`]. Returns
/// what was rendered, and what each page read.
pub fn pages_streamed(
    site: &Site,
    theme: &Theme,
    sink: &(dyn Fn(String, Vec<u8>) -> Result<(), Error> + Sync),
) -> Result<(Counts, Dependencies), Error> {
    let each = |files: Vec<(String, Vec<u8>)>| {
        files
            .into_iter()
            .try_for_each(|(path, bytes)| sink(path, bytes))
    };
    render_pages(site, theme, &each).map(|(_, counts, record)| (counts, record))
}

/// The files of the site that are copied rather than rendered: the theme's static assets
/// and each edition's own files (listed in [`edition_files`]). Whoever renders the pages
/// must then [`refuse_collisions`] between the two.
pub fn assets(site: &Site, theme: &Theme) -> Result<(Output, Vec<CopiedFile>), Error> {
    let mut output = Output::new();
    theme.copy_static(&mut output);
    let copied = edition_files(site)?;
    copy_files(&copied, &mut output)?;
    Ok((output, copied))
}

type PageFiles = Vec<(String, Vec<u8>)>;

/// What receives each rendered page's files, with the page.
type KeyedSink<'a, T> = &'a (dyn Fn(PageKey, PageFiles) -> Result<T, Error> + Sync);

/// A page of the site, named by what it shows: what a partial rebuild asks for.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PageKey {
    /// The landing page, `index.html`.
    SiteIndex,
    /// `404.html`.
    NotFound,
    /// An edition's home in one language.
    EditionHome {
        /// The edition's year.
        year: u16,
        /// The language code.
        lang: String,
    },
    /// A narrative page, with its charts.
    Narrative {
        /// The edition's year.
        year: u16,
        /// The page's file name without `.md`, shared by its translations.
        name: String,
        /// The language code.
        lang: String,
    },
    /// An edition's printable page in one language.
    Print {
        /// The edition's year.
        year: u16,
        /// The language code.
        lang: String,
    },
    /// An indicator's values over the years, in one edition and language.
    Trend {
        /// The edition's year.
        year: u16,
        /// The indicator's id.
        id: String,
        /// The language code.
        lang: String,
    },
}

/// Renders only the pages `wanted` selects, with the charts of the narrative pages among
/// them: what a rebuild after a small change needs. Static assets, edition files and open
/// data are not included (see [`assets`] and [`crate::render::opendata::add`]).
pub fn selected(
    site: &Site,
    theme: &Theme,
    wanted: &(dyn Fn(&PageKey) -> bool + Sync),
) -> Result<(Output, Counts, Dependencies), Error> {
    let (pages, counts, record) = render_pages_where(site, theme, wanted, &Ok)?;
    let mut output = Output::new();
    for (path, bytes) in pages.into_iter().flatten() {
        output.insert(path, bytes);
    }
    Ok((output, counts, record))
}

/// Renders every page in parallel, passing each page's files to `each`; returns what
/// `each` returned (site-wide pages first, then edition by edition). Every content
/// problem is reported at once.
fn render_pages<T: Send>(
    site: &Site,
    theme: &Theme,
    each: &(dyn Fn(PageFiles) -> Result<T, Error> + Sync),
) -> Result<(Vec<T>, Counts, Dependencies), Error> {
    render_pages_where(site, theme, &|_| true, each)
}

/// What became of one page job: its value and chart count, nothing (a narrative page
/// rendered only for the printable page), or a problem.
type JobResult<T> = Result<Option<(T, usize)>, Result<Diagnostic, Error>>;

fn render_pages_where<T: Send>(
    site: &Site,
    theme: &Theme,
    wanted: &(dyn Fn(&PageKey) -> bool + Sync),
    each: &(dyn Fn(PageFiles) -> Result<T, Error> + Sync),
) -> Result<(Vec<T>, Counts, Dependencies), Error> {
    // The recording hook: each page's files and what it read, noted as it is handed on.
    let record = std::sync::Mutex::new(Dependencies::default());
    let each = &|key: PageKey, files: PageFiles| {
        let reads = dependencies::reads(site, &key);
        let paths = files.iter().map(|(path, _)| path.clone()).collect();
        (record.lock().unwrap_or_else(|e| e.into_inner())).note(key, reads, paths);
        each(files)
    };
    let languages = site.config.language_codes();
    let links = LinkMap::new(site);
    let mut site_jobs = site_wide_jobs(&languages, &links);
    site_jobs.retain(|job| wanted(&job.key(site)));
    let render = |job: &Job| -> JobResult<T> {
        let page = render_job(site, theme, &links, job).map_err(Ok)?;
        let value = each(job.key(site), page.files).map_err(Err)?;
        Ok(Some((value, page.charts)))
    };
    // Editions are rendered one by one on each thread, their pages in parallel: a printable
    // page is made of its edition's narrative bodies, which are held only until it is done.
    let (site_wide, by_edition) = rayon::join(
        || site_jobs.par_iter().map(render).collect::<Vec<_>>(),
        || {
            (0..site.editions.len())
                .into_par_iter()
                .map(|e| {
                    let edition = EditionRun {
                        site,
                        theme,
                        links: &links,
                        index: e,
                        languages: &languages,
                    };
                    edition.render(wanted, each)
                })
                .collect::<Vec<_>>()
        },
    );
    let mut values = Vec::new();
    let mut problems = Diagnostics::new();
    let mut failure = None;
    let mut counts = Counts {
        editions: site.editions.len(),
        languages: languages.len(),
        ..Counts::default()
    };
    for result in site_wide
        .into_iter()
        .chain(by_edition.into_iter().flatten())
    {
        match result {
            Ok(Some((value, charts))) => {
                counts.pages += 1;
                counts.charts += charts;
                values.push(value);
            }
            Ok(None) => {}
            Err(Ok(d)) => problems.push(d),
            Err(Err(e)) => failure = failure.or(Some(e)),
        }
    }
    if problems.has_errors() {
        return Err(problems.into());
    }
    match failure {
        Some(e) => Err(e),
        None => {
            let record = record.into_inner().unwrap_or_else(|e| e.into_inner());
            Ok((values, counts, record))
        }
    }
}

/// The pages of one edition in every language: homes, narrative pages and the printable
/// pages made of them.
struct EditionRun<'a> {
    site: &'a Site,
    theme: &'a Theme,
    links: &'a LinkMap,
    index: usize,
    languages: &'a [String],
}

/// A narrative page's body as a section of its edition's printable page.
struct PrintPart {
    lang: usize,
    page: usize,
    section: Section,
    footnotes: Vec<Footnote>,
}

impl EditionRun<'_> {
    fn render<T: Send>(
        &self,
        wanted: &(dyn Fn(&PageKey) -> bool + Sync),
        each: KeyedSink<'_, T>,
    ) -> Vec<JobResult<T>> {
        let edition = &self.site.editions[self.index];
        let print_wanted: Vec<bool> = self
            .languages
            .iter()
            .map(|lang| {
                wanted(&PageKey::Print {
                    year: edition.year,
                    lang: lang.clone(),
                })
            })
            .collect();
        let mut jobs = Vec::new();
        for (l, lang) in self.languages.iter().enumerate() {
            let home = Job::EditionHome {
                edition: self.index,
                lang: lang.clone(),
            };
            if wanted(&home.key(self.site)) {
                jobs.push((l, home, true));
            }
            for p in 0..edition.pages.len() {
                let job = Job::Narrative {
                    edition: self.index,
                    page: p,
                    lang: lang.clone(),
                };
                let own = wanted(&job.key(self.site));
                if own || print_wanted[l] {
                    jobs.push((l, job, own));
                }
            }
        }
        let done: Vec<(JobResult<T>, Option<PrintPart>)> = jobs
            .par_iter()
            .map(|(l, job, own)| self.job(job, *l, *own, print_wanted[*l], each))
            .collect();
        let mut results = Vec::with_capacity(done.len() + self.languages.len());
        let mut parts: Vec<Vec<PrintPart>> = self.languages.iter().map(|_| Vec::new()).collect();
        for (result, part) in done {
            results.push(result);
            if let Some(part) = part {
                let lang = part.lang;
                parts[lang].push(part);
            }
        }
        for (l, lang) in self.languages.iter().enumerate() {
            if !print_wanted[l] {
                continue;
            }
            let mut sections = std::mem::take(&mut parts[l]);
            sections.sort_by_key(|part| part.page);
            let page = print(self.site, self.theme, edition, lang, sections);
            let key = PageKey::Print {
                year: edition.year,
                lang: lang.clone(),
            };
            results.push(
                page.map_err(Ok)
                    .and_then(|page| each(key, page.files).map_err(Err).map(|v| Some((v, 0)))),
            );
        }
        results
    }

    fn job<T>(
        &self,
        job: &Job,
        lang: usize,
        own: bool,
        for_print: bool,
        each: KeyedSink<'_, T>,
    ) -> (JobResult<T>, Option<PrintPart>) {
        let edition = &self.site.editions[self.index];
        let rendered = match job {
            Job::Narrative {
                page, lang: code, ..
            } => narrative(
                self.site,
                self.theme,
                self.links,
                edition,
                *page,
                code,
                for_print.then_some(lang),
            ),
            other => render_job(self.site, self.theme, self.links, other).map(|page| (page, None)),
        };
        let (page, part) = match rendered {
            Ok(done) => done,
            Err(d) => return (Err(Ok(d)), None),
        };
        if !own {
            return (Ok(None), part);
        }
        let charts = page.charts;
        match each(job.key(self.site), page.files) {
            Ok(value) => (Ok(Some((value, charts))), part),
            Err(e) => (Err(Err(e)), part),
        }
    }
}

/// One HTML page to produce.
#[derive(Debug, Clone)]
enum Job {
    SiteIndex,
    NotFound,
    EditionHome {
        edition: usize,
        lang: String,
    },
    Narrative {
        edition: usize,
        page: usize,
        lang: String,
    },
    Trend {
        edition: usize,
        id: String,
        lang: String,
    },
}

impl Job {
    fn key(&self, site: &Site) -> PageKey {
        let year = |e: &usize| site.editions[*e].year;
        match self {
            Job::SiteIndex => PageKey::SiteIndex,
            Job::NotFound => PageKey::NotFound,
            Job::EditionHome { edition, lang } => PageKey::EditionHome {
                year: year(edition),
                lang: lang.clone(),
            },
            Job::Narrative {
                edition,
                page,
                lang,
            } => PageKey::Narrative {
                year: year(edition),
                name: site.editions[*edition].pages[*page].name.clone(),
                lang: lang.clone(),
            },
            Job::Trend { edition, id, lang } => PageKey::Trend {
                year: year(edition),
                id: id.clone(),
                lang: lang.clone(),
            },
        }
    }
}

/// The pages that belong to no edition, or to all of them: the landing page, the 404 page
/// and the pages of indicators over the years.
fn site_wide_jobs(languages: &[String], links: &LinkMap) -> Vec<Job> {
    let mut jobs = vec![Job::SiteIndex, Job::NotFound];
    for (edition, id) in links.trends.pages() {
        for lang in languages {
            jobs.push(Job::Trend {
                edition,
                id: id.clone(),
                lang: lang.clone(),
            });
        }
    }
    jobs
}

struct RenderedPage {
    files: Vec<(String, Vec<u8>)>,
    charts: usize,
}

/// The output path of each page, and of each Markdown source, for links.
pub struct LinkMap {
    by_source: HashMap<PathBuf, String>,
    content_dir: PathBuf,
    /// Which indicators have pages of values over the years.
    pub trends: trends::Index,
    /// Year → language → where each page's paragraphs, footnotes and figures start:
    /// running totals through the edition, computed once rather than for every page.
    numbering: HashMap<u16, HashMap<String, Vec<Offsets>>>,
    /// The latest edition's pages by name, for the links from archived editions.
    latest_pages: HashMap<String, usize>,
}

/// The first paragraph, footnote and figure numbers of a page in its edition.
type Offsets = (usize, usize, usize);

impl LinkMap {
    fn new(site: &Site) -> LinkMap {
        // Built before any page renders, so each edition's share is built in parallel.
        let languages = site.config.language_codes();
        let by_source = site
            .editions
            .par_iter()
            .flat_map_iter(|edition| {
                edition.pages.iter().flat_map(move |set| {
                    set.translations.iter().map(move |(lang, page)| {
                        let out = routes::page(edition.year, lang, &page.slug);
                        (normalize(&page.path), out)
                    })
                })
            })
            .collect();
        let numbering = site
            .editions
            .par_iter()
            .map(|edition| (edition.year, edition_numbering(edition, &languages)))
            .collect();
        let latest_pages = site.latest().map_or_else(HashMap::new, |latest| {
            let names = latest.pages.iter().enumerate();
            names.map(|(i, set)| (set.name.clone(), i)).collect()
        });
        LinkMap {
            latest_pages,
            by_source,
            content_dir: normalize(&site.root.join(load::CONTENT_DIR)),
            trends: trends::Index::new(site),
            numbering,
        }
    }

    /// Where page `index` of `edition` starts its paragraphs, footnotes and figures in
    /// `lang`.
    fn offsets(&self, edition: &Edition, lang: &str, index: usize) -> Offsets {
        self.numbering
            .get(&edition.year)
            .and_then(|langs| langs.get(lang))
            .and_then(|starts| starts.get(index))
            .copied()
            .unwrap_or((1, 1, 1))
    }

    /// The output path a relative link from `source` points to, with its fragment as
    /// written; `None` for links that stay as they are written (other sites, the same
    /// page, root-relative paths).
    pub fn resolve(&self, source: &Path, url: &str) -> Option<String> {
        let link = links::content_link(source, url);
        let ContentLink::File {
            target, fragment, ..
        } = &link
        else {
            return None;
        };
        let out = match link.page() {
            Some(page) => self.by_source.get(page)?.clone(),
            None => {
                let rel = target.strip_prefix(&self.content_dir).ok()?;
                routes::content_file_url(rel)
            }
        };
        Some(match fragment {
            Some(fragment) => format!("{out}#{}", fragment.as_written()),
            None => out,
        })
    }
}

/// Where each page of an edition starts its paragraphs, footnotes and figures, in each
/// language: running totals through the edition.
fn edition_numbering(edition: &Edition, languages: &[String]) -> HashMap<String, Vec<Offsets>> {
    languages
        .iter()
        .map(|lang| {
            let mut next = (1, 1, 1);
            let starts = edition.pages.iter().map(|set| {
                let start = next;
                if let Some(page) = set.translations.get(lang) {
                    next.0 += page.outline.paragraphs;
                    next.1 += page.outline.footnotes.len();
                    next.2 += page.figures();
                }
                start
            });
            (lang.clone(), starts.collect())
        })
        .collect()
}

#[derive(Serialize)]
struct Link {
    title: String,
    url: String,
    current: bool,
}

#[derive(Serialize)]
struct Alternate {
    lang: String,
    name: String,
    url: String,
    current: bool,
}

#[derive(Serialize)]
struct EditionContext {
    year: u16,
    title: String,
    date: Option<String>,
    home: String,
    print: String,
    pages: Vec<Link>,
    latest: bool,
    latest_year: u16,
    /// For an archived edition: the same page in the latest edition, else its home.
    latest_link: Option<Link>,
    /// The edition's open data files.
    downloads: Vec<Link>,
}

#[derive(Serialize)]
struct Section {
    title: String,
    id: String,
    html: String,
    headings: Vec<Heading>,
}

#[derive(Serialize, Default)]
struct PageContext<'a> {
    lang: String,
    /// The theme's strings in the page's language, borrowed: they are the same for
    /// thousands of pages.
    t: Cow<'a, crate::render::i18n::Strings>,
    site_title: String,
    root: String,
    path: String,
    title: String,
    /// The page's summary for search engines and link previews, when its author gave one.
    description: Option<String>,
    content: String,
    headings: Vec<Heading>,
    footnotes: Vec<Footnote>,
    alternates: Vec<Alternate>,
    breadcrumbs: Vec<Link>,
    edition: Option<EditionContext>,
    editions: Vec<EditionListing>,
    sections: Vec<Section>,
    previous: Option<Link>,
    next: Option<Link>,
    canonical: Option<String>,
    first_paragraph: usize,
    last_paragraph: usize,
}

#[derive(Serialize)]
struct EditionListing {
    year: u16,
    titles: Vec<Alternate>,
}

fn render_job(
    site: &Site,
    theme: &Theme,
    links: &LinkMap,
    job: &Job,
) -> Result<RenderedPage, Diagnostic> {
    match job {
        Job::SiteIndex => site_index(site, theme),
        Job::NotFound => not_found(site, theme),
        Job::EditionHome { edition, lang } => {
            edition_home(site, theme, &site.editions[*edition], lang)
        }
        Job::Narrative {
            edition,
            page,
            lang,
        } => narrative(
            site,
            theme,
            links,
            &site.editions[*edition],
            *page,
            lang,
            None,
        )
        .map(|(page, _)| page),
        Job::Trend { edition, id, lang } => trend(site, theme, links, *edition, id, lang),
    }
}

fn base_context<'a>(site: &Site, theme: &'a Theme, lang: &str, path: &str) -> PageContext<'a> {
    PageContext {
        lang: lang.to_string(),
        t: Cow::Borrowed(theme.template_strings(lang)),
        site_title: site
            .config
            .title
            .get_ref()
            .get(lang)
            .cloned()
            .unwrap_or_default(),
        root: routes::root_prefix(path),
        path: path.to_string(),
        canonical: site.config.base_url.as_ref().map(|b| {
            format!(
                "{}/{}",
                b.trim_end_matches('/'),
                path.trim_end_matches("index.html")
            )
        }),
        ..PageContext::default()
    }
}

fn finish(
    theme: &Theme,
    template: &str,
    ctx: &PageContext<'_>,
    mut files: Vec<(String, Vec<u8>)>,
    charts: usize,
) -> Result<RenderedPage, Diagnostic> {
    let carried: usize = ctx.content.len()
        + ctx.sections.iter().map(|s| s.html.len()).sum::<usize>()
        + ctx.footnotes.iter().map(|f| f.html.len()).sum::<usize>();
    let html = theme.render(template, ctx, carried)?;
    files.push((ctx.path.clone(), html));
    Ok(RenderedPage { files, charts })
}

fn site_index(site: &Site, theme: &Theme) -> Result<RenderedPage, Diagnostic> {
    let languages = site.config.language_codes();
    let lang = languages.first().cloned().unwrap_or_default();
    let path = routes::SITE_INDEX.to_string();
    let mut ctx = base_context(site, theme, &lang, &path);
    ctx.title = ctx.site_title.clone();
    ctx.alternates = languages
        .iter()
        .map(|l| Alternate {
            lang: l.clone(),
            name: theme.i18n.get(l, "language_name").to_string(),
            url: String::new(),
            current: *l == lang,
        })
        .collect();
    ctx.editions = site
        .editions
        .iter()
        .rev()
        .map(|e| EditionListing {
            year: e.year,
            titles: languages
                .iter()
                .map(|l| Alternate {
                    lang: l.clone(),
                    name: e.meta.title.get_ref().get(l).cloned().unwrap_or_default(),
                    url: routes::edition_home(e.year, l),
                    current: *l == lang,
                })
                .collect(),
        })
        .collect();
    finish(theme, "index.html", &ctx, Vec::new(), 0)
}

fn not_found(site: &Site, theme: &Theme) -> Result<RenderedPage, Diagnostic> {
    let languages = site.config.language_codes();
    let lang = languages.first().cloned().unwrap_or_default();
    let mut ctx = base_context(site, theme, &lang, routes::NOT_FOUND);
    // A 404 page is served at any depth, so its links cannot be relative; they lead to
    // the site root through the base URL when known, else to the host root.
    ctx.root = site
        .config
        .base_url
        .as_ref()
        .map_or("/".to_string(), |b| format!("{}/", b.trim_end_matches('/')));
    ctx.title = theme.i18n.get(&lang, "page_not_found").to_string();
    ctx.canonical = None;
    ctx.alternates = languages
        .iter()
        .map(|l| Alternate {
            lang: l.clone(),
            name: theme.i18n.get(l, "page_not_found").to_string(),
            url: String::new(),
            current: *l == lang,
        })
        .collect();
    finish(theme, "404.html", &ctx, Vec::new(), 0)
}

/// The edition as templates see it; `with_pages` lists its pages, which costs a link per
/// page for every page rendered: only where a template reads them.
fn edition_context(
    site: &Site,
    edition: &Edition,
    lang: &str,
    current: Option<usize>,
    with_pages: bool,
) -> EditionContext {
    EditionContext {
        year: edition.year,
        title: edition
            .meta
            .title
            .get_ref()
            .get(lang)
            .cloned()
            .unwrap_or_default(),
        date: edition.meta.date.as_ref().map(|d| d.get_ref().clone()),
        home: routes::edition_home(edition.year, lang),
        print: routes::print(edition.year, lang),
        pages: edition
            .pages
            .iter()
            .enumerate()
            .filter(|_| with_pages)
            .filter_map(|(i, set)| {
                let page = set.translations.get(lang)?;
                Some(Link {
                    title: page.front.title.clone(),
                    url: routes::page(edition.year, lang, &page.slug),
                    current: Some(i) == current,
                })
            })
            .collect(),
        latest: site.latest().is_none_or(|l| l.year == edition.year),
        latest_year: site.latest().map_or(edition.year, |l| l.year),
        latest_link: None,
        downloads: Vec::new(),
    }
}

/// For a page of an archived edition: a link to the same page in the latest edition
/// (`same_page` finds it there), else to the latest edition's home. `None` for the latest
/// edition itself.
fn latest_link(
    site: &Site,
    theme: &Theme,
    edition: &Edition,
    lang: &str,
    same_page: impl Fn(&Edition) -> Option<String>,
) -> Option<Link> {
    let latest = site.latest().filter(|l| l.year != edition.year)?;
    let year = latest.year.to_string();
    Some(match same_page(latest) {
        Some(url) => Link {
            title: theme
                .i18n
                .fill(lang, "archived_same_page", &[("year", &year)]),
            url,
            current: false,
        },
        None => Link {
            title: theme
                .i18n
                .fill(lang, "archived_latest_home", &[("year", &year)]),
            url: routes::edition_home(latest.year, lang),
            current: false,
        },
    })
}

fn alternates(
    site: &Site,
    theme: &Theme,
    lang: &str,
    path_in: impl Fn(&str) -> Option<String>,
) -> Vec<Alternate> {
    site.config
        .language_codes()
        .into_iter()
        .filter_map(|l| {
            Some(Alternate {
                name: theme.i18n.get(&l, "language_name").to_string(),
                url: path_in(&l)?,
                current: l == lang,
                lang: l,
            })
        })
        .collect()
}

fn breadcrumbs(edition: &Edition, lang: &str, theme: &Theme) -> Vec<Link> {
    vec![
        Link {
            title: theme.i18n.get(lang, "home").to_string(),
            url: routes::SITE_INDEX.into(),
            current: false,
        },
        Link {
            title: edition
                .meta
                .title
                .get_ref()
                .get(lang)
                .cloned()
                .unwrap_or_else(|| edition.year.to_string()),
            url: routes::edition_home(edition.year, lang),
            current: false,
        },
    ]
}

fn edition_home(
    site: &Site,
    theme: &Theme,
    edition: &Edition,
    lang: &str,
) -> Result<RenderedPage, Diagnostic> {
    let path = routes::edition_home(edition.year, lang);
    let mut ctx = base_context(site, theme, lang, &path);
    let mut ed = edition_context(site, edition, lang, None, true);
    ed.latest_link = latest_link(site, theme, edition, lang, |latest| {
        Some(routes::edition_home(latest.year, lang))
    });
    ed.downloads = crate::render::opendata::links(edition, lang, &theme.i18n)
        .into_iter()
        .map(|(title, url)| Link {
            title,
            url,
            current: false,
        })
        .collect();
    ctx.title = ed.title.clone();
    ctx.alternates = alternates(site, theme, lang, |l| {
        Some(routes::edition_home(edition.year, l))
    });
    ctx.breadcrumbs = vec![Link {
        title: theme.i18n.get(lang, "home").to_string(),
        url: routes::SITE_INDEX.into(),
        current: false,
    }];
    ctx.next = ed.pages.first().map(|p| Link {
        title: p.title.clone(),
        url: p.url.clone(),
        current: false,
    });
    ctx.edition = Some(ed);
    finish(theme, "edition.html", &ctx, Vec::new(), 0)
}

struct BodyResult {
    rendered: markdown::Rendered,
    files: Vec<(String, Vec<u8>)>,
    charts: usize,
}

/// A page of an edition in one language: where a body is rendered from.
struct Place<'a> {
    edition: &'a Edition,
    index: usize,
    lang: &'a str,
    page: &'a Page,
}

fn render_body(
    site: &Site,
    theme: &Theme,
    links: &LinkMap,
    place: Place<'_>,
    from: &str,
) -> BodyResult {
    let Place {
        edition,
        index,
        lang,
        page,
    } = place;
    let (first_paragraph, first_footnote, first_figure) = links.offsets(edition, lang, index);
    let root = routes::root_prefix(from);
    let resolve = |url: &str| {
        if url.starts_with('#') {
            return None;
        }
        links
            .resolve(&page.path, url)
            .map(|target| format!("{root}{target}"))
    };
    let sanitizer = theme.sanitizer(site.config.trusted_html);
    let sanitize_ref: Option<&dyn Fn(&str) -> String> =
        sanitizer.as_ref().map(|s| s as &dyn Fn(&str) -> String);
    let mut files = Vec::new();
    let mut charts = 0;
    let mut figure_number = first_figure;
    let mut table_number = 0;
    // The page's blocks were read when it was loaded, and validation refused the site
    // had any of them a problem: each is drawn from its typed value.
    let mut render_block = |index: usize| -> String {
        match page.blocks.get(index).and_then(PageBlock::read) {
            Some(BlockContent::Indicators(Some(parsed))) => {
                table_number += 1;
                let id = format!("indicators-{table_number}");
                // The page's edition is one of the site's; were it not, it has no trend page.
                let edition_index = site.editions.iter().position(|e| e.year == edition.year);
                let trend = |indicator: &str| {
                    let e = edition_index?;
                    links
                        .trends
                        .has_page(e, indicator)
                        .then(|| format!("{root}{}", routes::trend(edition.year, lang, indicator)))
                };
                let downloads =
                    crate::render::opendata::indicator_links(edition, lang, &theme.i18n)
                        .into_iter()
                        .map(|(label, url)| (label, format!("{root}{url}")))
                        .collect();
                let data_file = edition.dir.join("indicators.toml");
                let cell = |url: &str| {
                    links
                        .resolve(&data_file, url)
                        .map(|target| format!("{root}{target}"))
                };
                let table_links = tables::TableLinks {
                    trend: &trend,
                    downloads,
                    cell: &cell,
                };
                let req = tables::TableRequest {
                    edition,
                    block: parsed,
                    lang,
                    i18n: &theme.i18n,
                    id: &id,
                    sanitize: sanitize_ref,
                    links: Some(&table_links),
                };
                let mut html = tables::indicators_table(&req);
                for indicator in crate::core::select::selected(edition, parsed) {
                    if let Some(chart) =
                        charts::indicator_progress(edition, indicator, lang, &theme.i18n, &root)
                    {
                        charts += 1;
                        html.push_str(&chart.html);
                        files.extend(chart.files);
                    }
                }
                html
            }
            Some(BlockContent::Figure(Some(figure))) => {
                let number = figure_number;
                figure_number += 1;
                charts += 1;
                let chart = charts::figure(&charts::FigureRequest {
                    edition,
                    block: figure,
                    lang,
                    i18n: &theme.i18n,
                    number,
                    root: &root,
                    sanitize: sanitize_ref,
                });
                files.extend(chart.files);
                chart.html
            }
            // An unknown kind, or a body with a problem: validation reported it.
            _ => String::new(),
        }
    };
    let mut settings = RenderSettings {
        first_paragraph,
        first_footnote,
        heading_prefix: "",
        heading_shift: 0,
        resolve_link: &resolve,
        render_block: &mut render_block,
        sanitize: sanitize_ref,
        paragraph_label: theme.i18n.get(lang, "paragraph"),
        backlink_label: theme.i18n.get(lang, "back_to_text"),
    };
    let rendered = markdown::render(page.body(), &mut settings);
    BodyResult {
        rendered,
        files,
        charts,
    }
}

fn narrative(
    site: &Site,
    theme: &Theme,
    links: &LinkMap,
    edition: &Edition,
    index: usize,
    lang: &str,
    print_lang: Option<usize>,
) -> Result<(RenderedPage, Option<PrintPart>), Diagnostic> {
    let set = &edition.pages[index];
    let Some(page) = set.translations.get(lang) else {
        return Err(Diagnostic::error(
            &edition.dir,
            format!("page `{}` has no `{lang}` translation", set.name),
        ));
    };
    let path = routes::page(edition.year, lang, &page.slug);
    let body = render_body(
        site,
        theme,
        links,
        Place {
            edition,
            index,
            lang,
            page,
        },
        &path,
    );
    let part = print_lang.map(|lang| {
        let print = markdown::for_print(&body.rendered, &format!("{}-", page.slug));
        PrintPart {
            lang,
            page: index,
            section: Section {
                title: page.front.title.clone(),
                id: page.slug.clone(),
                html: print.html,
                headings: print.headings,
            },
            footnotes: print.footnotes,
        }
    });
    let mut ctx = base_context(site, theme, lang, &path);
    let mut ed = edition_context(
        site,
        edition,
        lang,
        Some(index),
        theme.pages_list_their_edition(),
    );
    ed.latest_link = latest_link(site, theme, edition, lang, |latest| {
        let paired = latest.pages[*links.latest_pages.get(&set.name)?]
            .translations
            .get(lang)?;
        Some(routes::page(latest.year, lang, &paired.slug))
    });
    ctx.title = page.front.title.clone();
    ctx.description = page.front.description.clone();
    ctx.first_paragraph = body.rendered.paragraphs.min(1) * links.offsets(edition, lang, index).0;
    ctx.last_paragraph = ctx.first_paragraph + body.rendered.paragraphs.saturating_sub(1);
    ctx.content = body.rendered.html;
    ctx.headings = body.rendered.headings;
    ctx.footnotes = body.rendered.footnotes;
    ctx.alternates = alternates(site, theme, lang, |l| {
        set.translations
            .get(l)
            .map(|p| routes::page(edition.year, l, &p.slug))
    });
    ctx.breadcrumbs = breadcrumbs(edition, lang, theme);
    ctx.previous = index
        .checked_sub(1)
        .and_then(|i| page_link(edition, i, lang));
    ctx.next = page_link(edition, index + 1, lang);
    ctx.edition = Some(ed);
    let page = finish(theme, "page.html", &ctx, body.files, body.charts)?;
    Ok((page, part))
}

/// A link to page `index` of `edition` in `lang`, when there is one.
fn page_link(edition: &Edition, index: usize, lang: &str) -> Option<Link> {
    let page = edition.pages.get(index)?.translations.get(lang)?;
    Some(Link {
        title: page.front.title.clone(),
        url: routes::page(edition.year, lang, &page.slug),
        current: false,
    })
}

/// An edition's printable page in one language, from the sections its narrative pages
/// gave (in page order).
fn print(
    site: &Site,
    theme: &Theme,
    edition: &Edition,
    lang: &str,
    parts: Vec<PrintPart>,
) -> Result<RenderedPage, Diagnostic> {
    let path = routes::print(edition.year, lang);
    let mut ctx = base_context(site, theme, lang, &path);
    let mut footnotes = Vec::new();
    for part in parts {
        footnotes.extend(part.footnotes);
        ctx.sections.push(part.section);
    }
    let mut ed = edition_context(site, edition, lang, None, true);
    ed.latest_link = latest_link(site, theme, edition, lang, |latest| {
        Some(routes::print(latest.year, lang))
    });
    ctx.title = ed.title.clone();
    ctx.footnotes = footnotes;
    ctx.alternates = alternates(site, theme, lang, |l| Some(routes::print(edition.year, l)));
    ctx.breadcrumbs = breadcrumbs(edition, lang, theme);
    ctx.edition = Some(ed);
    // The charts and their standalone files are counted and written with the narrative
    // pages; the print page only repeats them.
    finish(theme, "print.html", &ctx, Vec::new(), 0)
}

/// A page of an indicator's values over the editions so far (see [`trends`]).
fn trend(
    site: &Site,
    theme: &Theme,
    links: &LinkMap,
    index: usize,
    id: &str,
    lang: &str,
) -> Result<RenderedPage, Diagnostic> {
    let edition = &site.editions[index];
    let Some(points) = links.trends.series(site, index, id, lang) else {
        return Err(Diagnostic::error(
            &edition.dir,
            format!("indicator `{id}` has no values over the years"),
        ));
    };
    let path = routes::trend(edition.year, lang, id);
    let mut ctx = base_context(site, theme, lang, &path);
    let sanitizer = theme.sanitizer(site.config.trusted_html);
    let sanitize_ref: Option<&dyn Fn(&str) -> String> =
        sanitizer.as_ref().map(|s| s as &dyn Fn(&str) -> String);
    let (content, charts) = trends::html(&points, lang, &theme.i18n, &ctx.root, sanitize_ref);
    ctx.title = trends::title(id, lang, &theme.i18n);
    ctx.content = content;
    ctx.alternates = alternates(site, theme, lang, |l| {
        Some(routes::trend(edition.year, l, id))
    });
    ctx.breadcrumbs = breadcrumbs(edition, lang, theme);
    let latest_index = site.editions.len().saturating_sub(1);
    let mut ed = edition_context(site, edition, lang, None, theme.pages_list_their_edition());
    ed.latest_link = latest_link(site, theme, edition, lang, |latest| {
        links
            .trends
            .has_page(latest_index, id)
            .then(|| routes::trend(latest.year, lang, id))
    });
    ctx.edition = Some(ed);
    finish(theme, "page.html", &ctx, Vec::new(), charts)
}

/// The files of every edition folder that are published as they are.
pub fn edition_files(site: &Site) -> Result<Vec<CopiedFile>, Error> {
    let mut files = Vec::new();
    let mut problems = Diagnostics::new();
    for edition in &site.editions {
        for rel in &edition.assets {
            let source = edition.dir.join(rel);
            match routes::edition_file(edition.year, rel) {
                Ok(path) => files.push(CopiedFile { path, source }),
                Err(reason) => problems.push(Diagnostic::error(
                    &source,
                    format!("this name cannot be published: {reason}"),
                )),
            }
        }
    }
    if problems.has_errors() {
        return Err(Error::Content(problems));
    }
    Ok(files)
}

/// Fails when a copied file would land on a file that rapport generates: one of
/// `rendered` (pages and charts) or the open data.
pub fn refuse_collisions<'a>(
    site: &Site,
    copied: &[CopiedFile],
    rendered: impl IntoIterator<Item = &'a str>,
) -> Result<(), Error> {
    let mut generated: BTreeSet<String> = rendered.into_iter().map(str::to_string).collect();
    generated.extend(crate::render::opendata::paths(site));
    let problems = routes::collisions(copied, &generated);
    if problems.has_errors() {
        return Err(Error::Content(problems));
    }
    Ok(())
}

/// Reads the copied files into the output.
pub fn copy_files(copied: &[CopiedFile], output: &mut Output) -> Result<(), Error> {
    for file in copied {
        let bytes = std::fs::read(&file.source).map_err(|e| Error::io(&file.source, e))?;
        output.insert(file.path.clone(), bytes);
    }
    Ok(())
}

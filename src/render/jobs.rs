//! The render loop: every page of the site as a job, rendered in parallel, each page's
//! files handed on as soon as it is done, with what it read recorded for rebuilds.
//!
//! Editions are rendered one after another on each thread, their pages in parallel, so
//! that a printable page and a search index can be assembled from their narrative pages'
//! bodies without keeping the whole site in memory.

use rayon::prelude::*;

use super::context::RenderedPage;
use super::dependencies::{self, Dependencies};
use super::index_pages::{edition_home, not_found, site_index};
use super::link_map::LinkMap;
use super::narrative::{Narrative, Parts, narrative};
use super::print::{PrintPart, print};
use super::search::{self, IndexedPage};
use super::theme::Theme;
use super::trend_page::trend;
use super::{Counts, PageKey};
use crate::core::diagnostics::{Diagnostic, Diagnostics, Error};
use crate::core::model::Site;
use crate::core::routes;

pub(super) type PageFiles = Vec<(String, Vec<u8>)>;

/// What receives each rendered page's files, with the page.
pub(super) type KeyedSink<'a, T> = &'a (dyn Fn(PageKey, PageFiles) -> Result<T, Error> + Sync);

/// Renders every page in parallel, passing each page's files to `each`; returns what
/// `each` returned (site-wide pages first, then edition by edition). Every content
/// problem is reported at once.
pub(super) fn render_pages<T: Send>(
    site: &Site,
    theme: &Theme,
    each: &(dyn Fn(PageFiles) -> Result<T, Error> + Sync),
    record: Record,
) -> Result<(Vec<T>, Counts, Dependencies), Error> {
    render_pages_where(site, theme, &|_| true, each, record)
}

/// Whether rendering notes what each page read: `serve` needs it to rebuild what a change
/// affects; a build or an archive does not, and is spared the cost.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Record {
    /// Note each page's reads and files ([`Dependencies`]).
    Dependencies,
    /// Note nothing: the record comes back empty.
    Nothing,
}

/// What became of one job: its value and what it made, nothing (a narrative page rendered
/// only for the printable page or the search index), or a problem.
pub(super) type JobResult<T> = Result<Option<(T, Made)>, Result<Diagnostic, Error>>;

/// What one job made, for the counts a build reports.
#[derive(Debug, Clone, Copy)]
pub(super) struct Made {
    /// Pages: 1, or 0 for a search index.
    pages: usize,
    charts: usize,
}

impl Made {
    fn page(charts: usize) -> Self {
        Made { pages: 1, charts }
    }
}

pub(super) fn render_pages_where<T: Send>(
    site: &Site,
    theme: &Theme,
    wanted: &(dyn Fn(&PageKey) -> bool + Sync),
    each: &(dyn Fn(PageFiles) -> Result<T, Error> + Sync),
    recording: Record,
) -> Result<(Vec<T>, Counts, Dependencies), Error> {
    // The recording hook: each page's files and what it read, noted as it is handed on.
    let record = std::sync::Mutex::new(Dependencies::default());
    let each = &|key: PageKey, files: PageFiles| {
        if recording == Record::Dependencies {
            let reads = dependencies::reads(site, &key);
            let paths = files.iter().map(|(path, _)| path.clone()).collect();
            (record.lock().unwrap_or_else(|e| e.into_inner())).note(key, reads, paths);
        }
        each(files)
    };
    let languages = site.config.language_codes();
    let links = LinkMap::new(site);
    let mut site_jobs = site_wide_jobs(&languages, &links);
    site_jobs.retain(|job| wanted(&job.key(site)));
    let render = |job: &Job| -> JobResult<T> {
        let page = render_job(site, theme, &links, job).map_err(Ok)?;
        let value = each(job.key(site), page.files).map_err(Err)?;
        Ok(Some((value, Made::page(page.charts))))
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
            Ok(Some((value, made))) => {
                counts.pages += made.pages;
                counts.charts += made.charts;
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
pub(super) struct EditionRun<'a> {
    site: &'a Site,
    theme: &'a Theme,
    links: &'a LinkMap,
    index: usize,
    languages: &'a [String],
}

impl EditionRun<'_> {
    fn render<T: Send>(
        &self,
        wanted: &(dyn Fn(&PageKey) -> bool + Sync),
        each: KeyedSink<'_, T>,
    ) -> Vec<JobResult<T>> {
        let year = self.site.editions[self.index].year;
        let wanted_in = |key: fn(u16, String) -> PageKey| -> Vec<bool> {
            (self.languages.iter())
                .map(|lang| wanted(&key(year, lang.clone())))
                .collect()
        };
        let print_wanted = wanted_in(|year, lang| PageKey::Print { year, lang });
        let search_wanted = wanted_in(|year, lang| PageKey::SearchIndex { year, lang });
        let jobs = self.jobs(wanted, |l| print_wanted[l] || search_wanted[l]);
        let done: Vec<(JobResult<T>, PageParts)> = jobs
            .par_iter()
            .map(|(l, job, own)| {
                let parts = Parts {
                    print: print_wanted[*l].then_some(*l),
                    search: search_wanted[*l],
                };
                self.job(job, *l, *own, parts, each)
            })
            .collect();
        let mut results = Vec::with_capacity(done.len() + 2 * self.languages.len());
        let mut prints: Vec<Vec<PrintPart>> = self.languages.iter().map(|_| Vec::new()).collect();
        let mut searched: Vec<Vec<IndexedPage>> =
            self.languages.iter().map(|_| Vec::new()).collect();
        for (result, parts) in done {
            results.push(result);
            if let Some(part) = parts.print {
                prints[part.lang].push(part);
            }
            if let Some((l, page)) = parts.search {
                searched[l].push(page);
            }
        }
        for (l, lang) in self.languages.iter().enumerate() {
            if print_wanted[l] {
                results.push(self.print_page(lang, std::mem::take(&mut prints[l]), each));
            }
            if search_wanted[l] {
                results.push(self.search_index(lang, &searched[l], each));
            }
        }
        results
    }

    /// The edition's homes and narrative pages that are `wanted`, each with its language's
    /// place in the list and whether it is wanted for itself, in reading order; a
    /// narrative page is also listed when its language's printable page or search index
    /// (`made_of_pages`) is.
    fn jobs(
        &self,
        wanted: &(dyn Fn(&PageKey) -> bool + Sync),
        made_of_pages: impl Fn(usize) -> bool,
    ) -> Vec<(usize, Job, bool)> {
        let edition = &self.site.editions[self.index];
        let mut jobs = Vec::new();
        for (l, lang) in self.languages.iter().enumerate() {
            let home = Job::EditionHome {
                edition: self.index,
                lang: lang.clone(),
            };
            if wanted(&home.key(self.site)) {
                jobs.push((l, home, true));
            }
            // A page missing in a language was reported by loading, at the page.
            let pages = (edition.pages.iter().enumerate())
                .filter(|(_, set)| set.translations.contains_key(lang));
            for (p, _) in pages {
                let job = Job::Narrative {
                    edition: self.index,
                    page: p,
                    lang: lang.clone(),
                };
                let own = wanted(&job.key(self.site));
                if own || made_of_pages(l) {
                    jobs.push((l, job, own));
                }
            }
        }
        jobs
    }

    /// The edition's printable page in `lang`, from its narrative pages' sections.
    fn print_page<T>(
        &self,
        lang: &str,
        mut sections: Vec<PrintPart>,
        each: KeyedSink<'_, T>,
    ) -> JobResult<T> {
        let edition = &self.site.editions[self.index];
        sections.sort_by_key(|part| part.page);
        let page = print(self.site, self.theme, edition, lang, sections).map_err(Ok)?;
        let key = PageKey::Print {
            year: edition.year,
            lang: lang.to_string(),
        };
        let value = each(key, page.files).map_err(Err)?;
        Ok(Some((value, Made::page(0))))
    }

    /// The edition's search index in `lang`, from its narrative pages' entries, which the
    /// jobs listed in reading order (and `collect` keeps their order).
    fn search_index<T>(
        &self,
        lang: &str,
        pages: &[IndexedPage],
        each: KeyedSink<'_, T>,
    ) -> JobResult<T> {
        let edition = &self.site.editions[self.index];
        let bytes = search::edition_index(edition, lang, pages);
        let key = PageKey::SearchIndex {
            year: edition.year,
            lang: lang.to_string(),
        };
        let files = vec![(routes::search_index(edition.year, lang), bytes)];
        let value = each(key, files).map_err(Err)?;
        let made = Made {
            pages: 0,
            charts: 0,
        };
        Ok(Some((value, made)))
    }

    fn job<T>(
        &self,
        job: &Job,
        lang: usize,
        own: bool,
        parts: Parts,
        each: KeyedSink<'_, T>,
    ) -> (JobResult<T>, PageParts) {
        let edition = &self.site.editions[self.index];
        let rendered = match job {
            Job::Narrative {
                page, lang: code, ..
            } => narrative(
                self.site, self.theme, self.links, edition, *page, code, parts,
            ),
            other => render_job(self.site, self.theme, self.links, other).map(|page| Narrative {
                page,
                print: None,
                search: None,
            }),
        };
        let Narrative {
            page,
            print,
            search,
        } = match rendered {
            Ok(done) => done,
            Err(d) => return (Err(Ok(d)), PageParts::default()),
        };
        let parts = PageParts {
            print,
            search: search.map(|page| (lang, page)),
        };
        if !own {
            return (Ok(None), parts);
        }
        let charts = page.charts;
        match each(job.key(self.site), page.files) {
            Ok(value) => (Ok(Some((value, Made::page(charts)))), parts),
            Err(e) => (Err(Err(e)), parts),
        }
    }
}

/// What a narrative page gave its edition's printable page and search index.
#[derive(Default)]
struct PageParts {
    print: Option<PrintPart>,
    /// The language's place in the site's list, and the page's entries.
    search: Option<(usize, IndexedPage)>,
}

/// One HTML page to produce.
#[derive(Debug, Clone)]
pub(super) enum Job {
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
    Search {
        lang: String,
    },
}

impl Job {
    pub(super) fn key(&self, site: &Site) -> PageKey {
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
                name: site.editions[*edition].pages[*page].key.clone(),
                lang: lang.clone(),
            },
            Job::Trend { edition, id, lang } => PageKey::Trend {
                year: year(edition),
                id: id.clone(),
                lang: lang.clone(),
            },
            Job::Search { lang } => PageKey::Search { lang: lang.clone() },
        }
    }
}

/// The pages that belong to no edition, or to all of them: the landing page, the 404 page,
/// the search page of each language and the pages of indicators over the years.
pub(super) fn site_wide_jobs(languages: &[String], links: &LinkMap) -> Vec<Job> {
    let mut jobs = vec![Job::SiteIndex, Job::NotFound];
    jobs.extend(
        languages
            .iter()
            .map(|lang| Job::Search { lang: lang.clone() }),
    );
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

pub(super) fn render_job(
    site: &Site,
    theme: &Theme,
    links: &LinkMap,
    job: &Job,
) -> Result<RenderedPage, Diagnostic> {
    match job {
        Job::SiteIndex => site_index(site, theme),
        Job::NotFound => not_found(site, theme),
        Job::EditionHome { edition, lang } => {
            edition_home(site, theme, links, &site.editions[*edition], lang)
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
            Parts::default(),
        )
        .map(|narrative| narrative.page),
        Job::Trend { edition, id, lang } => trend(site, theme, links, *edition, id, lang),
        Job::Search { lang } => super::search::page::search_page(site, theme, lang),
    }
}

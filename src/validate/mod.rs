//! Cross-checks a loaded site: references between files, every text in every language,
//! and languages that number the same paragraphs. Reports every problem at once.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use toml::Spanned;

use crate::core::diagnostics::{Diagnostic, Diagnostics, MAX_PER_FILE, Severity, nearest};
use crate::core::model::{
    BlockContent, Edition, FigureBlock, IndicatorsBlock, Localized, Page, PageBlock, Site,
};
use crate::load;

/// Checks the whole site; returns every problem (errors and warnings).
pub fn site(site: &Site) -> Diagnostics {
    let mut problems = Diagnostics::new();
    let languages = site.config.language_codes();
    config(site, &languages, &mut problems);
    for edition in &site.editions {
        edition_data(edition, &languages, &mut problems);
        pages(site, edition, &languages, &mut problems);
        if !site.config.trusted_html {
            unsafe_links(edition, &mut problems);
        }
    }
    problems
}

fn config(site: &Site, languages: &[String], problems: &mut Diagnostics) {
    let path = site.root.join(load::CONFIG_FILE);
    let source = std::fs::read_to_string(&path).unwrap_or_default();
    if languages.is_empty() {
        problems.push(
            Diagnostic::error(
                &path,
                "`languages` is empty: expected at least one, such as [\"fr\", \"en\"]",
            )
            .at(1, 1),
        );
    }
    let mut seen = BTreeSet::new();
    for lang in &site.config.languages {
        if !seen.insert(lang.get_ref()) {
            problems.push(spanned_error(
                &path,
                &source,
                lang,
                format!("language `{}` is listed twice", lang.get_ref()),
            ));
        }
        if !is_language_tag(lang.get_ref()) {
            problems.push(spanned_error(
                &path,
                &source,
                lang,
                format!(
                    "`{}` is not a language code: expected a BCP 47 tag such as fr, en, pt-BR",
                    lang.get_ref()
                ),
            ));
        }
    }
    localized(
        &path,
        &source,
        "title",
        &site.config.title,
        languages,
        problems,
    );
}

/// A BCP 47 language tag as used in URLs and `lang` attributes: a 2–3 letter lowercase
/// language, then optional ASCII alphanumeric subtags (`pt-BR`, `zh-Hant`).
fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let language = parts.next().unwrap_or_default();
    (2..=3).contains(&language.len())
        && language.chars().all(|c| c.is_ascii_lowercase())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

fn spanned_error<T>(path: &Path, source: &str, at: &Spanned<T>, message: String) -> Diagnostic {
    Diagnostic::error(path, message).at_offset(source, at.span().start)
}

fn localized(
    path: &Path,
    source: &str,
    what: &str,
    text: &Spanned<Localized>,
    languages: &[String],
    problems: &mut Diagnostics,
) {
    for lang in languages {
        let missing = text.get_ref().get(lang).is_none_or(|t| t.trim().is_empty());
        if missing {
            problems.push(
                spanned_error(
                    path,
                    source,
                    text,
                    format!("`{what}` has no `{lang}` text: expected one for every language"),
                )
                .with_hint(format!("add `{what}.{lang} = \"…\"`")),
            );
        }
    }
    for lang in text.get_ref().keys() {
        if !languages.contains(lang) {
            problems.push(
                spanned_error(
                    path,
                    source,
                    text,
                    format!("`{what}` has text for `{lang}`, which is not a language of the site"),
                )
                .with_hint(format!("languages: {}", languages.join(", "))),
            );
        }
    }
}

fn unknown_id(
    path: &Path,
    source: &str,
    at: &Spanned<String>,
    what: &str,
    valid: &[&str],
) -> Diagnostic {
    let mut d = spanned_error(
        path,
        source,
        at,
        format!("unknown {what} `{}`", at.get_ref()),
    );
    let hint = match nearest(at.get_ref(), valid.iter().copied()) {
        Some(near) => format!("did you mean `{near}`? valid values: {}", valid.join(", ")),
        None => format!("valid values: {}", valid.join(", ")),
    };
    d = d.with_hint(hint);
    d
}

fn duplicates<'a>(
    path: &Path,
    source: &str,
    what: &str,
    ids: impl Iterator<Item = &'a Spanned<String>>,
    problems: &mut Diagnostics,
) {
    let mut seen = BTreeSet::new();
    for id in ids {
        if !seen.insert(id.get_ref().as_str()) {
            problems.push(spanned_error(
                path,
                source,
                id,
                format!("duplicate {what} id `{}`: ids must be unique", id.get_ref()),
            ));
        }
    }
}

fn edition_data(edition: &Edition, languages: &[String], problems: &mut Diagnostics) {
    if !known(edition, "edition.toml") {
        // Its error is reported; the data files are still checked, but not against it.
        indicators(edition, languages, None, problems);
        projects(edition, languages, None, problems);
        return;
    }
    let (path, source) = edition.source("edition.toml");
    let meta = &edition.meta;
    if *meta.year.get_ref() != edition.year {
        problems.push(spanned_error(
            &path,
            source,
            &meta.year,
            format!(
                "year {} does not match the folder {}: expected year = {}",
                meta.year.get_ref(),
                edition.year,
                edition.year
            ),
        ));
    }
    localized(&path, source, "title", &meta.title, languages, problems);
    if let Some(d) = &meta.date {
        date(&path, source, d, problems);
    }
    for (key, text) in &meta.labels {
        if !COLUMN_KEYS.contains(&key.as_str()) {
            problems.push(
                Diagnostic::error(&path, format!("unknown column label `{key}`"))
                    .with_hint(format!("expected one of {}", COLUMN_KEYS.join(", ")))
                    .at(1, 1),
            );
        }
        for lang in languages {
            if !text.contains_key(lang) {
                problems.push(
                    Diagnostic::error(&path, format!("column label `{key}` has no `{lang}` text"))
                        .at(1, 1),
                );
            }
        }
    }
    duplicates(
        &path,
        source,
        "outcome",
        meta.outcomes.iter().map(|o| &o.id),
        problems,
    );
    duplicates(
        &path,
        source,
        "output",
        meta.outputs.iter().map(|o| &o.id),
        problems,
    );
    let outcome_ids: Vec<&str> = meta
        .outcomes
        .iter()
        .map(|o| o.id.get_ref().as_str())
        .collect();
    for outcome in &meta.outcomes {
        localized(&path, source, "title", &outcome.title, languages, problems);
    }
    for output in &meta.outputs {
        localized(&path, source, "title", &output.title, languages, problems);
        if let Some(outcome) = &output.outcome
            && !outcome_ids.contains(&outcome.get_ref().as_str())
        {
            problems.push(unknown_id(&path, source, outcome, "outcome", &outcome_ids));
        }
    }
    let output_ids: Vec<&str> = meta
        .outputs
        .iter()
        .map(|o| o.id.get_ref().as_str())
        .collect();
    indicators(edition, languages, Some(&output_ids), problems);
    projects(edition, languages, Some(&output_ids), problems);
}

const COLUMN_KEYS: [&str; 5] = [
    "indicator",
    "verification",
    "baseline",
    "milestone",
    "current",
];

/// `output_ids` are the outputs of `edition.toml`, when it could be read.
fn indicators(
    edition: &Edition,
    languages: &[String],
    output_ids: Option<&[&str]>,
    problems: &mut Diagnostics,
) {
    let (path, source) = edition.source("indicators.toml");
    let list = &edition.indicators.indicators;
    duplicates(
        &path,
        source,
        "indicator",
        list.iter().map(|i| &i.id),
        problems,
    );
    for indicator in list {
        if let Some(output_ids) = output_ids
            && !output_ids.contains(&indicator.output.get_ref().as_str())
        {
            problems.push(unknown_id(
                &path,
                source,
                &indicator.output,
                "output",
                output_ids,
            ));
        }
        localized(
            &path,
            source,
            "description",
            &indicator.description,
            languages,
            problems,
        );
        if let Some(v) = &indicator.verification {
            localized(&path, source, "verification", v, languages, problems);
        }
        let cells = [
            &indicator.baseline,
            &indicator.milestone,
            &indicator.current,
        ];
        for cell in cells.into_iter().flatten() {
            let c = cell.get_ref();
            if let Some(text) = &c.text {
                localized(&path, source, "text", text, languages, problems);
            }
            match (&c.value, &c.unit) {
                (Some(v), None) => problems.push(spanned_error(
                    &path,
                    source,
                    v,
                    "a value without a unit: expected `unit = \"percent\"` or `unit = \"count\"`"
                        .into(),
                )),
                (Some(v), Some(_)) if !v.get_ref().is_finite() || *v.get_ref() < 0.0 => problems
                    .push(spanned_error(
                        &path,
                        source,
                        v,
                        format!("value {} is not a non-negative number", v.get_ref()),
                    )),
                _ => {}
            }
            for part in [&c.count, &c.total].into_iter().flatten() {
                if !part.get_ref().is_finite() || *part.get_ref() < 0.0 {
                    problems.push(spanned_error(
                        &path,
                        source,
                        part,
                        format!("{} is not a non-negative number", part.get_ref()),
                    ));
                }
            }
        }
        milestone_unit(&path, source, indicator, problems);
    }
}

/// The milestone and the current status are compared (in tables and progress charts),
/// so their numbers must be in one unit.
fn milestone_unit(
    path: &Path,
    source: &str,
    indicator: &crate::core::model::Indicator,
    problems: &mut Diagnostics,
) {
    let unit = |cell: &Option<Spanned<crate::core::model::Cell>>| {
        cell.as_ref().and_then(|c| c.get_ref().unit.clone())
    };
    let (Some(milestone), Some(current)) = (unit(&indicator.milestone), unit(&indicator.current))
    else {
        return;
    };
    if milestone.get_ref() != current.get_ref() {
        let name = |u: &crate::core::model::Unit| match u {
            crate::core::model::Unit::Percent => "percent",
            crate::core::model::Unit::Count => "count",
        };
        problems.push(
            spanned_error(
                path,
                source,
                &current,
                format!(
                    "indicator `{}`: the current status is in `{}` but the milestone is in `{}`: they must share a unit to be compared",
                    indicator.id.get_ref(),
                    name(current.get_ref()),
                    name(milestone.get_ref())
                ),
            )
            .with_hint(format!("valid values: percent, count; expected unit = \"{}\" here, or change the milestone's", name(milestone.get_ref()))),
        );
    }
}

fn projects(
    edition: &Edition,
    languages: &[String],
    output_ids: Option<&[&str]>,
    problems: &mut Diagnostics,
) {
    let (path, source) = edition.source("projects.toml");
    let register = &edition.projects;
    duplicates(
        &path,
        source,
        "category",
        register.categories.iter().map(|c| &c.id),
        problems,
    );
    duplicates(
        &path,
        source,
        "project",
        register.projects.iter().map(|p| &p.id),
        problems,
    );
    let category_ids: Vec<&str> = register
        .categories
        .iter()
        .map(|c| c.id.get_ref().as_str())
        .collect();
    for category in &register.categories {
        localized(&path, source, "label", &category.label, languages, problems);
    }
    let paragraphs = edition
        .pages
        .iter()
        .filter_map(|p| p.translations.values().next())
        .map(|p| p.outline.paragraphs)
        .sum::<usize>();
    for project in &register.projects {
        localized(&path, source, "name", &project.name, languages, problems);
        if let Some(output_ids) = output_ids
            && !output_ids.contains(&project.output.get_ref().as_str())
        {
            problems.push(unknown_id(
                &path,
                source,
                &project.output,
                "output",
                output_ids,
            ));
        }
        if !category_ids.contains(&project.category.get_ref().as_str()) {
            problems.push(unknown_id(
                &path,
                source,
                &project.category,
                "category",
                &category_ids,
            ));
        }
        for n in &project.paragraphs {
            if *n == 0 || *n as usize > paragraphs {
                problems.push(spanned_error(&path, source, &project.id, format!("project `{}` refers to paragraph {n}, but the edition has paragraphs 1 to {paragraphs}", project.id.get_ref())));
            }
        }
    }
}

fn pages(site: &Site, edition: &Edition, languages: &[String], problems: &mut Diagnostics) {
    slugs(edition, languages, problems);
    alignment(edition, languages, problems);
    for set in &edition.pages {
        for page in set.translations.values() {
            let mut budget = Budget::new();
            for offset in page.outline.h1_offsets.iter().filter(|_| budget.take()) {
                problems.push(
                    Diagnostic::warning(
                        &page.path,
                        "a level-1 heading in the body: the page title is the only `#` heading",
                    )
                    .at_offset(&page.source, page.body_offset + offset)
                    .with_hint("start body headings at `##`"),
                );
            }
            if let Some(d) = budget.summary(&page.path, "level-1 headings", Severity::Warning) {
                problems.push(d);
            }
            if let Some(offset) = page.outline.too_deep_for_sanitizer() {
                problems.push(too_deep(page, offset));
            }
            blocks(site, edition, page, problems);
        }
    }
}

fn too_deep(page: &crate::core::model::Page, offset: usize) -> Diagnostic {
    let limit = crate::core::nesting::MAX_NESTING;
    Diagnostic::error(
        &page.path,
        format!("elements nested more than {limit} deep on a page with raw HTML"),
    )
    .at_offset(&page.source, page.body_offset + offset)
    .with_hint(format!(
        "close some elements before this one; browsers nest at most {limit} deep, and the HTML sanitizer takes minutes on deeper pages"
    ))
}

/// Counts the problems of one kind in one file, so that only the first
/// [`MAX_PER_FILE`] are located and reported.
#[derive(Debug)]
pub struct Budget {
    left: usize,
    skipped: usize,
}

impl Default for Budget {
    fn default() -> Self {
        Budget::new()
    }
}

impl Budget {
    /// A fresh budget of [`MAX_PER_FILE`] problems.
    pub fn new() -> Budget {
        Budget {
            left: MAX_PER_FILE,
            skipped: 0,
        }
    }

    /// Whether one more problem may be reported; counts it otherwise.
    pub fn take(&mut self) -> bool {
        if self.left > 0 {
            self.left -= 1;
            true
        } else {
            self.skipped += 1;
            false
        }
    }

    /// A problem of `severity` that says how many were left out, if any.
    pub fn summary(&self, path: &Path, what: &str, severity: Severity) -> Option<Diagnostic> {
        (self.skipped > 0).then(|| Diagnostic {
            severity,
            ..Diagnostic::error(
                path,
                format!(
                    "… and {} more {what} in this file, not listed",
                    self.skipped
                ),
            )
            .with_hint("fix the ones above and check again")
        })
    }
}

/// Links and images whose URL would run code in the reader's browser (`javascript:`).
/// The sanitizer would strip them; the author should hear about it first.
fn unsafe_links(edition: &Edition, problems: &mut Diagnostics) {
    for page in edition
        .pages
        .iter()
        .flat_map(|set| set.translations.values())
    {
        let mut budget = Budget::new();
        for (url, offset) in &page.outline.links {
            if let Some(scheme) = crate::core::links::unsafe_scheme(url).filter(|_| budget.take()) {
                problems.push(
                    Diagnostic::error(&page.path, format!("a `{scheme}:` link: such URLs can run code in the reader's browser and are not allowed"))
                        .at_offset(&page.source, page.body_offset + offset)
                        .with_hint("link to a page's .md file or an https:// address; `trusted_html = true` in rapport.toml lifts this for trusted authors"),
                );
            }
        }
        if let Some(d) = budget.summary(&page.path, "unsafe links", Severity::Error) {
            problems.push(d);
        }
    }
}

/// Checks a publication date: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
fn date(path: &Path, source: &str, date: &Spanned<String>, problems: &mut Diagnostics) {
    let text = date.get_ref();
    let parts: Vec<&str> = text.split('-').collect();
    let numeric = |p: &str, len: usize| p.len() == len && p.bytes().all(|b| b.is_ascii_digit());
    let valid = match parts.as_slice() {
        [y] => numeric(y, 4),
        [y, m] => {
            numeric(y, 4) && numeric(m, 2) && (1..=12).contains(&m.parse::<u8>().unwrap_or(0))
        }
        [y, m, d] => {
            numeric(y, 4)
                && numeric(m, 2)
                && numeric(d, 2)
                && (1..=12).contains(&m.parse::<u8>().unwrap_or(0))
                && (1..=days_in_month(y.parse().unwrap_or(0), m.parse().unwrap_or(0)))
                    .contains(&d.parse::<u8>().unwrap_or(0))
        }
        _ => false,
    };
    if !valid {
        problems.push(
            spanned_error(
                path,
                source,
                date,
                format!("`{text}` is not a date: expected YYYY-MM-DD (or YYYY-MM, YYYY)"),
            )
            .with_hint("for example date = \"2023-03-15\""),
        );
    }
}

fn leap(year: u16) -> bool {
    year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400))
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn slugs(edition: &Edition, languages: &[String], problems: &mut Diagnostics) {
    for lang in languages {
        let mut seen: BTreeMap<&str, &Path> = BTreeMap::new();
        for set in &edition.pages {
            let Some(page) = set.translations.get(lang) else {
                continue;
            };
            if page.slug.is_empty() || page.slug != crate::core::outline::slugify(&page.slug) {
                problems.push(Diagnostic::error(&page.path, format!("slug `{}` is not URL-safe: expected lowercase letters, digits and hyphens", page.slug)).at(1, 1));
            }
            if crate::core::routes::is_reserved_slug(&page.slug) {
                problems.push(
                    Diagnostic::error(
                        &page.path,
                        format!("slug `{}` is reserved by rapport", page.slug),
                    )
                    .at(1, 1)
                    .with_hint("choose another slug in the front matter"),
                );
            }
            if let Some(other) = seen.insert(&page.slug, &page.path) {
                problems.push(
                    Diagnostic::error(
                        &page.path,
                        format!(
                            "duplicate slug `{}`: {} has it too",
                            page.slug,
                            other.display()
                        ),
                    )
                    .at(1, 1)
                    .with_hint("set a distinct `slug` in the front matter"),
                );
            }
        }
    }
}

/// Every language must number the same paragraphs and footnotes and show the same
/// figures; the first page where they diverge is reported.
fn alignment(edition: &Edition, languages: &[String], problems: &mut Diagnostics) {
    let Some(reference) = languages.first() else {
        return;
    };
    type Measure = fn(&Page) -> usize;
    let measures: [(&str, Measure); 3] = [
        ("numbered paragraphs", |p| p.outline.paragraphs),
        ("footnotes", |p| p.outline.footnotes.len()),
        ("figures", Page::figures),
    ];
    for lang in &languages[1..] {
        for (what, measure) in measures {
            let diverging = edition.pages.iter().filter_map(|set| {
                let a = set.translations.get(reference)?;
                let b = set.translations.get(lang)?;
                (measure(a) != measure(b)).then_some((a, b))
            });
            for (a, b) in diverging {
                problems.push(
                    Diagnostic::error(
                        &b.path,
                        format!(
                            "languages diverge here: `{lang}` has {} {what}, `{reference}` has {} ({})",
                            measure(b),
                            measure(a),
                            a.path.display()
                        ),
                    )
                    .at_offset(&b.source, b.body_offset)
                    .with_hint("every language numbers the same paragraphs; mark notes with `{-}`"),
                );
            }
        }
    }
}

fn blocks(site: &Site, edition: &Edition, page: &crate::core::model::Page, all: &mut Diagnostics) {
    let mut found = Diagnostics::new();
    for (index, block) in page.blocks.iter().enumerate() {
        if found.iter().count() >= MAX_PER_FILE {
            let left = page.blocks.len() - index;
            found.push(
                Diagnostic::error(
                    &page.path,
                    format!("… and {left} more block(s) in this file, not checked"),
                )
                .with_hint("fix the ones above and check again"),
            );
            break;
        }
        let place = BlockPlace {
            site,
            edition,
            page,
            block,
        };
        match &block.content {
            BlockContent::Indicators(read) => indicators_block(&place, read.as_ref(), &mut found),
            BlockContent::Figure(read) => figure_block(&place, read.as_ref(), &mut found),
            BlockContent::Unknown => found.push(
                Diagnostic::error(
                    &page.path,
                    format!(
                        "unknown block `{{{}}}`: expected {{indicators}} or {{figure}}",
                        block.written.kind
                    ),
                )
                .at_offset(&page.source, place.body_offset().saturating_sub(1)),
            ),
        }
    }
    all.extend(found);
}

/// A data block and where it stands.
struct BlockPlace<'a> {
    site: &'a Site,
    edition: &'a Edition,
    page: &'a crate::core::model::Page,
    block: &'a PageBlock,
}

impl BlockPlace<'_> {
    /// The block's TOML body, as a byte offset into the page file.
    fn body_offset(&self) -> usize {
        self.page.body_offset + self.block.written.body_offset
    }

    /// The problems met reading the block's body when the page was loaded, located in
    /// the page file.
    fn read_problems(&self) -> Vec<Diagnostic> {
        let page = self.page;
        self.block
            .problems
            .iter()
            .map(|p| {
                Diagnostic::error(&page.path, p.message.as_str())
                    .at_offset(&page.source, self.body_offset() + p.at)
            })
            .collect()
    }

    /// Where the block's opening fence (```` ```{indicators} ````) starts in the page
    /// file: a block that selects nothing is pointed at as a whole.
    fn fence_offset(&self) -> usize {
        let body = self.page.body();
        let at = self.block.written.body_offset.min(body.len());
        if self.block.written.body.is_empty() {
            // An empty block has no body line: its offset is the fence's.
            return self.page.body_offset + at;
        }
        let before = &body[..at];
        let fence_end = before.rfind('\n').unwrap_or(0);
        let line_start = before[..fence_end].rfind('\n').map_or(0, |i| i + 1);
        let fence = before[line_start..fence_end].find(['`', '~']).unwrap_or(0);
        self.page.body_offset + line_start + fence
    }

    /// A data file of the edition, as the author knows it (relative to the project).
    fn data_file(&self, name: &str) -> String {
        let path = self.edition.dir.join(name);
        path.strip_prefix(&self.site.root)
            .unwrap_or(&path)
            .display()
            .to_string()
    }

    fn error_at_fence(&self, message: String) -> Diagnostic {
        Diagnostic::error(&self.page.path, message)
            .at_offset(&self.page.source, self.fence_offset())
    }
}

/// Whether a data file of the edition was read: an absent file is read as empty; a file
/// that could not be read has been reported, and what refers to it is not checked again.
pub(crate) fn known(edition: &Edition, file: &str) -> bool {
    edition.sources.contains_key(&edition.dir.join(file))
}

/// Checks an indicators block: `read` is what could be read of its body.
fn indicators_block(
    place: &BlockPlace<'_>,
    read: Option<&IndicatorsBlock>,
    problems: &mut Diagnostics,
) {
    let (edition, page) = (place.edition, place.page);
    let offset = place.body_offset();
    let found = place.read_problems();
    let before = problems.iter().count() + found.len();
    problems.extend(found.into_iter().collect());
    let Some(b) = read else { return };
    let ids = |list: &[&Spanned<String>]| -> Vec<String> {
        list.iter().map(|s| s.get_ref().clone()).collect()
    };
    let output_ids = ids(&edition
        .meta
        .outputs
        .iter()
        .map(|o| &o.id)
        .collect::<Vec<_>>());
    let outcome_ids = ids(&edition
        .meta
        .outcomes
        .iter()
        .map(|o| &o.id)
        .collect::<Vec<_>>());
    let indicator_ids = ids(&edition
        .indicators
        .indicators
        .iter()
        .map(|i| &i.id)
        .collect::<Vec<_>>());
    let mut check = |s: &Spanned<String>, what: &str, valid: &[String]| {
        if !valid.contains(s.get_ref()) {
            let valid: Vec<&str> = valid.iter().map(String::as_str).collect();
            let mut d = unknown_id(&page.path, &page.source, s, what, &valid);
            let base =
                Diagnostic::error(&page.path, "").at_offset(&page.source, offset + s.span().start);
            d.line = base.line;
            d.column = base.column;
            problems.push(d);
        }
    };
    let edition_known = known(edition, "edition.toml");
    if let Some(o) = b.outcome.as_ref().filter(|_| edition_known) {
        check(o, "outcome", &outcome_ids)
    }
    if let Some(o) = b.output.as_ref().filter(|_| edition_known) {
        check(o, "output", &output_ids)
    }
    let indicators_known = known(edition, "indicators.toml");
    if indicators_known {
        for id in b.ids.iter().flatten() {
            check(id, "indicator", &indicator_ids)
        }
    }
    if b.outcome.is_none() && b.output.is_none() && b.ids.is_none() {
        problems.push(Diagnostic::error(&page.path, "an indicators block must say which indicators: expected `outcome`, `output` or `ids`").at_offset(&page.source, offset));
        return;
    }
    // A block already reported, a data file that could not be read, or an indicator of an
    // unknown output (reported in the data file; it may be meant for this block) says
    // nothing more.
    let misfiled = edition
        .indicators
        .indicators
        .iter()
        .any(|i| edition.output(i.output.get_ref()).is_none());
    if problems.iter().count() > before || !indicators_known || !edition_known || misfiled {
        return;
    }
    if crate::core::select::selected(edition, b).is_empty() {
        let file = place.data_file("indicators.toml");
        problems.push(
            place
                .error_at_fence(format!(
                    "the {{indicators}} block selects no indicator: {} matches none in {file}",
                    selection(b)
                ))
                .with_hint(if edition.indicators.indicators.is_empty() {
                    format!("{file} has no indicators; add them, or remove the block")
                } else {
                    "add its indicators to the data file, or remove the block".to_string()
                }),
        );
    }
}

/// What an indicators block asks for, as the author wrote it.
fn selection(block: &IndicatorsBlock) -> String {
    let mut parts = Vec::new();
    if let Some(o) = &block.outcome {
        parts.push(format!("outcome = \"{}\"", o.get_ref()));
    }
    if let Some(o) = &block.output {
        parts.push(format!("output = \"{}\"", o.get_ref()));
    }
    if let Some(ids) = &block.ids {
        let list: Vec<String> = ids.iter().map(|i| format!("\"{}\"", i.get_ref())).collect();
        parts.push(format!("ids = [{}]", list.join(", ")));
    }
    format!("`{}`", parts.join(", "))
}

/// Checks a figure block: `read` is its body, when it could be read.
fn figure_block(place: &BlockPlace<'_>, read: Option<&FigureBlock>, problems: &mut Diagnostics) {
    let edition = place.edition;
    let Some(figure) = read else {
        for d in place.read_problems() {
            problems.push(d.with_hint("charts: completed-by-output, completed-by-category"));
        }
        return;
    };
    if !known(edition, "projects.toml") || !known(edition, "edition.toml") {
        return;
    }
    let kind = *figure.chart.get_ref();
    let stated = edition.meta.totals.completed_projects.is_some();
    if stated || crate::core::select::projects_in_scope(edition, kind) > 0 {
        return;
    }
    let chart = match kind {
        crate::core::model::ChartKind::CompletedByOutput => "completed-by-output",
        crate::core::model::ChartKind::CompletedByCategory => "completed-by-category",
    };
    let file = place.data_file("projects.toml");
    let mut d = place
        .error_at_fence(format!(
            "the {{figure}} block draws nothing: `chart = \"{chart}\"` counts no project completed in {} in {file}",
            edition.year
        ))
        .with_hint(
            "record the completed projects in projects.toml, state `totals.completed_projects` in edition.toml, or remove the block",
        );
    // An edition scaffolded by `new-edition` has its figures and no project yet: while
    // it is a draft (no publication date), its charts say "no projects recorded".
    if edition.meta.date.is_none() {
        d.severity = Severity::Warning;
        d.message
            .push_str(" (an error once the edition has a publication `date`)");
    }
    problems.push(d);
}

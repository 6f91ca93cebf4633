//! A narrative page in one language: its body in the theme's page template, with the
//! edition's navigation around it; and, when its edition's printable page or search
//! index is made, the same body as a section of that page and as the index's entries.

use super::body::{Place, render_body};
use super::context::{
    Link, RenderedPage, Section, alternates, base_context, breadcrumbs, edition_context, finish,
    latest_link,
};
use super::link_map::LinkMap;
use super::markdown;
use super::print::PrintPart;
use super::search::{IndexedPage, PageText};
use super::theme::Theme;
use crate::core::diagnostics::Diagnostic;
use crate::core::model::{Edition, Site};
use crate::core::routes;

/// What a narrative page's body is rendered for besides the page itself.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Parts {
    /// The edition's printable page in this language, by the language's place in the
    /// site's list.
    pub(super) print: Option<usize>,
    /// The edition's search index in this language.
    pub(super) search: bool,
}

/// A narrative page rendered, with the parts of it that [`Parts`] asked for.
pub(super) struct Narrative {
    pub(super) page: RenderedPage,
    pub(super) print: Option<PrintPart>,
    pub(super) search: Option<IndexedPage>,
}

pub(super) fn narrative(
    site: &Site,
    theme: &Theme,
    links: &LinkMap,
    edition: &Edition,
    index: usize,
    lang: &str,
    parts: Parts,
) -> Result<Narrative, Diagnostic> {
    let set = &edition.pages[index];
    let Some(page) = set.translations.get(lang) else {
        return Err(Diagnostic::error(
            &edition.dir,
            format!("page `{}` has no `{lang}` translation", set.key),
        ));
    };
    let path = routes::page(edition.year, lang, &page.slug);
    let title = theme.i18n.typeset(lang, &page.front.title);
    let mut text = parts
        .search
        .then(|| PageText::new(&title, links.offsets(edition, lang, index).0));
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
        text.as_mut(),
    );
    let search = text.map(|text| IndexedPage {
        path: path.clone(),
        title: title.clone(),
        entries: text.finish(),
    });
    let print = parts.print.map(|lang| {
        let print = markdown::for_print(&body.rendered, &format!("{}-", page.slug));
        PrintPart {
            lang,
            page: index,
            section: Section {
                title: title.clone(),
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
        theme,
        edition,
        lang,
        Some(index),
        theme.pages_list_their_edition(),
    );
    ed.latest_link = latest_link(site, theme, edition, lang, |latest| {
        let paired = links.in_latest(latest, set, lang)?;
        Some(routes::page(latest.year, lang, &paired.slug))
    });
    ctx.title = title;
    ctx.description = page.front.description.clone();
    ctx.first_paragraph = body.rendered.paragraphs.min(1) * links.offsets(edition, lang, index).0;
    ctx.last_paragraph = ctx.first_paragraph + body.rendered.paragraphs.saturating_sub(1);
    let numbers = theme.i18n.numbers(lang);
    ctx.paragraph_numbers = [ctx.first_paragraph, ctx.last_paragraph].map(|n| numbers.counter(n));
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
        .and_then(|i| page_link(theme, edition, i, lang));
    ctx.next = page_link(theme, edition, index + 1, lang);
    ctx.edition = Some(ed);
    let page = finish(theme, "page.html", &ctx, body.files, body.charts)?;
    Ok(Narrative {
        page,
        print,
        search,
    })
}

/// A link to page `index` of `edition` in `lang`, when there is one.
pub(super) fn page_link(
    theme: &Theme,
    edition: &Edition,
    index: usize,
    lang: &str,
) -> Option<Link> {
    let page = edition.pages.get(index)?.translations.get(lang)?;
    Some(Link {
        title: theme.i18n.typeset(lang, &page.front.title),
        url: routes::page(edition.year, lang, &page.slug),
        current: false,
    })
}

//! Rendering what a change affects: the pages its [`Scope`] wants and the pages that are
//! new, and the copied files (own files, open data) of the editions read again, once none
//! of them lands on a generated file ([`Changes`]).

use std::collections::BTreeSet;

use rustc_hash::FxHashSet;
use std::sync::Mutex;

use crate::core::diagnostics::Error;
use crate::core::output::Output;
use crate::render::dependencies::Dependencies;
use crate::render::{self, PageKey, opendata};

use super::reload::Replaced;
use super::scope::Scope;
use super::{Rebuilder, in_edition, paths};

/// What a change renders and copies, ready to publish.
#[derive(Default)]
pub(super) struct Changes {
    /// Editions read again, whose copied files were copied again.
    pub(super) editions: BTreeSet<u16>,
    /// The pages rendered again, or gone, as they were recorded.
    pub(super) stale: Vec<PageKey>,
    /// What the pages rendered again read.
    pub(super) record: Dependencies,
    pub(super) pages: Output,
    pub(super) copied: Output,
    /// Pages rendered.
    pub(super) count: usize,
}

impl Rebuilder {
    /// Renders and copies what the change affects.
    pub(super) fn render_changes(
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
        // Every page the site has now is asked about: those not asked about are gone. Only
        // an edition read again can lose pages; a page read again keeps its place, and
        // noting every page of a large site on each save would cost more than the save.
        let pages_may_go = !replaced.editions.is_empty();
        let present = Mutex::new(FxHashSet::default());
        // Likewise only an edition read again can bring pages the record has never seen.
        let (pages, counts, record) = render::selected(site, theme, &|key| {
            if !pages_may_go {
                return scope.pages.contains(key);
            }
            (present.lock().unwrap_or_else(|e| e.into_inner())).insert(key.clone());
            scope.wants(key, &self.record)
        })?;
        let present = present.into_inner().unwrap_or_else(|e| e.into_inner());
        let stale: Vec<PageKey> = if pages_may_go {
            (self.record.pages())
                .filter(|key| scope.pages.contains(*key) || !present.contains(*key))
                .cloned()
                .collect()
        } else {
            (scope.pages.iter())
                .filter(|key| self.record.has(key))
                .cloned()
                .collect()
        };
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
        let stale: FxHashSet<PageKey> = stale.iter().cloned().collect();
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

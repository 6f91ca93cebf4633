//! Publishing what a change rendered and copied: the publishing pass resumed over the new
//! files only (fingerprinted asset names, the sitemap's entries), and the files the site
//! no longer has, from what was recorded.

use std::collections::BTreeSet;

use crate::core::output::Output;
use crate::publish;
use crate::render::PageKey;

use super::changes::Changes;
use super::{Rebuilder, in_edition, paths};

impl Rebuilder {
    /// Runs the publishing pass over the new files and works out which files are gone;
    /// returns the files to serve in place of theirs (with the sitemap and `robots.txt`),
    /// and the paths that are gone.
    pub(super) fn publish(&mut self, changes: Changes) -> (Output, Vec<String>) {
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
        // Most stale files were made again by the pages rendered again; only for the others
        // is every page's record asked, which costs a pass over a large site.
        let renewed = changes.record.all_files();
        let candidates: BTreeSet<String> = (stale_rendered.into_iter().chain(stale_copied))
            .filter(|p| !renewed.contains(p.as_str()) && !self.copied.contains(p))
            .collect();
        if candidates.is_empty() {
            return Vec::new();
        }
        let rendered = self.record.all_files();
        (candidates.into_iter())
            .filter(|p| !rendered.contains(p.as_str()))
            .collect()
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

    /// The files that the `stale` pages produced.
    fn files_of(&self, stale: &[PageKey]) -> BTreeSet<String> {
        let files = stale.iter().flat_map(|key| self.record.files(key));
        files.cloned().collect()
    }
}

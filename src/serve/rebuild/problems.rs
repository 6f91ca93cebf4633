//! The problems a full build would report after a change: validation's, found again
//! for the editions that changed, and loading's, those of the files read again in place
//! of theirs from before ([`Problems`]).

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;

use crate::core::diagnostics::Diagnostics;
use crate::core::model::{Edition, Site};
use crate::load::CONFIG_FILE;
use crate::validate;

use super::Rebuilder;
use super::reload::Replaced;

/// The problems that did not stop a build, by where they come from.
#[derive(Debug, Default)]
pub(super) struct Problems {
    pub(super) validation: Diagnostics,
    pub(super) loading: Diagnostics,
}

impl Problems {
    /// Every problem, in the order a build reports them.
    pub(super) fn all(&self) -> Diagnostics {
        let mut all = self.validation.clone();
        all.extend(self.loading.clone());
        all
    }
}

impl Rebuilder {
    /// The problems a full build would report for the model as it now is: validation's
    /// (found again for the editions that changed: validation looks at each edition on
    /// its own, so the others keep theirs) and loading's (those of the files read again
    /// replace theirs from before).
    pub(super) fn problems_after(&mut self, replaced: &Replaced) -> Problems {
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
pub(super) fn not_from_validation(all: &Diagnostics, validated: &Diagnostics) -> Diagnostics {
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

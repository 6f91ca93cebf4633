//! A project loaded, validated and with its theme: what every command renders.

use std::path::Path;

use crate::core::diagnostics::{Diagnostics, Error};
use crate::core::model::Site;
use crate::render::theme::Theme;
use crate::{load, validate};

/// A project loaded and checked, ready to render.
pub struct Project {
    /// The site model.
    pub site: Site,
    /// The theme.
    pub theme: Theme,
    /// Warnings found while loading and checking.
    pub warnings: Diagnostics,
}

/// Loads and validates a project: everything `build` checks, without rendering.
pub fn prepare(root: &Path, base_url: Option<&str>) -> Result<Project, Error> {
    let (mut site, mut warnings) = load::site(root)?;
    if let Some(base) = base_url {
        site.config.base_url = Some(base.to_string());
    }
    // Validation goes on after loading problems, so one run reports everything it can.
    let mut problems = validate::site(&site);
    problems.extend(std::mem::take(&mut warnings));
    let theme = Theme::load(root, &site.config.theme, &site.config.language_codes());
    let mut all = problems;
    // A theme that did not load is a problem of the project, reported with the others.
    let mut theme = match theme {
        Ok(theme) if !all.has_errors() => theme,
        Ok(_) => return Err(Error::Content(all)),
        Err(d) => {
            all.extend(d);
            return Err(Error::Content(all));
        }
    };
    warnings.extend(all);
    // The theme named its assets without a base URL when it loaded; a base URL can change
    // a stylesheet's `url(…)` references, and so its name.
    if site.config.base_url.is_some() {
        theme.name_assets(site.config.base_url.as_deref());
    }
    Ok(Project {
        site,
        theme,
        warnings,
    })
}

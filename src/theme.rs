//! The theme: Tera templates (a project's `templates/` overriding the theme's), static
//! assets and UI strings, loaded once per build.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::diagnostics::{Diagnostic, Diagnostics, Error};
use crate::i18n::I18n;
use crate::load;
use crate::output::Output;

/// The folder of themes in a project.
pub const THEMES_DIR: &str = "themes";
/// A project's template overrides.
pub const TEMPLATES_DIR: &str = "templates";

/// Templates every theme must provide.
pub const REQUIRED_TEMPLATES: [&str; 5] = ["index.html", "edition.html", "page.html", "print.html", "404.html"];

/// A loaded theme.
pub struct Theme {
    tera: tera::Tera,
    /// UI strings and number formats.
    pub i18n: I18n,
    static_dir: PathBuf,
}

impl Theme {
    /// Loads the theme named in the configuration, with the project's overrides.
    pub fn load(root: &Path, name: &str, languages: &[String]) -> Result<Theme, Diagnostics> {
        let dir = root.join(THEMES_DIR).join(name);
        if !dir.is_dir() {
            return Err(Diagnostic::error(root.join(load::CONFIG_FILE), format!("theme `{name}` not found: expected a folder {}", dir.display())).into());
        }
        let mut problems = Diagnostics::new();
        let tera = match templates(&[dir.join("templates"), root.join(TEMPLATES_DIR)]) {
            Ok(tera) => Some(tera),
            Err(d) => {
                problems.extend(d);
                None
            }
        };
        let i18n = I18n::load(&[&dir, root], languages);
        match (tera, i18n) {
            (Some(tera), Ok(i18n)) if !problems.has_errors() => Ok(Theme { tera, i18n, static_dir: dir.join("static") }),
            (_, Err(d)) => {
                problems.extend(d);
                Err(problems)
            }
            _ => Err(problems),
        }
    }

    /// Renders a template with a context.
    pub fn render(&self, template: &str, context: &impl Serialize) -> Result<String, Diagnostic> {
        let context = tera::Context::from_serialize(context).map_err(|e| Diagnostic::error(template, format!("template context: {e}")))?;
        self.tera.render(template, &context).map_err(|e| Diagnostic::error(template, template_error(&e)))
    }

    /// The sanitizer for raw HTML in Markdown, unless the project trusts its authors.
    pub fn sanitizer(&self, trusted: bool) -> Option<impl Fn(&str) -> String + Send + Sync + use<>> {
        (!trusted).then_some(crate::sanitize::html)
    }

    /// Copies the theme's static files into `static/`.
    pub fn copy_static(&self, output: &mut Output) -> Result<(), Error> {
        if !self.static_dir.is_dir() {
            return Ok(());
        }
        for entry in walkdir::WalkDir::new(&self.static_dir).sort_by_file_name() {
            let entry = entry.map_err(|e| Error::io(&self.static_dir, e.into()))?;
            if !entry.file_type().is_file() {
                continue;
            }
            let rel = entry.path().strip_prefix(&self.static_dir).unwrap_or(entry.path());
            let bytes = std::fs::read(entry.path()).map_err(|e| Error::io(entry.path(), e))?;
            output.insert(format!("static/{}", rel.to_string_lossy().replace('\\', "/")), bytes);
        }
        Ok(())
    }
}

fn templates(dirs: &[PathBuf]) -> Result<tera::Tera, Diagnostics> {
    let mut problems = Diagnostics::new();
    let mut files: std::collections::BTreeMap<String, (PathBuf, String)> = Default::default();
    for dir in dirs {
        if !dir.is_dir() {
            continue;
        }
        for entry in walkdir::WalkDir::new(dir).sort_by_file_name().into_iter().filter_map(Result::ok) {
            if !entry.file_type().is_file() {
                continue;
            }
            let name = entry.path().strip_prefix(dir).unwrap_or(entry.path()).to_string_lossy().replace('\\', "/");
            match load::read_text(entry.path()) {
                Ok(text) => {
                    files.insert(name, (entry.path().to_path_buf(), text));
                }
                Err(d) => problems.push(d),
            }
        }
    }
    for required in REQUIRED_TEMPLATES {
        if !files.contains_key(required) {
            problems.push(Diagnostic::error(dirs.first().cloned().unwrap_or_default(), format!("the theme has no template `{required}`")));
        }
    }
    let mut tera = tera::Tera::default();
    tera.autoescape_on(vec![".html", ".xml", ".svg"]);
    // Tera's default also escapes `/`, which makes every relative URL unreadable.
    tera.set_escape_fn(escape_html);
    let raw: Vec<(String, String)> = files.iter().map(|(name, (_, text))| (name.clone(), text.clone())).collect();
    if let Err(e) = tera.add_raw_templates(raw) {
        let path = files.values().next().map(|(p, _)| p.clone()).unwrap_or_default();
        problems.push(Diagnostic::error(path, template_error(&e)));
    }
    if problems.has_errors() { Err(problems) } else { Ok(tera) }
}

fn escape_html(text: &str) -> String {
    crate::markdown::escape_attr(text)
}

fn template_error(e: &tera::Error) -> String {
    let mut message = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        message.push_str(": ");
        message.push_str(&s.to_string().replace('\n', " "));
        source = s.source();
    }
    message
}

//! The theme: Tera templates (a project's `templates/` overriding the theme's), static
//! assets and UI strings, loaded once per build.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::core::diagnostics::{Diagnostic, Diagnostics};
use crate::core::output::Output;
use crate::core::routes;
use crate::load;
use crate::render::i18n::I18n;

/// The folder of themes in a project.
pub(crate) const THEMES_DIR: &str = "themes";
/// A project's template overrides.
pub(crate) const TEMPLATES_DIR: &str = "templates";

/// The default theme, built into the binary: a project without a `themes/default/`
/// folder still builds, and one with it can change anything.
static DEFAULT_THEME: include_dir::Dir<'static> =
    include_dir::include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// Where a theme's files come from.
enum Source {
    /// A folder of the project.
    Folder(PathBuf),
    /// The default theme built into rapport.
    Builtin,
}

impl Source {
    /// The files under `sub` (`templates`, `static`, `i18n`): relative name, display path, bytes.
    fn files(&self, sub: &str) -> Result<Vec<(String, PathBuf, Vec<u8>)>, Diagnostic> {
        match self {
            Source::Folder(dir) => folder_files(&dir.join(sub)),
            Source::Builtin => {
                let mut files = Vec::new();
                if let Some(dir) = DEFAULT_THEME.get_dir(sub) {
                    collect_builtin(dir, sub, &mut files);
                }
                files.sort_by(|a, b| a.0.cmp(&b.0));
                Ok(files)
            }
        }
    }
}

fn collect_builtin(
    dir: &include_dir::Dir<'static>,
    sub: &str,
    files: &mut Vec<(String, PathBuf, Vec<u8>)>,
) {
    for file in dir.files() {
        let rel = file.path().strip_prefix(sub).unwrap_or(file.path());
        let name = rel.to_string_lossy().replace('\\', "/");
        files.push((
            name,
            Path::new("(built-in default theme)").join(file.path()),
            file.contents().to_vec(),
        ));
    }
    for child in dir.dirs() {
        collect_builtin(child, sub, files);
    }
}

fn folder_files(dir: &Path) -> Result<Vec<(String, PathBuf, Vec<u8>)>, Diagnostic> {
    let mut files = Vec::new();
    if !dir.is_dir() {
        return Ok(files);
    }
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry =
            entry.map_err(|e| Diagnostic::error(dir, format!("cannot read the theme: {e}")))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let relative = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        // Theme files are published under their names too (`static/`): the same rule as an
        // edition's files, so that no name climbs out of the output folder.
        let name = crate::core::routes::plain_name(relative).map_err(|reason| {
            Diagnostic::error(
                entry.path(),
                format!("this name cannot be published: {reason}"),
            )
            .with_hint("rename it with letters, digits, `-`, `_` and `.` only")
        })?;
        let bytes = std::fs::read(entry.path())
            .map_err(|e| Diagnostic::error(entry.path(), format!("cannot read the file: {e}")))?;
        files.push((name, entry.path().to_path_buf(), bytes));
    }
    Ok(files)
}

/// The templates and stylesheets among a theme's files (`templates/…`, `static/…`) that are
/// not the built-in default theme's as it ships: a copy of the default theme is not the
/// project's own writing, an edited copy or an override is.
fn own_files(
    templates: &[(String, PathBuf, Vec<u8>)],
    statics: &[(String, PathBuf, Vec<u8>)],
) -> Vec<(PathBuf, String)> {
    let mut own = Vec::new();
    for (sub, files) in [("templates", templates), ("static", statics)] {
        for (name, path, bytes) in files {
            let styled = name.ends_with(".html") || name.ends_with(".css");
            let builtin = DEFAULT_THEME.get_file(format!("{sub}/{name}"));
            let shipped = builtin.is_some_and(|f| f.contents() == bytes.as_slice());
            if styled && !shipped && !path.starts_with("(built-in default theme)") {
                own.push((path.clone(), String::from_utf8_lossy(bytes).into_owned()));
            }
        }
    }
    own
}

/// A project's overrides of the theme's PDF templates (`themes/<name>/pdf/`), as
/// `templates/` overrides its HTML templates.
pub(crate) const PDF_DIR: &str = "pdf";

/// The PDF templates: the theme's `pdf/` folder, then the project's `pdf/` folder, whose
/// files replace the theme's of the same name. A theme folder without `pdf/` (one copied
/// before the PDF edition existed) gets the built-in default theme's.
pub fn pdf_templates(
    root: &Path,
    name: &str,
) -> Result<Vec<crate::render::pdf::TemplateFile>, Diagnostic> {
    let dir = root.join(THEMES_DIR).join(name);
    let source = if dir.join(PDF_DIR).is_dir() {
        Source::Folder(dir)
    } else {
        Source::Builtin
    };
    let mut by_name: std::collections::BTreeMap<String, (PathBuf, Vec<u8>)> = Default::default();
    let theirs = source.files(PDF_DIR)?;
    let ours = folder_files(&root.join(PDF_DIR))?;
    for (name, path, bytes) in theirs.into_iter().chain(ours) {
        by_name.insert(name, (path, bytes));
    }
    Ok(by_name
        .into_iter()
        .map(|(name, (path, bytes))| crate::render::pdf::TemplateFile { name, path, bytes })
        .collect())
}

/// Templates every theme must provide.
pub(crate) const REQUIRED_TEMPLATES: [&str; 5] = [
    "index.html",
    "edition.html",
    "page.html",
    "print.html",
    "404.html",
];

/// A loaded theme.
pub struct Theme {
    tera: tera::Tera,
    /// UI strings and number formats.
    pub i18n: I18n,
    statics: Vec<(String, Vec<u8>)>,
    /// Whether a template that pages use may read `edition.pages` (see
    /// [`Theme::pages_list_their_edition`]).
    pages_read_edition_pages: bool,
    /// Per language, the UI strings that templates read (see [`Theme::template_strings`]).
    template_strings: std::collections::BTreeMap<String, crate::render::i18n::Strings>,
    /// The templates and stylesheets the project wrote itself (see [`Theme::own_files`]).
    own_files: Vec<(PathBuf, String)>,
}

impl Theme {
    /// Loads the theme named in the configuration, with the project's overrides. The
    /// default theme is built in when the project has no `themes/default/` folder.
    pub fn load(root: &Path, name: &str, languages: &[String]) -> Result<Theme, Diagnostics> {
        let dir = root.join(THEMES_DIR).join(name);
        let source = if dir.is_dir() {
            Source::Folder(dir.clone())
        } else if name == "default" {
            Source::Builtin
        } else {
            return Err(Diagnostic::error(
                root.join(load::CONFIG_FILE),
                format!(
                    "theme `{name}` not found: expected a folder {}",
                    dir.display()
                ),
            )
            .with_hint("remove `theme` to use the built-in default theme")
            .into());
        };
        let mut problems = Diagnostics::new();
        let mut collect = |result: Result<Vec<(String, PathBuf, Vec<u8>)>, Diagnostic>| match result
        {
            Ok(files) => files,
            Err(d) => {
                problems.push(d);
                Vec::new()
            }
        };
        let mut templates = collect(source.files("templates"));
        templates.extend(collect(folder_files(&root.join(TEMPLATES_DIR))));
        let mut strings = collect(source.files("i18n"));
        strings.extend(collect(folder_files(&root.join("i18n"))));
        let statics = collect(source.files("static"));
        let own_files = own_files(&templates, &statics);
        let statics = statics
            .into_iter()
            .map(|(name, _, bytes)| (name, bytes))
            .collect();
        // Only the edition's home and printable page list its pages in the default theme;
        // any other template that so much as names `pages` gets the list on every page.
        let pages_read_edition_pages = templates.iter().any(|(name, _, text)| {
            !["edition.html", "print.html", "index.html"].contains(&name.as_str())
                && memchr::memmem::find(text, b"pages").is_some()
        });
        let string_keys = string_keys_read(&templates);
        let tera = match compile_templates(templates, &dir) {
            Ok(tera) => Some(tera),
            Err(d) => {
                problems.extend(d);
                None
            }
        };
        let i18n = I18n::from_files(strings, languages, &dir.join("i18n"));
        match (tera, i18n) {
            (Some(tera), Ok(i18n)) if !problems.has_errors() => {
                let template_strings = languages
                    .iter()
                    .map(|lang| {
                        let strings = i18n.strings(lang);
                        let read = match &string_keys {
                            Some(keys) => strings
                                .iter()
                                .filter(|(key, _)| keys.contains(key.as_str()))
                                .map(|(k, v)| (k.clone(), v.clone()))
                                .collect(),
                            None => strings.clone(),
                        };
                        (lang.clone(), read)
                    })
                    .collect();
                let mut theme = Theme {
                    tera,
                    i18n,
                    statics,
                    pages_read_edition_pages,
                    template_strings,
                    own_files,
                };
                theme.name_assets(None);
                Ok(theme)
            }
            (_, Err(d)) => {
                problems.extend(d);
                Err(problems)
            }
            _ => Err(problems),
        }
    }

    /// Names the static assets after their content, as the publishing pass does
    /// (`static/style.css` → `static/style.1a2b3c4d.css`), so that templates link to the
    /// published names directly with `{{ asset(path="static/style.css") }}` and pages need
    /// no rewriting. A path that is not an asset is returned as given; a template that
    /// writes a plain `static/…` address still gets it rewritten by the publishing pass.
    pub fn name_assets(&mut self, base_url: Option<&str>) {
        let mut statics = Output::new();
        for (name, bytes) in &self.statics {
            statics.insert(routes::static_file(name), bytes.clone());
        }
        let base = base_url.map(crate::core::links::base_url);
        let names = crate::render::assets::fingerprint_assets(&mut statics, base.as_deref());
        self.tera.register_function(
            "asset",
            move |args: &std::collections::HashMap<String, tera::Value>| {
                let path = args
                    .get("path")
                    .and_then(tera::Value::as_str)
                    .ok_or_else(|| {
                        tera::Error::msg(
                            "asset() takes a `path`, e.g. asset(path=\"static/style.css\")",
                        )
                    })?;
                Ok(tera::Value::String(
                    names.get(path).cloned().unwrap_or_else(|| path.to_string()),
                ))
            },
        );
    }

    /// The UI strings of `lang` as templates see them, `t`: only those they read when they
    /// read them by name (`t.key`), every one otherwise. Each page's context carries
    /// them, so fewer of them is less to copy for every page.
    pub fn template_strings(&self, lang: &str) -> &crate::render::i18n::Strings {
        self.template_strings
            .get(lang)
            .unwrap_or_else(|| self.i18n.strings(lang))
    }

    /// The templates and stylesheets of the theme that the project wrote itself (display
    /// path, text): its template overrides, and its theme's files that differ from the
    /// built-in default theme's of the same name. `check` reads their CSS.
    pub fn own_files(&self) -> &[(PathBuf, String)] {
        &self.own_files
    }

    /// Whether narrative and indicator pages need `edition.pages`, the list of the
    /// edition's pages: only when a template they use mentions it. The list is the
    /// largest part of a page's template context, and thousands of pages have it.
    pub fn pages_list_their_edition(&self) -> bool {
        self.pages_read_edition_pages
    }

    /// Renders a template with a context, into the bytes of the file: everything in it
    /// is UTF-8 already, so the text is not checked again.
    /// `size_hint` is the length of the HTML the context carries (the page's content):
    /// a buffer of the right size from the start is not copied while it grows.
    pub fn render(
        &self,
        template: &str,
        context: &impl Serialize,
        size_hint: usize,
    ) -> Result<Vec<u8>, Diagnostic> {
        let context = tera::Context::from_serialize(context)
            .map_err(|e| Diagnostic::error(template, format!("template context: {e}")))?;
        let mut bytes = Vec::with_capacity(size_hint + 16 * 1024);
        self.tera
            .render_to(template, &context, &mut bytes)
            .map_err(|e| Diagnostic::error(template, template_error(&e)))?;
        Ok(bytes)
    }

    /// The sanitizer for raw HTML in Markdown, unless the project trusts its authors.
    pub fn sanitizer(
        &self,
        trusted: bool,
    ) -> Option<impl Fn(&str) -> String + Send + Sync + use<>> {
        (!trusted).then_some(crate::render::sanitize::html)
    }

    /// Copies the theme's static files into `static/`.
    pub fn copy_static(&self, output: &mut Output) {
        for (name, bytes) in &self.statics {
            output.insert(routes::static_file(name), bytes.clone());
        }
    }
}

/// The UI string keys the templates read as `t.key`; `None` when a template may use `t`
/// any other way (passes it on, loops over it, dumps the context), which needs them all.
/// A `t` in plain text counts as such a use: it only costs speed, never a string.
fn string_keys_read(
    templates: &[(String, PathBuf, Vec<u8>)],
) -> Option<std::collections::BTreeSet<String>> {
    let is_ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut keys = std::collections::BTreeSet::new();
    for (_, _, text) in templates {
        if memchr::memmem::find(text, b"__tera_context").is_some() {
            return None;
        }
        for at in memchr::memchr_iter(b't', text) {
            if at > 0 && is_ident(text[at - 1]) {
                continue;
            }
            match text.get(at + 1) {
                Some(&b) if is_ident(b) => continue,
                Some(b'.') => {
                    let key: Vec<u8> = text[at + 2..]
                        .iter()
                        .copied()
                        .take_while(|&b| is_ident(b))
                        .collect();
                    if key.is_empty() {
                        return None;
                    }
                    keys.insert(String::from_utf8_lossy(&key).into_owned());
                }
                _ => return None,
            }
        }
    }
    Some(keys)
}

/// Compiles the templates; later files of the same name (the project's) win.
fn compile_templates(
    files: Vec<(String, PathBuf, Vec<u8>)>,
    theme_dir: &Path,
) -> Result<tera::Tera, Diagnostics> {
    let mut problems = Diagnostics::new();
    let mut by_name: std::collections::BTreeMap<String, (PathBuf, String)> = Default::default();
    for (name, path, bytes) in files {
        match String::from_utf8(bytes) {
            Ok(text) => {
                by_name.insert(name, (path, text));
            }
            Err(_) => problems.push(Diagnostic::error(&path, "the template is not valid UTF-8")),
        }
    }
    for required in REQUIRED_TEMPLATES {
        if !by_name.contains_key(required) {
            problems.push(Diagnostic::error(
                theme_dir.join("templates"),
                format!("the theme has no template `{required}`"),
            ));
        }
    }
    let mut tera = tera::Tera::default();
    tera.autoescape_on(vec![".html", ".xml", ".svg"]);
    // Tera's default also escapes `/`, which makes every relative URL unreadable.
    tera.set_escape_fn(crate::core::html::escape_attr);
    let raw: Vec<(String, String)> = by_name
        .iter()
        .map(|(name, (_, text))| (name.clone(), text.clone()))
        .collect();
    if let Err(e) = tera.add_raw_templates(raw) {
        let path = by_name
            .values()
            .next()
            .map(|(p, _)| p.clone())
            .unwrap_or_default();
        problems.push(Diagnostic::error(path, template_error(&e)));
    }
    if problems.has_errors() {
        Err(problems)
    } else {
        Ok(tera)
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn templates(texts: &[&str]) -> Vec<(String, PathBuf, Vec<u8>)> {
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| (format!("t{i}.html"), PathBuf::new(), t.as_bytes().to_vec()))
            .collect()
    }

    #[test]
    fn templates_that_read_strings_by_name_get_only_those() {
        let keys = string_keys_read(&Source::Builtin.files("templates").expect("built in"))
            .expect("the default theme reads its strings by name");
        assert!(keys.contains("skip_to_content") && keys.contains("print_note"));
        let keys = string_keys_read(&templates(&["{{ t.a }} {{t.b_c|upper}} title.t2 at"]));
        assert_eq!(
            keys,
            Some(["a".to_string(), "b_c".to_string()].into_iter().collect())
        );
    }

    #[test]
    fn templates_that_use_strings_otherwise_get_them_all() {
        for text in [
            "{% for k, v in t %}{{ v }}{% endfor %}",
            "{{ t[\"a\"] }}",
            "{% set s = t %}",
            "{{ m::x(t=t) }}",
            "{{ __tera_context }}",
        ] {
            assert_eq!(
                string_keys_read(&templates(&["{{ t.a }}", text])),
                None,
                "{text}"
            );
        }
    }
}

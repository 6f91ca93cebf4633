//! `rapport new-edition YEAR [--from YEAR]`: the next edition's folder, scaffolded from an
//! existing one (the latest by default).
//!
//! - `edition.toml`: the strategy's structure (outcomes, outputs, column labels) kept; the
//!   year set; titles kept with the old year replaced where it stands alone (a range such
//!   as 2022–2025 is left as it is); the publication date and stated totals removed.
//! - `indicators.toml`: every indicator with its description, means of verification,
//!   baseline and milestone kept; its current status emptied and marked `pending` (shown
//!   as "to be reported").
//! - `projects.toml`: the categories kept, no project.
//! - Pages, in every language: the same files and front matter; in the body, headings and
//!   rapport blocks (`{indicators}`, `{figure}`) kept, and each run of text between them
//!   (paragraphs, lists, quotes, tables) replaced by one unnumbered `{-}` "to be written"
//!   note. Footnotes go with the text. Other files (images) are not copied.
//!
//! It never overwrites: the new folder is written beside `content/` under a temporary name
//! and renamed into place only if no folder of that year exists.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag};
use toml::Spanned;

use crate::core::diagnostics::Error;
use crate::core::model::{Cell, Edition, Indicators, Register};
use crate::core::outline::UNNUMBERED_MARKER;
use crate::load::{self, CONTENT_DIR};
use crate::render::i18n::I18n;

/// What to scaffold.
#[derive(Debug, Clone)]
pub struct NewEditionOptions {
    /// The project folder.
    pub root: PathBuf,
    /// The new edition's year.
    pub year: u16,
    /// The edition to start from; the latest by default.
    pub from: Option<u16>,
}

/// A scaffolded edition.
#[derive(Debug)]
pub struct NewEditionReport {
    /// The new folder.
    pub dir: PathBuf,
    /// The edition it was made from.
    pub from: u16,
    /// Pages per language.
    pub pages: usize,
    /// Languages.
    pub languages: usize,
    /// Indicators carried over, all pending.
    pub indicators: usize,
    /// Project categories carried over.
    pub categories: usize,
}

/// Creates `content/<year>/` from an existing edition.
pub fn new_edition(options: &NewEditionOptions) -> Result<NewEditionReport, Error> {
    let root = &options.root;
    let config = load::config(root).map_err(|d| Error::Content(d.into()))?;
    let languages = config.language_codes();
    let content = root.join(CONTENT_DIR);
    let target = content.join(options.year.to_string());
    if target.exists() {
        return Err(Error::Usage(format!(
            "{} already exists: new-edition never overwrites an edition; choose another year, or move that folder away first",
            target.display()
        )));
    }
    let years = existing_years(&content);
    let from = match options.from {
        Some(year) => year,
        None => *years.last().ok_or_else(|| {
            Error::Usage(format!(
                "no edition in {} to start from: expected a folder such as content/2022/",
                content.display()
            ))
        })?,
    };
    if !years.contains(&from) {
        let list = years
            .iter()
            .map(u16::to_string)
            .collect::<Vec<_>>()
            .join(", ");
        return Err(Error::Usage(format!(
            "no edition {from} to start from: the editions are {list}"
        )));
    }
    let edition = load::editions::edition(from, &content.join(from.to_string()), &languages)
        .map_err(Error::Content)?;
    let i18n = crate::render::theme::Theme::load(root, &config.theme, &languages)
        .ok()
        .map(|theme| theme.i18n);
    let files = scaffold(&edition, options.year, &languages, i18n.as_ref())?;
    write_new_folder(&content, &target, &files)?;
    Ok(NewEditionReport {
        dir: target,
        from,
        pages: edition.pages.len(),
        languages: languages.len(),
        indicators: edition.indicators.indicators.len(),
        categories: edition.projects.categories.len(),
    })
}

fn existing_years(content: &Path) -> Vec<u16> {
    let mut years: Vec<u16> = std::fs::read_dir(content)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter(|e| e.path().is_dir())
                .filter_map(|e| {
                    let name = e.file_name().to_string_lossy().into_owned();
                    (name.len() == 4 && name.bytes().all(|b| b.is_ascii_digit()))
                        .then(|| name.parse().ok())
                        .flatten()
                })
                .collect()
        })
        .unwrap_or_default();
    years.sort_unstable();
    years
}

/// The new edition's files, by path relative to its folder.
pub fn scaffold(
    edition: &Edition,
    year: u16,
    languages: &[String],
    i18n: Option<&I18n>,
) -> Result<BTreeMap<PathBuf, String>, Error> {
    let from = edition.year;
    let header = format!("# Scaffolded from the {from} edition by `rapport new-edition {year}`.\n");
    let mut files = BTreeMap::new();
    files.insert(
        PathBuf::from("edition.toml"),
        format!("{header}{}", edition_toml(edition, year)?),
    );
    files.insert(
        PathBuf::from("indicators.toml"),
        format!("{header}# Current statuses are to be reported: replace `pending = true` with the values.\n{}", indicators_toml(edition)?),
    );
    files.insert(
        PathBuf::from("projects.toml"),
        format!(
            "{header}# The categories are kept; add this year's projects.\n{}",
            projects_toml(edition)?
        ),
    );
    for set in &edition.pages {
        for lang in languages {
            let Some(page) = set.translations.get(lang) else {
                continue;
            };
            let note = i18n.map_or("To be written.", |i| i.get(lang, "to_be_written"));
            let note = if note == "to_be_written" {
                "To be written."
            } else {
                note
            };
            let front = replace_year(&page.source[..page.body_offset], from, year);
            let name = page.path.file_name().map(PathBuf::from).unwrap_or_default();
            files.insert(
                PathBuf::from(lang).join(name),
                format!("{front}\n{}", placeholder_body(page.body(), note)),
            );
        }
    }
    Ok(files)
}

fn serialize(value: &impl serde::Serialize) -> Result<String, Error> {
    // The values are rapport's own model, which always serializes: a failure is a bug.
    let text = toml::to_string(value)
        .map_err(|e| Error::Internal(format!("cannot write the new edition's data: {e}")))?;
    Ok(drop_empty_tables(&text))
}

/// Removes table headers with nothing under them (`[totals]`, `[labels]`): they say nothing.
fn drop_empty_tables(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = String::with_capacity(text.len());
    let mut in_multiline_string = false;
    for (i, line) in lines.iter().enumerate() {
        let header = !in_multiline_string
            && line.starts_with('[')
            && !line.starts_with("[[")
            && line.ends_with(']');
        in_multiline_string ^=
            (line.matches("\"\"\"").count() + line.matches("'''").count()) % 2 == 1;
        let next = lines[i + 1..].iter().find(|l| !l.trim().is_empty());
        if header && next.is_none_or(|n| n.starts_with('[')) {
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out.trim_end().to_string() + "\n"
}

fn edition_toml(edition: &Edition, year: u16) -> Result<String, Error> {
    let from = edition.year;
    let mut meta = edition.meta.clone();
    meta.year = Spanned::new(0..0, year);
    meta.date = None;
    meta.totals = Default::default();
    let mut title = meta.title.get_ref().clone();
    for text in title.values_mut() {
        *text = replace_year(text, from, year);
    }
    meta.title = Spanned::new(0..0, title);
    for texts in meta.labels.values_mut() {
        for text in texts.values_mut() {
            *text = replace_year(text, from, year);
        }
    }
    serialize(&meta)
}

fn indicators_toml(edition: &Edition) -> Result<String, Error> {
    let mut indicators: Indicators = edition.indicators.clone();
    for indicator in &mut indicators.indicators {
        indicator.current = Some(Spanned::new(
            0..0,
            Cell {
                pending: true,
                ..Cell::default()
            },
        ));
    }
    serialize(&indicators)
}

fn projects_toml(edition: &Edition) -> Result<String, Error> {
    let register = Register {
        categories: edition.projects.categories.clone(),
        projects: Vec::new(),
    };
    serialize(&register)
}

/// Replaces the year `from` by `to` where it stands alone: not inside a longer number, and
/// not one end of a range such as `2022-2025`, `2022–2025` or `2021/2022`.
pub(crate) fn replace_year(text: &str, from: u16, to: u16) -> String {
    let from = from.to_string();
    let to = to.to_string();
    let is_dash = |c: char| matches!(c, '-' | '–' | '—' | '/');
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut before = String::new();
    while let Some(at) = rest.find(&from) {
        let (head, tail) = rest.split_at(at);
        out.push_str(head);
        before.push_str(head);
        let after = &tail[from.len()..];
        let mut prev = before.chars().rev();
        let p1 = prev.next();
        let p2 = prev.next();
        let mut next = after.chars();
        let n1 = next.next();
        let n2 = next.next();
        let digit = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit());
        let in_number = digit(p1) || digit(n1);
        let in_range =
            (p1.is_some_and(is_dash) && digit(p2)) || (n1.is_some_and(is_dash) && digit(n2));
        out.push_str(if in_number || in_range { &from } else { &to });
        before.push_str(&from);
        rest = after;
    }
    out.push_str(rest);
    out
}

/// A page body with its headings and rapport blocks, and a `{-}` note for each run of
/// text between them.
pub(crate) fn placeholder_body(body: &str, note: &str) -> String {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let placeholder = format!("{UNNUMBERED_MARKER} {note}\n\n");
    let mut out = String::new();
    let mut depth = 0usize;
    let mut text_pending = false;
    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        if depth == 0 {
            let kept = match &event {
                Event::Start(Tag::Heading { .. }) => true,
                Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                    info.trim().starts_with('{')
                }
                _ => false,
            };
            let is_text = !kept
                && matches!(&event, Event::Start(tag) if !matches!(tag, Tag::FootnoteDefinition(_)));
            if kept {
                if std::mem::take(&mut text_pending) {
                    out.push_str(&placeholder);
                }
                out.push_str(body[range.clone()].trim_end());
                out.push_str("\n\n");
            } else if is_text || matches!(event, Event::Rule) {
                text_pending = true;
            }
        }
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    if text_pending || out.is_empty() {
        out.push_str(&placeholder);
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

/// Writes the files into a temporary folder beside `target`, then renames it into place,
/// refusing if `target` appeared meanwhile.
fn write_new_folder(
    content: &Path,
    target: &Path,
    files: &BTreeMap<PathBuf, String>,
) -> Result<(), Error> {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    remove_leftovers(content);
    let staging = content.join(format!(".{name}.rapport-new-{}", std::process::id()));
    let result = (|| {
        for (rel, text) in files {
            let path = staging.join(rel);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
            }
            std::fs::write(&path, text).map_err(|e| Error::io(&path, e))?;
        }
        if target.exists() {
            return Err(Error::Usage(format!(
                "{} already exists: new-edition never overwrites an edition",
                target.display()
            )));
        }
        std::fs::rename(&staging, target).map_err(|e| Error::io(target, e))
    })();
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&staging);
    }
    result
}

/// Removes the temporary folders (`.YEAR.rapport-new-PID`) that killed runs left in
/// `content/`, once their process is gone: a run still writing keeps its own. One with
/// this process's id is stale too (the id was reused): this run has not created its own
/// yet. The loader never reads them meanwhile (it skips hidden entries).
fn remove_leftovers(content: &Path) {
    let Ok(entries) = std::fs::read_dir(content) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = leftover_pid(&name) else {
            continue;
        };
        if pid == std::process::id() || !is_running(pid) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// The process id in a temporary folder name `.YEAR.rapport-new-PID`.
fn leftover_pid(name: &str) -> Option<u32> {
    let (year, pid) = name.strip_prefix('.')?.split_once(".rapport-new-")?;
    let is_number = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    (year.len() == 4 && is_number(year) && is_number(pid))
        .then(|| pid.parse().ok())
        .flatten()
}

fn is_running(pid: u32) -> bool {
    let Some(pid) = i32::try_from(pid)
        .ok()
        .and_then(rustix::process::Pid::from_raw)
    else {
        return false;
    };
    // A process of another user answers "not permitted": it is running all the same.
    !matches!(
        rustix::process::test_kill_process(pid),
        Err(rustix::io::Errno::SRCH)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_temporary_edition_folders_are_leftovers() {
        assert_eq!(leftover_pid(".2023.rapport-new-4242"), Some(4242));
        for name in [
            "2023",
            ".2023.rapport-new-",
            ".2023.rapport-new-12x",
            ".draft.rapport-new-12",
            ".output.rapport-new-12",
            "2023.rapport-new-12",
        ] {
            assert_eq!(leftover_pid(name), None, "{name}");
        }
    }

    #[test]
    fn only_standalone_years_change() {
        assert_eq!(
            replace_year(
                "2022 progress report on the IT Strategy 2022–2025",
                2022,
                2023
            ),
            "2023 progress report on the IT Strategy 2022–2025"
        );
        assert_eq!(
            replace_year("Rapport d’étape 2022 (stratégie 2022-2025)", 2022, 2023),
            "Rapport d’étape 2023 (stratégie 2022-2025)"
        );
        assert_eq!(
            replace_year("État actuel (fin 2022)", 2022, 2023),
            "État actuel (fin 2023)"
        );
        assert_eq!(
            replace_year("120224 and 2020-2022", 2022, 2023),
            "120224 and 2020-2022"
        );
    }

    #[test]
    fn headings_and_blocks_stay_and_text_becomes_notes() {
        let body = "First paragraph.[^a]\n\nSecond.\n\n```{figure}\nchart = \"x\"\n```\n\n## Heading {#h}\n\n- a list\n\n> quote\n\n## Empty\n\n[^a]: A note.\n";
        assert_eq!(
            placeholder_body(body, "To be written."),
            "{-} To be written.\n\n```{figure}\nchart = \"x\"\n```\n\n## Heading {#h}\n\n{-} To be written.\n\n## Empty\n"
        );
        assert_eq!(
            placeholder_body("Only text.\n", "À rédiger."),
            "{-} À rédiger.\n"
        );
    }
}

//! The floor: the least a generator can do with the corpus. Every Markdown page is read,
//! rendered by pulldown-cmark (with the options rapport uses) into a bare HTML document
//! and written to its own `…/<page>/index.html`, on a pool of a given number of threads.
//! No templates, no links, no numbering: what is left is parsing, rendering and the file
//! system.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use pulldown_cmark::{Options, Parser, html};
use rayon::prelude::*;

/// Renders every `content/<year>/<lang>/*.md` of the project at `root` into `out`, on
/// `threads` threads. Returns how many pages were written.
pub fn run(root: &Path, out: &Path, threads: usize) -> io::Result<usize> {
    let pages = markdown_files(&root.join("content"))?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(io::Error::other)?;
    pool.install(|| {
        pages
            .par_iter()
            .try_for_each(|(rel, path)| page(path, &out.join(rel)))
    })?;
    Ok(pages.len())
}

/// Every Markdown file two folders below `content` (`<year>/<lang>/<name>.md`), with the
/// folder its page goes to (`<year>/<lang>/<name>`).
fn markdown_files(content: &Path) -> io::Result<Vec<(PathBuf, PathBuf)>> {
    let mut pages = Vec::new();
    for entry in walkdir::WalkDir::new(content)
        .min_depth(3)
        .max_depth(3)
        .sort_by_file_name()
    {
        let entry = entry.map_err(io::Error::other)?;
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "md") {
            let rel = path
                .strip_prefix(content)
                .map_err(io::Error::other)?
                .with_extension("");
            pages.push((rel, path.to_path_buf()));
        }
    }
    Ok(pages)
}

fn page(source: &Path, dir: &Path) -> io::Result<()> {
    let text = fs::read_to_string(source)?;
    let body = strip_front_matter(&text);
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let mut out = String::with_capacity(body.len() * 3 / 2 + 128);
    out.push_str("<!DOCTYPE html>\n<html>\n<head><meta charset=\"utf-8\"></head>\n<body>\n");
    html::push_html(&mut out, Parser::new_ext(body, options));
    out.push_str("</body>\n</html>\n");
    fs::create_dir_all(dir)?;
    fs::write(dir.join("index.html"), out)
}

fn strip_front_matter(text: &str) -> &str {
    let Some(rest) = text.strip_prefix("+++\n") else {
        return text;
    };
    match rest.find("\n+++\n") {
        Some(end) => &rest[end + 5..],
        None => text,
    }
}

//! rapport's benchmark harness (see docs/performance.md). Run it through
//! `bash benches/run.sh`, which builds rapport and this harness in release mode first.
//!
//! - `generate`: writes a synthetic corpus, as a rapport project and as a Hugo site;
//! - `floor`: the bare pulldown-cmark render-and-write of that corpus;
//! - `rebuild`: times a one-page change rebuilt in memory, as `serve` does;
//! - `run`: all of it at several sizes, side by side, as a Markdown table.

mod floor;
mod generate;
mod runner;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "bench", about = "rapport's benchmark harness")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Writes a synthetic corpus of about PAGES narrative pages in French and English:
    /// DIR/rapport (a rapport project) and DIR/hugo (the same Markdown as a Hugo site).
    Generate {
        /// Narrative pages in all languages (100 per edition and language).
        #[arg(long)]
        pages: usize,
        /// Where to write the corpus (replaced).
        #[arg(long)]
        out: PathBuf,
        /// The theme folder to copy into the project.
        #[arg(long, default_value = "themes/default")]
        theme: PathBuf,
    },
    /// Renders every page of a project with pulldown-cmark alone and writes each to a file.
    Floor {
        /// The project folder (its content/<year>/<lang>/*.md are read).
        #[arg(long)]
        root: PathBuf,
        /// Where to write the pages.
        #[arg(long)]
        output: PathBuf,
        /// Threads to render and write on.
        #[arg(long, default_value_t = 2)]
        threads: usize,
    },
    /// Times `rapport::prepare` + `rapport::render_project` after a one-word change to a
    /// page (the in-memory rebuild that `serve` runs); prints the median in milliseconds.
    Rebuild {
        /// The project folder.
        #[arg(long)]
        root: PathBuf,
        /// Rebuilds to time.
        #[arg(long, default_value_t = 5)]
        runs: usize,
    },
    /// Builds a project once, timing each stage of the pipeline (for profiling).
    Stages {
        /// The project folder.
        #[arg(long)]
        root: PathBuf,
        /// Where to write the site.
        #[arg(long)]
        output: PathBuf,
        /// The address the site is published at.
        #[arg(long)]
        base_url: Option<String>,
    },
    /// Generates corpora and builds them with rapport, Hugo and the floor program, with the
    /// output on disk and on tmpfs; prints a Markdown table.
    Run(runner::Options),
}

fn main() -> ExitCode {
    let result = match Cli::parse().command {
        Command::Generate { pages, out, theme } => {
            let shape = generate::Shape::bilingual(pages);
            generate::corpus(&out, &shape, &theme).map(|w| {
                println!(
                    "{} pages, {} words on average, in {}",
                    w.pages,
                    w.words / w.pages.max(1),
                    out.display()
                );
            })
        }
        Command::Floor {
            root,
            output,
            threads,
        } => floor::run(&root, &output, threads).map(|n| println!("{n} pages")),
        Command::Rebuild { root, runs } => rebuild(&root, runs).map(|ms| println!("{ms:.1}")),
        Command::Stages {
            root,
            output,
            base_url,
        } => stages(&root, &output, base_url.as_deref()),
        Command::Run(options) => runner::run(&options),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bench: error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The median time, in milliseconds, of rebuilding the project in memory after a one-word
/// change to the first page of its latest edition. The page is restored afterwards.
fn rebuild(root: &Path, runs: usize) -> std::io::Result<f64> {
    let page = first_page_of_latest_edition(root)?;
    let original = std::fs::read_to_string(&page)?;
    let build = || -> std::io::Result<usize> {
        let project =
            rapport::prepare(root, None).map_err(|e| std::io::Error::other(e.to_string()))?;
        let (output, _) =
            rapport::render_project(&project).map_err(|e| std::io::Error::other(e.to_string()))?;
        Ok(output.len())
    };
    build()?;
    let mut times = Vec::new();
    let mut result = Ok(());
    for run in 0..runs.max(1) {
        // A word added to the first paragraph: the page's structure (and so its
        // paragraph numbers, which every language must share) stays the same.
        let edited = original.replacen("[^a]", &format!(" edited{run}[^a]"), 1);
        std::fs::write(&page, edited)?;
        let started = Instant::now();
        if let Err(e) = build() {
            result = Err(e);
            break;
        }
        times.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    std::fs::write(&page, original)?;
    result?;
    Ok(runner::median(&mut times))
}

fn first_page_of_latest_edition(root: &Path) -> std::io::Result<PathBuf> {
    let content = root.join("content");
    let mut years: Vec<PathBuf> = std::fs::read_dir(&content)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    years.sort();
    let latest = years
        .pop()
        .ok_or_else(|| std::io::Error::other("no edition"))?;
    let mut pages: Vec<PathBuf> = walkdir::WalkDir::new(latest)
        .min_depth(2)
        .max_depth(2)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    pages.truncate(1);
    pages.pop().ok_or_else(|| std::io::Error::other("no page"))
}

/// One build, stage by stage, with the time of each on stderr.
fn stages(root: &Path, output: &Path, base_url: Option<&str>) -> std::io::Result<()> {
    let fail = |e: rapport::diagnostics::Error| std::io::Error::other(e.to_string());
    let mut clock = Instant::now();
    let mut lap = |stage: &str| {
        eprintln!(
            "{stage:>10}: {:7.1} ms",
            clock.elapsed().as_secs_f64() * 1000.0
        );
        clock = Instant::now();
    };
    let project = rapport::prepare(root, base_url).map_err(fail)?;
    lap("prepare");
    let (mut site, _) = rapport::render::site(&project.site, &project.theme).map_err(fail)?;
    lap("render");
    rapport::opendata::add(&project.site, &project.theme.i18n, &mut site).map_err(fail)?;
    lap("opendata");
    rapport::publish::finish(&project.site, &mut site).map_err(fail)?;
    lap("finish");
    rapport::output::publish(&site, output).map_err(fail)?;
    lap("write");
    drop(site);
    drop(project);
    lap("drop");
    Ok(())
}

//! rapport's benchmark harness (see docs/performance.md). Run it through
//! `bash benches/run.sh`, which builds rapport and this harness in release mode first.
//!
//! - `generate`: writes a synthetic corpus, as a rapport project and as a Hugo site;
//! - `floor`: the bare pulldown-cmark render-and-write of that corpus;
//! - `rebuild`: times a one-word change to a page until `rapport serve` reloads the tab;
//! - `run`: all of it at several sizes, side by side, as a Markdown table.

mod floor;
mod generate;
mod runner;
mod serve;

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
        /// Narrative pages per edition and language (at most 100 unless given).
        #[arg(long)]
        per_edition: Option<usize>,
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
    /// Serves a copy of a project with `rapport serve` and times one-word changes to a page
    /// until the open tab's `reload` event; prints, in milliseconds, the median, fastest
    /// and slowest wait, the median of the server's own rebuild times, and the runs.
    Rebuild {
        /// The project folder (copied; never changed).
        #[arg(long)]
        root: PathBuf,
        /// Saves to time (after one untimed).
        #[arg(long, default_value_t = 21)]
        runs: usize,
        /// The rapport binary.
        #[arg(long, default_value = "target/release/rapport")]
        rapport: PathBuf,
        /// Where the copy goes (replaced, then removed).
        #[arg(long, default_value = "/dev/shm/rapport-bench-serve")]
        work: PathBuf,
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
        Command::Generate {
            pages,
            out,
            theme,
            per_edition,
        } => {
            let shape = match per_edition {
                Some(per_edition) => generate::Shape::bilingual_by(pages, per_edition),
                None => generate::Shape::bilingual(pages),
            };
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
        Command::Rebuild {
            root,
            runs,
            rapport,
            work,
        } => serve::measure(&rapport, &root, &work, runs).map(|f| {
            eprintln!(
                "save → reload: median {:.1} ms ({:.1}–{:.1} ms over {} saves); rebuild: median {:.1} ms",
                f.median, f.fastest, f.slowest, f.runs, f.rebuild
            );
            println!("{}", f.line());
        }),
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

/// One build, stage by stage, with the time of each on stderr.
fn stages(root: &Path, output: &Path, base_url: Option<&str>) -> std::io::Result<()> {
    let fail = |e: rapport::core::diagnostics::Error| std::io::Error::other(e.to_string());
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
    rapport::render::opendata::add(&project.site, &project.theme.i18n, &mut site).map_err(fail)?;
    lap("opendata");
    rapport::publish::finish(&project.site, &mut site);
    lap("finish");
    rapport::write::staging::publish(&site, output).map_err(fail)?;
    lap("write");
    drop(site);
    drop(project);
    lap("drop");
    Ok(())
}

//! The runner: one run that generates the corpora, builds each with rapport, Hugo and the
//! floor program, with the output on disk and on tmpfs, and prints the figures as a
//! Markdown table. Clean full builds: the output folder is removed (and the disk synced)
//! before every build, outside the timing. Peak memory is `/usr/bin/time -v`'s "Maximum
//! resident set size". Nothing is asserted: the figures are printed, not judged.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use crate::generate::{self, Shape};
use crate::serve;

/// What to measure.
#[derive(clap::Args, Debug)]
pub struct Options {
    /// A small, fast run for CI: 200 pages, one build each; prints figures, asserts none.
    #[arg(long)]
    pub quick: bool,
    /// Corpus sizes, in narrative pages (all languages).
    #[arg(long, value_delimiter = ',', default_value = "1000,10000,50000")]
    pub sizes: Vec<usize>,
    /// Builds per tool, size and output place; the median is reported.
    #[arg(long, default_value_t = 5)]
    pub runs: usize,
    /// Builds per tool at 50,000 pages and more.
    #[arg(long, default_value_t = 3)]
    pub large_runs: usize,
    /// Where the output goes: `disk`, `tmpfs` or both.
    #[arg(long, value_delimiter = ',', default_value = "disk,tmpfs")]
    pub places: Vec<String>,
    /// Hugo is left out above this many pages.
    #[arg(long, default_value_t = 10_000)]
    pub hugo_max: usize,
    /// Where the corpora and the on-disk output go.
    #[arg(long, default_value = "target/bench")]
    pub work: PathBuf,
    /// Where the tmpfs output goes.
    #[arg(long, default_value = "/dev/shm/rapport-bench")]
    pub tmpfs: PathBuf,
    /// The rapport binary.
    #[arg(long, default_value = "target/release/rapport")]
    pub rapport: PathBuf,
    /// The project whose build time is reported as "bundled sample".
    #[arg(long, default_value = ".")]
    pub sample: PathBuf,
    /// Builds of the bundled sample.
    #[arg(long, default_value_t = 20)]
    pub sample_runs: usize,
    /// Also writes the table to this file.
    #[arg(long)]
    pub report: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tool {
    Rapport,
    Hugo,
    Floor,
}

impl Tool {
    fn name(self) -> &'static str {
        match self {
            Tool::Rapport => "rapport",
            Tool::Hugo => "hugo",
            Tool::Floor => "floor",
        }
    }
}

/// One timed process.
#[derive(Debug, Clone, Copy)]
struct Sample {
    seconds: f64,
    peak_kb: Option<u64>,
}

/// The figures of one tool at one size and place.
#[derive(Debug)]
struct Figures {
    median: f64,
    fastest: f64,
    slowest: f64,
    peak_kb: Option<u64>,
    runs: usize,
}

struct Row {
    pages: usize,
    place: &'static str,
    cells: Vec<(Tool, Figures)>,
}

/// Runs the benchmark and prints the table.
pub fn run(options: &Options) -> io::Result<()> {
    let (sizes, runs, large_runs, sample_runs) = if options.quick {
        (vec![200], 1, 1, 3)
    } else {
        (
            options.sizes.clone(),
            options.runs,
            options.large_runs,
            options.sample_runs,
        )
    };
    let me = std::env::current_exe()?;
    let time = Path::new("/usr/bin/time").is_file();
    let hugo = hugo_version();
    if !time {
        eprintln!(
            "bench: /usr/bin/time is missing (apt-get install -y time): no peak memory figures"
        );
    }
    if hugo.is_none() {
        eprintln!(
            "bench: hugo is not installed (apt-get install -y hugo): rapport and the floor only"
        );
    }
    let load_before = load_average();
    let mut rows = Vec::new();
    let mut rebuilds = Vec::new();
    let theme = options.sample.join("themes").join("default");
    for &size in &sizes {
        let shape = Shape::bilingual(size);
        let corpus = options.work.join(format!("corpus-{size}"));
        ensure_corpus(&corpus, &shape, &theme)?;
        let n = if size >= 50_000 { large_runs } else { runs };
        let mut tools = vec![Tool::Rapport];
        if hugo.is_some() && size <= options.hugo_max {
            tools.push(Tool::Hugo);
        }
        tools.push(Tool::Floor);
        let places = [
            ("disk", options.work.join("out")),
            ("tmpfs", options.tmpfs.clone()),
        ];
        let chosen = |(place, _): &(&str, PathBuf)| options.places.iter().any(|p| p == place);
        for (place, base) in places.into_iter().filter(chosen) {
            let mut samples: Vec<(Tool, Vec<Sample>)> =
                tools.iter().map(|&t| (t, Vec::new())).collect();
            for run in 0..n {
                // Interleaved, so that a busy moment of the machine falls on every tool.
                for (tool, list) in &mut samples {
                    let out = base.join(tool.name());
                    let sample = build(*tool, &corpus, &out, &options.rapport, &me, time)?;
                    eprintln!(
                        "bench: {size} pages, {place}, {}, run {}/{n}: {:.3} s, {}",
                        tool.name(),
                        run + 1,
                        sample.seconds,
                        sample.peak_kb.map_or("–".into(), megabytes)
                    );
                    list.push(sample);
                }
            }
            let _ = fs::remove_dir_all(&base);
            let cells = samples
                .into_iter()
                .map(|(tool, list)| (tool, summarize(list)))
                .collect();
            rows.push(Row {
                pages: shape.total_pages(),
                place,
                cells,
            });
        }
        let serve = options.tmpfs.join("serve");
        let saves = if options.quick { 5 } else { SAVES };
        let figures = rebuild(
            &me,
            &options.rapport,
            &corpus.join("rapport"),
            &serve,
            saves,
        )?;
        eprintln!(
            "bench: {size} pages, one-page rebuild in serve, save to reload: median {:.1} ms (rebuild {:.1} ms)",
            figures.median, figures.rebuild
        );
        rebuilds.push((shape.total_pages(), figures));
    }
    let sample = sample_build(
        &options.rapport,
        &options.sample,
        &options.tmpfs.join("sample"),
        sample_runs,
        time,
    )?;
    let _ = fs::remove_dir_all(&options.tmpfs);
    let table = report(
        &rows,
        &rebuilds,
        &sample,
        hugo.as_deref(),
        (load_before, load_average()),
        runs,
        large_runs,
    );
    println!("{table}");
    if let Some(path) = &options.report {
        fs::write(path, &table)?;
    }
    Ok(())
}

fn ensure_corpus(dir: &Path, shape: &Shape, theme: &Path) -> io::Result<()> {
    if fs::read_to_string(dir.join("stamp")).is_ok_and(|s| s == shape.stamp()) {
        // The theme is the repository's, as it is now: a kept corpus gets a fresh copy.
        let copy = dir.join("rapport").join("themes").join("default");
        let _ = fs::remove_dir_all(&copy);
        return generate::copy_tree(theme, &copy);
    }
    eprintln!(
        "bench: generating {} pages into {}",
        shape.total_pages(),
        dir.display()
    );
    let written = generate::corpus(dir, shape, theme)?;
    eprintln!(
        "bench: {} pages, {} words per page on average",
        written.pages,
        written.words / written.pages.max(1)
    );
    Ok(())
}

/// One clean full build, timed.
fn build(
    tool: Tool,
    corpus: &Path,
    out: &Path,
    rapport: &Path,
    me: &Path,
    time: bool,
) -> io::Result<Sample> {
    if out.exists() {
        fs::remove_dir_all(out)?;
    }
    if let Some(parent) = out.parent() {
        fs::create_dir_all(parent)?;
    }
    // Writes left from removing the last output must not land in this build's time.
    let _ = Command::new("sync").status();
    let (program, args): (PathBuf, Vec<String>) = match tool {
        Tool::Rapport => (
            rapport.to_path_buf(),
            // The web site only, as Hugo and the floor build it: the PDFs' cost is
            // measured on its own (docs/performance.md, "The PDF edition").
            vec![
                "build".into(),
                "--no-pdf".into(),
                "--root".into(),
                path(&corpus.join("rapport")),
                "--output".into(),
                path(out),
            ],
        ),
        Tool::Hugo => (
            PathBuf::from("hugo"),
            vec![
                "--quiet".into(),
                "--source".into(),
                path(&corpus.join("hugo")),
                "--destination".into(),
                path(&absolute(out)),
            ],
        ),
        Tool::Floor => (
            me.to_path_buf(),
            vec![
                "floor".into(),
                "--root".into(),
                path(&corpus.join("rapport")),
                "--output".into(),
                path(out),
                "--threads".into(),
                "2".into(),
            ],
        ),
    };
    timed(&program, &args, time)
}

fn path(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}

fn absolute(p: &Path) -> PathBuf {
    if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(p)
    }
}

/// Runs a program under `/usr/bin/time -v` (when there is one) and times it.
fn timed(program: &Path, args: &[String], time: bool) -> io::Result<Sample> {
    let stats = std::env::temp_dir().join(format!("rapport-bench-time-{}", std::process::id()));
    let mut command = if time {
        let mut c = Command::new("/usr/bin/time");
        c.arg("-v").arg("-o").arg(&stats).arg(program);
        c
    } else {
        Command::new(program)
    };
    command
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .stdin(Stdio::null());
    let started = Instant::now();
    let output = command.output()?;
    let seconds = started.elapsed().as_secs_f64();
    if !output.status.success() {
        return Err(io::Error::other(format!(
            "{} {} failed: {}",
            program.display(),
            args.join(" "),
            String::from_utf8_lossy(&output.stderr)
        )));
    }
    let peak_kb = if time {
        fs::read_to_string(&stats).ok().and_then(|s| max_rss(&s))
    } else {
        None
    };
    let _ = fs::remove_file(&stats);
    Ok(Sample { seconds, peak_kb })
}

fn max_rss(time_output: &str) -> Option<u64> {
    time_output
        .lines()
        .find_map(|l| l.trim().strip_prefix("Maximum resident set size (kbytes):"))
        .and_then(|v| v.trim().parse().ok())
}

fn summarize(samples: Vec<Sample>) -> Figures {
    let mut times: Vec<f64> = samples.iter().map(|s| s.seconds).collect();
    let fastest = times.iter().copied().fold(f64::INFINITY, f64::min);
    let slowest = times.iter().copied().fold(0.0, f64::max);
    Figures {
        median: median(&mut times),
        fastest,
        slowest,
        peak_kb: samples.iter().filter_map(|s| s.peak_kb).max(),
        runs: samples.len(),
    }
}

/// The median of some values (the mean of the middle two for an even count).
pub fn median(values: &mut [f64]) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    if values.len() % 2 == 1 {
        values[mid]
    } else {
        (values[mid - 1] + values[mid]) / 2.0
    }
}

/// Saves of one page timed in `serve` at each size.
const SAVES: usize = 21;

/// `bench rebuild` on a copy of the corpus: save-to-reload times in `rapport serve`.
fn rebuild(
    me: &Path,
    rapport: &Path,
    root: &Path,
    work: &Path,
    saves: usize,
) -> io::Result<serve::Figures> {
    let output = Command::new(me)
        .arg("rebuild")
        .arg("--root")
        .arg(root)
        .arg("--rapport")
        .arg(rapport)
        .arg("--work")
        .arg(work)
        .arg("--runs")
        .arg(saves.to_string())
        .output()?;
    if !output.status.success() {
        return Err(io::Error::other(format!(
            "rebuild failed: {}",
            String::from_utf8_lossy(&output.stderr)
        )));
    }
    let line = String::from_utf8_lossy(&output.stdout);
    serve::Figures::parse(&line)
        .ok_or_else(|| io::Error::other(format!("rebuild printed {line:?}")))
}

/// The bundled sample's build, process start included.
fn sample_build(
    rapport: &Path,
    root: &Path,
    out: &Path,
    runs: usize,
    time: bool,
) -> io::Result<Figures> {
    let args = vec![
        "build".into(),
        "--no-pdf".into(),
        "--root".into(),
        path(root),
        "--output".into(),
        path(out),
    ];
    timed(rapport, &args, time)?;
    let samples = (0..runs)
        .map(|_| timed(rapport, &args, time))
        .collect::<io::Result<Vec<_>>>()?;
    Ok(summarize(samples))
}

fn hugo_version() -> Option<String> {
    let output = Command::new("hugo").arg("version").output().ok()?;
    let text = String::from_utf8_lossy(&output.stdout);
    // "hugo v0.111.3+extended linux/amd64 …" → "0.111.3"
    let version = text.split_whitespace().nth(1)?.trim_start_matches('v');
    Some(version.split('+').next().unwrap_or(version).to_string())
}

fn load_average() -> String {
    fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "?".into())
}

fn megabytes(kb: u64) -> String {
    format!("{} MB", (kb + 512) / 1024)
}

fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn seconds(s: f64) -> String {
    if s < 1.0 {
        format!("{:.0} ms", s * 1000.0)
    } else {
        format!("{s:.2} s")
    }
}

/// The fastest and slowest of several builds, in parentheses.
fn spread(f: &Figures) -> String {
    if f.runs > 1 {
        format!(" ({}–{})", seconds(f.fastest), seconds(f.slowest))
    } else {
        String::new()
    }
}

fn cell(figures: Option<&Figures>, pages: usize) -> String {
    match figures {
        Some(f) => format!(
            "{}{} · {} pages/s · {}",
            seconds(f.median),
            spread(f),
            thousands((pages as f64 / f.median).round() as usize),
            f.peak_kb.map_or("–".into(), megabytes)
        ),
        None => "not run".into(),
    }
}

fn ratio(a: Option<&Figures>, b: Option<&Figures>) -> String {
    match (a, b) {
        (Some(a), Some(b)) => format!("{:.2}×", a.median / b.median),
        _ => "–".into(),
    }
}

fn report(
    rows: &[Row],
    rebuilds: &[(usize, serve::Figures)],
    sample: &Figures,
    hugo: Option<&str>,
    load: (String, String),
    runs: usize,
    large_runs: usize,
) -> String {
    let mut s = String::new();
    let cores = std::thread::available_parallelism().map_or(0, usize::from);
    let _ = writeln!(
        s,
        "Machine: {cores} cores; load average (1, 5, 15 min) {} before the run, {} after.",
        load.0, load.1
    );
    let _ = writeln!(
        s,
        "Wall time is the median of {runs} clean full builds ({large_runs} at 50,000 pages and more), fastest–slowest in parentheses · narrative pages per second · largest peak RSS.\n"
    );
    let hugo_name = hugo.map_or("Hugo".to_string(), |v| format!("Hugo {v}"));
    let _ = writeln!(
        s,
        "| pages | output | rapport | {hugo_name} | floor (pulldown-cmark, 2 threads) | rapport ÷ floor | {hugo_name} ÷ rapport |"
    );
    let _ = writeln!(s, "|---:|---|---|---|---|---:|---:|");
    for row in rows {
        let get = |tool: Tool| row.cells.iter().find(|(t, _)| *t == tool).map(|(_, f)| f);
        let (rapport, hugo, floor) = (get(Tool::Rapport), get(Tool::Hugo), get(Tool::Floor));
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} | {} | {} |",
            thousands(row.pages),
            row.place,
            cell(rapport, row.pages),
            cell(hugo, row.pages),
            cell(floor, row.pages),
            ratio(rapport, floor),
            ratio(hugo, rapport)
        );
    }
    let _ = writeln!(
        s,
        "\n| pages | one-page rebuild: save → reload in `rapport serve` (median, fastest–slowest) | of which the rebuild (median) |\n|---:|---:|---:|"
    );
    for (pages, f) in rebuilds {
        let _ = writeln!(
            s,
            "| {} | {:.0} ms ({:.0}–{:.0} ms, {} saves) | {:.0} ms |",
            thousands(*pages),
            f.median,
            f.fastest,
            f.slowest,
            f.runs,
            f.rebuild
        );
    }
    let _ = writeln!(
        s,
        "\nBundled sample, `rapport build` with process start: {} median of {} · peak {}.",
        seconds(sample.median),
        sample.runs,
        sample.peak_kb.map_or("–".into(), megabytes)
    );
    s
}

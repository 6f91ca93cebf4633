//! The `rapport` command line: parses arguments, runs a library operation, and renders
//! its problems once, as `path:line:col: error: message`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use rapport::core::diagnostics::{Diagnostic, Error};

// Rendering allocates many short-lived strings from two threads at once; mimalloc's
// per-thread heaps do that in a fraction of the system allocator's time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The exit codes as `rapport --help` lists them; the values are those of [`exit`].
const EXIT_CODES: &str = "Exit codes:
  0    success
  1    the content has errors (each printed as path:line:col: error: message)
  2    the command was invoked wrongly (an argument, an output folder it must not replace)
  3    a file, folder, port or archive could not be read, written or opened
  101  an internal error in rapport (please report it)";

#[derive(Parser)]
#[command(
    name = "rapport",
    version,
    about = "Builds a bilingual report site from Markdown, TOML data and a theme.",
    after_help = EXIT_CODES
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Builds the site into the output folder (atomically: a failed build changes nothing).
    #[command(after_help = "Example:\n  rapport build --root my-report --output public")]
    Build {
        /// The project folder (holds rapport.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site [default: output/ in the project].
        #[arg(long)]
        output: Option<PathBuf>,
        /// The address the site is published at (overrides base_url in rapport.toml).
        #[arg(long)]
        base_url: Option<String>,
        /// Replace a non-empty output folder that rapport did not create (never a home
        /// folder, nor one holding hidden files such as .git).
        #[arg(long)]
        force: bool,
        /// Make no PDF (as `pdf = false` in rapport.toml does).
        #[arg(long)]
        no_pdf: bool,
    },
    /// Loads and validates everything a build would, and writes nothing.
    #[command(after_help = "Example:\n  rapport check --root my-report")]
    Check {
        /// The project folder (holds rapport.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// `text`: one line per problem on stderr; `json`: an array of diagnostics on stdout.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Treat every warning as an error (exit 1): translation drift, stale
        /// translations, links, metadata.
        #[arg(long)]
        strict: bool,
    },
    /// Serves the site on this machine, rebuilds it on every change and reloads open tabs.
    #[command(after_help = "Example:\n  rapport serve --root my-report --open")]
    Serve {
        /// The project folder (holds rapport.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The port; when it is taken, the next free one is used (0: any free port).
        #[arg(long, default_value_t = rapport::serve::DEFAULT_PORT)]
        port: u16,
        /// The address to listen on. Anything but a loopback address, such as 0.0.0.0,
        /// shows the preview to other machines.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Opens the site in the default browser.
        #[arg(long)]
        open: bool,
        /// Polls the files for changes instead of relying on the system's notifications
        /// (for network, virtual or container file systems where edits go unnoticed).
        #[arg(long)]
        poll: bool,
        /// Also answers requests addressed to NAME (any port) or NAME:PORT, as behind a
        /// proxy or a port mapping; repeatable. By default only localhost and the
        /// address reached, by number, are answered: other names get 403, against DNS
        /// rebinding from web pages.
        #[arg(long = "allow-host", value_name = "NAME")]
        allow_host: Vec<String>,
        /// Seconds a client gets to send a request head (and a connection may idle).
        #[arg(long, hide = true, default_value_t = rapport::serve::HEADER_TIMEOUT.as_secs_f64())]
        header_timeout: f64,
        /// The most connections open at once (default: what the file limit leaves).
        #[arg(long, hide = true)]
        max_connections: Option<usize>,
    },
    /// Scaffolds the next edition from an existing one: pages, front matter, indicators
    /// (current status to be reported) and project categories. Never overwrites.
    #[command(after_help = "Example:\n  rapport new-edition 2023 --from 2022")]
    NewEdition {
        /// The new edition's year.
        #[arg(value_parser = clap::value_parser!(u16).range(1000..=9999))]
        year: u16,
        /// The edition to start from [default: the latest].
        #[arg(long, value_parser = clap::value_parser!(u16).range(1000..=9999))]
        from: Option<u16>,
        /// The project folder (holds rapport.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Packs one edition as a self-contained, deterministic zip (a BagIt bag with a
    /// SHA-256 manifest) that opens from disk.
    #[command(after_help = "Example:\n  rapport archive 2022 --output edition-2022.zip")]
    Archive {
        /// The edition's year.
        #[arg(value_parser = clap::value_parser!(u16).range(1000..=9999))]
        year: u16,
        /// The zip file to write [default: archives/edition-YEAR.zip in the project].
        #[arg(long)]
        output: Option<PathBuf>,
        /// The address the site is published at, for links that leave the edition
        /// (overrides base_url in rapport.toml).
        #[arg(long)]
        base_url: Option<String>,
        /// The project folder (holds rapport.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Shows how up to date each language's translation is (up to date, stale, not
    /// recorded, missing), from the edition's translations lock; `--accept LANG` records
    /// LANG's translation as reviewed.
    #[command(
        after_help = "Examples:\n  rapport translations --edition 2022\n  rapport translations --edition 2022 --accept en"
    )]
    Translations {
        /// One edition [default: every edition].
        #[arg(long, value_parser = clap::value_parser!(u16).range(1000..=9999))]
        edition: Option<u16>,
        /// Records LANG's translation as made from the source as it is now (writes
        /// content/YEAR/translations.lock; also the way out of a lock left in conflict).
        #[arg(long, value_name = "LANG")]
        accept: Option<String>,
        /// The project folder (holds rapport.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Exchanges translations with translation tools as XLIFF 2.1.
    Xliff {
        #[command(subcommand)]
        command: XliffCommand,
    },
}

#[derive(Subcommand)]
enum XliffCommand {
    /// Writes an edition's paragraphs, headings, table cells and notes for a language as
    /// an XLIFF 2.1 file, with the existing translation as the target.
    #[command(after_help = "Example:\n  rapport xliff export --edition 2022 --to en --only stale")]
    Export {
        /// The edition.
        #[arg(long, value_parser = clap::value_parser!(u16).range(1000..=9999))]
        edition: u16,
        /// The language to translate into.
        #[arg(long)]
        to: String,
        /// Which units: those whose source changed since they were accepted, those with
        /// no translation, or all.
        #[arg(long, value_enum, default_value_t = OnlyArg::All)]
        only: OnlyArg,
        /// The file to write [default: xliff/YEAR-SOURCE-LANG.xlf in the project].
        #[arg(long)]
        output: Option<PathBuf>,
        /// The project folder (holds rapport.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Writes a translated XLIFF file's targets into the language's Markdown pages;
    /// checks everything first and changes nothing when anything is wrong.
    #[command(after_help = "Example:\n  rapport xliff import xliff/2022-fr-en.xlf")]
    Import {
        /// The XLIFF file.
        file: PathBuf,
        /// The project folder (holds rapport.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

/// `--only` of `xliff export`.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum OnlyArg {
    /// Units whose source changed since their translation was accepted.
    Stale,
    /// Units with no translation.
    Missing,
    /// Every unit.
    All,
}

/// How `check` prints its findings.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// `path:line:col: error: message`, errors first, then warnings.
    Text,
    /// A JSON array of `{path, line, column, severity, message, hint}`.
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Command::Check {
        root,
        format,
        strict,
    } = &cli.command
    {
        return check(root, *format, *strict);
    }
    match run(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err((error, root)) => report(&error, &root),
    }
}

fn run(command: Command) -> Result<(), (Error, PathBuf)> {
    let root = command.root();
    require_project_folder(root).map_err(|e| (e, root.to_path_buf()))?;
    match command {
        Command::Build {
            root,
            output,
            base_url,
            force,
            no_pdf,
        } => {
            let options = rapport::BuildOptions {
                root: root.clone(),
                output,
                base_url,
                force,
                no_pdf,
            };
            let report = rapport::build(&options).map_err(|e| (e, root.clone()))?;
            print_diagnostics(report.warnings.into_sorted(), &root);
            let c = &report.counts;
            println!(
                "built {} edition(s), {} language(s), {} page(s), {} chart(s), {} PDF(s) into {} in {:.0} ms",
                c.editions,
                c.languages,
                c.pages,
                c.charts,
                report.pdfs,
                options.output_dir().display(),
                report.elapsed.as_secs_f64() * 1000.0
            );
            Ok(())
        }
        Command::Check { .. } => unreachable!("check is run by `check`"),
        Command::Serve {
            root,
            port,
            bind,
            open,
            poll,
            allow_host,
            header_timeout,
            max_connections,
        } => {
            let options = rapport::serve::ServeOptions {
                root: root.clone(),
                port,
                bind,
                open,
                poll,
                allowed_hosts: allow_host,
                header_timeout: std::time::Duration::try_from_secs_f64(header_timeout)
                    .map_err(|e| (Error::Usage(format!("--header-timeout: {e}")), root.clone()))?,
                max_connections,
            };
            rapport::serve::run(&options).map_err(|e| (e, root))
        }
        Command::NewEdition { year, from, root } => {
            let options = rapport::write::scaffold::NewEditionOptions {
                root: root.clone(),
                year,
                from,
            };
            let report =
                rapport::write::scaffold::new_edition(&options).map_err(|e| (e, root.clone()))?;
            println!(
                "created {} from the {} edition: {} page(s) in {} language(s) with their text to be written, {} indicator(s) to be reported, {} project categories kept and no project",
                report.dir.display(),
                report.from,
                report.pages,
                report.languages,
                report.indicators,
                report.categories
            );
            Ok(())
        }
        Command::Archive {
            year,
            output,
            base_url,
            root,
        } => {
            let options = rapport::write::archive::ArchiveOptions {
                root: root.clone(),
                year,
                output,
                base_url,
            };
            let report =
                rapport::write::archive::edition(&options).map_err(|e| (e, root.clone()))?;
            print_diagnostics(report.warnings.into_sorted(), &root);
            println!(
                "archived the {year} edition: {} file(s), {} bytes, in {}",
                report.files,
                report.bytes,
                report.path.display()
            );
            Ok(())
        }
        Command::Translations {
            edition,
            accept,
            root,
        } => {
            let options = rapport::translate::TranslationsOptions {
                root: root.clone(),
                edition,
                accept: accept.clone(),
            };
            let statuses =
                rapport::translate::translations(&options).map_err(|e| (e, root.clone()))?;
            if let Some(lang) = accept {
                println!(
                    "recorded the `{lang}` translation as up to date in each edition's translations.lock"
                );
            }
            print!("{}", status_table(&statuses));
            Ok(())
        }
        Command::Xliff { command } => xliff(command),
    }
}

/// `rapport xliff export|import`.
fn xliff(command: XliffCommand) -> Result<(), (Error, PathBuf)> {
    use rapport::translate::xliff::{Only, export, import};
    match command {
        XliffCommand::Export {
            edition,
            to,
            only,
            output,
            root,
        } => {
            let options = export::ExportOptions {
                root: root.clone(),
                edition,
                to,
                only: match only {
                    OnlyArg::Stale => Only::Stale,
                    OnlyArg::Missing => Only::Missing,
                    OnlyArg::All => Only::All,
                },
                output,
            };
            let report = export::export(&options).map_err(|e| (e, root))?;
            println!(
                "wrote {} unit(s) of {} page(s) to {}",
                report.units,
                report.pages,
                report.path.display()
            );
            Ok(())
        }
        XliffCommand::Import { file, root } => {
            let options = import::ImportOptions {
                root: root.clone(),
                file,
            };
            let report = import::import(&options).map_err(|e| (e, root))?;
            println!(
                "imported {} changed unit(s) into {} `{}` page(s)",
                report.units,
                report.files.len(),
                report.lang
            );
            for file in &report.files {
                println!("  {}", file.display());
            }
            Ok(())
        }
    }
}

/// The status table of `rapport translations`: a row per edition and language, then the
/// stale and missing units with where they are.
fn status_table(statuses: &[rapport::translate::LanguageStatus]) -> String {
    let mut out = format!(
        "{:<8} {:<8} {:>10} {:>6} {:>12} {:>8}\n",
        "edition", "language", "up to date", "stale", "not recorded", "missing"
    );
    for s in statuses {
        out.push_str(&format!(
            "{:<8} {:<8} {:>10} {:>6} {:>12} {:>8}\n",
            s.year,
            s.lang,
            s.up_to_date,
            s.stale.len(),
            s.unrecorded,
            s.missing.len()
        ));
    }
    for s in statuses {
        if !s.locked {
            out.push_str(&format!(
                "{} has no translations lock yet: once the `{}` translation is reviewed, run `rapport translations --edition {} --accept {}`\n",
                s.year, s.lang, s.year, s.lang
            ));
        }
        for place in &s.stale {
            out.push_str(&format!(
                "stale    {} {:<8} {}\n",
                s.lang, place.unit, place.at
            ));
        }
        for place in &s.missing {
            out.push_str(&format!(
                "missing  {} {:<8} {}\n",
                s.lang, place.unit, place.at
            ));
        }
    }
    out
}

impl Command {
    /// The project folder the command works on.
    fn root(&self) -> &Path {
        match self {
            Command::Build { root, .. }
            | Command::Check { root, .. }
            | Command::Serve { root, .. }
            | Command::NewEdition { root, .. }
            | Command::Archive { root, .. }
            | Command::Translations { root, .. } => root,
            Command::Xliff {
                command: XliffCommand::Export { root, .. } | XliffCommand::Import { root, .. },
            } => root,
        }
    }
}

/// A `--root` that names no folder is a mistake in the command (exit 2), not a problem
/// of a project.
fn require_project_folder(root: &Path) -> Result<(), Error> {
    if root.is_dir() {
        return Ok(());
    }
    let what = if root.exists() {
        "is not a folder"
    } else {
        "does not exist"
    };
    Err(Error::Usage(format!(
        "the project folder {} {what}: expected a folder holding rapport.toml; pass it with --root DIR",
        root.display()
    )))
}

/// `rapport check`: every problem at once; exit 1 on errors.
fn check(root: &Path, format: Format, strict: bool) -> ExitCode {
    let problems = match require_project_folder(root).and_then(|()| rapport::check(root)) {
        Ok(warnings) => warnings,
        Err(Error::Content(problems)) => problems,
        Err(error) if format == Format::Json => {
            let d = Diagnostic::error(root, error.to_string());
            println!("{}", serde_json::to_string_pretty(&[d]).unwrap_or_default());
            return ExitCode::from(exit_code(&error));
        }
        Err(error) => return report(&error, root),
    };
    let sorted: Vec<Diagnostic> = problems
        .into_sorted()
        .into_iter()
        .map(|d| if strict { d.as_error() } else { d })
        .map(|d| d.relative_to(root))
        .collect();
    let errors = sorted.iter().filter(|d| d.is_error()).count();
    let warnings = sorted.len() - errors;
    match format {
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&sorted).unwrap_or_default()
        ),
        Format::Text => {
            print_diagnostics(sorted, root);
            if errors > 0 {
                eprintln!("rapport: {errors} error(s), {warnings} warning(s)");
            } else {
                println!("no errors ({warnings} warning(s))");
            }
        }
    }
    if errors > 0 {
        ExitCode::from(exit::CONTENT)
    } else {
        ExitCode::SUCCESS
    }
}

/// Prints diagnostics in order, errors first, then warnings.
fn print_diagnostics(diagnostics: Vec<Diagnostic>, root: &std::path::Path) {
    let (errors, warnings): (Vec<_>, Vec<_>) =
        diagnostics.into_iter().partition(Diagnostic::is_error);
    for d in errors.into_iter().chain(warnings) {
        eprintln!("{}", d.relative_to(root));
    }
}

/// The exit codes, one meaning each (listed in the README and in `rapport --help`).
mod exit {
    /// The content has errors (located on stderr).
    pub const CONTENT: u8 = 1;
    /// The command was invoked wrongly: change the command, not the content.
    pub const USAGE: u8 = 2;
    /// A file, folder, port or other resource of the system failed or was refused.
    pub const ENVIRONMENT: u8 = 3;
    /// A bug in rapport. 101 is what Rust gives a panic that is not caught, so every
    /// internal failure, caught or not, ends with the same code.
    pub const INTERNAL: u8 = 101;
}

/// The one place where a kind of failure becomes an exit code.
fn exit_code(error: &Error) -> u8 {
    match error {
        Error::Content(_) => exit::CONTENT,
        Error::Usage(_) => exit::USAGE,
        Error::Io { .. } | Error::Environment(_) => exit::ENVIRONMENT,
        Error::Internal(_) => exit::INTERNAL,
    }
}

fn report(error: &Error, root: &std::path::Path) -> ExitCode {
    if let Error::Content(problems) = error {
        let sorted = problems.clone().into_sorted();
        let errors = sorted.iter().filter(|d| d.is_error()).count();
        print_diagnostics(sorted, root);
        eprintln!("rapport: {errors} error(s); nothing was written");
    } else {
        eprintln!("rapport: error: {error}");
    }
    ExitCode::from(exit_code(error))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_of_failure_has_its_own_documented_code() {
        let io = Error::io("x", std::io::Error::other("full"));
        let codes = [
            exit_code(&Error::Content(Diagnostic::error("x", "bad").into())),
            exit_code(&Error::Usage("bad flag".into())),
            exit_code(&io),
            exit_code(&Error::Environment("no port".into())),
            exit_code(&Error::Internal("a bug".into())),
        ];
        assert_eq!(codes, [1, 2, 3, 3, 101]);
        for code in codes {
            assert!(EXIT_CODES.contains(&format!("  {code} ")), "{code}");
        }
    }
}

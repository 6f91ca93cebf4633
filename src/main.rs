//! The `rapport` command line: parses arguments, runs a library operation, and renders
//! its problems once, as `path:line:col: error: message`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use rapport::diagnostics::{Diagnostic, Error};

#[derive(Parser)]
#[command(name = "rapport", version, about = "Builds a bilingual report site from Markdown, TOML data and a theme.")]
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
        /// Replace a non-empty output folder that rapport did not create.
        #[arg(long)]
        force: bool,
    },
    /// Loads and validates everything a build would, and writes nothing.
    #[command(after_help = "Example:\n  rapport check --root my-report")]
    Check {
        /// The project folder (holds rapport.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err((error, root)) => report(&error, &root),
    }
}

fn run(command: Command) -> Result<(), (Error, PathBuf)> {
    match command {
        Command::Build { root, output, base_url, force } => {
            let options = rapport::BuildOptions { root: root.clone(), output, base_url, force };
            let report = rapport::build(&options).map_err(|e| (e, root.clone()))?;
            print_diagnostics(report.warnings.into_sorted(), &root);
            let c = &report.counts;
            println!(
                "built {} edition(s), {} language(s), {} page(s), {} chart(s) into {} in {:.0} ms",
                c.editions,
                c.languages,
                c.pages,
                c.charts,
                options.output_dir().display(),
                report.elapsed.as_secs_f64() * 1000.0
            );
            Ok(())
        }
        Command::Check { root } => {
            let warnings = rapport::check(&root).map_err(|e| (e, root.clone()))?;
            let count = warnings.iter().count();
            print_diagnostics(warnings.into_sorted(), &root);
            println!("no errors ({count} warning(s))");
            Ok(())
        }
    }
}

fn print_diagnostics(diagnostics: Vec<Diagnostic>, root: &std::path::Path) {
    for d in diagnostics {
        eprintln!("{}", d.relative_to(root));
    }
}

fn report(error: &Error, root: &std::path::Path) -> ExitCode {
    match error {
        Error::Content(problems) => {
            let sorted = problems.clone().into_sorted();
            let errors = sorted.iter().filter(|d| d.is_error()).count();
            print_diagnostics(sorted, root);
            eprintln!("rapport: {errors} error(s); nothing was written");
            ExitCode::from(1)
        }
        Error::Io { .. } => {
            eprintln!("rapport: error: {error}");
            ExitCode::from(1)
        }
        Error::Usage(message) => {
            eprintln!("rapport: error: {message}");
            ExitCode::from(2)
        }
    }
}

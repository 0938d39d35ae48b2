//! How the CLI talks: progress on a terminal, results as text or one JSON
//! object, and failures as one line (or a JSON `{"error": ..}`) with an
//! exit code that tells a rejected proof from a usage or I/O error.

use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::process::ExitCode;
use std::time::{Duration, Instant};

/// Why a command failed, by exit code.
#[derive(Debug)]
pub enum Failure {
    /// Bad arguments, unreadable files, a failed build or proof: exit 1.
    Usage(String),
    /// The proof does not verify (or is not a proof of this program): exit 2.
    Rejected(String),
}

impl Failure {
    pub fn exit_code(&self) -> ExitCode {
        match self {
            Failure::Usage(_) => ExitCode::from(1),
            Failure::Rejected(_) => ExitCode::from(2),
        }
    }

    /// Prints the failure: `error: ..` on stderr, or with `--json` one
    /// object on stdout (so scripts never parse stderr).
    pub fn report(&self, json: bool) {
        let (message, rejected) = match self {
            Failure::Usage(m) => (m, false),
            Failure::Rejected(m) => (m, true),
        };
        if json {
            let mut obj = serde_json::json!({ "error": message, "rejected": rejected });
            if rejected {
                obj["verified"] = serde_json::json!(false);
            }
            println!("{obj}");
        } else {
            eprintln!("error: {message}");
        }
    }
}

impl<E: std::fmt::Display> From<E> for Failure {
    fn from(e: E) -> Self {
        Failure::Usage(e.to_string())
    }
}

/// Stage progress: a spinner naming the stage on a terminal, nothing when
/// stderr is not one or the output is JSON.
pub struct Progress {
    shown: bool,
}

impl Progress {
    pub fn new(json: bool) -> Self {
        Self {
            shown: !json && std::io::stderr().is_terminal(),
        }
    }

    /// Runs `work` as the stage `name`; on a terminal, shows a spinner
    /// while it runs and leaves a line with its time.
    pub fn stage<T>(&self, name: &str, work: impl FnOnce() -> T) -> T {
        if !self.shown {
            return work();
        }
        let bar = ProgressBar::new_spinner();
        bar.set_style(
            ProgressStyle::with_template("{spinner} {msg} ({elapsed})").expect("a valid template"),
        );
        bar.set_message(name.to_string());
        bar.enable_steady_tick(Duration::from_millis(120));
        let clock = Instant::now();
        let out = work();
        bar.finish_and_clear();
        eprintln!("{name}: {:.2} s", clock.elapsed().as_secs_f64());
        out
    }
}

/// A warning on stderr, unless the output is JSON (which carries it in a
/// `warning` field instead).
pub fn warn(json: bool, line: &str) {
    if !json {
        eprintln!("warning: {line}");
    }
}

/// Seconds as a JSON number.
pub fn secs(d: Duration) -> f64 {
    d.as_secs_f64()
}

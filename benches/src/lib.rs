//! The benchmark harness behind the book's Performance chapter.
//!
//! `cargo run --release -p jolt-benches -- [--programs ..] [--sizes 16..20]
//! [--runs 3] [--out DIR] [--config NAME[:bin=PATH][:VAR=VALUE]]... [--book]`
//!
//! For each program ([`programs`]), sized by its input to fill a trace of
//! `2^k` cycles, and each configuration, a child process ([`measure`])
//! proves and verifies the run `runs` times and reports every stage's
//! time, the verifier's time, the proof's size by component and its own
//! peak RSS. The parent turns the runs into medians ([`report`]: CSV, JSON,
//! markdown, with the machine), plots them ([`plot`]) and, with `--book`,
//! writes the Performance chapter ([`book`]). Two or more configurations
//! make a side-by-side run: their children alternate within each
//! (program, size), and the tables give each one's ratios to the first, so
//! a change is judged by ratios measured in one run.
pub mod book;
pub mod measure;
pub mod plot;
pub mod programs;
pub mod report;

//! From runs to tables: medians per (configuration, program, size), with
//! the prove time's min and max, written as CSV and JSON for tools and as
//! markdown for the book, each with the machine it was measured on.
use crate::measure::{ChildResult, Run};
pub use jolt_sdk::host::Machine;
use serde::{Deserialize, Serialize};
use std::fmt::Write;

/// The figures of one (configuration, program, size): medians over the
/// runs unless named otherwise.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Row {
    pub config: String,
    pub program: String,
    pub log_size: usize,
    pub cycles: u64,
    pub padded_log: usize,
    pub runs: usize,
    pub trace_s: f64,
    pub witness_s: f64,
    pub commit_s: f64,
    pub memory_checking_s: f64,
    pub lookups_s: f64,
    pub r1cs_s: f64,
    pub opening_s: f64,
    pub prove_s: f64,
    pub prove_min_s: f64,
    pub prove_max_s: f64,
    /// Cycles per second of the median proof.
    pub throughput_hz: f64,
    pub verify_ms: f64,
    pub proof_bytes: usize,
    pub proof_memory_bytes: usize,
    pub proof_lookups_bytes: usize,
    pub proof_r1cs_bytes: usize,
    pub proof_opening_bytes: usize,
    pub peak_rss_mib: f64,
    /// Medians of each component's own stages (`component: stage`, s).
    #[serde(default)]
    pub detail: Vec<(String, f64)>,
}

/// The CSV header: every [`Row`] field, then the machine's.
pub const CSV_COLUMNS: [&str; 27] = [
    "config",
    "program",
    "log_size",
    "cycles",
    "padded_log",
    "runs",
    "trace_s",
    "witness_s",
    "commit_s",
    "memory_checking_s",
    "lookups_s",
    "r1cs_s",
    "opening_s",
    "prove_s",
    "prove_min_s",
    "prove_max_s",
    "throughput_hz",
    "verify_ms",
    "proof_bytes",
    "proof_memory_bytes",
    "proof_lookups_bytes",
    "proof_r1cs_bytes",
    "proof_opening_bytes",
    "peak_rss_mib",
    "cores",
    "cpu",
    "memory_mib",
];

/// The median of `values` (the upper one of an even count).
pub fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(f64::NAN)
}

impl Row {
    pub fn new(config: &str, r: &ChildResult) -> Self {
        let stage = |f: fn(&Run) -> f64| median(r.runs.iter().map(f).collect());
        let prove: Vec<f64> = r.runs.iter().map(|x| x.prove_s).collect();
        let prove_s = median(prove.clone());
        Self {
            config: config.to_string(),
            program: r.program.clone(),
            log_size: r.log_size,
            cycles: r.cycles,
            padded_log: r.padded_log,
            runs: r.runs.len(),
            trace_s: stage(|x| x.trace_s),
            witness_s: stage(|x| x.witness_s),
            commit_s: stage(|x| x.commit_s),
            memory_checking_s: stage(|x| x.memory_checking_s),
            lookups_s: stage(|x| x.lookups_s),
            r1cs_s: stage(|x| x.r1cs_s),
            opening_s: stage(|x| x.opening_s),
            prove_s,
            prove_min_s: prove.iter().copied().fold(f64::INFINITY, f64::min),
            prove_max_s: prove.iter().copied().fold(0.0, f64::max),
            throughput_hz: r.cycles as f64 / prove_s,
            verify_ms: stage(|x| x.verify_s) * 1e3,
            proof_bytes: r.proof_bytes,
            proof_memory_bytes: r.proof_memory_bytes,
            proof_lookups_bytes: r.proof_lookups_bytes,
            proof_r1cs_bytes: r.proof_r1cs_bytes,
            proof_opening_bytes: r.proof_opening_bytes,
            peak_rss_mib: r.peak_rss_mib,
            detail: r.runs.first().map_or(Vec::new(), |first| {
                first
                    .detail
                    .iter()
                    .enumerate()
                    .map(|(i, (name, _))| {
                        let times = r.runs.iter().filter_map(|x| x.detail.get(i)).map(|d| d.1);
                        (name.clone(), median(times.collect()))
                    })
                    .collect()
            }),
        }
    }

    /// The prover stages in the order the tables and the stacked bar list
    /// them, with their names.
    pub fn stages(&self) -> [(&'static str, f64); 7] {
        [
            ("trace", self.trace_s),
            ("witness", self.witness_s),
            ("commit", self.commit_s),
            ("memory checking", self.memory_checking_s),
            ("instruction lookups", self.lookups_s),
            ("R1CS", self.r1cs_s),
            ("opening", self.opening_s),
        ]
    }
}

/// A CSV field: quoted when it holds a comma or a quote.
fn field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

pub fn csv(rows: &[Row], machine: &Machine) -> String {
    let mut out = CSV_COLUMNS.join(",") + "\n";
    for r in rows {
        let cells = [
            field(&r.config),
            field(&r.program),
            r.log_size.to_string(),
            r.cycles.to_string(),
            r.padded_log.to_string(),
            r.runs.to_string(),
            format!("{:.4}", r.trace_s),
            format!("{:.4}", r.witness_s),
            format!("{:.4}", r.commit_s),
            format!("{:.4}", r.memory_checking_s),
            format!("{:.4}", r.lookups_s),
            format!("{:.4}", r.r1cs_s),
            format!("{:.4}", r.opening_s),
            format!("{:.4}", r.prove_s),
            format!("{:.4}", r.prove_min_s),
            format!("{:.4}", r.prove_max_s),
            format!("{:.1}", r.throughput_hz),
            format!("{:.2}", r.verify_ms),
            r.proof_bytes.to_string(),
            r.proof_memory_bytes.to_string(),
            r.proof_lookups_bytes.to_string(),
            r.proof_r1cs_bytes.to_string(),
            r.proof_opening_bytes.to_string(),
            format!("{:.1}", r.peak_rss_mib),
            machine.cores.to_string(),
            field(&machine.cpu),
            machine.memory_mib.to_string(),
        ];
        out += &cells.join(",");
        out.push('\n');
    }
    out
}

/// The JSON document: the machine, the command, the date, every row and
/// the sizes skipped (with why).
pub fn json(
    rows: &[Row],
    skipped: &[String],
    machine: &Machine,
    command: &str,
    date: &str,
) -> String {
    serde_json::to_string_pretty(&serde_json::json!({
        "machine": machine,
        "command": command,
        "date": date,
        "rows": rows,
        "skipped": skipped,
    }))
    .expect("rows serialize")
}

/// Every configuration in the order it first appears.
pub fn configs(rows: &[Row]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for r in rows {
        if !out.contains(&r.config) {
            out.push(r.config.clone());
        }
    }
    out
}

fn kb(bytes: usize) -> String {
    format!("{:.1} KB", bytes as f64 / 1000.0)
}

/// The markdown tables: per configuration, every stage; then, with two or
/// more configurations, each one's ratios to the first, measured in the
/// same run.
pub fn markdown(rows: &[Row], machine: &Machine) -> String {
    let mut s = String::new();
    let configs = configs(rows);
    for config in &configs {
        if configs.len() > 1 {
            let _ = writeln!(s, "Configuration `{config}`:\n");
        }
        s += "| program | cycles (padded) | trace | witness | commit | memory checking | instruction lookups | R1CS | opening | prove (min-max) | throughput | verify | proof | peak RSS |\n";
        s += "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n";
        for r in rows.iter().filter(|r| &r.config == config) {
            let stages: Vec<String> = r
                .stages()
                .iter()
                .map(|(_, t)| format!("{t:.2} s"))
                .collect();
            let _ = writeln!(
                s,
                "| {} | {} (2^{}) | {} | {:.2} s ({:.2}-{:.2}) | {:.1} kHz | {:.1} ms | {} | {:.0} MiB |",
                r.program,
                r.cycles,
                r.padded_log,
                stages.join(" | "),
                r.prove_s,
                r.prove_min_s,
                r.prove_max_s,
                r.throughput_hz / 1e3,
                r.verify_ms,
                kb(r.proof_bytes),
                r.peak_rss_mib
            );
        }
        s.push('\n');
    }
    if let Some((base, others)) = configs.split_first() {
        for other in others {
            let _ = writeln!(
                s,
                "Ratios `{other}` / `{base}` (below 1: `{other}` is faster or smaller), measured in the same run:\n"
            );
            s += "| program | size | prove | verify | proof | peak RSS |\n|---|---|---|---|---|---|\n";
            for b in rows.iter().filter(|r| &r.config == base) {
                let Some(o) = rows.iter().find(|r| {
                    &r.config == other && r.program == b.program && r.log_size == b.log_size
                }) else {
                    continue;
                };
                let _ = writeln!(
                    s,
                    "| {} | 2^{} | {:.3} | {:.3} | {:.3} | {:.3} |",
                    b.program,
                    b.log_size,
                    o.prove_s / b.prove_s,
                    o.verify_ms / b.verify_ms,
                    o.proof_bytes as f64 / b.proof_bytes as f64,
                    o.peak_rss_mib / b.peak_rss_mib
                );
            }
            s.push('\n');
        }
    }
    if let Some(first) = rows.iter().find(|r| !r.detail.is_empty()) {
        s += "Each component's own stages, its commitments included (medians):\n\n";
        let names: Vec<&str> = first.detail.iter().map(|(n, _)| n.as_str()).collect();
        let several = configs.len() > 1;
        let _ = writeln!(s, "| program | size | {} |", names.join(" | "));
        let _ = writeln!(s, "|---|---|{}", "---|".repeat(names.len()));
        for r in rows.iter().filter(|r| r.detail.len() == names.len()) {
            let cells: Vec<String> = r.detail.iter().map(|(_, t)| format!("{t:.2} s")).collect();
            let program = if several {
                format!("{} ({})", r.program, r.config)
            } else {
                r.program.clone()
            };
            let _ = writeln!(
                s,
                "| {program} | 2^{} | {} |",
                r.log_size,
                cells.join(" | ")
            );
        }
        s.push('\n');
    }
    let runs = rows.iter().map(|r| r.runs).max().unwrap_or(0);
    let _ = writeln!(
        s,
        "Medians of {runs} run(s) on {}; prove min-max over the runs; throughput is cycles per second of the median proof; peak RSS is the whole process's, one process per row.",
        machine.describe()
    );
    s
}

/// The markdown lines naming the sizes skipped, and why (empty if none).
pub fn skipped_notes(skipped: &[String]) -> String {
    if skipped.is_empty() {
        return String::new();
    }
    let mut s = String::from("\nNot measured:\n\n");
    for note in skipped {
        let _ = writeln!(s, "- {note}");
    }
    s
}

//! The benchmark harness: `cargo run --release -p jolt-benches -- --help`.
use clap::Parser;
use jolt_benches::measure::{measure, ChildResult, RESULT_MARKER, SKIP_MARKER};
use jolt_benches::programs::{workload, DoesNotFit, WORKLOADS};
use jolt_benches::report::{self, Machine, Row};
use jolt_benches::{book, plot};
use std::error::Error;
use std::path::PathBuf;
use std::process::{Command, Stdio};

/// Proves benchmark programs at trace sizes 2^k, each (configuration,
/// program, size) in a process of its own, and writes CSV, JSON, markdown
/// and PNG plots.
#[derive(Parser, Debug)]
#[command(name = "jolt-benches")]
struct Args {
    /// Programs, comma-separated (default: all of fibonacci, sha256, sha3,
    /// sort, memory).
    #[arg(long, value_delimiter = ',')]
    programs: Option<Vec<String>>,
    /// Trace sizes as log2 of the cycles: `16,18,20` or a range `16..20`.
    #[arg(long, default_value = "16,18,20")]
    sizes: String,
    /// Proofs per (configuration, program, size); the tables give medians.
    #[arg(long, default_value_t = 3)]
    runs: usize,
    /// Where to write results.csv, results.json, results.md and the plots.
    #[arg(long, default_value = "target/jolt-benches")]
    out: PathBuf,
    /// A configuration to compare, `NAME[:bin=PATH][:VAR=VALUE]...`: the
    /// children run PATH (another build of this harness, e.g. the release
    /// before a change) with the environment variables set. Give two or
    /// more for a side-by-side run with ratios; default: this build as is.
    #[arg(long = "config")]
    configs: Vec<String>,
    /// Also write the book's Performance chapter (book/src/performance.md
    /// and its plots).
    #[arg(long)]
    book: bool,
    /// Skip the PNG plots.
    #[arg(long)]
    no_plots: bool,
    /// Measure nothing: write the tables, plots and chapter again from a
    /// results.json of an earlier run (its machine and command are kept).
    #[arg(long, value_name = "RESULTS_JSON")]
    from: Option<PathBuf>,
    /// Internal: measure one program (the child process).
    #[arg(long, hide = true)]
    child: Option<String>,
    /// Internal: the child's size.
    #[arg(long, hide = true)]
    log_size: Option<usize>,
}

/// A configuration: its name, the harness binary its children run, and
/// their extra environment.
#[derive(Debug)]
struct Config {
    name: String,
    bin: PathBuf,
    env: Vec<(String, String)>,
}

fn parse_config(spec: &str) -> Result<Config, String> {
    let mut parts = spec.split(':');
    let name = parts.next().filter(|n| !n.is_empty()).ok_or_else(|| {
        format!("--config {spec:?}: give a name first, as NAME[:bin=PATH][:VAR=VALUE]...")
    })?;
    let mut config = Config {
        name: name.to_string(),
        bin: std::env::current_exe().map_err(|e| e.to_string())?,
        env: Vec::new(),
    };
    for part in parts {
        match part.split_once('=') {
            Some(("bin", path)) => config.bin = PathBuf::from(path),
            Some((var, value)) if !var.is_empty() => {
                config.env.push((var.to_string(), value.to_string()))
            }
            _ => {
                return Err(format!(
                    "--config {spec:?}: {part:?} is neither bin=PATH nor VAR=VALUE"
                ))
            }
        }
    }
    if !config.bin.is_file() {
        return Err(format!(
            "--config {spec:?}: {} is not a file (give the path of a jolt-benches binary)",
            config.bin.display()
        ));
    }
    Ok(config)
}

fn parse_sizes(s: &str) -> Result<Vec<usize>, String> {
    let bad = |e: &dyn std::fmt::Display| format!("--sizes {s:?}: {e} (give 16,18,20 or 16..20)");
    let sizes: Vec<usize> = match s.split_once("..") {
        Some((a, b)) => {
            let (a, b): (usize, usize) = (
                a.trim().parse().map_err(|e| bad(&e))?,
                b.trim()
                    .trim_start_matches('=')
                    .parse()
                    .map_err(|e| bad(&e))?,
            );
            (a..=b).collect()
        }
        None => s
            .split(',')
            .map(|k| k.trim().parse().map_err(|e| bad(&e)))
            .collect::<Result<_, _>>()?,
    };
    match sizes.iter().find(|&&k| !(8..=26).contains(&k)) {
        Some(k) => Err(bad(&format!("2^{k} is outside 2^8..2^26"))),
        None if sizes.is_empty() => Err(bad(&"no size")),
        None => Ok(sizes),
    }
}

/// Runs one child and reads its result line: `Err(reason)` inside the
/// `Ok` when the child skipped the size (the program does not fit it).
fn run_child(
    config: &Config,
    program: &str,
    k: usize,
    runs: usize,
) -> Result<Result<ChildResult, String>, Box<dyn Error>> {
    let out = Command::new(&config.bin)
        .args(["--child", program, "--log-size", &k.to_string()])
        .args(["--runs", &runs.to_string()])
        .envs(config.env.iter().map(|(k, v)| (k, v)))
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot run {}: {e}", config.bin.display()))?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() {
        return Err(format!(
            "{program} at 2^{k} ({}) failed ({}){}",
            config.name,
            out.status,
            stdout
                .lines()
                .last()
                .map(|l| format!(": {l}"))
                .unwrap_or_default()
        )
        .into());
    }
    if let Some(reason) = stdout.lines().find_map(|l| l.strip_prefix(SKIP_MARKER)) {
        return Ok(Err(reason.to_string()));
    }
    let line = stdout
        .lines()
        .find_map(|l| l.strip_prefix(RESULT_MARKER))
        .ok_or_else(|| format!("{} printed no result line", config.bin.display()))?;
    Ok(Ok(serde_json::from_str(line)?))
}

fn main() {
    if let Err(e) = run(Args::parse()) {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

fn run(args: Args) -> Result<(), Box<dyn Error>> {
    if let Some(program) = &args.child {
        let k = args.log_size.ok_or("--child needs --log-size")?;
        match measure(workload(program)?, k, args.runs.max(1)) {
            Ok(result) => println!("{RESULT_MARKER}{}", serde_json::to_string(&result)?),
            Err(e) => match e.downcast_ref::<DoesNotFit>() {
                Some(reason) => println!("{SKIP_MARKER}{reason}"),
                None => return Err(e),
            },
        }
        return Ok(());
    }
    if args.runs == 0 {
        return Err("--runs must be at least 1".into());
    }
    let (rows, skipped, machine, command, date) = match &args.from {
        Some(path) => read_results(path)?,
        None => {
            let (rows, skipped) = measure_all(&args)?;
            (
                rows,
                skipped,
                Machine::this(),
                format!(
                    "cargo run --release -p jolt-benches -- {}",
                    std::env::args().skip(1).collect::<Vec<_>>().join(" ")
                ),
                book::today(),
            )
        }
    };
    if rows.is_empty() {
        return Err(format!("nothing was measured: {}", skipped.join("; ")).into());
    }
    std::fs::create_dir_all(&args.out)?;
    let markdown = report::markdown(&rows, &machine) + &report::skipped_notes(&skipped);
    std::fs::write(args.out.join("results.csv"), report::csv(&rows, &machine))?;
    std::fs::write(
        args.out.join("results.json"),
        report::json(&rows, &skipped, &machine, &command, &date),
    )?;
    std::fs::write(args.out.join("results.md"), &markdown)?;
    if !args.no_plots {
        plot::plots(&args.out, &rows)?;
    }
    if args.book {
        let dir = jolt_benches::programs::repo_root().join("book/src");
        std::fs::create_dir_all(dir.join("performance"))?;
        plot::plots(&dir.join("performance"), &rows)?;
        std::fs::write(
            dir.join("performance.md"),
            book::chapter(&rows, &machine, &command, &date),
        )?;
        eprintln!("wrote book/src/performance.md and book/src/performance/*.png");
    }
    println!("{markdown}");
    eprintln!("wrote {}/results.{{csv,json,md}}", args.out.display());
    Ok(())
}

/// Every (configuration, program, size) of the command line, measured, and
/// a note for each one skipped because the program does not fit the size.
fn measure_all(args: &Args) -> Result<(Vec<Row>, Vec<String>), Box<dyn Error>> {
    let sizes = parse_sizes(&args.sizes)?;
    let programs: Vec<String> = match &args.programs {
        Some(p) => p.clone(),
        None => WORKLOADS.iter().map(|w| w.name.to_string()).collect(),
    };
    for p in &programs {
        workload(p)?;
    }
    let configs: Vec<Config> = if args.configs.is_empty() {
        vec![parse_config("current")?]
    } else {
        args.configs
            .iter()
            .map(|c| parse_config(c))
            .collect::<Result<_, _>>()?
    };
    eprintln!("jolt-benches on {}", Machine::this().describe());
    let total = programs.len() * sizes.len() * configs.len();
    let mut rows = Vec::new();
    let mut skipped = Vec::new();
    let mut done = 0;
    // Configurations alternate within each (program, size), so a side-by-
    // side run sees the same machine state for both.
    for program in &programs {
        for &k in &sizes {
            for config in &configs {
                done += 1;
                eprintln!(
                    "[{done}/{total}] {program} at 2^{k} ({}, {} run(s))",
                    config.name, args.runs
                );
                match run_child(config, program, k, args.runs)? {
                    Ok(result) => rows.push(Row::new(&config.name, &result)),
                    Err(reason) => {
                        eprintln!("  skipped: {reason}");
                        let note = format!("{reason} (skipped)");
                        if !skipped.contains(&note) {
                            skipped.push(note);
                        }
                    }
                }
            }
        }
    }
    Ok((rows, skipped))
}

/// What an earlier run's results.json holds: rows, skip notes, machine,
/// command and date.
type Results = (Vec<Row>, Vec<String>, Machine, String, String);

/// The rows, machine, command and date of an earlier run's results.json.
fn read_results(path: &std::path::Path) -> Result<Results, Box<dyn Error>> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let doc: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| format!("{}: not a results.json: {e}", path.display()))?;
    let field = |name: &str| {
        doc.get(name)
            .cloned()
            .ok_or_else(|| format!("{}: no {name:?} in it (not a results.json)", path.display()))
    };
    let rows: Vec<Row> = serde_json::from_value(field("rows")?)?;
    // Results from before skips were recorded: none.
    let skipped: Vec<String> = match doc.get("skipped") {
        Some(v) => serde_json::from_value(v.clone())?,
        None => Vec::new(),
    };
    let machine: Machine = serde_json::from_value(field("machine")?)?;
    let text_of = |name: &str| -> Result<String, String> {
        Ok(field(name)?.as_str().unwrap_or_default().to_string())
    };
    // Results from before the date was recorded: today's.
    let date = text_of("date").unwrap_or_else(|_| book::today());
    Ok((rows, skipped, machine, text_of("command")?, date))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_as_lists_and_ranges_and_refuse_nonsense() {
        assert_eq!(parse_sizes("16,18,20"), Ok(vec![16, 18, 20]));
        assert_eq!(parse_sizes("10..12"), Ok(vec![10, 11, 12]));
        assert!(parse_sizes("4").unwrap_err().contains("outside"));
        assert!(parse_sizes("x").unwrap_err().contains("--sizes"));
    }

    #[test]
    fn configs_parse_names_binaries_and_variables() {
        let c = parse_config("one-thread:RAYON_NUM_THREADS=1").unwrap();
        assert_eq!(c.name, "one-thread");
        assert_eq!(c.env, [("RAYON_NUM_THREADS".into(), "1".into())]);
        assert!(parse_config(":X=1").is_err());
        assert!(parse_config("a:nonsense").unwrap_err().contains("neither"));
        assert!(parse_config("a:bin=/no/such/harness")
            .unwrap_err()
            .contains("not a file"));
    }
}

//! The harness end to end at tiny sizes: it proves, verifies, and writes a
//! CSV whose every column is present and parses, a JSON document, the
//! markdown table and the plots; a side-by-side run prints ratios; the
//! JSON renders the same tables again.
use jolt_benches::report::CSV_COLUMNS;
use std::path::PathBuf;
use std::process::Command;

fn harness(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_jolt-benches"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn tiny_run_writes_every_column_and_the_plots() {
    let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("harness-tiny");
    let _ = std::fs::remove_dir_all(&out);
    let o = harness(&[
        "--programs",
        "fibonacci,memory",
        "--sizes",
        "10..11",
        "--runs",
        "1",
        "--config",
        "two-threads:RAYON_NUM_THREADS=2",
        "--config",
        "one-thread:RAYON_NUM_THREADS=1",
        "--out",
        out.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{stderr}");

    let csv = std::fs::read_to_string(out.join("results.csv")).unwrap();
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert_eq!(header, CSV_COLUMNS);
    let rows: Vec<Vec<String>> = lines.map(split_csv).collect();
    assert_eq!(rows.len(), 2 * 2 * 2, "programs x sizes x configs");
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    for row in &rows {
        assert_eq!(row.len(), header.len(), "{row:?}");
        for name in header
            .iter()
            .filter(|h| !["config", "program", "cpu"].contains(h))
        {
            let v: f64 = row[col(name)]
                .parse()
                .unwrap_or_else(|e| panic!("{name} = {:?}: {e}", row[col(name)]));
            assert!(v.is_finite() && v >= 0.0, "{name} = {v}");
        }
        let (k, cycles, padded): (u32, u64, u32) = (
            row[col("log_size")].parse().unwrap(),
            row[col("cycles")].parse().unwrap(),
            row[col("padded_log")].parse().unwrap(),
        );
        // Sized to fill the trace: more than half of 2^k, at most 2^k.
        assert!(
            cycles <= 1 << k && cycles > 1 << (k - 1),
            "{cycles} cycles at 2^{k}"
        );
        assert_eq!(padded, k);
        let prove: f64 = row[col("prove_s")].parse().unwrap();
        let stages: f64 = [
            "trace_s",
            "witness_s",
            "commit_s",
            "memory_checking_s",
            "lookups_s",
            "r1cs_s",
            "opening_s",
        ]
        .iter()
        .map(|s| row[col(s)].parse::<f64>().unwrap())
        .sum();
        assert!(
            stages <= prove * 1.01 + 0.01,
            "stages {stages} > prove {prove}"
        );
        let parts: usize = [
            "proof_memory_bytes",
            "proof_lookups_bytes",
            "proof_r1cs_bytes",
            "proof_opening_bytes",
        ]
        .iter()
        .map(|s| row[col(s)].parse::<usize>().unwrap())
        .sum();
        assert_eq!(parts, row[col("proof_bytes")].parse::<usize>().unwrap());
        assert!(row[col("peak_rss_mib")].parse::<f64>().unwrap() > 1.0);
        assert!(row[col("cores")].parse::<usize>().unwrap() >= 1);
    }

    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("results.json")).unwrap()).unwrap();
    assert_eq!(json["rows"].as_array().unwrap().len(), rows.len());
    assert!(json["machine"]["cores"].as_u64().unwrap() >= 1);
    let md = std::fs::read_to_string(out.join("results.md")).unwrap();
    assert!(md.contains("Ratios `one-thread` / `two-threads`"), "{md}");
    assert!(md.contains("| fibonacci | 2^10 |"), "{md}");
    assert!(md.contains("lookups: primary sum-check"), "{md}");
    for png in [
        "prove_time_per_cycle",
        "prove_stages",
        "proof_size",
        "peak_memory",
    ] {
        let bytes = std::fs::read(out.join(format!("{png}.png"))).unwrap();
        assert_eq!(&bytes[1..4], b"PNG", "{png}");
    }
}

/// A program whose smallest run does not fit a size is skipped with a note
/// (in the output and the JSON); the others are still measured. A run that
/// measures nothing at all is an error.
#[test]
fn a_program_too_long_for_a_size_is_skipped_with_a_note() {
    let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("harness-skip");
    let _ = std::fs::remove_dir_all(&out);
    let o = harness(&[
        "--programs",
        "fibonacci,sha256",
        "--sizes",
        "10",
        "--runs",
        "1",
        "--no-plots",
        "--out",
        out.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{stderr}");
    assert!(
        stderr.contains("skipped: sha256 needs more than 2^10 cycles"),
        "{stderr}"
    );
    let md = std::fs::read_to_string(out.join("results.md")).unwrap();
    assert!(md.contains("| fibonacci | 2^10 |"), "{md}");
    assert!(md.contains("Not measured:"), "{md}");
    assert!(md.contains("sha256 needs more than 2^10 cycles"), "{md}");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("results.json")).unwrap()).unwrap();
    assert_eq!(json["rows"].as_array().unwrap().len(), 1);
    assert_eq!(json["skipped"].as_array().unwrap().len(), 1);

    let o = harness(&["--programs", "sha256", "--sizes", "10", "--runs", "1"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("nothing was measured"));
}

#[test]
fn bad_arguments_are_one_line_errors() {
    for (args, needle) in [
        (&["--programs", "nonesuch"][..], "unknown program"),
        (&["--sizes", "3"][..], "outside"),
        (&["--config", "x:bin=/no/such/file"][..], "not a file"),
        (&["--runs", "0"][..], "at least 1"),
    ] {
        let o = harness(args);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert!(
            stderr.starts_with("error: ") && stderr.contains(needle),
            "{args:?}: {stderr}"
        );
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
    }
}

/// One CSV line's fields (quoted fields may hold commas).
fn split_csv(line: &str) -> Vec<String> {
    let (mut fields, mut cur, mut quoted) = (Vec::new(), String::new(), false);
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => fields.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    fields.push(cur);
    fields
}

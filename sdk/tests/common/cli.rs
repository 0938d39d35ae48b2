//! Running the `jolt` binary and reading what it prints, for the CLI tests.
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn jolt(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jolt"))
        .args(args)
        .output()
        .unwrap()
}

/// The one JSON object a successful `--json` command prints.
pub fn json_ok(o: &Output) -> Value {
    assert!(
        o.status.success(),
        "jolt failed: {}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_slice(&o.stdout).unwrap()
}

/// Fails with `code`, and with `--json` prints `{"error": .., "rejected":
/// ..}` on stdout whose message contains `needle`; returns the object.
pub fn json_fails(o: &Output, code: i32, needle: &str) -> Value {
    assert_eq!(
        o.status.code(),
        Some(code),
        "stdout {} stderr {}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let msg = v["error"].as_str().unwrap();
    assert!(msg.contains(needle), "{msg:?} should mention {needle:?}");
    assert_eq!(v["rejected"], Value::Bool(code == 2));
    v
}

/// A scratch file `name` in the folder `dir` of the guests' target dir.
pub fn scratch_in(dir: &str, name: &str) -> PathBuf {
    let dir = super::target_dir().join(dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

pub fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

//! Compile-fail tests of `#[provable]`: each misuse is a small crate that
//! `cargo check` must refuse with the attribute's message, pointing at the
//! line of the user's mistake. (The expansion's own unit tests cover every
//! message; these check that rustc reports them where the user looks.)
use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A guest crate's manifest; `guest_deps: false` leaves out what makes it
/// one.
fn manifest(name: &str, guest_deps: bool) -> String {
    let repo = repo().canonicalize().unwrap();
    let sdk = repo.join("sdk");
    let mut m = format!(
        "[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n\
         [dependencies]\njolt-sdk-macros = {{ path = {:?} }}\n\
         serde = {{ version = \"1\", default-features = false, features = [\"derive\"] }}\n",
        sdk.join("macros")
    );
    if guest_deps {
        m += &format!(
            "\n[target.'cfg(target_arch = \"riscv32\")'.dependencies]\n\
             jolt-guest = {{ path = {:?}, features = [\"provable\"] }}\n\
             \n[target.'cfg(not(target_arch = \"riscv32\"))'.dependencies]\n\
             jolt-sdk = {{ path = {:?} }}\n",
            sdk.join("guest"),
            sdk
        );
    }
    m + "\n[workspace]\n"
}

/// `cargo check` of a crate with `lib` as src/lib.rs; its stderr, which
/// must report a failure.
fn check_fails(name: &str, lib: &str, guest_deps: bool) -> String {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("provable-misuse")
        .join(name);
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::write(dir.join("Cargo.toml"), manifest(name, guest_deps)).unwrap();
    std::fs::write(dir.join("src/lib.rs"), lib).unwrap();
    std::fs::write(dir.join("src/main.rs"), "fn main() {}\n").unwrap();
    // The workspace's lock file pins every dependency, so no resolution
    // (and no network) is needed.
    std::fs::copy(repo().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    let out = Command::new(env!("CARGO"))
        .args([
            "check",
            "--lib",
            "--offline",
            "--quiet",
            "--message-format=short",
        ])
        .arg("--target-dir")
        .arg(PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("provable-misuse/target"))
        .current_dir(&dir)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!out.status.success(), "{name} compiled:\n{stderr}");
    stderr
}

/// Asserts that rustc reported `message` at `src/lib.rs:line`.
fn assert_reported(stderr: &str, line: usize, message: &str) {
    let at = format!("src/lib.rs:{line}:");
    assert!(
        stderr
            .lines()
            .any(|l| l.contains(&at) && l.contains(message)),
        "expected {message:?} at {at}, got:\n{stderr}"
    );
}

#[test]
fn misuse_of_provable_is_a_compile_error_at_the_users_code() {
    let prelude = "#![cfg_attr(target_arch = \"riscv32\", no_std)]\n";
    let cases = [
        (
            "generic",
            "#[jolt_sdk_macros::provable]\npub fn f<T: Copy>(x: T) -> u32 { 0 }\n",
            3,
            "cannot be generic",
        ),
        (
            "async",
            "#[jolt_sdk_macros::provable]\npub async fn f(x: u32) -> u32 { x }\n",
            3,
            "cannot be `async`",
        ),
        (
            "reference",
            "#[jolt_sdk_macros::provable]\npub fn f(x: &[u8]) -> u32 { 0 }\n",
            3,
            "take them by value",
        ),
        (
            "not-serde",
            "pub struct Opaque(pub u32);\n\
             #[jolt_sdk_macros::provable]\npub fn f(x: Opaque) -> u32 { x.0 }\n",
            4,
            "Serialize",
        ),
    ];
    for (name, lib, line, message) in cases {
        let stderr = check_fails(name, &format!("{prelude}{lib}"), true);
        assert_reported(&stderr, line, message);
    }
}

#[test]
fn provable_outside_a_guest_crate_says_what_to_add() {
    let lib = "#[jolt_sdk_macros::provable]\npub fn f(x: u32) -> u32 { x }\n";
    let stderr = check_fails("no-guest-deps", lib, false);
    assert_reported(&stderr, 1, "needs a guest crate");
    assert!(
        stderr.contains("jolt-guest") && stderr.contains("jolt-sdk"),
        "{stderr}"
    );
}

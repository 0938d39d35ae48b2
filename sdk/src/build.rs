//! Building guests: a Rust `no_std` crate for `riscv32im-unknown-none-elf`,
//! or a C program from one or more `.c`, `.S` or `.s` files, linked with the sdk's linker
//! script (generated from [`MemoryLayout`]) into an RV32IM ELF.

use jolt_core::MemoryLayout;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use thiserror::Error;

/// The Rust target of guests.
pub const GUEST_TARGET: &str = "riscv32im-unknown-none-elf";

/// Debian's rustc (package rustc-web) and cargo (cargo-web); used by absolute
/// path so the rustup toolchain on PATH keeps building the host.
const DEBIAN_RUSTC: &str = "/usr/bin/rustc";
const DEBIAN_CARGO: &str = "/usr/bin/cargo";
/// Where rust-web-src puts the std sources that `-Zbuild-std` compiles.
const DEBIAN_RUST_SRC: &str = "/usr/lib/rustlib/src/rust/library/core/Cargo.toml";

const JOLT_H: &str = include_str!("../c/jolt.h");
const START_S: &str = include_str!("../c/start.S");
const JOLT_RT_C: &str = include_str!("../c/jolt_rt.c");

/// Why a guest did not build.
#[derive(Debug, Error)]
pub enum BuildError {
    #[error("{tool} not found; install the Debian package(s): {packages} (scripts/install-deps.sh does)")]
    MissingTool {
        tool: String,
        packages: &'static str,
    },
    #[error(
        "nothing to build: give a Rust guest crate directory or one or more .c, .S or .s files"
    )]
    NoSources,
    #[error("{0}: not a Rust guest crate directory (no Cargo.toml) nor a .c, .S or .s file")]
    NotAGuest(PathBuf),
    #[error("give either one Rust guest crate directory or C and assembly files, not both or several crates")]
    MixedSources,
    #[error("{0}: no such file or directory")]
    NotFound(PathBuf),
    #[error("{what} failed ({status}):\n{log}")]
    CommandFailed {
        what: String,
        status: String,
        log: String,
    },
    #[error("cargo built no executable for {0}")]
    NoExecutable(PathBuf),
    #[error("{context}: {source}")]
    Io {
        context: String,
        source: std::io::Error,
    },
}

fn io(context: impl Into<String>) -> impl FnOnce(std::io::Error) -> BuildError {
    let context = context.into();
    move |source| BuildError::Io { context, source }
}

/// What to build.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GuestSource {
    /// A Rust guest crate directory (holding a Cargo.toml).
    Rust(PathBuf),
    /// A C program made of these files (C and assembly sources).
    C(Vec<PathBuf>),
}

impl GuestSource {
    /// Classifies command-line paths: one directory with a Cargo.toml, or
    /// `.c`, `.S` and `.s` files.
    pub fn from_paths(paths: &[PathBuf]) -> Result<Self, BuildError> {
        if paths.is_empty() {
            return Err(BuildError::NoSources);
        }
        let mut crates = Vec::new();
        let mut cfiles = Vec::new();
        for p in paths {
            if !p.exists() {
                return Err(BuildError::NotFound(p.clone()));
            }
            if p.is_dir() && p.join("Cargo.toml").is_file() {
                crates.push(p.clone());
            } else if p.is_file() && is_c_source(p) {
                cfiles.push(p.clone());
            } else if p.is_file() && p.file_name().is_some_and(|n| n == "Cargo.toml") {
                crates.push(p.parent().unwrap_or(Path::new(".")).to_path_buf());
            } else {
                return Err(BuildError::NotAGuest(p.clone()));
            }
        }
        match (crates.len(), cfiles.is_empty()) {
            (1, true) => Ok(GuestSource::Rust(crates.pop().unwrap())),
            (0, false) => Ok(GuestSource::C(cfiles)),
            _ => Err(BuildError::MixedSources),
        }
    }
}

/// A C or assembly source (`.c`, `.S` with the preprocessor, `.s`), which
/// clang compiles alike and links with the C runtime.
fn is_c_source(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e == "c" || e == "S" || e == "s")
}

/// How to build.
#[derive(Clone, Debug, Default)]
pub struct BuildOptions {
    /// The memory layout the guest is linked for.
    pub layout: MemoryLayout,
    /// Directory for intermediate files; Rust guests built into one
    /// directory share their compiled `core` and `alloc`. Default: the
    /// crate's `target/` for Rust, a `target/jolt-c` beside the first
    /// source for C.
    pub target_dir: Option<PathBuf>,
    /// Where to put the ELF (copied there); default: the build's own path.
    pub output: Option<PathBuf>,
    /// Print the compilers' progress to stderr instead of capturing it.
    pub verbose: bool,
}

/// Builds a guest and returns the path of its ELF.
pub fn build_guest(source: &GuestSource, opts: &BuildOptions) -> Result<PathBuf, BuildError> {
    let elf = match source {
        GuestSource::Rust(dir) => build_rust(dir, opts)?,
        GuestSource::C(files) => build_c(files, opts)?,
    };
    match &opts.output {
        Some(out) => {
            if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
                std::fs::create_dir_all(parent)
                    .map_err(io(format!("creating {}", parent.display())))?;
            }
            std::fs::copy(&elf, out)
                .map_err(io(format!("copying the ELF to {}", out.display())))?;
            Ok(out.clone())
        }
        None => Ok(elf),
    }
}

/// Builds from command-line paths (see [`GuestSource::from_paths`]).
pub fn build_paths(paths: &[PathBuf], opts: &BuildOptions) -> Result<PathBuf, BuildError> {
    build_guest(&GuestSource::from_paths(paths)?, opts)
}

fn find_in_path(tool: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(tool))
        .find(|p| p.is_file())
}

fn require(tool: &str, packages: &'static str) -> Result<PathBuf, BuildError> {
    let found = if tool.starts_with('/') {
        Some(PathBuf::from(tool)).filter(|p| p.exists())
    } else {
        find_in_path(tool)
    };
    found.ok_or_else(|| BuildError::MissingTool {
        tool: tool.to_string(),
        packages,
    })
}

fn run(cmd: &mut Command, what: &str, verbose: bool) -> Result<String, BuildError> {
    if verbose {
        eprintln!("+ {cmd:?}");
        cmd.stderr(Stdio::inherit());
    } else {
        cmd.stderr(Stdio::piped());
    }
    cmd.stdout(Stdio::piped());
    let out = cmd.output().map_err(io(format!("running {what}")))?;
    if !out.status.success() {
        let mut log = String::from_utf8_lossy(&out.stderr).into_owned();
        // Keep the end of long logs, where the error is.
        if log.len() > 8000 {
            let cut = log.len() - 8000;
            let cut = (cut..log.len())
                .find(|&i| log.is_char_boundary(i))
                .unwrap_or(cut);
            log = format!("...\n{}", &log[cut..]);
        }
        return Err(BuildError::CommandFailed {
            what: what.to_string(),
            status: out.status.to_string(),
            log,
        });
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Writes `contents` to `path` unless it already holds exactly that, so
/// file times (and cargo's fingerprints) stay put across builds. The write
/// goes through a temporary file and a rename, so concurrent builds sharing
/// a target directory never see a half-written file.
fn write_if_changed(path: &Path, contents: &str) -> Result<(), BuildError> {
    if std::fs::read_to_string(path).ok().as_deref() == Some(contents) {
        return Ok(());
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(io(format!("creating {}", parent.display())))?;
    }
    static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let tmp = path.with_extension(format!("tmp{}-{n}", std::process::id()));
    std::fs::write(&tmp, contents).map_err(io(format!("writing {}", tmp.display())))?;
    std::fs::rename(&tmp, path).map_err(io(format!("writing {}", path.display())))
}

/// A short stable hash naming a build's work directory (FNV-1a).
fn path_hash(paths: &[PathBuf]) -> u64 {
    let parts: Vec<&[u8]> = paths
        .iter()
        .map(|p| p.as_os_str().as_encoded_bytes())
        .collect();
    fnv1a(&parts)
}

/// FNV-1a (64 bits) of `parts`, each followed by a separator byte: names
/// build directories and cache files, where it only has to tell inputs
/// apart (nothing trusts it).
pub(crate) fn fnv1a(parts: &[&[u8]]) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    for b in parts.iter().flat_map(|p| p.iter().chain([&0u8])) {
        h = (h ^ *b as u64).wrapping_mul(0x0100_0000_01b3);
    }
    h
}

fn absolute(p: &Path) -> Result<PathBuf, BuildError> {
    std::path::absolute(p).map_err(io(format!("resolving {}", p.display())))
}

/// The toolchain that builds Rust guests.
enum RustToolchain {
    /// rustup with the riscv32im target installed: plain `cargo`.
    Rustup,
    /// Debian's rustc-web, cargo-web and rust-web-src with `-Zbuild-std`,
    /// linked by ld.lld.
    Debian,
}

fn rustup_has_target() -> bool {
    let Some(rustc) = find_in_path("rustc") else {
        return false;
    };
    let Ok(out) = Command::new(rustc)
        .args(["--print", "target-libdir", "--target", GUEST_TARGET])
        .stderr(Stdio::null())
        .output()
    else {
        return false;
    };
    let dir = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    out.status.success()
        && std::fs::read_dir(&dir)
            .map(|rd| {
                rd.flatten()
                    .any(|e| e.file_name().to_string_lossy().starts_with("libcore-"))
            })
            .unwrap_or(false)
}

fn rust_toolchain() -> Result<RustToolchain, BuildError> {
    if rustup_has_target() {
        return Ok(RustToolchain::Rustup);
    }
    require(DEBIAN_RUSTC, "rustc-web")?;
    require(DEBIAN_CARGO, "cargo-web")?;
    require(DEBIAN_RUST_SRC, "rust-web-src")?;
    require("ld.lld", "lld")?;
    Ok(RustToolchain::Debian)
}

fn build_rust(dir: &Path, opts: &BuildOptions) -> Result<PathBuf, BuildError> {
    let dir = absolute(dir)?;
    let manifest = dir.join("Cargo.toml");
    let toolchain = rust_toolchain()?;
    let target_dir = match &opts.target_dir {
        Some(t) => absolute(t)?,
        None => dir.join("target"),
    };
    let script = target_dir.join(format!("jolt-{}.ld", layout_tag(&opts.layout)));
    write_if_changed(&script, &opts.layout.linker_script())?;

    let mut cmd = match toolchain {
        RustToolchain::Rustup => Command::new("cargo"),
        RustToolchain::Debian => Command::new(DEBIAN_CARGO),
    };
    // A clean environment: when called from inside cargo (tests, build
    // scripts) the host's CARGO_*, RUSTC* and RUSTUP_* settings must not
    // leak into the guest build.
    let keep = |k: &str| {
        // The user's cargo settings (registry, network, terminal) stay.
        const USER_CARGO: [&str; 5] = [
            "CARGO_HOME",
            "CARGO_NET_",
            "CARGO_HTTP_",
            "CARGO_REGISTRIES_",
            "CARGO_TERM_",
        ];
        if k.starts_with("CARGO") {
            return USER_CARGO.iter().any(|p| k.starts_with(p));
        }
        !(k.starts_with("RUSTC")
            || k.starts_with("RUSTDOC")
            || k == "RUSTFLAGS"
            || k == "RUSTUP_TOOLCHAIN"
            || k.starts_with("__CARGO"))
    };
    cmd.env_clear();
    for (k, v) in std::env::vars_os() {
        if keep(&k.to_string_lossy()) {
            cmd.env(k, v);
        }
    }
    cmd.arg("rustc")
        .arg("--release")
        .arg("--manifest-path")
        .arg(&manifest)
        .arg("--target")
        .arg(GUEST_TARGET)
        .arg("--target-dir")
        .arg(&target_dir)
        .arg("--message-format=json-render-diagnostics");
    // A #[provable] guest crate is a library (its functions, also compiled
    // for the host) plus the binary that links it: build the binary.
    if dir.join("src/lib.rs").is_file() {
        cmd.arg("--bins");
    }
    if let RustToolchain::Debian = toolchain {
        cmd.env("RUSTC", DEBIAN_RUSTC)
            .env("RUSTDOC", "/usr/bin/rustdoc")
            .env("RUSTC_BOOTSTRAP", "1")
            .arg("-Zbuild-std=core,alloc")
            .arg("-Zbuild-std-features=compiler-builtins-mem");
    }
    // Flags after `--` apply to the guest binary only, so the compiled
    // core/alloc are shared by every guest and layout.
    let mut link_arg = OsString::from("link-arg=-T");
    link_arg.push(&script);
    cmd.arg("--").arg("-C").arg(link_arg);
    if let RustToolchain::Debian = toolchain {
        cmd.arg("-C").arg("linker=ld.lld");
    }
    let stdout = run(
        &mut cmd,
        &format!("cargo build of {}", dir.display()),
        opts.verbose,
    )?;
    // The last compiler-artifact message with an executable is the guest.
    let mut elf = None;
    for line in stdout.lines() {
        let Ok(msg) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        if msg["reason"] == "compiler-artifact" {
            if let Some(exe) = msg["executable"].as_str() {
                elf = Some(PathBuf::from(exe));
            }
        }
    }
    elf.ok_or(BuildError::NoExecutable(dir))
}

/// A short tag naming a layout, used in file names of linker scripts.
fn layout_tag(l: &MemoryLayout) -> String {
    format!(
        "{:x}-{:x}-{:x}-{:x}",
        l.ram_size(),
        l.stack_size(),
        l.max_input(),
        l.max_output()
    )
}

/// Compiler flags of C guests.
pub const C_FLAGS: &[&str] = &[
    "--target=riscv32-unknown-elf",
    "-march=rv32im",
    "-mabi=ilp32",
    "-mno-relax",
    "-mcmodel=medlow",
    "-fno-pic",
    "-ffreestanding",
    "-nostdlib",
    "-fno-exceptions",
    "-fno-asynchronous-unwind-tables",
    "-ffunction-sections",
    "-fdata-sections",
    "-O2",
];

fn build_c(files: &[PathBuf], opts: &BuildOptions) -> Result<PathBuf, BuildError> {
    let clang = require("clang", "clang")?;
    let lld = require("ld.lld", "lld")?;
    let first = absolute(&files[0])?;
    let stem = first
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or("guest".into());
    let target_dir = match &opts.target_dir {
        Some(t) => absolute(t)?,
        None => first
            .parent()
            .unwrap_or(Path::new("/"))
            .join("target")
            .join("jolt-c"),
    };
    let sources = files
        .iter()
        .map(|f| absolute(f))
        .collect::<Result<Vec<_>, _>>()?;
    // Objects go to a scratch directory of this build alone, and the ELF is
    // renamed into place, so concurrent builds of one program never read
    // each other's half-written files.
    let out_dir = target_dir.join(format!("c-{stem}-{:016x}", path_hash(&sources)));
    static BUILDS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = BUILDS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let work = out_dir.join(format!("tmp-{}-{n}", std::process::id()));
    let sdk_dir = target_dir.join("jolt-sdk-c");
    write_if_changed(&sdk_dir.join("jolt.h"), JOLT_H)?;
    write_if_changed(&sdk_dir.join("start.S"), START_S)?;
    write_if_changed(&sdk_dir.join("jolt_rt.c"), JOLT_RT_C)?;
    let script = sdk_dir.join(format!("jolt-{}.ld", layout_tag(&opts.layout)));
    write_if_changed(&script, &opts.layout.linker_script())?;
    std::fs::create_dir_all(&work).map_err(io(format!("creating {}", work.display())))?;
    let _scratch = Scratch(work.clone());

    let mut objects = Vec::new();
    let mut compile = |src: &Path, extra: &[&str], idx: usize| -> Result<(), BuildError> {
        let name = src
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let obj = work.join(format!("{idx}-{name}.o"));
        let mut cmd = Command::new(&clang);
        cmd.args(C_FLAGS)
            .args(extra)
            .arg("-I")
            .arg(&sdk_dir)
            .arg("-c")
            .arg(src)
            .arg("-o")
            .arg(&obj);
        run(
            &mut cmd,
            &format!("clang on {}", src.display()),
            opts.verbose,
        )?;
        objects.push(obj);
        Ok(())
    };
    compile(&sdk_dir.join("start.S"), &[], 0)?;
    compile(&sdk_dir.join("jolt_rt.c"), &["-fno-builtin"], 1)?;
    for (i, f) in sources.iter().enumerate() {
        compile(f, &[], i + 2)?;
    }
    let linked = work.join(format!("{stem}.elf"));
    let mut cmd = Command::new(&lld);
    cmd.arg("-T")
        .arg(&script)
        .arg("--gc-sections")
        .arg("-o")
        .arg(&linked)
        .args(&objects);
    run(&mut cmd, "ld.lld", opts.verbose)?;
    let elf = out_dir.join(format!("{stem}.elf"));
    std::fs::rename(&linked, &elf).map_err(io(format!("writing {}", elf.display())))?;
    Ok(elf)
}

/// Removes a scratch directory when the build ends, however it ends.
struct Scratch(PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

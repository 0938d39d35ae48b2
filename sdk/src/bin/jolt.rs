//! The `jolt` command line: build guests, trace them.
use clap::{Parser, Subcommand};
use jolt_sdk::{build_paths, BuildOptions};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "jolt", version, about = "Build and run guest programs of the zkVM")]
struct Cli {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Build a guest: a Rust guest crate directory, or one or more C files.
    Build {
        /// A Rust guest crate directory, or .c files.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Where to write the ELF.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Directory for intermediate files.
        #[arg(long)]
        target_dir: Option<PathBuf>,
        /// Show the compilers' output.
        #[arg(short, long)]
        verbose: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Cmd::Build { paths, output, target_dir, verbose } => {
            let opts = BuildOptions { output, target_dir, verbose, ..Default::default() };
            build_paths(&paths, &opts).map(|elf| println!("{}", elf.display())).map_err(|e| e.to_string())
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {}", e);
            ExitCode::FAILURE
        }
    }
}

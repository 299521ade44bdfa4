//! The `softmac` binary: thin argument handling over the `softmac_cli` library.

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use softmac_cli::decode::{self, summary};
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// A userspace Wi-Fi soft-MAC stack and simulator.
#[derive(Parser)]
#[command(
    name = "softmac",
    version,
    about = "softmac: a userspace Wi-Fi (IEEE 802.11) soft-MAC stack and toolkit"
)]
struct Cli {
    #[command(flatten)]
    client: softmac_cli::client::GlobalArgs,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Decode a pcap or pcapng capture of 802.11 frames, one line (or JSON object) per record.
    Decode {
        /// The capture file.
        file: PathBuf,
        /// Print a JSON array with one object per capture record.
        #[arg(long)]
        json: bool,
    },
    #[command(flatten)]
    Client(softmac_cli::client::Command),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("softmac: {e:#}");
            ExitCode::from(1)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Decode { file, json } => run_decode(&file, json),
        Command::Client(c) => Ok(softmac_cli::client::run(&cli.client, &c)),
    }
}

/// Exit status when the file was decoded only up to a break.
const EXIT_BROKEN_CAPTURE: u8 = 2;

fn run_decode(file: &PathBuf, json: bool) -> Result<ExitCode> {
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let decoded = decode::decode_capture(&bytes).with_context(|| file.display().to_string())?;
    let mut out = BufWriter::new(std::io::stdout().lock());
    if json {
        serde_json::to_writer_pretty(&mut out, &decoded.records)?;
        writeln!(out)?;
    } else {
        for rec in &decoded.records {
            writeln!(out, "{}", summary::line(rec))?;
        }
    }
    out.flush()?;
    let malformed = decoded.records.iter().filter(|r| r.malformed).count();
    if let Some(err) = decoded.broken {
        eprintln!(
            "softmac: {}: capture broken: {err}; decoded {} records before the break",
            file.display(),
            decoded.records.len()
        );
        return Ok(ExitCode::from(EXIT_BROKEN_CAPTURE));
    }
    if !json && malformed > 0 {
        eprintln!("softmac: {} of {} records are malformed", malformed, decoded.records.len());
    }
    Ok(ExitCode::SUCCESS)
}

//! The `softmac` binary: thin argument handling over the `softmac_cli` library.

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use mac80211_core::capture::wpa::WpaNetwork;
use softmac_cli::daemon::{self, run::DaemonOptions};
use softmac_cli::decode::{self, summary};
use softmac_cli::demo::{self, DemoOptions};
use softmac_cli::sim::{self, RunOptions};
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
        /// WPA2 passphrase to verify handshakes and decrypt CCMP frames with (repeatable; the
        /// n-th pairs with the n-th --ssid).
        #[arg(long, value_name = "P")]
        passphrase: Vec<String>,
        /// A raw PSK (64 hex digits) instead; pairs with the --ssid after the passphrases'.
        #[arg(long, value_name = "HEX")]
        psk: Vec<String>,
        /// The network the passphrase or PSK belongs to.
        #[arg(long, value_name = "S")]
        ssid: Vec<String>,
    },
    #[command(flatten)]
    Client(softmac_cli::client::Command),
    /// An AP and two stations in process: scan, connect, ping through the AP, write a capture.
    Demo {
        /// Seed of the simulated world (same seed, same transcript and capture).
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Echo requests from sta0 to sta1.
        #[arg(long, default_value_t = 5)]
        pings: u16,
        /// Print a JSON report instead of the transcript.
        #[arg(long)]
        json: bool,
        /// Where to write the pcap capture of every channel.
        #[arg(long, default_value = "softmac-demo.pcap", conflicts_with = "no_capture")]
        capture: PathBuf,
        /// Write no capture.
        #[arg(long)]
        no_capture: bool,
        /// Use TAP devices in network namespaces and the system ping (root; wall-clock time).
        #[arg(long, conflicts_with = "json")]
        tap: bool,
    },
    /// Host radios and interfaces and serve the nl80211 API on a Unix socket (until SIGTERM).
    Daemon {
        /// Topology file: radios, interfaces, namespaces, addresses (see docs/topology.md).
        #[arg(long)]
        config: Option<PathBuf>,
        /// Give interfaces in-memory ports instead of TAP devices, even as root.
        #[arg(long)]
        no_tap: bool,
    },
    /// Scripted multi-radio runs in virtual time.
    Sim {
        #[command(subcommand)]
        command: SimCommand,
    },
    /// USB Wi-Fi dongles (MediaTek MT7601U).
    Usb {
        #[command(subcommand)]
        command: UsbCommand,
    },
}

#[derive(Subcommand)]
enum UsbCommand {
    /// List attached supported dongles, with the kernel driver holding each, if any.
    List,
}

#[derive(Subcommand)]
enum SimCommand {
    /// Run a scenario file; exits 1 when an expectation fails, 2 when the file is refused.
    Run {
        /// The scenario (TOML; see docs/scenarios.md).
        scenario: PathBuf,
        /// Write a pcap capture of every channel here.
        #[arg(long)]
        capture: Option<PathBuf>,
        /// Print a JSON report.
        #[arg(long)]
        json: bool,
        /// Seed of the world (overrides the file's).
        #[arg(long)]
        seed: Option<u64>,
    },
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
        Command::Decode { file, json, passphrase, psk, ssid } => {
            let networks = wpa_networks(&passphrase, &psk, &ssid)?;
            run_decode(&file, json, networks)
        }
        Command::Daemon { config, no_tap } => run_daemon(DaemonOptions {
            config,
            socket: cli.client.socket.clone().or_else(socket_from_env),
            no_tap,
        }),
        Command::Client(c) => Ok(softmac_cli::client::run(&cli.client, &c)),
        Command::Demo { seed, pings, json, capture, no_capture, tap } => {
            let capture = (!no_capture).then_some(capture);
            if tap {
                run_tap_demo(&demo::tap::TapDemoOptions { seed, pings, capture })
            } else {
                run_demo(&DemoOptions { seed, pings, capture }, json)
            }
        }
        Command::Usb { command: UsbCommand::List } => run_usb_list(),
        Command::Sim { command: SimCommand::Run { scenario, capture, json, seed } } => {
            run_sim(&scenario, RunOptions { seed, capture }, json)
        }
    }
}

/// Exit status when a scenario file is refused.
const EXIT_BAD_SCENARIO: u8 = 2;

fn run_sim(path: &std::path::Path, options: RunOptions, json: bool) -> Result<ExitCode> {
    let plan = match sim::load(path) {
        Ok(plan) => plan,
        Err(e) => {
            eprintln!("softmac: {}: {e}", path.display());
            return Ok(ExitCode::from(EXIT_BAD_SCENARIO));
        }
    };
    let report = sim::run(&plan, &options);
    let mut out = std::io::stdout().lock();
    if json {
        serde_json::to_writer_pretty(&mut out, &report)?;
        writeln!(out)?;
    } else {
        out.write_all(report.text(true).as_bytes())?;
    }
    Ok(if report.ok() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// `$SOFTMAC_SOCKET`, which the client honours too.
fn socket_from_env() -> Option<PathBuf> {
    std::env::var_os("SOFTMAC_SOCKET").filter(|v| !v.is_empty()).map(PathBuf::from)
}

fn run_daemon(options: DaemonOptions) -> Result<ExitCode> {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).init();
    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(daemon::run::run(&options))?;
    Ok(ExitCode::SUCCESS)
}

fn run_tap_demo(options: &demo::tap::TapDemoOptions) -> Result<ExitCode> {
    let runtime = tokio::runtime::Runtime::new()?;
    let mut out = std::io::stdout().lock();
    let all_replies = runtime.block_on(demo::tap::run(options, &mut out))?;
    Ok(if all_replies { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

fn run_demo(options: &DemoOptions, json: bool) -> Result<ExitCode> {
    let report = demo::run(options);
    let mut out = std::io::stdout().lock();
    if json {
        serde_json::to_writer_pretty(&mut out, &report)?;
        writeln!(out)?;
    } else {
        out.write_all(report.transcript().as_bytes())?;
    }
    Ok(if report.ok() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// `softmac usb list`: like `lsusb`, supported dongles only.
fn run_usb_list() -> Result<ExitCode> {
    let dongles = softmac_driver::usb::nusb_transport::list()
        .context("no USB devices can be listed here (is there a USB bus? /sys/bus/usb)")?;
    if dongles.is_empty() {
        println!("No supported USB Wi-Fi dongle (MT7601U) attached.");
    }
    for d in dongles {
        let product = d.product.as_deref().unwrap_or("MT7601U");
        let driver = d
            .kernel_driver
            .as_deref()
            .map_or("no kernel driver".to_owned(), |k| format!("held by kernel driver {k}"));
        println!(
            "Bus {:03} Device {:03}: ID {:04x}:{:04x} {product} ({driver}); topology: usb = \"{}:{}\"",
            d.bus, d.address, d.vendor_id, d.product_id, d.bus, d.address
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Exit status when the file was decoded only up to a break.
const EXIT_BROKEN_CAPTURE: u8 = 2;

/// The networks of `decode --passphrase/--psk/--ssid`: passphrases, then PSKs, pair with the
/// SSIDs in order.
fn wpa_networks(passphrases: &[String], psks: &[String], ssids: &[String]) -> Result<Vec<WpaNetwork>> {
    if passphrases.len() + psks.len() != ssids.len() {
        anyhow::bail!("give one --ssid for each --passphrase and --psk, in the same order");
    }
    let mut networks = Vec::new();
    let (for_pass, for_psk) = ssids.split_at(passphrases.len());
    for (pass, ssid) in passphrases.iter().zip(for_pass) {
        let pmk = mac80211_core::crypto::psk(pass, ssid.as_bytes())
            .map_err(|e| anyhow::anyhow!("--passphrase: {e}"))?;
        networks.push(WpaNetwork { ssid: ssid.as_bytes().to_vec(), pmk });
    }
    for (hex, ssid) in psks.iter().zip(for_psk) {
        let pmk = softmac_cli::daemon::security::parse_psk(hex).map_err(|e| anyhow::anyhow!("--psk: {e}"))?;
        networks.push(WpaNetwork { ssid: ssid.as_bytes().to_vec(), pmk });
    }
    Ok(networks)
}

fn run_decode(file: &PathBuf, json: bool, networks: Vec<WpaNetwork>) -> Result<ExitCode> {
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let keyed = !networks.is_empty();
    let (decoded, wpa) = if keyed {
        let (d, counts) =
            decode::wpa::decode_capture_wpa(&bytes, networks).with_context(|| file.display().to_string())?;
        (d, Some(counts))
    } else {
        (decode::decode_capture(&bytes).with_context(|| file.display().to_string())?, None)
    };
    let mut out = BufWriter::new(std::io::stdout().lock());
    match (json, &wpa) {
        (true, Some(counts)) => {
            let doc = serde_json::json!({ "records": decoded.records, "wpa": counts });
            serde_json::to_writer_pretty(&mut out, &doc)?;
            writeln!(out)?;
        }
        (true, None) => {
            serde_json::to_writer_pretty(&mut out, &decoded.records)?;
            writeln!(out)?;
        }
        (false, _) => {
            for rec in &decoded.records {
                writeln!(out, "{}", summary::line(rec))?;
            }
            if let Some(counts) = &wpa {
                writeln!(out, "{}", counts.line())?;
            }
        }
    }
    out.flush()?;
    if let Some(c) = wpa.filter(|c| c.handshakes_verified == 0 && c.mic_failures > 0) {
        eprintln!(
            "softmac: {}: no handshake verified ({} MIC failures): check the passphrase and SSID",
            file.display(),
            c.mic_failures
        );
    }
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

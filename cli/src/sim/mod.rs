//! `softmac sim run SCENARIO.toml`: scripted multi-radio runs in virtual time, with pass/fail
//! expectations: the hwsim test a Wi-Fi tester writes without Rust.
//!
//! A scenario file (format reference: `docs/scenarios.md`) gives a topology — radios with a
//! position and channels, their interfaces (AP, station, monitor) with SSIDs and optional
//! IPv4 addresses, a link model (perfect, path loss, loss matrix) — and timed steps: scan,
//! connect, disconnect, ping, move a radio, set loss, partition, heal, power, and expectations
//! on events, counters and scan results. It plays the role of a test case of hostap's
//! `tests/hwsim` (which drives mac80211_hwsim with wmediumd), on the deterministic
//! [`World`](hwsim::world::World) instead of a kernel.
//!
//! The pipeline has three stages, each its own module:
//!
//! 1. [`scenario`]: TOML to plain structs (serde); unknown keys and wrong types are refused
//!    with their line and column.
//! 2. [`plan`]: structs to a validated [`Plan`]: names resolved, ranges checked, one action
//!    per step, steps in time order. A bad file never starts a run.
//! 3. [`run`]: the plan on a World, one [`StepResult`] per step, collected in a [`SimReport`].
//!
//! Same file and seed give the same report (wall times aside) and a byte-identical capture.

pub mod capture;
pub mod plan;
pub mod report;
pub mod run;
pub mod scenario;
pub mod time;

pub use plan::Plan;
pub use report::{SimReport, StepResult, Verdict};
pub use run::{RunOptions, run};

use std::path::Path;

/// Why a scenario file was refused.
#[derive(Debug, thiserror::Error)]
pub enum ScenarioError {
    /// The file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// Not valid TOML, an unknown key or a wrong type (the toml crate's message, which names
    /// the line and column and shows the line).
    #[error("{0}")]
    Syntax(String),
    /// Valid TOML that does not make a scenario.
    #[error("line {line}, column {column}: {message}")]
    Invalid {
        /// Line, from 1.
        line: usize,
        /// Column, from 1.
        column: usize,
        /// What is wrong.
        message: String,
    },
}

/// Reads, parses and checks a scenario file.
pub fn load(path: &Path) -> Result<Plan, ScenarioError> {
    let text = std::fs::read_to_string(path)
        .map_err(|source| ScenarioError::Io { path: path.display().to_string(), source })?;
    let default_name = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    parse(&text, &default_name)
}

/// Parses and checks scenario text; `default_name` names it when the file does not.
pub fn parse(text: &str, default_name: &str) -> Result<Plan, ScenarioError> {
    let file: scenario::ScenarioFile =
        toml::from_str(text).map_err(|e| ScenarioError::Syntax(e.to_string().trim_end().to_owned()))?;
    plan::plan(file, &plan::Source { text }, default_name)
}

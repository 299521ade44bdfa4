//! The result of a scenario run: one row per step, totals, and the capture.
//!
//! Text output is one line per step, `[virtual time] VERDICT  what — detail`, then a summary;
//! `--json` prints the same [`SimReport`] as an object. Virtual times are exact microseconds
//! and depend only on the scenario and the seed; wall times (`wall_us`) are measured and vary.

use super::plan::Plan;
use super::time::show;
use crate::demo::iw;
use mac80211_core::time::{Duration, Instant};
use serde::Serialize;
use std::fmt::Write as _;

/// What became of a step.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// An action that was carried out.
    Done,
    /// An expectation that held.
    Pass,
    /// An expectation that did not hold.
    Fail,
    /// An action the world refused (or a setup that could not be built).
    Error,
}

impl Verdict {
    fn tag(self) -> &'static str {
        match self {
            Verdict::Done => "ok  ",
            Verdict::Pass => "PASS",
            Verdict::Fail => "FAIL",
            Verdict::Error => "ERROR",
        }
    }
}

/// One step's row.
#[derive(Clone, Debug, Serialize)]
pub struct StepResult {
    /// Line of the step in the file (0 for the setup row).
    pub line: usize,
    /// Virtual time the file asked for, µs.
    pub at_us: u64,
    /// Virtual time it ran at, µs (later than `at_us` when an earlier step waited past it).
    pub started_us: u64,
    /// Virtual time it finished, µs.
    pub finished_us: u64,
    /// Wall time it took, µs.
    pub wall_us: u64,
    /// Its verdict.
    pub verdict: Verdict,
    /// What the step was.
    pub what: String,
    /// What happened.
    pub detail: String,
}

/// The capture file of a run.
#[derive(Clone, Debug, Serialize)]
pub struct CaptureReport {
    /// Where it was written.
    pub path: String,
    /// Frames in it.
    pub records: usize,
    /// Its size, octets.
    pub bytes: usize,
    /// Why it could not be written.
    pub error: Option<String>,
}

/// A whole run.
#[derive(Clone, Debug, Serialize)]
pub struct SimReport {
    /// The scenario's name.
    pub scenario: String,
    /// The seed used.
    pub seed: u64,
    /// One row per step, the setup first.
    pub steps: Vec<StepResult>,
    /// Virtual time at the end, µs.
    pub virtual_us: u64,
    /// Wall time of the run, µs.
    pub wall_us: u64,
    /// The capture, when one was asked for.
    pub capture: Option<CaptureReport>,
}

impl StepResult {
    /// The setup row: the topology built, or why it could not be.
    pub fn setup(plan: &Plan, result: Result<(), String>) -> StepResult {
        let interfaces: usize = plan.radios.iter().map(|r| r.interfaces.len()).sum();
        let medium = match plan.medium {
            super::plan::MediumPlan::Perfect { .. } => "perfect",
            super::plan::MediumPlan::PathLoss { .. } => "path-loss",
            super::plan::MediumPlan::LossMatrix { .. } => "loss-matrix",
        };
        let what = format!("setup: {} radios, {interfaces} interfaces, {medium} medium", plan.radios.len());
        let (verdict, detail) = match result {
            Ok(()) => (Verdict::Done, String::new()),
            Err(e) => (Verdict::Error, e),
        };
        StepResult { line: 0, at_us: 0, started_us: 0, finished_us: 0, wall_us: 0, verdict, what, detail }
    }
}

impl SimReport {
    /// An empty report.
    pub fn new(scenario: &str, seed: u64) -> SimReport {
        SimReport {
            scenario: scenario.to_owned(),
            seed,
            steps: Vec::new(),
            virtual_us: 0,
            wall_us: 0,
            capture: None,
        }
    }

    /// Expectations that held.
    pub fn passed(&self) -> usize {
        self.count(Verdict::Pass)
    }

    /// Expectations that did not hold, plus refused actions.
    pub fn failed(&self) -> usize {
        self.count(Verdict::Fail) + self.count(Verdict::Error)
    }

    fn count(&self, v: Verdict) -> usize {
        self.steps.iter().filter(|s| s.verdict == v).count()
    }

    /// True when nothing failed and the capture (if any) was written.
    pub fn ok(&self) -> bool {
        self.failed() == 0 && self.capture.as_ref().is_none_or(|c| c.error.is_none())
    }

    /// The text report. With `wall` false, wall times are left out (the text is then the same
    /// on every run with the same seed).
    pub fn text(&self, wall: bool) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "scenario {:?}, seed {}", self.scenario, self.seed);
        for s in &self.steps {
            let started = iw::timestamp(Instant::from_micros(s.started_us));
            let late = if s.started_us > s.at_us {
                format!(" (due {})", show(Duration::from_micros(s.at_us)))
            } else {
                String::new()
            };
            let line = if s.line > 0 { format!("line {:3}", s.line) } else { "        ".to_owned() };
            let _ = write!(out, "[{started}] {line}  {:5} {}{late}", s.verdict.tag(), s.what);
            if !s.detail.is_empty() {
                let _ = write!(out, ": {}", s.detail);
            }
            out.push('\n');
        }
        let actions = self.count(Verdict::Done);
        let verdict = if self.ok() { "PASSED" } else { "FAILED" };
        let _ = write!(
            out,
            "{verdict}: {} passed, {} failed, {actions} actions; {} of virtual time",
            self.passed(),
            self.failed(),
            show(Duration::from_micros(self.virtual_us))
        );
        if wall {
            let _ = write!(out, " in {} of wall time", show(Duration::from_micros(self.wall_us)));
        }
        out.push('\n');
        if let Some(c) = &self.capture {
            match &c.error {
                None => {
                    let _ = writeln!(
                        out,
                        "capture: {} ({} frames, {} bytes, radiotap, every channel)",
                        c.path, c.records, c.bytes
                    );
                }
                Some(e) => {
                    let _ = writeln!(out, "capture: FAILED: {e}");
                }
            }
        }
        out
    }
}

//! Running a [`Plan`] on the World: build the topology at time zero, then each step at its
//! virtual time, recording one [`StepResult`] per step.
//!
//! Steps run in file order. The world runs up to a step's `at`; a step that waits (a ping,
//! `connect` with `wait`, an expectation with `within`) moves virtual time on, and a later
//! step whose time has already passed runs at once, at the current time (its row shows both
//! times). Nothing a scenario does can panic the runner: refused commands become `ERROR`
//! rows, unmet expectations `FAIL` rows with what was seen instead.

use super::capture::{MultiChannelCapture, record_count};
use super::plan::{
    Action, Counter, EventMatch, Expectation, IfaceRef, InterfaceKind, MediumPlan, PingPlan, Plan,
};
use super::report::{CaptureReport, SimReport, StepResult, Verdict};
use super::time::show;
use crate::demo::iw;
use hwsim::world::{NodeId, NodeSpec, PingConfig, World};
use hwsim::{LossMatrix, PathLoss, Perfect};
use mac80211_core::mac::{Command, CommandOutput, VifId, VifKind};
use mac80211_core::time::{Duration, Instant};
use std::path::PathBuf;

/// How to run a plan.
#[derive(Clone, Debug, Default)]
pub struct RunOptions {
    /// Seed, overriding the file's (default 1).
    pub seed: Option<u64>,
    /// Where to write the capture of every channel.
    pub capture: Option<PathBuf>,
}

/// The World and the ids of the plan's radios and interfaces in it.
struct Runner<'p> {
    plan: &'p Plan,
    world: World,
    nodes: Vec<NodeId>,
    vifs: Vec<Vec<VifId>>,
}

/// Runs `plan`; the report says what passed and failed.
pub fn run(plan: &Plan, options: &RunOptions) -> SimReport {
    let wall = std::time::Instant::now();
    let seed = options.seed.or(plan.seed).unwrap_or(1);
    let mut report = SimReport::new(&plan.name, seed);
    let (mut runner, setup) = Runner::build(plan, seed);
    let capture = options.capture.as_ref().map(|_| MultiChannelCapture::start(&mut runner.world));
    let setup = setup.and_then(|()| runner.start_aps());
    report.steps.push(StepResult::setup(plan, setup));
    if report.steps[0].verdict != Verdict::Error {
        for step in &plan.steps {
            let target = Instant::ZERO + step.at;
            if runner.world.now() < target {
                runner.world.run_until(target);
            }
            let started = runner.world.now();
            let step_wall = std::time::Instant::now();
            let (verdict, what, detail) = runner.execute(&step.action, target);
            let finished = runner.world.now();
            report.steps.push(StepResult {
                line: step.line,
                at_us: step.at.as_micros(),
                started_us: started.as_micros(),
                finished_us: finished.as_micros(),
                wall_us: step_wall.elapsed().as_micros() as u64,
                verdict,
                what,
                detail,
            });
        }
        if let Some(end) = plan.end {
            runner.world.run_until(Instant::ZERO + end);
        }
    }
    report.virtual_us = runner.world.now().as_micros();
    if let (Some(capture), Some(path)) = (capture, options.capture.as_ref()) {
        report.capture = Some(write_capture(capture, &mut runner.world, path));
    }
    report.wall_us = wall.elapsed().as_micros() as u64;
    report
}

fn write_capture(capture: MultiChannelCapture, world: &mut World, path: &std::path::Path) -> CaptureReport {
    let path_text = path.display().to_string();
    let written = capture.finish(world).map_err(|e| e.to_string()).and_then(|bytes| {
        std::fs::write(path, &bytes).map(|()| bytes).map_err(|e| format!("cannot write {path_text}: {e}"))
    });
    match written {
        Ok(bytes) => {
            CaptureReport { path: path_text, records: record_count(&bytes), bytes: bytes.len(), error: None }
        }
        Err(e) => CaptureReport { path: path_text, records: 0, bytes: 0, error: Some(e) },
    }
}

impl<'p> Runner<'p> {
    /// The radios, interfaces, link model and IP stacks, at time zero. APs start later (so a
    /// capture opened in between sees their first beacon).
    fn build(plan: &'p Plan, seed: u64) -> (Runner<'p>, Result<(), String>) {
        let mut world = World::new(seed);
        let mut nodes = Vec::new();
        let mut vifs = Vec::new();
        let mut result = Ok(());
        for radio in &plan.radios {
            let spec = NodeSpec {
                addr: None,
                position: radio.position,
                channels: radio.channels.clone(),
                tx_power_dbm: radio.tx_power_dbm,
            };
            let node = world.add_node(&radio.name, spec);
            nodes.push(node);
            let mut ids = Vec::new();
            for iface in &radio.interfaces {
                let kind = match iface.kind {
                    InterfaceKind::Ap(_) => VifKind::Ap,
                    InterfaceKind::Station => VifKind::Station,
                    InterfaceKind::Monitor(_) => VifKind::Monitor,
                };
                match world.command(node, Command::AddVif { kind, addr: None }) {
                    Ok(CommandOutput::VifAdded(v)) => ids.push(v),
                    other => {
                        result = result.and(Err(format!(
                            "{}: cannot add interface {}: {other:?}",
                            radio.name, iface.name
                        )));
                        ids.push(VifId(u16::MAX));
                    }
                }
                if let (InterfaceKind::Monitor(Some(ch)), Ok(())) = (&iface.kind, &result)
                    && let Err(e) = world.command(node, Command::SetChannel(*ch))
                {
                    result = Err(format!("{}: monitor on {} MHz: {e}", iface.name, ch.freq));
                }
                if let (Some(ip), Ok(())) = (iface.ip, &result) {
                    world.attach_ip(
                        node,
                        *ids.last().expect("pushed above"),
                        &format!("{}/{}", ip.addr, ip.len),
                    );
                }
            }
            vifs.push(ids);
        }
        let world = with_medium(world, &plan.medium, &nodes);
        (Runner { plan, world, nodes, vifs }, result)
    }

    fn start_aps(&mut self) -> Result<(), String> {
        for (r, radio) in self.plan.radios.iter().enumerate() {
            for (i, iface) in radio.interfaces.iter().enumerate() {
                if let InterfaceKind::Ap(config) = &iface.kind {
                    let vif = self.vifs[r][i];
                    self.world
                        .command(self.nodes[r], Command::StartAp(vif, config.clone()))
                        .map_err(|e| format!("{}: start AP: {e}", iface.name))?;
                }
            }
        }
        Ok(())
    }

    fn at(&self, r: IfaceRef) -> (NodeId, VifId) {
        (self.nodes[r.radio], self.vifs[r.radio][r.iface])
    }

    fn name(&self, r: IfaceRef) -> &str {
        &self.plan.radios[r.radio].interfaces[r.iface].name
    }

    fn radio_name(&self, radio: usize) -> &str {
        &self.plan.radios[radio].name
    }

    /// Runs one action due at `due`: its verdict, what it was, and what happened.
    fn execute(&mut self, action: &Action, due: Instant) -> (Verdict, String, String) {
        let done = |what: String| (Verdict::Done, what, String::new());
        let command = |runner: &mut Runner<'_>, r: IfaceRef, cmd: Command, what: String| {
            let (node, _) = runner.at(r);
            match runner.world.command(node, cmd) {
                Ok(_) => (Verdict::Done, what, String::new()),
                Err(e) => (Verdict::Error, what, format!("refused: {e}")),
            }
        };
        match action {
            Action::Scan(r, req) => {
                let what = format!(
                    "scan {} ({} SSIDs, {} channels)",
                    self.name(*r),
                    req.ssids.len(),
                    channels_text(req.channels.len())
                );
                let vif = self.at(*r).1;
                command(self, *r, Command::Scan(vif, req.clone()), what)
            }
            Action::Connect(r, req, None) => {
                let what = format!("connect {} to {:?}", self.name(*r), iw::ssid(&req.ssid));
                let vif = self.at(*r).1;
                command(self, *r, Command::Connect(vif, req.clone()), what)
            }
            Action::Connect(r, req, Some(wait)) => self.connect_and_wait(*r, req.clone(), *wait),
            Action::Disconnect(r) => {
                let what = format!("disconnect {}", self.name(*r));
                let vif = self.at(*r).1;
                command(self, *r, Command::Disconnect(vif), what)
            }
            Action::Ping(p) => self.ping(p),
            Action::Move(radio, to) => {
                self.world.move_node(self.nodes[*radio], to.x, to.y, to.z);
                done(format!("move {} to ({}, {}, {})", self.radio_name(*radio), to.x, to.y, to.z))
            }
            Action::Loss { a, b, p, symmetric } => {
                self.world.set_loss(self.nodes[*a], self.nodes[*b], *p, *symmetric);
                let arrow = if *symmetric { "<->" } else { "->" };
                done(format!("loss {} {arrow} {} = {p}", self.radio_name(*a), self.radio_name(*b)))
            }
            Action::Partition(groups) => {
                let ids: Vec<Vec<NodeId>> =
                    groups.iter().map(|g| g.iter().map(|&r| self.nodes[r]).collect()).collect();
                let refs: Vec<&[NodeId]> = ids.iter().map(Vec::as_slice).collect();
                self.world.partition(&refs);
                let text: Vec<String> = groups
                    .iter()
                    .map(|g| g.iter().map(|&r| self.radio_name(r)).collect::<Vec<_>>().join(" "))
                    .collect();
                done(format!("partition [{}]", text.join("] [")))
            }
            Action::Heal => {
                self.world.heal();
                done("heal".to_owned())
            }
            Action::Power(radio, on) => {
                self.world.power(self.nodes[*radio], *on);
                done(format!("power {} {}", self.radio_name(*radio), if *on { "on" } else { "off" }))
            }
            Action::Expect(e) => self.expect(e, due),
        }
    }

    fn connect_and_wait(
        &mut self,
        r: IfaceRef,
        req: mac80211_core::mac::ConnectRequest,
        wait: Duration,
    ) -> (Verdict, String, String) {
        let (node, vif) = self.at(r);
        let what = format!("connect {} to {:?} within {}", self.name(r), iw::ssid(&req.ssid), show(wait));
        // cfg80211 refuses a connect while connected (EALREADY); the World's supplicant loop
        // would count the old link as success, so tell the two apart here.
        if let Some(link) = self.world.mac(node).link(vif) {
            return if link.ssid == req.ssid {
                (Verdict::Pass, what, format!("already connected to {}", link.bssid))
            } else {
                (
                    Verdict::Error,
                    what,
                    format!("refused: already connected to {:?}; disconnect first", iw::ssid(&link.ssid)),
                )
            };
        }
        let cursor = self.world.event_count();
        match self.world.connect(node, vif, req, wait) {
            Ok(took) => {
                let bssid = self.world.mac(node).link(vif).map(|l| l.bssid.to_string()).unwrap_or_default();
                (Verdict::Pass, what, format!("connected to {bssid} after {}", show(took)))
            }
            Err(e) => (
                Verdict::Fail,
                what,
                format!("not connected: {}; {}", e.reason, self.recent_events(node, vif, cursor)),
            ),
        }
    }

    fn ping(&mut self, p: &PingPlan) -> (Verdict, String, String) {
        let from = self.at(p.from);
        let what = match p.max_loss {
            Some(max) => format!(
                "ping {} -> {} ({}) x{}, loss <= {max}%",
                self.name(p.from),
                p.target_name,
                p.target,
                p.count
            ),
            None => format!("ping {} -> {} ({}) x{}", self.name(p.from), p.target_name, p.target, p.count),
        };
        let config =
            PingConfig { count: p.count, interval: p.interval, payload_len: p.size, timeout: p.timeout };
        let r = self.world.ping_with(from, p.target, config);
        let loss = if r.sent == 0 { 0.0 } else { f64::from(r.lost) * 100.0 / f64::from(r.sent) };
        let mut detail = format!("{}/{} received, {loss:.1}% loss", r.received, r.sent);
        if let (Some(min), Some(avg), Some(max)) = (r.rtt_min, r.rtt_avg, r.rtt_max) {
            detail.push_str(&format!(
                ", rtt min/avg/max {}/{}/{} ms",
                iw::millis(min),
                iw::millis(avg),
                iw::millis(max)
            ));
        }
        let verdict = match p.max_loss {
            Some(max) if loss <= max => Verdict::Pass,
            Some(_) => Verdict::Fail,
            None => Verdict::Done,
        };
        (verdict, what, detail)
    }

    /// Checks an expectation due at `due`: waits (if need be) until `due + within`.
    fn expect(&mut self, e: &Expectation, due: Instant) -> (Verdict, String, String) {
        match e {
            Expectation::Event { iface, event, since, within, absent } => {
                self.expect_event(*iface, event, *since, (due, *within), *absent)
            }
            Expectation::Counter { iface, counter, bound, within } => {
                let (node, vif) = self.at(*iface);
                let what = format!("expect {} {counter} {bound}{}", self.name(*iface), within_text(*within));
                let counter = *counter;
                let left = (due + *within).saturating_since(self.world.now());
                let waited = self.world.drive_until(left, |w| bound.holds(read(w, node, vif, counter)));
                let value = read(&mut self.world, node, vif, counter);
                match waited {
                    Ok(took) => (Verdict::Pass, what, format!("{counter} = {value}{}", after(took))),
                    Err(_) => (Verdict::Fail, what, format!("{counter} = {value}, wanted {bound}")),
                }
            }
            Expectation::Found { iface, ssid, within } => {
                let (node, vif) = self.at(*iface);
                let what = format!(
                    "expect {} found {:?}{}",
                    self.name(*iface),
                    iw::ssid(ssid),
                    within_text(*within)
                );
                let listed = |w: &mut World| w.mac(node).scan_results(vif).iter().any(|b| &b.ssid == ssid);
                let left = (due + *within).saturating_since(self.world.now());
                match self.world.drive_until(left, listed) {
                    Ok(took) => {
                        let results = self.world.mac(node).scan_results(vif);
                        let bss = results.iter().find(|b| &b.ssid == ssid).expect("listed");
                        (
                            Verdict::Pass,
                            what,
                            format!(
                                "{} on {} MHz at {} dBm{}",
                                bss.bssid,
                                bss.channel.freq,
                                bss.signal_dbm,
                                after(took)
                            ),
                        )
                    }
                    Err(_) => {
                        let results = self.world.mac(node).scan_results(vif);
                        let seen: Vec<String> = results
                            .iter()
                            .map(|b| format!("{:?} ({})", iw::ssid(&b.ssid), b.bssid))
                            .collect();
                        (
                            Verdict::Fail,
                            what,
                            format!(
                                "scan results list {}",
                                if seen.is_empty() { "nothing".to_owned() } else { seen.join(", ") }
                            ),
                        )
                    }
                }
            }
        }
    }

    fn expect_event(
        &mut self,
        iface: IfaceRef,
        event: &EventMatch,
        since: Option<Duration>,
        (due, within): (Instant, Duration),
        absent: bool,
    ) -> (Verdict, String, String) {
        let (node, vif) = self.at(iface);
        let start = since.map_or(due, |s| Instant::ZERO + s);
        let not = if absent { "no " } else { "" };
        let what = format!("expect {} {not}{event}{}", self.name(iface), within_text(within));
        let first = |w: &World| {
            w.events(node)
                .iter()
                .find(|e| e.vif == vif && e.at >= start && event.matches(&e.kind))
                .map(|e| e.at)
        };
        let deadline = due + within;
        if absent {
            self.world.run_until(deadline.max(self.world.now()));
            return match first(&self.world) {
                None => (
                    Verdict::Pass,
                    what,
                    format!(
                        "none from {} to {}",
                        iw::timestamp(start).trim(),
                        iw::timestamp(self.world.now()).trim()
                    ),
                ),
                Some(at) => (Verdict::Fail, what, format!("{} at {}", event.name, iw::timestamp(at).trim())),
            };
        }
        let left = deadline.saturating_since(self.world.now());
        match self.world.drive_until(left, |w| first(w).is_some()) {
            Ok(_) => {
                let at = first(&self.world).expect("found");
                (
                    Verdict::Pass,
                    what,
                    format!(
                        "at {} ({} after the step's time)",
                        iw::timestamp(at).trim(),
                        show(at.saturating_since(due))
                    ),
                )
            }
            Err(_) => {
                let recent = self.recent_since(node, vif, start);
                (
                    Verdict::Fail,
                    what,
                    format!("no {} by {}; {recent}", event.name, iw::timestamp(self.world.now()).trim()),
                )
            }
        }
    }

    /// The interface's last events since the world's event `cursor`, for a failure message.
    fn recent_events(&self, node: NodeId, vif: VifId, cursor: usize) -> String {
        let lines: Vec<String> = self
            .world
            .events_since(cursor)
            .filter(|(n, e)| *n == node && e.vif == vif)
            .filter_map(|(_, e)| iw::event(&e.kind).map(|t| format!("{} {t}", iw::timestamp(e.at).trim())))
            .collect();
        summarize(lines)
    }

    fn recent_since(&self, node: NodeId, vif: VifId, start: Instant) -> String {
        let lines: Vec<String> = self
            .world
            .events(node)
            .iter()
            .filter(|e| e.vif == vif && e.at >= start)
            .filter_map(|e| iw::event(&e.kind).map(|t| format!("{} {t}", iw::timestamp(e.at).trim())))
            .collect();
        summarize(lines)
    }
}

/// The last few event lines, or a note that there were none.
fn summarize(lines: Vec<String>) -> String {
    const SHOWN: usize = 3;
    match lines.len() {
        0 => "no events in the window".to_owned(),
        n if n <= SHOWN => format!("events: {}", lines.join(" | ")),
        n => format!("last {SHOWN} of {n} events: {}", lines[n - SHOWN..].join(" | ")),
    }
}

fn channels_text(n: usize) -> String {
    if n == 0 { "all".to_owned() } else { n.to_string() }
}

fn within_text(within: Duration) -> String {
    if within == Duration::ZERO { String::new() } else { format!(" within {}", show(within)) }
}

fn after(took: Duration) -> String {
    if took == Duration::ZERO { String::new() } else { format!(" after {}", show(took)) }
}

/// Reads a counter of an interface.
fn read(w: &mut World, node: NodeId, vif: VifId, counter: Counter) -> u64 {
    match counter {
        Counter::Vif(name) => w.mac(node).stats(vif).map_or(0, |s| Counter::vif(s, name)),
        Counter::Drops(reason) => w.mac(node).stats(vif).map_or(0, |s| s.drops(reason)),
        Counter::Radio(name) => {
            let radio = w.radio(node);
            w.medium().radio_stats(radio).map_or(0, |s| Counter::radio(s, name))
        }
        Counter::Stations => w.mac(node).stations(vif).len() as u64,
        Counter::Bss => w.mac(node).scan_results(vif).len() as u64,
    }
}

/// The world with the plan's link model.
fn with_medium(world: World, medium: &MediumPlan, nodes: &[NodeId]) -> World {
    match medium {
        MediumPlan::Perfect { signal_dbm } => world.with_link_model(Perfect { signal_dbm: *signal_dbm }),
        MediumPlan::PathLoss { exponent, shadowing_db, fading_db, noise_dbm } => {
            let mut model = match exponent {
                Some(n) => PathLoss::log_distance(*n),
                None => PathLoss::free_space(),
            }
            .shadowing(*shadowing_db)
            .fading(*fading_db);
            if let Some(noise) = noise_dbm {
                model = model.noise(*noise);
            }
            world.with_link_model(model)
        }
        MediumPlan::LossMatrix { default_loss, links } => {
            let mut matrix = LossMatrix::new(*default_loss);
            for &(a, b, p) in links {
                matrix.set(world.radio(nodes[a]), world.radio(nodes[b]), p);
            }
            world.with_link_model(matrix)
        }
    }
}

//! What the chip must have been through before its MAC may transmit (`reference/usb-dongle.md`
//! §4.12 steps 9-14): the vendor's MAC, BBP and RF init values, the peer (WCID) tables, and
//! the firmware's calibrations, in that order.
//!
//! Real hardware with a step missing still transmits — badly: off-frequency, at the wrong
//! power, with a deaf receiver. The emulator cannot model that, so it refuses instead:
//! `MAC_SYS_CTRL` ENABLE_TX before the checklist is complete is a protocol violation naming
//! what was skipped. A register counts as loaded once written (through the MCU or a vendor
//! request) after the last reset of its block: a MAC or BBP reset (`MAC_SYS_CTRL` RESET_CSR /
//! RESET_BBP) forgets what was loaded into it, so init values written before the reset do not
//! count. The values themselves are not compared: later steps (channel, temperature,
//! bandwidth) rightly change some of them.

use super::super::proto::initvals;
use super::super::proto::mcu::Calibration;
use super::super::proto::regs::{N_WCIDS, SKEY_MODE_BASE, WCID_ADDR_BASE, WCID_ATTR_BASE};
use std::collections::BTreeSet;

/// The calibrations Linux runs at init (`phy.c` `mt7601u_init_cal`), R first.
const INIT_CALIBRATIONS: [Calibration; 7] = [
    Calibration::R,
    Calibration::TxDcoc,
    Calibration::Bw,
    Calibration::Loft,
    Calibration::TxIq,
    Calibration::RxIq,
    Calibration::Dpd,
];

/// What has been loaded since the last reset.
pub struct Checklist {
    mac: Vec<bool>,
    bbp: [bool; 256],
    rf: [[bool; 64]; 16],
    calibrations: BTreeSet<Calibration>,
}

impl Default for Checklist {
    fn default() -> Checklist {
        Checklist {
            mac: vec![false; 0x4000],
            bbp: [false; 256],
            rf: [[false; 64]; 16],
            calibrations: BTreeSet::new(),
        }
    }
}

impl Checklist {
    /// A MAC register was written.
    pub fn mac_written(&mut self, offset: u16) {
        self.mac[usize::from(offset >> 2)] = true;
    }

    /// A BBP register was written.
    pub fn bbp_written(&mut self, reg: u8) {
        self.bbp[usize::from(reg)] = true;
    }

    /// An RF register was written.
    pub fn rf_written(&mut self, bank: u8, reg: u8) {
        self.rf[usize::from(bank & 0xf)][usize::from(reg & 0x3f)] = true;
    }

    /// The MAC block was reset: its registers, and the WCID tables in it, are unloaded.
    pub fn mac_reset(&mut self) {
        self.mac.fill(false);
    }

    /// The BBP was reset.
    pub fn bbp_reset(&mut self) {
        self.bbp = [false; 256];
    }

    /// The chip lost power: everything is forgotten.
    pub fn power_off(&mut self) {
        *self = Checklist::default();
    }

    /// A calibration is asked for; `Err` says why it cannot run yet.
    pub fn calibrate(&mut self, cal: Calibration) -> Result<(), String> {
        if cal == Calibration::R && !self.rf_loaded() {
            return Err("R calibration before the RF init values".into());
        }
        if cal != Calibration::R && !self.calibrations.contains(&Calibration::R) {
            return Err(format!("{cal:?} calibration before the R calibration"));
        }
        self.calibrations.insert(cal);
        Ok(())
    }

    /// The steps not done yet, named for the violation message; empty when the MAC may start.
    pub fn missing(&self) -> Vec<&'static str> {
        let steps = [
            (self.mac_loaded(), "MAC init values"),
            (self.bbp_loaded(), "BBP init values"),
            (self.words_loaded(WCID_ADDR_BASE, 2 * N_WCIDS), "WCID address table"),
            (self.words_loaded(SKEY_MODE_BASE, 4), "shared-key modes"),
            (self.words_loaded(WCID_ATTR_BASE, 2 * N_WCIDS), "WCID attributes"),
            (self.rf_loaded(), "RF init values"),
            (INIT_CALIBRATIONS.iter().all(|c| self.calibrations.contains(c)), "init calibrations"),
        ];
        steps.into_iter().filter(|(done, _)| !done).map(|(_, name)| name).collect()
    }

    fn mac_loaded(&self) -> bool {
        initvals::MAC_COMMON.iter().chain(initvals::MAC_CHIP).all(|&(o, _)| self.mac[usize::from(o >> 2)])
    }

    fn bbp_loaded(&self) -> bool {
        initvals::BBP_COMMON.iter().chain(initvals::BBP_CHIP).all(|&(r, _)| self.bbp[usize::from(r)])
    }

    fn rf_loaded(&self) -> bool {
        initvals::RF_CENTRAL
            .iter()
            .chain(initvals::RF_CHANNEL)
            .chain(initvals::RF_VGA)
            .all(|&(b, r, _)| self.rf[usize::from(b & 0xf)][usize::from(r & 0x3f)])
    }

    fn words_loaded(&self, base: u16, words: usize) -> bool {
        let first = usize::from(base >> 2);
        self.mac[first..first + words].iter().all(|w| *w)
    }
}

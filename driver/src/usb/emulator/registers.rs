//! The emulated chip's register spaces: 64 KiB of MAC/system registers written in 16-bit
//! halves, the BBP (256 × 8 bits), the RF (16 banks × 64 × 8 bits) and the eFuse.
//!
//! A 32-bit register is written with two vendor requests, the low half at the offset and the
//! high half at offset + 2; the write takes effect when the high half arrives, which is where
//! the trigger bits live (RF KICK 31, BBP BUSY 17, eFuse KICK 30). Reads of the status
//! registers answer what a healthy idle chip answers.
//!
//! The BBP's measurement registers behave as the driver's calibrations expect (`reference/
//! usb-dongle.md` §4.5): writing R47 with bit 4 set starts a measurement that completes at once
//! (bit 4 clears); R49 then reports what R47's bits 2:0 select — the temperature sensor (the
//! dongle's `temperature`), or a TSSI sample (higher with the RF mixer, bank 4 register 39, on);
//! R159 reads 0x0c when R158 selects 0x8c (the RX DC calibration has settled). Every write is
//! also ticked off the bring-up [`Checklist`].

use super::super::proto::channel::PLAN_FIRST_REG;
use super::super::proto::regs::*;
use super::checklist::Checklist;
use mac80211_core::wire::MacAddr;

/// What a write sets in motion outside the register file.
#[derive(Debug, PartialEq, Eq)]
pub enum Effect {
    /// Nothing.
    None,
    /// VCO calibration kicked with this RF plan (bank 0 registers 17-20).
    Tune([u8; 4]),
    /// The own address changed.
    Address(MacAddr),
    /// The RX filter changed.
    Filter {
        /// Frames not to us pass.
        promiscuous: bool,
    },
    /// `MAC_SYS_CTRL` ENABLE_RX changed.
    MacEnable {
        /// Reception on.
        rx: bool,
    },
}

/// Registers a driver may write before the chip is powered (power control and the reset
/// dance of the firmware loader, Linux init.c/mcu.c).
pub fn writable_unpowered(offset: u16) -> bool {
    matches!(offset, WLAN_FUN_CTRL | USB_DMA_CFG)
}

/// The register spaces.
pub struct Registers {
    mac: Vec<u32>,
    /// Low halves waiting for their high half, by register.
    low: Vec<Option<u16>>,
    bbp: [u8; 256],
    rf: [[u8; 64]; 16],
    efuse: [u8; 512],
    /// What the temperature sensor reads (raw, as the EEPROM's reference temperature).
    pub temperature: i8,
    /// What bring-up has loaded.
    pub checklist: Checklist,
}

impl Registers {
    /// Reset state, the eFuse holding `image` (512 octets: the logical EEPROM and the usage
    /// map at 0x1e0), the temperature sensor reading `temperature`.
    pub fn new(image: &[u8], temperature: i8) -> Registers {
        let mut efuse = [0u8; 512];
        let n = image.len().min(efuse.len());
        efuse[..n].copy_from_slice(&image[..n]);
        let mut bbp = [0u8; 256];
        bbp[0] = 0x01; // version: neither 0 nor 0xff
        Registers {
            mac: vec![0; 0x4000],
            low: vec![None; 0x4000],
            bbp,
            rf: [[0; 64]; 16],
            efuse,
            temperature,
            checklist: Checklist::default(),
        }
    }

    /// A BBP register's value.
    pub fn bbp(&self, reg: u8) -> u8 {
        self.bbp[usize::from(reg)]
    }

    /// WLAN_EN is set.
    pub fn powered(&self) -> bool {
        self.read_plain(WLAN_FUN_CTRL) & 1 != 0
    }

    /// MAC TX enabled.
    pub fn tx_enabled(&self) -> bool {
        self.read_plain(MAC_SYS_CTRL) & MAC_ENABLE_TX != 0
    }

    /// MAC RX enabled.
    pub fn rx_enabled(&self) -> bool {
        self.read_plain(MAC_SYS_CTRL) & MAC_ENABLE_RX != 0
    }

    /// RX aggregation on.
    pub fn rx_aggregation(&self) -> bool {
        self.read_plain(USB_DMA_CFG) & USB_DMA_RX_AGG_EN != 0
    }

    /// The stored value.
    pub fn read_plain(&self, offset: u16) -> u32 {
        self.mac[usize::from(offset >> 2)]
    }

    /// Stores a value without side effects (the chip's own status bits).
    pub fn set_plain(&mut self, offset: u16, value: u32) {
        self.mac[usize::from(offset >> 2)] = value;
    }

    /// A host read.
    pub fn read(&self, offset: u16) -> u32 {
        match offset & !3 {
            ASIC_VERSION => 0x7601_0001,
            MAC_CSR0 => 0x7601_0500,
            CMB_CTRL if self.powered() => CMB_CTRL_READY,
            EFUSE_CTRL => self.read_plain(EFUSE_CTRL) | EFUSE_SEL,
            WPDMA_GLO_CFG | MAC_STATUS => 0,
            o => self.read_plain(o),
        }
    }

    /// A 16-bit write at `index`; the whole register once its high half arrives.
    pub fn write_half(&mut self, index: u16, value: u16) -> Option<(u16, u32)> {
        let slot = usize::from(index >> 2);
        if index & 2 == 0 {
            self.low[slot] = Some(value);
            return None;
        }
        let low = self.low[slot].take().unwrap_or((self.mac[slot] & 0xffff) as u16);
        Some((index & !3, u32::from(value) << 16 | u32::from(low)))
    }

    /// A whole-register write and its effect.
    pub fn write(&mut self, offset: u16, value: u32) -> Effect {
        let offset = offset & !3;
        self.set_plain(offset, value);
        self.checklist.mac_written(offset);
        match offset {
            EFUSE_CTRL if value & EFUSE_KICK != 0 => {
                let block = ((value >> 16) & 0x3f0) as usize;
                for i in 0..4 {
                    let at = (block + 4 * i) % self.efuse.len();
                    let word = u32::from_le_bytes([
                        self.efuse[at],
                        self.efuse[at + 1],
                        self.efuse[at + 2],
                        self.efuse[at + 3],
                    ]);
                    self.set_plain(EFUSE_DATA0 + 4 * i as u16, word);
                }
                // AOUT 0: every block is in use.
                self.set_plain(EFUSE_CTRL, value & !(EFUSE_KICK | EFUSE_AOUT));
                Effect::None
            }
            BBP_CSR_CFG if value & BBP_BUSY != 0 => {
                let reg = ((value >> 8) & 0xff) as u8;
                if value & BBP_READ != 0 {
                    let v = self.bbp_read(reg);
                    self.set_plain(BBP_CSR_CFG, (value & !(BBP_BUSY | 0xff)) | u32::from(v));
                } else {
                    self.bbp_write(reg, value as u8);
                    self.set_plain(BBP_CSR_CFG, value & !BBP_BUSY);
                }
                Effect::None
            }
            RF_CSR_CFG if value & RF_KICK != 0 => {
                let (bank, reg) = (((value >> 14) & 0xf) as u8, ((value >> 8) & 0x3f) as u8);
                if value & RF_WR != 0 {
                    self.set_plain(RF_CSR_CFG, value & !RF_KICK);
                    self.rf_write(bank, reg, value as u8)
                } else {
                    let v = self.rf[usize::from(bank)][usize::from(reg)];
                    self.set_plain(RF_CSR_CFG, (value & !(RF_KICK | 0xff)) | u32::from(v));
                    Effect::None
                }
            }
            MAC_ADDR_DW1 => {
                let dw0 = self.read_plain(MAC_ADDR_DW0).to_le_bytes();
                let dw1 = value.to_le_bytes();
                Effect::Address(MacAddr([dw0[0], dw0[1], dw0[2], dw0[3], dw1[0], dw1[1]]))
            }
            RX_FILTR_CFG => Effect::Filter { promiscuous: value & RX_DROP_NOT_TO_ME == 0 },
            MAC_SYS_CTRL => {
                if value & MAC_RESET_CSR != 0 {
                    self.checklist.mac_reset();
                }
                if value & MAC_RESET_BBP != 0 {
                    self.checklist.bbp_reset();
                }
                Effect::MacEnable { rx: value & MAC_ENABLE_RX != 0 }
            }
            WLAN_FUN_CTRL if value & 1 == 0 => {
                self.checklist.power_off();
                Effect::None
            }
            _ => Effect::None,
        }
    }

    /// An RF register write; bank 0 register 4 bit 7 kicks the VCO calibration, which tunes to
    /// the plan in registers 17-20.
    pub fn rf_write(&mut self, bank: u8, reg: u8, value: u8) -> Effect {
        self.rf[usize::from(bank & 0xf)][usize::from(reg & 0x3f)] = value;
        self.checklist.rf_written(bank, reg);
        if bank == 0 && reg == 4 && value & 0x80 != 0 {
            let r = &self.rf[0];
            let first = usize::from(PLAN_FIRST_REG);
            return Effect::Tune([r[first], r[first + 1], r[first + 2], r[first + 3]]);
        }
        Effect::None
    }

    /// A BBP register write; a measurement asked of R47 completes at once.
    pub fn bbp_write(&mut self, reg: u8, value: u8) {
        self.checklist.bbp_written(reg);
        self.bbp[usize::from(reg)] = if reg == 47 { value & !BBP_R47_MEASURING } else { value };
    }

    /// A BBP register read.
    pub fn bbp_read(&self, reg: u8) -> u8 {
        match reg {
            49 if self.bbp[47] & BBP_R47_SELECT == BBP_R47_TEMPERATURE => self.temperature as u8,
            49 if self.bbp[47] & BBP_R47_SELECT == BBP_R47_TSSI => self.tssi(),
            159 if self.bbp[158] == 0x8c => 0x0c,
            r => self.bbp[usize::from(r)],
        }
    }

    /// A TSSI sample: the detector's DC level, plus signal while the RF mixer is on.
    fn tssi(&self) -> u8 {
        if self.rf[4][39] != 0 { 0x24 } else { 0x04 }
    }
}

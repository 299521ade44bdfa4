//! Bring-up, in the Linux driver's order (`usb.c` `mt7601u_probe`, `init.c`
//! `mt7601u_init_hardware` / `mt7601u_mac_start`, `mcu.c` `mt7601u_load_firmware`;
//! `reference/usb-dongle.md` §4.12).
//!
//! 1. ASIC ready (`MAC_CSR0` neither 0 nor all ones), chip id 0x7601, eFuse present.
//! 2. Power: `WLAN_FUN_CTRL` WLAN_EN | WLAN_CLK_EN, crystal and PLL ready (`CMB_CTRL`).
//! 3. Firmware (skipped when `COM_REG0` says it already runs): DMA set-up, vendor reset, FCE
//!    registers, each chunk announced by FCE_DMA_ADDR/LEN and acknowledged in `COM_REG1`, the
//!    descriptor index bumped, then `DEV_MODE 0x12` with the IVB and `COM_REG0` = 1.
//! 4. MAC/BBP reset, USB DMA with RX aggregation, MCU queue select.
//! 5. The vendor's MAC init values (MCU RANDOM_WRITE), beacon slots; the BBP once ready (R0
//!    neither 0 nor 0xff) and its init values; the peer (WCID) tables cleared by BURST_WRITE;
//!    beacon timers off, statistics cleared, timing registers.
//! 6. The EEPROM: the usage map (physical mode), then the logical image, parsed
//!    ([`Eeprom`]): MAC address, country region, crystal offset, LNA gain, RSSI offsets,
//!    powers; the per-rate power registers written from it.
//! 7. The PHY ([`phy::init`]): RF init values, calibrations, temperature band.
//! 8. On start: own address, then TX on, the default RX filter, RX on, then the channel.
//!
//! The tables are the vendor's (`proto::initvals`); the emulated dongle refuses a MAC start
//! without them. No real dongle has run this sequence yet (see `docs/usb.md`).

use super::super::proto::eeprom::{self, Eeprom};
use super::super::proto::firmware::Firmware;
use super::super::proto::initvals;
use super::super::proto::mcu::{self, McuCommand};
use super::super::proto::regs::*;
use super::super::proto::vendor;
use super::super::transport::UsbTransport;
use super::phy::{self, PhyState};
use super::regio::{RegIo, radio_error};
use crate::radio::RadioError;
use mac80211_core::wire::MacAddr;
use std::time::Duration;

fn refused(what: impl Into<String>) -> RadioError {
    RadioError::Refused(what.into())
}

/// Step 1: the chip answers and is an MT7601U with an eFuse.
pub fn check_chip<T: UsbTransport>(io: &mut RegIo<T>) -> Result<(), RadioError> {
    wait_asic_ready(io)?;
    let asic = io.rr(ASIC_VERSION)?;
    if asic >> 16 != CHIP_ID {
        return Err(refused(format!("not an MT7601U: ASIC version 0x{asic:08x}")));
    }
    if io.rr(EFUSE_CTRL)? & EFUSE_SEL == 0 {
        return Err(refused("no eFuse"));
    }
    Ok(())
}

fn wait_asic_ready<T: UsbTransport>(io: &mut RegIo<T>) -> Result<(), RadioError> {
    io.poll_until("ASIC ready", |io| {
        let v = io.rr(MAC_CSR0)?;
        Ok(v != 0 && v != u32::MAX)
    })
}

/// Step 2.
pub fn power_on<T: UsbTransport>(io: &mut RegIo<T>) -> Result<(), RadioError> {
    io.rmw(WLAN_FUN_CTRL, 0, WLAN_ON)?;
    io.poll(CMB_CTRL, CMB_CTRL_READY, CMB_CTRL_READY, "crystal and PLL")?;
    wait_asic_ready(io)
}

/// Step 3: uploads `fw` unless the firmware already runs. Returns true when it uploaded.
pub fn load_firmware<T: UsbTransport>(io: &mut RegIo<T>, fw: &Firmware) -> Result<bool, RadioError> {
    io.wr(USB_DMA_CFG, USB_DMA_BULK_EN)?;
    if io.rr(MCU_COM_REG0)? == 1 {
        tracing::warn!(
            "firmware already running (a kernel driver used this dongle?): RX may stay silent until a replug"
        );
        return Ok(false);
    }
    io.wr(0x094c, 0)?;
    io.wr(FCE_PSE_CTRL, 0)?;
    io.usb.control_out(vendor::DEV_MODE, vendor::MODE_RESET, 0, &[]).map_err(radio_error)?;
    for (offset, value) in [(0x0a44, 0), (0x0230, 0x84210), (0x0400, 0x80c00), (FCE_PSE_CTRL, 1)] {
        io.wr(offset, value)?;
    }
    io.rmw(PBF_CFG, 0, 0xf)?;
    io.wr(USB_DMA_CFG, USB_DMA_BULK_EN)?;
    io.wr(USB_DMA_CFG, USB_DMA_BULK_EN | 1 << 19)?;
    io.wr(USB_DMA_CFG, USB_DMA_BULK_EN)?;
    for (offset, value) in [(0x09a0, 0x0040_0230), (0x09a4, 1), (0x09c4, 0x44), (0x0a6c, 3)] {
        io.wr(offset, value)?;
    }
    for chunk in fw.chunks() {
        io.wr_fce(FCE_DMA_ADDR, chunk.dest)?;
        io.wr_fce(FCE_DMA_LEN, chunk.dma_len)?;
        io.usb.bulk_out(super::super::proto::OutEndpoint::InbandCmd, &chunk.transfer).map_err(radio_error)?;
        let idx = io.rr(TX_CPU_DESC_IDX)?;
        io.wr(TX_CPU_DESC_IDX, idx.wrapping_add(1))?;
        io.poll(MCU_COM_REG1, 1 << 31, 1 << 31, "firmware chunk accepted")?;
    }
    io.usb.control_out(vendor::DEV_MODE, vendor::MODE_START_FW, 0, &fw.ivb).map_err(radio_error)?;
    io.poll(MCU_COM_REG0, 1, 1, "firmware start")?;
    tracing::info!(version = %fw.version_string(), build = fw.build, "MT7601U firmware running");
    Ok(true)
}

/// Steps 4-7: DMA, MCU, MAC, BBP, peer tables, EEPROM, PHY. Returns the EEPROM's MAC address
/// and the PHY's state.
pub fn init_hardware<T: UsbTransport>(io: &mut RegIo<T>) -> Result<(MacAddr, PhyState), RadioError> {
    io.poll(WPDMA_GLO_CFG, 0b1010, 0, "DMA idle after the firmware")?;
    wait_asic_ready(io)?;
    io.wr(MAC_SYS_CTRL, MAC_RESET_CSR | MAC_RESET_BBP)?;
    io.wr(USB_DMA_CFG, 0)?;
    io.usb.settle(Duration::from_millis(1));
    io.wr(MAC_SYS_CTRL, 0)?;
    init_usb_dma(io)?;
    io.mcu(|_| vec![McuCommand::pair(mcu::CMD_FUN_SET_OP, mcu::FUN_Q_SELECT, 1, 0)])?;
    init_mac(io)?;
    init_bbp(io)?;
    init_peer_tables(io)?;
    io.rmw(BEACON_TIME_CFG, BEACON_TIME_CFG_ACTIVE, 0)?;
    for counter in STA_COUNTERS {
        io.rr(counter)?; // reading clears
    }
    io.rmw(US_CYC_CFG, 0xff, 0x1e)?;
    io.wr(TXOP_CTRL_CFG, 0x58 << 8 | 0x3f)?;
    let ee = read_eeprom(io)?;
    write_rate_powers(io, &ee)?;
    tracing::info!(
        version = ee.version,
        channels = ?ee.channels,
        lna_gain = ee.lna_gain,
        tssi = ee.tssi_enabled(),
        "MT7601U EEPROM"
    );
    let addr = ee.mac;
    Ok((addr, phy::init(io, ee)?))
}

/// USB DMA: AGG_TOUT 0x80, AGG_LMT 28 KiB, RX/TX bulk, RX aggregation (high-speed endpoints),
/// then a pulse of UDMA_RX_WL_DROP to flush what the RX FIFO held.
fn init_usb_dma<T: UsbTransport>(io: &mut RegIo<T>) -> Result<(), RadioError> {
    let cfg = 0x80 | 28 << 8 | USB_DMA_BULK_EN | USB_DMA_RX_AGG_EN;
    io.wr(USB_DMA_CFG, cfg)?;
    io.wr(USB_DMA_CFG, cfg | USB_DMA_RX_WL_DROP)?;
    io.wr(USB_DMA_CFG, cfg)
}

/// The MAC's init values, the 16 beacon slots of 512 octets from `BEACON_BASE`, then MAC idle.
fn init_mac<T: UsbTransport>(io: &mut RegIo<T>) -> Result<(), RadioError> {
    let pairs: Vec<(u32, u32)> =
        initvals::mac_pairs(initvals::MAC_COMMON).chain(initvals::mac_pairs(initvals::MAC_CHIP)).collect();
    io.random_write(&pairs)?;
    for i in 0..4u16 {
        // Slot n at 0xc000 + 512·n, in 64-octet units: 8·n, four slots per register.
        let slots = (0..4u32).map(|k| (8 * (4 * u32::from(i) + k)) << (8 * k)).fold(0, |a, b| a | b);
        io.wr(BCN_OFFSET0 + 4 * i, slots)?;
    }
    io.wr(AUX_CLK_CFG, 0)?;
    io.poll(MAC_STATUS, 0b11, 0, "MAC idle")
}

/// The BBP, once it answers, and its init values.
fn init_bbp<T: UsbTransport>(io: &mut RegIo<T>) -> Result<(), RadioError> {
    io.poll_until("BBP ready", |io| {
        let r0 = io.bbp_rr(0)?;
        Ok(r0 != 0 && r0 != 0xff)
    })?;
    let pairs: Vec<(u32, u32)> =
        initvals::bbp_pairs(initvals::BBP_COMMON).chain(initvals::bbp_pairs(initvals::BBP_CHIP)).collect();
    io.random_write(&pairs)
}

/// No peers: every WCID address all ones, no shared keys, every WCID's attributes "pairwise,
/// no key".
fn init_peer_tables<T: UsbTransport>(io: &mut RegIo<T>) -> Result<(), RadioError> {
    let addrs: Vec<u32> = (0..N_WCIDS).flat_map(|_| [0xffff_ffff, 0x00ff_ffff]).collect();
    io.burst_write(WCID_ADDR_BASE, &addrs)?;
    io.burst_write(SKEY_MODE_BASE, &[0; 4])?;
    io.burst_write(WCID_ATTR_BASE, &vec![1; 2 * N_WCIDS])
}

/// The EEPROM: the usage map must show the eFuse programmed, then the logical image is read
/// block by block and parsed.
fn read_eeprom<T: UsbTransport>(io: &mut RegIo<T>) -> Result<Eeprom, RadioError> {
    let mut map = Vec::with_capacity(32);
    for addr in [eeprom::USAGE_MAP_START, eeprom::USAGE_MAP_START + 16] {
        map.extend_from_slice(&io.efuse_block(addr, true)?);
    }
    if !eeprom::usage_map_ok(&map) {
        return Err(refused(
            "eFuse almost empty: this dongle needs a default EEPROM file, which this driver does not support",
        ));
    }
    let mut image = Vec::with_capacity(eeprom::EEPROM_SIZE);
    for addr in (0..eeprom::EEPROM_SIZE as u16).step_by(16) {
        image.extend_from_slice(&io.efuse_block(addr, false)?);
    }
    eeprom::parse(&image).map_err(|e| refused(format!("EEPROM: {e}")))
}

/// The per-rate power registers `TX_PWR_CFG_0..4` as the EEPROM gives them (blank words left
/// alone), and the extra ones the MAC derives from them.
fn write_rate_powers<T: UsbTransport>(io: &mut RegIo<T>, ee: &Eeprom) -> Result<(), RadioError> {
    for (i, word) in ee.tx_pwr_cfg.iter().enumerate() {
        if let Some(word) = word {
            io.wr(TX_PWR_CFG_0 + 4 * i as u16, *word)?;
        }
    }
    let cfg7 = (io.rr(TX_PWR_CFG_1)? & 0xff00) >> 8 | (io.rr(TX_PWR_CFG_2)? & 0xff00) << 8;
    io.wr(TX_PWR_CFG_7, cfg7)?;
    let cfg9 = (io.rr(TX_PWR_CFG_4)? & 0xff00) >> 8;
    io.wr(TX_PWR_CFG_9, cfg9)
}

/// Writes the own address (`MAC_ADDR_DW0/1`, the U2ME mask all ones).
pub fn set_address<T: UsbTransport>(io: &mut RegIo<T>, addr: MacAddr) -> Result<(), RadioError> {
    let a = addr.0;
    io.wr(MAC_ADDR_DW0, u32::from_le_bytes([a[0], a[1], a[2], a[3]]))?;
    io.wr(MAC_ADDR_DW1, u32::from(a[4]) | u32::from(a[5]) << 8 | 0xff << 16)
}

/// Step 6: TX on, the RX filter, RX on.
pub fn mac_start<T: UsbTransport>(io: &mut RegIo<T>, filter: u32) -> Result<(), RadioError> {
    io.wr(MAC_SYS_CTRL, MAC_ENABLE_TX)?;
    io.poll(WPDMA_GLO_CFG, 0b1010, 0, "DMA idle")?;
    io.wr(RX_FILTR_CFG, filter)?;
    io.wr(MAC_SYS_CTRL, MAC_ENABLE_TX | MAC_ENABLE_RX)
}

/// Stop (`mt7601u_mac_stop_hw`): beacons off, TX drained, MAC TX and RX off, RX drained.
/// The chip stays powered and loaded, so a later start needs only [`mac_start`].
pub fn mac_stop<T: UsbTransport>(io: &mut RegIo<T>) -> Result<(), RadioError> {
    io.rmw(BEACON_TIME_CFG, BEACON_TIME_CFG_ACTIVE, 0)?;
    warn_unless_idle(io, USB_DMA_CFG, USB_DMA_TX_BUSY, "TX DMA")?;
    warn_unless_idle(io, MAC_STATUS, 0b01, "MAC TX")?;
    io.rmw(MAC_SYS_CTRL, MAC_ENABLE_TX | MAC_ENABLE_RX, 0)?;
    warn_unless_idle(io, MAC_STATUS, 0b10, "MAC RX")?;
    warn_unless_idle(io, USB_DMA_CFG, USB_DMA_RX_BUSY, "RX DMA")
}

/// Polls a busy bit; a chip that stays busy is logged, not fatal (Linux goes on too).
fn warn_unless_idle<T: UsbTransport>(
    io: &mut RegIo<T>,
    offset: u16,
    busy: u32,
    what: &'static str,
) -> Result<(), RadioError> {
    match io.poll(offset, busy, 0, what) {
        Err(RadioError::Refused(why)) => {
            tracing::warn!("MT7601U stop: {why}");
            Ok(())
        }
        other => other,
    }
}

/// Power off (`mt7601u_chip_onoff(false)`): the chip forgets everything; only a new
/// bring-up revives it.
pub fn power_off<T: UsbTransport>(io: &mut RegIo<T>) -> Result<(), RadioError> {
    io.rmw(WLAN_FUN_CTRL, 1, 0).map(drop)
}

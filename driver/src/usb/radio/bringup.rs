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
//! 5. BBP ready (R0 neither 0 nor 0xff); MAC address from the eFuse (logical block 0).
//! 6. Own address, then TX on, the default RX filter, RX on.
//!
//! Not done (needs the vendor's init tables, `initvals.h`/`initvals_phy.h`, and a dongle to
//! check them on): the MAC/BBP/RF initial values, the calibrations, TX power and temperature
//! compensation. The emulator does not need them; real hardware will.

use super::super::proto::firmware::Firmware;
use super::super::proto::mcu::{self, McuCommand};
use super::super::proto::regs::*;
use super::super::proto::vendor;
use super::super::transport::UsbTransport;
use super::regio::{RegIo, radio_error};
use crate::radio::RadioError;
use mac80211_core::wire::MacAddr;

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
    for _ in 0..100 {
        let v = io.rr(MAC_CSR0)?;
        if v != 0 && v != u32::MAX {
            return Ok(());
        }
    }
    Err(refused("ASIC not ready"))
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

/// Steps 4-5: DMA, MCU, BBP; returns the eFuse MAC address.
pub fn init_hardware<T: UsbTransport>(io: &mut RegIo<T>) -> Result<MacAddr, RadioError> {
    io.wr(MAC_SYS_CTRL, 0b11)?;
    io.wr(USB_DMA_CFG, 0)?;
    io.wr(MAC_SYS_CTRL, 0)?;
    // AGG_TOUT 0x80, AGG_LMT 28 KiB, RX/TX bulk, RX aggregation (high-speed endpoints).
    io.wr(USB_DMA_CFG, 0x80 | 28 << 8 | USB_DMA_BULK_EN | USB_DMA_RX_AGG_EN)?;
    io.mcu(|_| vec![McuCommand::pair(mcu::CMD_FUN_SET_OP, mcu::FUN_Q_SELECT, 1, 0)])?;
    let mut ready = false;
    for _ in 0..100 {
        let r0 = io.bbp_rr(0)?;
        if r0 != 0 && r0 != 0xff {
            ready = true;
            break;
        }
    }
    if !ready {
        return Err(refused("BBP not ready"));
    }
    let block = io.efuse_block(0)?;
    if u16::from_le_bytes([block[0], block[1]]) != CHIP_ID as u16 {
        return Err(refused("eFuse: not an MT7601U image"));
    }
    let addr = MacAddr([block[4], block[5], block[6], block[7], block[8], block[9]]);
    if addr.is_multicast() || addr.0 == [0; 6] {
        return Err(refused(format!("eFuse MAC address {addr} is not a unicast address")));
    }
    Ok(addr)
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

/// Stop: MAC TX and RX off, then power off.
pub fn mac_stop<T: UsbTransport>(io: &mut RegIo<T>) -> Result<(), RadioError> {
    io.wr(MAC_SYS_CTRL, 0)?;
    io.poll(MAC_STATUS, 0b11, 0, "MAC idle")?;
    io.rmw(WLAN_FUN_CTRL, WLAN_ON, 0).map(drop)
}

/// Tunes to 2.4 GHz channel `n` (`phy.c` `__mt7601u_phy_set_channel`): the RF plan by MCU
/// RANDOM_WRITE, the VCO calibration kick, the bandwidth filter calibrations.
pub fn set_channel<T: UsbTransport>(io: &mut RegIo<T>, n: u8) -> Result<(), RadioError> {
    let plan =
        super::super::proto::channel::plan(n).ok_or_else(|| refused(format!("no 2.4 GHz channel {n}")))?;
    let pairs: Vec<(u32, u32)> =
        (0..4).map(|i| (mcu::rf_addr(0, 17 + i as u8), u32::from(plan[i]))).collect();
    io.mcu(|seq| McuCommand::random_writes(&pairs, seq))?;
    io.rf_wr(0, 4, 0x0a)?;
    io.rf_wr(0, 5, 0x20)?;
    io.rf_wr(0, 4, 0x8a)?;
    for value in [0x1_0001, 0x1_0000] {
        io.mcu(|seq| vec![McuCommand::pair(mcu::CMD_CALIBRATION_OP, mcu::CAL_BW, value, seq)])?;
    }
    Ok(())
}

//! Register addresses and fields of the MT7601U (Linux `regs.h`, `mcu.h`; rt2800's `rt2800.h`
//! documents the same MAC block). Only what the driver and the emulator use.

/// `ASIC_VERSION`: 0x76010001 on real chips; the upper half names the chip.
pub const ASIC_VERSION: u16 = 0x0000;
/// `CMB_CTRL`: XTAL_RDY bit 22, PLL_LD bit 23.
pub const CMB_CTRL: u16 = 0x0020;
/// Crystal ready and PLL locked.
pub const CMB_CTRL_READY: u32 = (1 << 22) | (1 << 23);
/// `EFUSE_CTRL`: AOUT 5:0, MODE 7:6, AIN 25:16, KICK 30, SEL 31 (eFuse present).
pub const EFUSE_CTRL: u16 = 0x0024;
/// eFuse AOUT: all ones when the block read is not in use.
pub const EFUSE_AOUT: u32 = 0x3f;
/// eFuse MODE.
pub const EFUSE_MODE: u32 = 0b11 << 6;
/// eFuse MODE 1: physical reads (the usage map).
pub const EFUSE_MODE_PHYSICAL: u32 = 1 << 6;
/// eFuse AIN: the block's address.
pub const EFUSE_AIN: u32 = 0x3ff << 16;
/// eFuse KICK.
pub const EFUSE_KICK: u32 = 1 << 30;
/// eFuse present.
pub const EFUSE_SEL: u32 = 1 << 31;
/// `EFUSE_DATA(0..3)`: the 16 bytes of the block read.
pub const EFUSE_DATA0: u16 = 0x0028;
/// `WLAN_FUN_CTRL`: WLAN_EN bit 0, WLAN_CLK_EN bit 1.
pub const WLAN_FUN_CTRL: u16 = 0x0080;
/// WLAN_EN | WLAN_CLK_EN.
pub const WLAN_ON: u32 = 0b11;
/// `WPDMA_GLO_CFG`: TX_DMA_BUSY bit 1, RX_DMA_BUSY bit 3.
pub const WPDMA_GLO_CFG: u16 = 0x0208;
/// `FCE_DMA_ADDR`: firmware chunk destination.
pub const FCE_DMA_ADDR: u16 = 0x0230;
/// `FCE_DMA_LEN`: firmware chunk length << 16.
pub const FCE_DMA_LEN: u16 = 0x0234;
/// `USB_DMA_CFG`.
pub const USB_DMA_CFG: u16 = 0x0238;
/// RX_BULK_EN | TX_BULK_EN.
pub const USB_DMA_BULK_EN: u32 = (1 << 22) | (1 << 23);
/// RX_BUSY.
pub const USB_DMA_RX_BUSY: u32 = 1 << 30;
/// TX_BUSY.
pub const USB_DMA_TX_BUSY: u32 = 1 << 31;
/// UDMA_RX_WL_DROP: flush the RX FIFO.
pub const USB_DMA_RX_WL_DROP: u32 = 1 << 25;
/// RX_BULK_AGG_EN.
pub const USB_DMA_RX_AGG_EN: u32 = 1 << 21;
/// `PBF_CFG`: TX0Q..TX3Q_EN.
pub const PBF_CFG: u16 = 0x0404;
/// `MCU_COM_REG0`: 1 once the firmware runs.
pub const MCU_COM_REG0: u16 = 0x0730;
/// `MCU_COM_REG1`: bit 31 = firmware chunk accepted.
pub const MCU_COM_REG1: u16 = 0x0734;
/// `FCE_PSE_CTRL`.
pub const FCE_PSE_CTRL: u16 = 0x0800;
/// `TX_CPU_FROM_FCE_CPU_DESC_IDX`: incremented by the host per firmware chunk.
pub const TX_CPU_DESC_IDX: u16 = 0x09a8;
/// `MAC_CSR0`: 0x76010500; "ASIC ready" when neither 0 nor all ones.
pub const MAC_CSR0: u16 = 0x1000;
/// `MAC_SYS_CTRL`: RESET_CSR 0, RESET_BBP 1, ENABLE_TX 2, ENABLE_RX 3.
pub const MAC_SYS_CTRL: u16 = 0x1004;
/// RESET_CSR: resets the MAC registers.
pub const MAC_RESET_CSR: u32 = 1 << 0;
/// RESET_BBP: resets the baseband.
pub const MAC_RESET_BBP: u32 = 1 << 1;
/// ENABLE_TX.
pub const MAC_ENABLE_TX: u32 = 1 << 2;
/// ENABLE_RX.
pub const MAC_ENABLE_RX: u32 = 1 << 3;
/// `MAC_ADDR_DW0` / `DW1`: own address (DW1 bits 23:16 = U2ME mask 0xff).
pub const MAC_ADDR_DW0: u16 = 0x1008;
/// See [`MAC_ADDR_DW0`].
pub const MAC_ADDR_DW1: u16 = 0x100c;
/// `BBP_CSR_CFG`: VAL 7:0, REG_NUM 15:8, READ 16, BUSY 17.
pub const BBP_CSR_CFG: u16 = 0x101c;
/// BBP BUSY.
pub const BBP_BUSY: u32 = 1 << 17;
/// BBP READ.
pub const BBP_READ: u32 = 1 << 16;
/// BBP RW_MODE (Linux sets it on every access).
pub const BBP_RW_MODE: u32 = 1 << 19;
/// BBP R47 bit 4: start a measurement; it reads set until the measurement is done.
pub const BBP_R47_MEASURING: u8 = 0x10;
/// BBP R47 bits 2:0: what R49 reports.
pub const BBP_R47_SELECT: u8 = 0x07;
/// BBP R47 selector: a TSSI sample.
pub const BBP_R47_TSSI: u8 = 0;
/// BBP R47 selector: the temperature sensor.
pub const BBP_R47_TEMPERATURE: u8 = 4;
/// `RF_CSR_CFG`: DATA 7:0, REG_ID 13:8, BANK 17:14, WR 30, KICK 31.
pub const RF_CSR_CFG: u16 = 0x0500;
/// RF KICK.
pub const RF_KICK: u32 = 1 << 31;
/// RF WR.
pub const RF_WR: u32 = 1 << 30;
/// `MAC_STATUS`: TX busy bit 0, RX busy bit 1.
pub const MAC_STATUS: u16 = 0x1200;
/// `RX_FILTR_CFG`: drop bits; NOT_TO_ME (promiscuous when clear) bit 2, NOT_MY_BSS bit 3.
pub const RX_FILTR_CFG: u16 = 0x1400;
/// Linux's filter at start: drop CRC, PHY, not-to-me, version, duplicates, control frames.
pub const RX_FILTER_DEFAULT: u32 = 0x0001_7f97;
/// Drop frames not to us.
pub const RX_DROP_NOT_TO_ME: u32 = 1 << 2;
/// Drop frames of other BSSs.
pub const RX_DROP_NOT_MY_BSS: u32 = 1 << 3;
/// `TX_STAT_FIFO`: VALID 0, PID 4:1, SUCCESS 5, AGGR 6, ACKREQ 7, WCID 15:8, RATE 31:16.
pub const TX_STAT_FIFO: u16 = 0x1718;
/// `TX_RETRY_CFG` (short limit 7:0).
pub const TX_RETRY_CFG: u16 = 0x134c;

/// `US_CYC_CFG`: microsecond cycle count 7:0 (0x1e at 30 MHz).
pub const US_CYC_CFG: u16 = 0x02a4;
/// `BCN_OFFSET(0..3)`: the 16 beacon slots' offsets from `BEACON_BASE`, in 64-octet units.
pub const BCN_OFFSET0: u16 = 0x041c;
/// `RF_BYPASS_0`: RF control bits taken from `RF_SETTING_0` instead of the MAC's.
pub const RF_BYPASS_0: u16 = 0x0504;
/// `RF_SETTING_0`.
pub const RF_SETTING_0: u16 = 0x050c;
/// `BEACON_TIME_CFG`: TIMER_EN 16, SYNC_MODE 18:17, TBTT_EN 19, BEACON_TX 20.
pub const BEACON_TIME_CFG: u16 = 0x1114;
/// The TSF timer, TBTT and beacon bits of [`BEACON_TIME_CFG`].
pub const BEACON_TIME_CFG_ACTIVE: u32 = (1 << 16) | (0b11 << 17) | (1 << 19) | (1 << 20);
/// `AUX_CLK_CFG`.
pub const AUX_CLK_CFG: u16 = 0x120c;
/// `RF_PA_MODE_CFG0` / `CFG1`: the PA mode of each rate, two bits each (read for TX power).
pub const RF_PA_MODE_CFG0: u16 = 0x121c;
/// See [`RF_PA_MODE_CFG0`].
pub const RF_PA_MODE_CFG1: u16 = 0x1220;
/// `TX_PWR_CFG_0`: power deltas of CCK 1/2, CCK 5.5/11, OFDM 6/9, OFDM 12/18 (6-bit signed each).
pub const TX_PWR_CFG_0: u16 = 0x1314;
/// `TX_BAND_CFG`: UPPER_40M bit 0 (the control channel is the upper one of a 40 MHz pair).
pub const TX_BAND_CFG: u16 = 0x132c;
/// `TXOP_CTRL_CFG`: TXOP truncation enables 5:0, extension-channel CCA delay 15:8.
pub const TXOP_CTRL_CFG: u16 = 0x1340;
/// `TX_PWR_CFG_1..4`, `TX_PWR_CFG_7`, `TX_PWR_CFG_9`: the other per-rate power deltas.
pub const TX_PWR_CFG_1: u16 = 0x1318;
/// See [`TX_PWR_CFG_1`].
pub const TX_PWR_CFG_2: u16 = 0x131c;
/// See [`TX_PWR_CFG_1`].
pub const TX_PWR_CFG_4: u16 = 0x1324;
/// See [`TX_PWR_CFG_1`].
pub const TX_PWR_CFG_7: u16 = 0x13d4;
/// See [`TX_PWR_CFG_1`].
pub const TX_PWR_CFG_9: u16 = 0x13dc;
/// `TX_ALC_CFG_0`: CH_INIT_0 5:0 = the channel's transmit power (EEPROM), LIMIT_0 21:16.
pub const TX_ALC_CFG_0: u16 = 0x13b0;
/// `TX_ALC_CFG_1`: TEMP_COMP 5:0, the temperature compensation of the power (6-bit signed).
pub const TX_ALC_CFG_1: u16 = 0x13b4;
/// `RX_STA_CNT0..2`, `TX_STA_CNT0..2`: statistics, cleared by reading.
pub const STA_COUNTERS: [u16; 6] = [0x1700, 0x1704, 0x1708, 0x170c, 0x1710, 0x1714];
/// `WCID_ADDR(n)`: peer n's address, 8 octets per entry, 128 entries.
pub const WCID_ADDR_BASE: u16 = 0x1800;
/// `WCID_ATTR(n)`: peer n's key attributes, 4 octets per entry.
pub const WCID_ATTR_BASE: u16 = 0xa800;
/// `SKEY_MODE_0`: the shared-key modes of BSS 0-7 (4 registers).
pub const SKEY_MODE_BASE: u16 = 0xb000;
/// Hardware peer entries (`N_WCIDS`).
pub const N_WCIDS: usize = 128;

/// The chip id in `ASIC_VERSION`'s upper half.
pub const CHIP_ID: u32 = 0x7601;

/// One entry of `TX_STAT_FIFO`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct TxStat {
    /// PKTID of the frame (1-15; 0 = no report asked).
    pub pid: u8,
    /// Acknowledged (or sent, when no ACK was asked).
    pub success: bool,
    /// An ACK was asked for.
    pub ack_req: bool,
    /// The TXWI rate word of the last attempt.
    pub rate: u16,
}

impl TxStat {
    /// Decodes a FIFO read; `None` when VALID is clear (the FIFO is empty).
    pub fn decode(word: u32) -> Option<TxStat> {
        (word & 1 != 0).then_some(TxStat {
            pid: ((word >> 1) & 0xf) as u8,
            success: word & (1 << 5) != 0,
            ack_req: word & (1 << 7) != 0,
            rate: (word >> 16) as u16,
        })
    }

    /// The FIFO word for this entry (VALID set).
    pub fn encode(&self) -> u32 {
        1 | (u32::from(self.pid & 0xf) << 1)
            | (u32::from(self.success) << 5)
            | (u32::from(self.ack_req) << 7)
            | (u32::from(self.rate) << 16)
    }
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn tx_stat_words() {
        let s = TxStat { pid: 9, success: true, ack_req: true, rate: 0x4007 };
        assert_eq!(s.encode(), 0x4007_00b3);
        assert_eq!(TxStat::decode(0x4007_00b3), Some(s));
        assert_eq!(TxStat::decode(0x4007_00b2), None, "VALID clear: the FIFO is empty");
    }
}

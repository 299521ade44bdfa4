//! The MT7601U's register initialisation tables: the values the vendor driver loads into the
//! MAC, the BBP (baseband) and the RF block before the radio works, kept here as data.
//!
//! Source: Linux `drivers/net/wireless/mediatek/mt7601u/initvals.h` (MAC and BBP tables) and
//! `initvals_phy.h` (RF tables, and the BBP sets that follow temperature and bandwidth), which
//! carry Ralink/MediaTek's numbers. These are the vendor's values, unverified on our side beyond
//! transcription: the tests check sizes, spot values and shape against the source, not what the
//! numbers do. Where Linux names a MAC register, the table holds its offset (from `regs.h`) and
//! the name in a trailing comment, so a search for the Linux name lands here.
//!
//! When the driver writes them (the bring-up order of `reference/usb-dongle.md` §4.12):
//!
//! - step 9: [`MAC_COMMON`], then [`MAC_CHIP`]; the beacon offsets and `AUX_CLK_CFG` come after
//!   (so the `BCN_OFFSET(0)`/`(1)` values here are overwritten at once);
//! - step 10: once BBP R0 reads valid, [`BBP_COMMON`], then [`BBP_CHIP`];
//! - step 14: after RF bank 0 R12 has the EEPROM frequency offset (which is why [`RF_CENTRAL`]
//!   skips R12), [`RF_CENTRAL`], [`RF_CHANNEL`] and [`RF_VGA`], before the calibrations;
//! - on a bandwidth change, after BBP R4 is set: [`bbp_temp_bw`] for the current temperature
//!   mode and the new width;
//! - when temperature compensation moves to another [`TempMode`]: [`bbp_temp_common`], then
//!   [`bbp_temp_bw`] for the current width.
//!
//! How: each table is one batch of MCU RANDOM_WRITE commands
//! ([`McuCommand::random_writes`](super::mcu::McuCommand::random_writes)) whose (address, value)
//! pairs name the register space by the address: `MEMMAP_WLAN | offset` for the MAC,
//! `MEMMAP_BBP | reg` for the BBP, `MEMMAP_RF | bank << 16 | reg` ([`rf_addr`]) for the RF.
//! [`mac_pairs`], [`bbp_pairs`] and [`rf_pairs`] make those pairs.
//!
//! The tables are sequences, not maps: order matters. The BBP tables reach indirect registers
//! through index/data windows (R142 then R143, R195 then R196), so those two registers repeat;
//! [`MAC_CHIP`] rewrites `TX_SW_CFG0/1` after [`MAC_COMMON`] set them. No other register appears
//! twice in one table.

use super::mcu::{MEMMAP_BBP, MEMMAP_WLAN, rf_addr};

/// MAC registers common to the family: (offset, value), written first.
pub const MAC_COMMON: &[(u16, u32)] = &[
    (0x1408, 0x0000_013f), // LEGACY_BASIC_RATE
    (0x140c, 0x0000_8003), // HT_BASIC_RATE
    (0x1004, 0x0000_0000), // MAC_SYS_CTRL
    (0x1400, 0x0001_7f97), // RX_FILTR_CFG
    (0x1104, 0x0000_0209), // BKOFF_SLOT_CFG
    (0x1330, 0x0000_0000), // TX_SW_CFG0
    (0x1334, 0x0008_0606), // TX_SW_CFG1
    (0x1350, 0x0000_1020), // TX_LINK_CFG
    (0x1348, 0x000a_2090), // TX_TIMEOUT_CFG
    (0x1018, 0x0000_3fff), // MAX_LEN_CFG
    (0x0408, 0x1fbf_1f1f), // PBF_TX_MAX_PCNT
    (0x040c, 0x0000_009f), // PBF_RX_MAX_PCNT
    (0x134c, 0x47d0_1f0f), // TX_RETRY_CFG
    (0x1404, 0x0000_0013), // AUTO_RSP_CFG
    (0x1364, 0x0574_0003), // CCK_PROT_CFG
    (0x1368, 0x0574_0003), // OFDM_PROT_CFG
    (0x1370, 0x03f4_4084), // MM40_PROT_CFG
    (0x1374, 0x0174_4004), // GF20_PROT_CFG
    (0x1378, 0x03f4_4084), // GF40_PROT_CFG
    (0x136c, 0x0174_4004), // MM20_PROT_CFG
    (0x1340, 0x0000_583f), // TXOP_CTRL_CFG
    (0x1344, 0x0109_2b20), // TX_RTS_CFG
    (0x1380, 0x0024_00ca), // EXP_ACK_TIME
    (0x1608, 0x0000_0002), // TXOP_HLDR_ET
    (0x1100, 0x33a4_1010), // XIFS_TIME_CFG
    (0x1204, 0x0000_0000), // PWR_PIN_CFG
    (0x150c, 0x0000_0001), // PN_PAD_MODE
];

/// MAC registers specific to the MT7601U: (offset, value), written after [`MAC_COMMON`].
pub const MAC_CHIP: &[(u16, u32)] = &[
    (0x0250, 0x0000_6050), // TSO_CTRL
    (0x041c, 0x1810_0800), // BCN_OFFSET(0)
    (0x0420, 0x3830_2820), // BCN_OFFSET(1)
    (0x0400, 0x0008_0c00), // PBF_SYS_CTRL
    (0x0404, 0x7f72_3c1f), // PBF_CFG
    (0x0800, 0x0000_0001), // FCE_PSE_CTRL
    (0x0a38, 0x0000_0000), // PAUSE_ENABLE_CONTROL1
    (0x13a0, 0x003b_0005), // TX0_RF_GAIN_CORR
    (0x13a8, 0x0000_6900), // TX0_RF_GAIN_ATTEN
    (0x13c0, 0x0000_0400), // TX0_BB_GAIN_ATTEN
    (0x13c8, 0x0006_0006), // TX_ALC_VGA3
    (0x1330, 0x0000_0402), // TX_SW_CFG0
    (0x1334, 0x0000_0000), // TX_SW_CFG1
    (0x1338, 0x0000_0000), // TX_SW_CFG2
    (0x0260, 0x0000_0000), // HEADER_TRANS_CTRL_REG
    (0x0808, 0x0000_030f), // FCE_CSO
    (0x0804, 0x0025_6f0f), // FCE_PARAMETERS
];

/// BBP registers common to the family: (register, value), written first.
pub const BBP_COMMON: &[(u8, u8)] = &[
    (65, 0x2c),
    (66, 0x38),
    (68, 0x0b),
    (69, 0x12),
    (70, 0x0a),
    (73, 0x10),
    (81, 0x37),
    (82, 0x62),
    (83, 0x6a),
    (84, 0x99),
    (86, 0x00),
    (91, 0x04),
    (92, 0x00),
    (103, 0x00),
    (105, 0x05),
    (106, 0x35),
];

/// BBP registers specific to the MT7601U: (register, value), written after [`BBP_COMMON`].
/// Index/data window writes sit on one line.
#[rustfmt::skip]
pub const BBP_CHIP: &[(u8, u8)] = &[
    (1, 0x04),
    (4, 0x40),
    (20, 0x06),
    (31, 0x08),
    (178, 0xff),
    (66, 0x14),
    (68, 0x8b),
    (69, 0x12),
    (70, 0x09),
    (73, 0x11),
    (75, 0x60),
    (76, 0x44),
    (84, 0x9a),
    (86, 0x38),
    (91, 0x07),
    (92, 0x02),
    (99, 0x50),
    (101, 0x00),
    (103, 0xc0),
    (104, 0x92),
    (105, 0x3c),
    (106, 0x03),
    (128, 0x12),
    (142, 0x04), (143, 0x37),
    (142, 0x03), (143, 0x99),
    (160, 0xeb),
    (161, 0xc4),
    (162, 0x77),
    (163, 0xf9),
    (164, 0x88),
    (165, 0x80),
    (166, 0xff),
    (167, 0xe4),
    (195, 0x00), (196, 0x00),
    (195, 0x01), (196, 0x04),
    (195, 0x02), (196, 0x20),
    (195, 0x03), (196, 0x0a),
    (195, 0x06), (196, 0x16),
    (195, 0x07), (196, 0x05),
    (195, 0x08), (196, 0x37),
    (195, 0x0a), (196, 0x15),
    (195, 0x0b), (196, 0x17),
    (195, 0x0c), (196, 0x06),
    (195, 0x0d), (196, 0x09),
    (195, 0x0e), (196, 0x05),
    (195, 0x0f), (196, 0x09),
    (195, 0x10), (196, 0x20),
    (195, 0x20), (196, 0x17),
    (195, 0x21), (196, 0x06),
    (195, 0x22), (196, 0x09),
    (195, 0x23), (196, 0x17),
    (195, 0x24), (196, 0x06),
    (195, 0x25), (196, 0x09),
    (195, 0x26), (196, 0x17),
    (195, 0x27), (196, 0x06),
    (195, 0x28), (196, 0x09),
    (195, 0x29), (196, 0x05),
    (195, 0x2a), (196, 0x09),
    (195, 0x80), (196, 0x8b),
    (195, 0x81), (196, 0x12),
    (195, 0x82), (196, 0x09),
    (195, 0x83), (196, 0x17),
    (195, 0x84), (196, 0x11),
    (195, 0x85), (196, 0x00),
    (195, 0x86), (196, 0x00),
    (195, 0x87), (196, 0x18),
    (195, 0x88), (196, 0x60),
    (195, 0x89), (196, 0x44),
    (195, 0x8a), (196, 0x8b),
    (195, 0x8b), (196, 0x8b),
    (195, 0x8c), (196, 0x8b),
    (195, 0x8d), (196, 0x8b),
    (195, 0x8e), (196, 0x09),
    (195, 0x8f), (196, 0x09),
    (195, 0x90), (196, 0x09),
    (195, 0x91), (196, 0x09),
    (195, 0x92), (196, 0x11),
    (195, 0x93), (196, 0x11),
    (195, 0x94), (196, 0x11),
    (195, 0x95), (196, 0x11),
    (47, 0x80),
    (60, 0x80),
    (150, 0xd2),
    (151, 0x32),
    (152, 0x23),
    (153, 0x41),
    (154, 0x00),
    (155, 0x4f),
    (253, 0x7e),
    (195, 0x30), (196, 0x32),
    (195, 0x31), (196, 0x23),
    (195, 0x32), (196, 0x45),
    (195, 0x35), (196, 0x4a),
    (195, 0x36), (196, 0x5a),
    (195, 0x37), (196, 0x5a),
];

/// RF bank 0, the central blocks (bandgap, PLL, crystal, LO, ADC/DAC): (bank, register, value).
/// R12 is absent: it holds the crystal frequency offset from the EEPROM, written separately.
pub const RF_CENTRAL: &[(u8, u8, u8)] = &[
    (0, 0, 0x02),
    (0, 1, 0x01),
    (0, 2, 0x11),
    (0, 3, 0xff),
    (0, 4, 0x0a),
    (0, 5, 0x20),
    (0, 6, 0x00),
    (0, 7, 0x00),
    (0, 8, 0x00),
    (0, 9, 0x00),
    (0, 10, 0x00),
    (0, 11, 0x21),
    (0, 13, 0x00), // 40 MHz crystal; a 20 MHz one would take 0x13
    (0, 14, 0x7c),
    (0, 15, 0x22),
    (0, 16, 0x80),
    (0, 17, 0x99),
    (0, 18, 0x99),
    (0, 19, 0x09),
    (0, 20, 0x50),
    (0, 21, 0xb0),
    (0, 22, 0x00),
    (0, 23, 0xc5),
    (0, 24, 0xfc),
    (0, 25, 0x40),
    (0, 26, 0x4d),
    (0, 27, 0x02),
    (0, 28, 0x72),
    (0, 29, 0x01),
    (0, 30, 0x00),
    (0, 31, 0x00),
    (0, 32, 0x00),
    (0, 33, 0x00),
    (0, 34, 0x23),
    (0, 35, 0x01),
    (0, 36, 0x00),
    (0, 37, 0x00),
    (0, 38, 0x00),
    (0, 39, 0x20),
    (0, 40, 0x00),
    (0, 41, 0xd0),
    (0, 42, 0x1b),
    (0, 43, 0x02),
    (0, 44, 0x00),
];

/// RF bank 4, the channel blocks (LDO, RX, LO generation, TX, PA): (bank, register, value).
pub const RF_CHANNEL: &[(u8, u8, u8)] = &[
    (4, 0, 0x01),
    (4, 1, 0x00),
    (4, 2, 0x00),
    (4, 3, 0x00),
    (4, 4, 0x00),
    (4, 5, 0x08),
    (4, 6, 0x00),
    (4, 7, 0x5b),
    (4, 8, 0x52),
    (4, 9, 0xb6),
    (4, 10, 0x57),
    (4, 11, 0x33),
    (4, 12, 0x22),
    (4, 13, 0x3d),
    (4, 14, 0x3e),
    (4, 15, 0x13),
    (4, 16, 0x22),
    (4, 17, 0x23),
    (4, 18, 0x02),
    (4, 19, 0xa4),
    (4, 20, 0x01),
    (4, 21, 0x12),
    (4, 22, 0x80),
    (4, 23, 0xb3),
    (4, 24, 0x00),
    (4, 25, 0x00),
    (4, 26, 0x00),
    (4, 27, 0x00),
    (4, 28, 0x18),
    (4, 29, 0xee),
    (4, 30, 0x6b),
    (4, 31, 0x31),
    (4, 32, 0x5d),
    (4, 33, 0x00),
    (4, 34, 0x96),
    (4, 35, 0x55),
    (4, 36, 0x08),
    (4, 37, 0xbb),
    (4, 38, 0xb3),
    (4, 39, 0xb3),
    (4, 40, 0x03),
    (4, 41, 0x00),
    (4, 42, 0x00),
    (4, 43, 0xc5),
    (4, 44, 0xc5),
    (4, 45, 0xc5),
    (4, 46, 0x07),
    (4, 47, 0xa8),
    (4, 48, 0xef),
    (4, 49, 0x1a),
    (4, 54, 0x07),
    (4, 55, 0xa7),
    (4, 56, 0xcc),
    (4, 57, 0x14),
    (4, 58, 0x07),
    (4, 59, 0xa8),
    (4, 60, 0xd7),
    (4, 61, 0x10),
    (4, 62, 0x1c),
    (4, 63, 0x00),
];

/// RF bank 5, the VGA blocks: (bank, register, value).
pub const RF_VGA: &[(u8, u8, u8)] = &[
    (5, 0, 0x47),
    (5, 1, 0x00),
    (5, 2, 0x00),
    (5, 3, 0x08),
    (5, 4, 0x04),
    (5, 5, 0x20),
    (5, 6, 0x3a),
    (5, 7, 0x3a),
    (5, 8, 0x00),
    (5, 9, 0x00),
    (5, 10, 0x10),
    (5, 11, 0x10),
    (5, 12, 0x10),
    (5, 13, 0x10),
    (5, 14, 0x10),
    (5, 15, 0x20),
    (5, 16, 0x22),
    (5, 17, 0x7c),
    (5, 18, 0x00),
    (5, 19, 0x00),
    (5, 20, 0x00),
    (5, 21, 0xf1),
    (5, 22, 0x11),
    (5, 23, 0x02),
    (5, 24, 0x41),
    (5, 25, 0x20),
    (5, 26, 0x00),
    (5, 27, 0xd7),
    (5, 28, 0xa2),
    (5, 29, 0x20),
    (5, 30, 0x49),
    (5, 31, 0x20),
    (5, 32, 0x04),
    (5, 33, 0xf1),
    (5, 34, 0xa1),
    (5, 35, 0x01),
    (5, 41, 0x00),
    (5, 42, 0x00),
    (5, 43, 0x00),
    (5, 44, 0x00),
    (5, 45, 0x00),
    (5, 46, 0x00),
    (5, 47, 0x00),
    (5, 48, 0x00),
    (5, 49, 0x00),
    (5, 50, 0x00),
    (5, 51, 0x00),
    (5, 52, 0x00),
    (5, 53, 0x00),
    (5, 54, 0x00),
    (5, 55, 0x00),
    (5, 56, 0x00),
    (5, 57, 0x00),
    (5, 58, 0x31),
    (5, 59, 0x31),
    (5, 60, 0x0a),
    (5, 61, 0x02),
    (5, 62, 0x00),
    (5, 63, 0x00),
];

/// The temperature band temperature compensation puts the BBP in; the discriminants are Linux's
/// `MT_TEMP_MODE_*` values.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum TempMode {
    /// Between the low and high thresholds.
    Normal = 0,
    /// Above the high threshold.
    High = 1,
    /// At or below the low threshold.
    Low = 2,
}

/// The channel bandwidth the BBP is set for (Linux `MT_BW_20`, `MT_BW_40`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Bw {
    /// 20 MHz.
    Bw20,
    /// 40 MHz.
    Bw40,
}

/// BBP writes of [`TempMode::Normal`] whatever the bandwidth.
#[rustfmt::skip]
pub const BBP_NORMAL_TEMP: &[(u8, u8)] = &[
    (75, 0x60),
    (92, 0x02),
    (178, 0xff),
    (195, 0x88), (196, 0x60),
];

/// BBP writes of [`TempMode::Normal`] at 20 MHz.
#[rustfmt::skip]
pub const BBP_NORMAL_TEMP_BW20: &[(u8, u8)] = &[
    (69, 0x12),
    (91, 0x07),
    (195, 0x23), (196, 0x17),
    (195, 0x24), (196, 0x06),
    (195, 0x81), (196, 0x12),
    (195, 0x83), (196, 0x17),
];

/// BBP writes of [`TempMode::Normal`] at 40 MHz.
#[rustfmt::skip]
pub const BBP_NORMAL_TEMP_BW40: &[(u8, u8)] = &[
    (69, 0x15),
    (91, 0x04),
    (195, 0x23), (196, 0x12),
    (195, 0x24), (196, 0x08),
    (195, 0x81), (196, 0x15),
    (195, 0x83), (196, 0x16),
];

/// BBP writes of [`TempMode::Low`] whatever the bandwidth.
pub const BBP_LOW_TEMP: &[(u8, u8)] = &[(178, 0xff)];

/// BBP writes of [`TempMode::Low`] at 20 MHz.
#[rustfmt::skip]
pub const BBP_LOW_TEMP_BW20: &[(u8, u8)] = &[
    (69, 0x12),
    (75, 0x5e),
    (91, 0x07),
    (92, 0x02),
    (195, 0x23), (196, 0x17),
    (195, 0x24), (196, 0x06),
    (195, 0x81), (196, 0x12),
    (195, 0x83), (196, 0x17),
    (195, 0x88), (196, 0x5e),
];

/// BBP writes of [`TempMode::Low`] at 40 MHz.
#[rustfmt::skip]
pub const BBP_LOW_TEMP_BW40: &[(u8, u8)] = &[
    (69, 0x15),
    (75, 0x5c),
    (91, 0x04),
    (92, 0x03),
    (195, 0x23), (196, 0x10),
    (195, 0x24), (196, 0x08),
    (195, 0x81), (196, 0x15),
    (195, 0x83), (196, 0x16),
    (195, 0x88), (196, 0x5b),
];

/// The bandwidth-independent BBP writes of a temperature mode; on a mode change they go before
/// [`bbp_temp_bw`]'s. The vendor's high-temperature sets hold the normal ones' values, so
/// [`TempMode::High`] loads those.
pub fn bbp_temp_common(temp: TempMode) -> &'static [(u8, u8)] {
    match temp {
        TempMode::Normal | TempMode::High => BBP_NORMAL_TEMP,
        TempMode::Low => BBP_LOW_TEMP,
    }
}

/// The BBP writes of a temperature mode at a bandwidth.
pub fn bbp_temp_bw(temp: TempMode, bw: Bw) -> &'static [(u8, u8)] {
    match (temp, bw) {
        (TempMode::Normal | TempMode::High, Bw::Bw20) => BBP_NORMAL_TEMP_BW20,
        (TempMode::Normal | TempMode::High, Bw::Bw40) => BBP_NORMAL_TEMP_BW40,
        (TempMode::Low, Bw::Bw20) => BBP_LOW_TEMP_BW20,
        (TempMode::Low, Bw::Bw40) => BBP_LOW_TEMP_BW40,
    }
}

/// RANDOM_WRITE pairs of a MAC table: `MEMMAP_WLAN | offset`.
pub fn mac_pairs(t: &[(u16, u32)]) -> impl Iterator<Item = (u32, u32)> {
    t.iter().map(|&(off, v)| (MEMMAP_WLAN | u32::from(off), v))
}

/// RANDOM_WRITE pairs of a BBP table: `MEMMAP_BBP | reg`.
pub fn bbp_pairs(t: &[(u8, u8)]) -> impl Iterator<Item = (u32, u32)> {
    t.iter().map(|&(reg, v)| (MEMMAP_BBP | u32::from(reg), u32::from(v)))
}

/// RANDOM_WRITE pairs of an RF table: [`rf_addr`]`(bank, reg)`.
pub fn rf_pairs(t: &[(u8, u8, u8)]) -> impl Iterator<Item = (u32, u32)> {
    t.iter().map(|&(bank, reg, v)| (rf_addr(bank, reg), u32::from(v)))
}

#[cfg(test)]
mod test {
    use super::super::{channel, mcu::MEMMAP_RF, regs};
    use super::*;
    use std::collections::HashSet;

    const BBP_TABLES: [(&str, &[(u8, u8)]); 8] = [
        ("BBP_COMMON", BBP_COMMON),
        ("BBP_CHIP", BBP_CHIP),
        ("BBP_NORMAL_TEMP", BBP_NORMAL_TEMP),
        ("BBP_NORMAL_TEMP_BW20", BBP_NORMAL_TEMP_BW20),
        ("BBP_NORMAL_TEMP_BW40", BBP_NORMAL_TEMP_BW40),
        ("BBP_LOW_TEMP", BBP_LOW_TEMP),
        ("BBP_LOW_TEMP_BW20", BBP_LOW_TEMP_BW20),
        ("BBP_LOW_TEMP_BW40", BBP_LOW_TEMP_BW40),
    ];
    /// (name, table, the bank all its entries are in).
    type RfTable = (&'static str, &'static [(u8, u8, u8)], u8);
    const RF_TABLES: [RfTable; 3] =
        [("RF_CENTRAL", RF_CENTRAL, 0), ("RF_CHANNEL", RF_CHANNEL, 4), ("RF_VGA", RF_VGA, 5)];

    /// The BBP index/data windows: (index register, data register).
    const WINDOWS: [(u8, u8); 2] = [(142, 143), (195, 196)];

    #[test]
    fn sizes_match_the_linux_tables() {
        assert_eq!(MAC_COMMON.len(), 27);
        assert_eq!(MAC_CHIP.len(), 17);
        assert_eq!(BBP_COMMON.len(), 16);
        assert_eq!(BBP_CHIP.len(), 150);
        assert_eq!((RF_CENTRAL.len(), RF_CHANNEL.len(), RF_VGA.len()), (44, 60, 59));
        let sizes: Vec<usize> = BBP_TABLES[2..].iter().map(|(_, t)| t.len()).collect();
        assert_eq!(sizes, [5, 10, 10, 1, 14, 14]);
    }

    #[test]
    fn spot_values() {
        assert_eq!(MAC_COMMON[0], (0x1408, 0x0000_013f), "LEGACY_BASIC_RATE");
        assert_eq!(MAC_COMMON[12], (regs::TX_RETRY_CFG, 0x47d0_1f0f));
        assert_eq!(MAC_COMMON[3], (regs::RX_FILTR_CFG, regs::RX_FILTER_DEFAULT));
        assert_eq!(MAC_COMMON[26], (0x150c, 0x0000_0001), "PN_PAD_MODE");
        assert_eq!(MAC_CHIP[0], (0x0250, 0x0000_6050), "TSO_CTRL");
        assert_eq!(MAC_CHIP[4], (regs::PBF_CFG, 0x7f72_3c1f));
        assert_eq!(MAC_CHIP[16], (0x0804, 0x0025_6f0f), "FCE_PARAMETERS");
        assert_eq!((BBP_COMMON[0], BBP_COMMON[15]), ((65, 0x2c), (106, 0x35)));
        assert_eq!((BBP_CHIP[0], BBP_CHIP[4], BBP_CHIP[149]), ((1, 0x04), (178, 0xff), (196, 0x5a)));
        assert_eq!((RF_CENTRAL[0], RF_CENTRAL[43]), ((0, 0, 0x02), (0, 44, 0x00)));
        assert_eq!((RF_CHANNEL[0], RF_CHANNEL[59]), ((4, 0, 0x01), (4, 63, 0x00)));
        assert_eq!((RF_VGA[0], RF_VGA[58]), ((5, 0, 0x47), (5, 63, 0x00)));
        assert_eq!(BBP_LOW_TEMP_BW40[13], (196, 0x5b));
        let plan: Vec<u8> = RF_CENTRAL.iter().filter(|e| (17..=20).contains(&e.1)).map(|e| e.2).collect();
        assert_eq!(plan, channel::plan(1).unwrap(), "RF tuned to channel 1");
    }

    #[test]
    fn direct_registers_are_written_once() {
        for (name, t) in [("MAC_COMMON", MAC_COMMON), ("MAC_CHIP", MAC_CHIP)] {
            let mut seen = HashSet::new();
            assert!(t.iter().all(|&(off, _)| seen.insert(off) && off % 4 == 0), "{name}");
        }
        for (name, t) in BBP_TABLES {
            let mut seen = HashSet::new();
            let windowed = |r: u8| WINDOWS.iter().any(|&(i, d)| r == i || r == d);
            assert!(t.iter().all(|&(r, _)| windowed(r) || seen.insert(r)), "{name}");
        }
        for (name, t, _) in RF_TABLES {
            let mut seen = HashSet::new();
            assert!(t.iter().all(|&(b, r, _)| seen.insert((b, r))), "{name}");
        }
    }

    #[test]
    fn windows_are_index_then_data_each_index_once() {
        for (name, t) in BBP_TABLES {
            for (index, data) in WINDOWS {
                let mut seen = HashSet::new();
                for (k, &(r, v)) in t.iter().enumerate() {
                    if r == index {
                        assert_eq!(t.get(k + 1).map(|e| e.0), Some(data), "{name}[{k}]");
                        assert!(seen.insert(v), "{name}[{k}]: index {v:#x} twice");
                    }
                    if r == data {
                        assert_eq!(k.checked_sub(1).map(|j| t[j].0), Some(index), "{name}[{k}]");
                    }
                }
            }
        }
    }

    #[test]
    fn rf_entries_fit_the_address_space() {
        for (name, t, bank) in RF_TABLES {
            assert!(t.iter().all(|&(b, r, _)| b == bank && b <= 15 && r <= 63), "{name}");
        }
        assert!(!RF_CENTRAL.iter().any(|e| e.1 == 12), "R12 is the EEPROM's");
    }

    #[test]
    fn mode_tables_in_linux_order() {
        assert_eq!(bbp_temp_common(TempMode::Normal), BBP_NORMAL_TEMP);
        assert_eq!(bbp_temp_common(TempMode::Low), BBP_LOW_TEMP);
        assert_eq!(bbp_temp_bw(TempMode::Normal, Bw::Bw40), BBP_NORMAL_TEMP_BW40);
        assert_eq!(bbp_temp_bw(TempMode::High, Bw::Bw20), BBP_NORMAL_TEMP_BW20);
        assert_eq!(bbp_temp_bw(TempMode::Low, Bw::Bw20), BBP_LOW_TEMP_BW20);
        assert_eq!(bbp_temp_bw(TempMode::Low, Bw::Bw40), BBP_LOW_TEMP_BW40);
        assert_eq!((TempMode::Normal as u8, TempMode::High as u8, TempMode::Low as u8), (0, 1, 2));
        assert_eq!(
            (bbp_temp_common(TempMode::High), bbp_temp_bw(TempMode::High, Bw::Bw40)),
            (BBP_NORMAL_TEMP, BBP_NORMAL_TEMP_BW40),
            "the vendor's high-temperature sets equal the normal ones"
        );
        assert_ne!(BBP_LOW_TEMP_BW20, BBP_NORMAL_TEMP_BW20);
    }

    #[test]
    fn pairs_carry_memory_map_addresses() {
        assert_eq!(mac_pairs(MAC_COMMON).next(), Some((0x0041_1408, 0x0000_013f)));
        assert_eq!(mac_pairs(MAC_CHIP).last(), Some((0x0041_0804, 0x0025_6f0f)));
        assert_eq!(bbp_pairs(BBP_COMMON).nth(1), Some((0x4000_0042, 0x38)), "R66");
        assert_eq!(bbp_pairs(BBP_CHIP).last(), Some((0x4000_00c4, 0x5a)), "R196");
        assert_eq!(rf_pairs(RF_VGA).last(), Some((0x8005_003f, 0x00)), "bank 5 R63");
        assert_eq!(rf_pairs(RF_CHANNEL).nth(7), Some((0x8004_0007, 0x5b)), "bank 4 R7");
        let all: Vec<(u32, u32)> = [RF_CENTRAL, RF_CHANNEL, RF_VGA].into_iter().flat_map(rf_pairs).collect();
        assert_eq!(all.len(), 163);
        assert!(all.iter().all(|&(a, v)| a & 0xfff0_ffc0 == MEMMAP_RF && v <= 0xff));
    }
}

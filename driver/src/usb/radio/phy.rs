//! The MT7601U's PHY: the RF init values, the init calibrations, temperature compensation,
//! bandwidth and channel (Linux `phy.c`: `mt7601u_phy_init`, `mt7601u_init_cal`,
//! `mt7601u_temp_comp`, `mt7601u_bbp_set_bw`, `__mt7601u_phy_set_channel`;
//! `reference/usb-dongle.md` §4.11 and §4.12 steps 14-15).
//!
//! Most of the work runs in the chip's firmware (`CALIBRATION_OP`); the driver's part is the
//! order, the BBP/RF register dance around the measurements, and the values it derives from the
//! EEPROM ([`Eeprom`]): the crystal offset, the LNA gain (BBP R62-R64, the AGC default and the
//! RSSI), the per-channel and per-rate transmit power, the reference temperature.
//!
//! Temperature: the sensor (BBP R47/R49) is read at boot and the BBP loaded with the table of
//! its temperature band (normal, high above +40, low below -20, in the driver's units of
//! 1/39 of a sensor step); the DPD calibration is redone when the temperature drifts by more
//! than 450 units. Only 20 MHz operation is used, as Linux's station mode does.
//!
//! While up, every 4 s ([`periodic_calibration`]), the AGC gain follows the average signal of
//! frames addressed to us, and the sensor is re-read and the compensation redone. Not done of
//! Linux's periodic work: the associated AP's beacons in that average and the crystal tracking
//! of their carrier offset (both need the BSS, which the radio interface does not carry), the
//! pause of AGC tuning while scanning (same), and the TSSI closed power loop of dongles whose
//! EEPROM enables it (the emulator's image does not).

use super::super::proto::eeprom::Eeprom;
use super::super::proto::initvals::{self, Bw, TempMode};
use super::super::proto::mcu::{self, Calibration};
use super::super::proto::regs::*;
use super::super::transport::UsbTransport;
use super::regio::RegIo;
use crate::radio::RadioError;
use std::time::Duration;

/// What a VCO calibration takes.
const VCO_SETTLE: Duration = Duration::from_millis(2);
/// Driver units per sensor step (`MT_EE_TEMPERATURE_SLOPE`).
const TEMPERATURE_SLOPE: i32 = 39;
/// Drift that asks for a new DPD calibration.
const DPD_DRIFT: i32 = 450;

/// What the PHY keeps between operations.
#[derive(Clone, Debug)]
pub struct PhyState {
    /// The EEPROM's contents.
    pub ee: Eeprom,
    /// The BBP temperature table loaded.
    pub temp_mode: TempMode,
    /// The bandwidth the BBP is set to.
    pub bw: Bw,
    /// The temperature of the last DPD calibration, in driver units relative to the EEPROM's
    /// reference.
    pub dpd_temp: i32,
    /// Cold-weather PLL protection is on.
    pub pll_lock_protect: bool,
    /// The signal of frames addressed to us, which the AGC tuning follows.
    pub avg_rssi: RssiAverage,
}

/// A running average of the signal of frames addressed to us (Linux's `DECLARE_EWMA(rssi, 10,
/// 4)`: each sample weighs a quarter, 10 fraction bits, over −dBm so that 0 means "none yet").
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RssiAverage(u32);

impl RssiAverage {
    /// Adds a frame's signal.
    pub fn add(&mut self, dbm: i8) {
        let sample = u32::from((-i16::from(dbm)).max(0) as u16) << 10;
        self.0 = if self.0 == 0 { sample } else { (self.0 * 3 + sample) >> 2 };
    }

    /// The average in whole dBm; `None` before any sample (or at 0 dBm, which Linux also skips).
    pub fn dbm(&self) -> Option<i32> {
        let magnitude = (self.0 >> 10) as i32;
        (magnitude != 0).then_some(-magnitude)
    }
}

/// Step 14: RF init values, crystal offset, calibrations; then step 15: one RX path, one DAC,
/// no 40 MHz pairing, 20 MHz.
pub fn init<T: UsbTransport>(io: &mut RegIo<T>, ee: Eeprom) -> Result<PhyState, RadioError> {
    io.rf_wr(0, 12, ee.rf_freq_off)?;
    let rf: Vec<(u32, u32)> = initvals::rf_pairs(initvals::RF_CENTRAL)
        .chain(initvals::rf_pairs(initvals::RF_CHANNEL))
        .chain(initvals::rf_pairs(initvals::RF_VGA))
        .collect();
    io.random_write(&rf)?;
    let mut phy = PhyState {
        ee,
        temp_mode: TempMode::Normal,
        bw: Bw::Bw20,
        dpd_temp: 0,
        pll_lock_protect: false,
        avg_rssi: RssiAverage::default(),
    };
    init_calibrations(io, &mut phy)?;
    io.bbp_rmw(3, 0x18, 0)?; // RX path 0
    io.bbp_rmc(1, 0x18, 0)?; // TX DAC 0
    set_control_below(io, false)?;
    set_bw(io, &mut phy, Bw::Bw20)?;
    Ok(phy)
}

/// `mt7601u_init_cal`: the firmware's calibrations in the vendor's order, the RX DC
/// calibration around them, the TSSI detector's DC level, then temperature compensation.
fn init_calibrations<T: UsbTransport>(io: &mut RegIo<T>, phy: &mut PhyState) -> Result<(), RadioError> {
    let raw_temp = read_boot_temperature(io)?;
    phy.dpd_temp = relative_temperature(raw_temp, phy.ee.ref_temp);
    let mac_ctrl = io.rr(MAC_SYS_CTRL)?;
    io.calibrate(Calibration::R, 0)?;
    io.rf_rmw(0, 4, 0, 0x80)?; // VCO calibration
    io.usb.settle(VCO_SETTLE);
    io.calibrate(Calibration::TxDcoc, 0)?;
    rx_dc_calibration(io)?;
    bw_filter(io, phy.bw, true)?;
    io.calibrate(Calibration::Loft, 0)?;
    io.calibrate(Calibration::TxIq, 0)?;
    io.calibrate(Calibration::RxIq, 0)?;
    io.calibrate(Calibration::Dpd, phy.dpd_temp as u32)?;
    rx_dc_calibration(io)?;
    tssi_dc_gain(io, phy)?;
    io.wr(MAC_SYS_CTRL, mac_ctrl)?;
    temperature_compensation(io, phy, raw_temp, true)
}

fn relative_temperature(raw: i8, reference: i8) -> i32 {
    (i32::from(raw) - i32::from(reference)) * TEMPERATURE_SLOPE
}

/// The periodic work of an up radio (Linux `mt7601u_phy_calibrate`, every 4 s): the AGC gain
/// tuned to the average signal, then the sensor read again and the temperature compensated
/// (DPD re-calibrated on drift, PLL protection, the BBP temperature band).
pub fn periodic_calibration<T: UsbTransport>(
    io: &mut RegIo<T>,
    phy: &mut PhyState,
) -> Result<(), RadioError> {
    agc_tune(io, phy)?;
    let raw_temp = read_temperature(io)?;
    temperature_compensation(io, phy, raw_temp, true)
}

/// The receiver's AGC gain (BBP R66) for the average signal (`mt7601u_agc_tune`): the default
/// the LNA gain gives, 0x10 lower at or below −60 dBm, 0x20 lower at or below −70 dBm; left
/// alone until a frame addressed to us has been heard.
fn agc_tune<T: UsbTransport>(io: &mut RegIo<T>, phy: &PhyState) -> Result<(), RadioError> {
    let Some(avg) = phy.avg_rssi.dbm() else { return Ok(()) };
    let lowered = match avg {
        ..=-70 => 0x20,
        -69..=-60 => 0x10,
        _ => 0,
    };
    let gain = agc_default(&phy.ee).wrapping_sub(lowered);
    if io.bbp_rr(66)? != gain {
        io.bbp_wr(66, gain)?;
    }
    Ok(())
}

/// The AGC gain for this dongle's LNA (`mt7601u_agc_default`).
fn agc_default(ee: &Eeprom) -> u8 {
    ((i32::from(ee.lna_gain) - 8) * 2 + 0x34) as u8
}

/// A sensor reading while up (`mt7601u_read_temp`): a measurement started, awaited as long as
/// Linux waits, then R49 selected to the temperature.
fn read_temperature<T: UsbTransport>(io: &mut RegIo<T>) -> Result<i8, RadioError> {
    let r47 = io.bbp_rmw(47, 0x7f, BBP_R47_MEASURING)?;
    let r47 = wait_measurement(io, r47)?;
    Ok(r47_read(io, r47, BBP_R47_TEMPERATURE)? as i8)
}

/// The sensor read at boot, with the RF forced into its measuring state around it.
fn read_boot_temperature<T: UsbTransport>(io: &mut RegIo<T>) -> Result<i8, RadioError> {
    let rf_setting = io.rr(RF_SETTING_0)?;
    let rf_bypass = io.rr(RF_BYPASS_0)?;
    io.wr(RF_BYPASS_0, 0)?;
    io.wr(RF_SETTING_0, 0x10)?;
    io.wr(RF_BYPASS_0, 0x10)?;
    let r47 = io.bbp_rmw(47, 0, BBP_R47_MEASURING)?;
    io.bbp_wr(22, 0x40)?;
    let r47 = wait_measurement(io, r47)?;
    let temp = r47_read(io, r47, BBP_R47_TEMPERATURE)? as i8;
    io.bbp_wr(22, 0)?;
    let r21 = io.bbp_rr(21)?;
    io.bbp_wr(21, r21 | 0x02)?; // BBP soft reset pulse
    io.bbp_wr(21, r21 & !0x02)?;
    io.wr(RF_BYPASS_0, 0)?;
    io.wr(RF_SETTING_0, rf_setting)?;
    io.wr(RF_BYPASS_0, rf_bypass)?;
    Ok(temp)
}

/// Polls R47 until its measurement bit clears (Linux gives up quietly after 100 reads: a
/// reading taken early is still a reading).
fn wait_measurement<T: UsbTransport>(io: &mut RegIo<T>, mut r47: u8) -> Result<u8, RadioError> {
    for _ in 0..100 {
        if r47 & BBP_R47_MEASURING == 0 {
            break;
        }
        r47 = io.bbp_rr(47)?;
    }
    Ok(r47)
}

/// R49 as selected by R47's low bits, the rest of R47 kept as `r47`.
fn r47_read<T: UsbTransport>(io: &mut RegIo<T>, r47: u8, select: u8) -> Result<u8, RadioError> {
    io.bbp_wr(47, (r47 & !BBP_R47_SELECT) | select)?;
    io.usb.settle(Duration::from_micros(500));
    io.bbp_rr(49)
}

/// The RX DC offset calibration (BBP R158/R159, with the MAC receiving), `mt7601u_rxdc_cal`.
fn rx_dc_calibration<T: UsbTransport>(io: &mut RegIo<T>) -> Result<(), RadioError> {
    let mac_ctrl = io.rr(MAC_SYS_CTRL)?;
    io.wr(MAC_SYS_CTRL, MAC_ENABLE_RX)?;
    io.random_write(
        &initvals::bbp_pairs(&[(158, 0x8d), (159, 0xfc), (158, 0x8c), (159, 0x4c)]).collect::<Vec<_>>(),
    )?;
    let mut settled = false;
    for _ in 0..20 {
        io.usb.settle(Duration::from_micros(300));
        io.bbp_wr(158, 0x8c)?;
        if io.bbp_rr(159)? == 0x0c {
            settled = true;
            break;
        }
    }
    if !settled {
        tracing::warn!("MT7601U: RX DC calibration did not settle");
    }
    io.wr(MAC_SYS_CTRL, 0)?;
    io.random_write(&initvals::bbp_pairs(&[(158, 0x8d), (159, 0xe0)]).collect::<Vec<_>>())?;
    io.wr(MAC_SYS_CTRL, mac_ctrl)
}

/// The bandwidth filter calibration, TX then RX (`mt7601u_set_bw_filter`): `calibrate` at
/// init, a re-tune otherwise.
fn bw_filter<T: UsbTransport>(io: &mut RegIo<T>, bw: Bw, calibrate: bool) -> Result<(), RadioError> {
    let mut value = if calibrate { 0 } else { 0x1_0000 };
    if bw == Bw::Bw40 {
        value |= 0x100;
    }
    io.calibrate(Calibration::Bw, value | 1)?;
    io.calibrate(Calibration::Bw, value)
}

/// Measures the TSSI detector's DC level with the mixer off and on, at both VGA gains
/// (`mt7601u_tssi_dc_gain_cal`), and sets the initial power compensation from it.
fn tssi_dc_gain<T: UsbTransport>(io: &mut RegIo<T>, phy: &PhyState) -> Result<(), RadioError> {
    io.wr(RF_SETTING_0, 0x30)?;
    io.wr(RF_BYPASS_0, 0x000c_0030)?;
    io.wr(MAC_SYS_CTRL, 0)?;
    io.bbp_wr(58, 0)?;
    io.bbp_wr(241, 0x02)?;
    io.bbp_wr(23, 0x08)?;
    let r47 = io.bbp_rr(47)?;
    let rf_vga = io.rf_rr(5, 3)?;
    io.rf_wr(5, 3, 8)?;
    let rf_mixer = io.rf_rr(4, 39)?;
    io.rf_wr(4, 39, 0)?;
    let mut samples = [0i8; 4];
    for (i, sample) in samples.iter_mut().enumerate() {
        let mixer_on = i & 1 == 1;
        let high_vga = i >= 2;
        io.rf_wr(4, 39, if mixer_on { rf_mixer } else { 0 })?;
        io.bbp_wr(23, if high_vga { 0x02 } else { 0x08 })?;
        io.rf_wr(5, 3, if high_vga { 0x11 } else { 0x08 })?;
        tssi_reset(io)?;
        io.bbp_wr(47, 0x50)?;
        if mixer_on {
            io.bbp_wr(244, 0x31)?
        } else {
            io.bbp_wr(22, 0x40)?
        }
        let r = io.bbp_rr(47)?;
        wait_measurement(io, r)?;
        io.bbp_wr(47, 0x40)?;
        *sample = io.bbp_rr(49)? as i8;
    }
    // The high-gain levels (samples 2 and 3) are what Linux's TSSI loop starts from; without
    // that loop only the normal-gain difference is used.
    let db = lin_to_db(i32::from(samples[1]) - i32::from(samples[0]));
    tssi_reset(io)?;
    io.wr(RF_BYPASS_0, 0)?;
    io.wr(RF_SETTING_0, 0)?;
    io.rf_wr(5, 3, rf_vga)?;
    io.rf_wr(4, 39, rf_mixer)?;
    io.bbp_wr(47, r47)?;
    // Without TSSI Linux's parameters stay zeroed, which makes the offset 10.
    let (slope, group_offset) = phy.ee.tssi.map_or((0, 0), |t| (t.slope, t.offsets[1]));
    let offset = -((i32::from(db) * i32::from(slope) + i32::from(group_offset)) / 4096) + 10;
    io.rmw(TX_ALC_CFG_1, 0x3f, to_s6(offset)).map(drop)
}

/// Clears the BBP's TSSI state and pulses its soft reset.
fn tssi_reset<T: UsbTransport>(io: &mut RegIo<T>) -> Result<(), RadioError> {
    io.bbp_wr(22, 0)?;
    io.bbp_wr(244, 0)?;
    io.bbp_wr(21, 1)?;
    io.bbp_wr(21, 0)
}

/// A linear TSSI difference in the vendor's fixed-point decibels (`lin2dBd`): the position of
/// the top bit plus a two-segment linear fit of log2 over the 16-bit mantissa, scaled by
/// 20·log10(2) ≈ 6.0234 and divided by 1024, giving 1/32 dB with a small positive bias. The
/// difference is taken as 16 bits, as the vendor's is (a negative one wraps); zero reads as
/// the vendor's -10000.
fn lin_to_db(linear: i32) -> i16 {
    let linear = u32::from(linear as u16);
    if linear == 0 {
        return -10000;
    }
    // Normalise to a 16-bit mantissa: `shift` is the top bit's position minus 16.
    let shift = (32 - linear.leading_zeros()) as i32 - 16;
    let mantissa = if shift > 0 { linear >> shift } else { linear << -shift } as i32;
    let fit = if mantissa <= 0xb800 {
        mantissa + (mantissa >> 3) + (mantissa >> 4) - 0x9600
    } else {
        mantissa - (mantissa >> 3) - (mantissa >> 6) - 0x5a00
    };
    let log2 = ((15 + shift) << 15) + fit.max(0);
    let scaled = (log2 << 2) + (log2 << 1) + (log2 >> 6) + (log2 >> 7);
    (scaled >> 10) as i16
}

/// A power in the registers' 6-bit two's complement, saturated.
pub fn to_s6(v: i32) -> u32 {
    (v.clamp(-0x20, 0x1f) as u32) & 0x3f
}

/// `mt7601u_temp_comp` for sensor reading `raw_temp`: DPD again after a large drift,
/// cold-weather PLL protection, and the BBP table of the temperature band (`on` widens the
/// high band, as Linux always asks).
fn temperature_compensation<T: UsbTransport>(
    io: &mut RegIo<T>,
    phy: &mut PhyState,
    raw_temp: i8,
    on: bool,
) -> Result<(), RadioError> {
    let temp = relative_temperature(raw_temp, phy.ee.ref_temp);
    if (temp - phy.dpd_temp).abs() > DPD_DRIFT {
        phy.dpd_temp = temp;
        io.calibrate(Calibration::Dpd, temp as u32)?;
        vco_calibration(io)?;
    }
    if temp < -50 && !phy.pll_lock_protect {
        phy.pll_lock_protect = true;
        io.rf_wr(4, 4, 6)?;
        io.rf_rmw(4, 10, 0x30, 0)?;
    } else if temp > 50 && phy.pll_lock_protect {
        phy.pll_lock_protect = false;
        io.rf_wr(4, 4, 0)?;
        io.rf_rmw(4, 10, 0x30, 0x10)?;
    }
    let shift = if on { 50 } else { 0 };
    let mode = if temp > 400 - shift {
        TempMode::High
    } else if temp > -200 - shift {
        TempMode::Normal
    } else {
        TempMode::Low
    };
    load_temperature_tables(io, phy, mode, temp)
}

/// Loads the BBP tables of temperature band `mode` (common, then the bandwidth's), if it
/// changed; `temp` is the temperature that chose it.
fn load_temperature_tables<T: UsbTransport>(
    io: &mut RegIo<T>,
    phy: &mut PhyState,
    mode: TempMode,
    temp: i32,
) -> Result<(), RadioError> {
    if phy.temp_mode == mode {
        return Ok(());
    }
    tracing::debug!(?mode, temp, "MT7601U: temperature band changed");
    phy.temp_mode = mode;
    let pairs: Vec<(u32, u32)> = initvals::bbp_pairs(initvals::bbp_temp_common(mode))
        .chain(initvals::bbp_pairs(initvals::bbp_temp_bw(mode, phy.bw)))
        .collect();
    io.random_write(&pairs)
}

/// Kicks the VCO calibration (RF bank 0 register 4 bit 7), which also commits the RF plan.
fn vco_calibration<T: UsbTransport>(io: &mut RegIo<T>) -> Result<(), RadioError> {
    io.rf_wr(0, 4, 0x0a)?;
    io.rf_wr(0, 5, 0x20)?;
    io.rf_rmw(0, 4, 0, 0x80)?;
    io.usb.settle(VCO_SETTLE);
    Ok(())
}

/// The control channel is the lower one of a 40 MHz pair (`TX_BAND_CFG` bit 0 clear, BBP R3
/// bit 5 set) or not.
fn set_control_below<T: UsbTransport>(io: &mut RegIo<T>, below: bool) -> Result<(), RadioError> {
    let mac = io.rr(TX_BAND_CFG)?;
    let want = if below { mac & !1 } else { mac | 1 };
    if want != mac {
        io.wr(TX_BAND_CFG, want)?;
    }
    io.bbp_rmc(3, 0x20, if below { 0x20 } else { 0 }).map(drop)
}

/// `mt7601u_bbp_set_bw`: BBP R4 bits 4:3, with the MAC paused and the bandwidth's
/// temperature table loaded when it changes.
fn set_bw<T: UsbTransport>(io: &mut RegIo<T>, phy: &mut PhyState, bw: Bw) -> Result<(), RadioError> {
    let r4 = if bw == Bw::Bw20 { 0 } else { 0x10 };
    if bw == phy.bw {
        return io.bbp_rmc(4, 0x18, r4).map(drop);
    }
    phy.bw = bw;
    let old = io.rr(MAC_SYS_CTRL)?;
    io.wr(MAC_SYS_CTRL, old & !(MAC_ENABLE_TX | MAC_ENABLE_RX))?;
    io.poll(MAC_STATUS, 0b11, 0, "MAC idle")?;
    io.bbp_rmc(4, 0x18, r4)?;
    io.wr(MAC_SYS_CTRL, old)?;
    io.random_write(&initvals::bbp_pairs(initvals::bbp_temp_bw(phy.temp_mode, bw)).collect::<Vec<_>>())
}

/// Tunes to 2.4 GHz channel `n` at 20 MHz (`__mt7601u_phy_set_channel`): the RF plan, the
/// channel's power, the LNA gain into BBP R62-R64, the VCO and filter calibrations, the
/// channel-14 spectrum fixup and the per-rate power deltas.
pub fn set_channel<T: UsbTransport>(io: &mut RegIo<T>, phy: &mut PhyState, n: u8) -> Result<(), RadioError> {
    let plan = super::super::proto::channel::plan(n)
        .ok_or_else(|| RadioError::Refused(format!("no 2.4 GHz channel {n}")))?;
    let pairs: Vec<(u32, u32)> =
        (0..4).map(|i| (mcu::rf_addr(0, 17 + i as u8), u32::from(plan[i]))).collect();
    io.random_write(&pairs)?;
    let power = phy.ee.chan_pwr[usize::from(n - 1)];
    io.rmw(TX_ALC_CFG_0, 0x3f3f, u32::from(power & 0x3f))?;
    let lna = (0x37 - i32::from(phy.ee.lna_gain)) as u32 & 0xff;
    io.random_write(&[62u32, 63, 64].map(|r| (mcu::MEMMAP_BBP | r, lna)))?;
    vco_calibration(io)?;
    set_bw(io, phy, Bw::Bw20)?;
    bw_filter(io, Bw::Bw20, false)?;
    if n == 14 {
        io.bbp_wr(4, 0x60)?;
        io.bbp_wr(178, 0)?;
    } else {
        io.bbp_rmw(4, 0x20, 0)?;
        io.bbp_wr(178, 0xff)?;
    }
    let t = &phy.ee.power_rate_table;
    let cck = t.cck_bw20(n, false);
    let word = to_s6(i32::from(t.ofdm[1].bw20)) << 24
        | to_s6(i32::from(t.ofdm[0].bw20)) << 16
        | to_s6(i32::from(cck[1])) << 8
        | to_s6(i32::from(cck[0]));
    io.wr(TX_PWR_CFG_0, word)
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn the_rssi_average_weighs_each_frame_a_quarter() {
        let mut avg = RssiAverage::default();
        assert_eq!(avg.dbm(), None);
        avg.add(-40);
        assert_eq!(avg.dbm(), Some(-40));
        avg.add(-80);
        assert_eq!(avg.dbm(), Some(-50));
        for _ in 0..20 {
            avg.add(-80);
        }
        assert_eq!(avg.dbm(), Some(-79), "converges from above, truncating");
        avg.add(5);
        assert!(avg.dbm().is_some_and(|d| d < 0), "a positive reading counts as 0 dBm");
    }

    #[test]
    fn vendor_decibels() {
        // Worked by hand from the vendor's fixed-point steps.
        assert_eq!(lin_to_db(1), 3);
        assert_eq!(lin_to_db(2), 195);
        assert_eq!(lin_to_db(4), 388);
        assert_eq!(lin_to_db(0), -10000);
        assert_eq!(lin_to_db(-1), lin_to_db(0xffff), "16 bits, as the vendor's");
        // 20·log10(x)·32 within the fit's error over the whole range.
        for x in [3, 10, 100, 1000, 30000u16] {
            let exact = 20.0 * f64::from(x).log10() * 32.0;
            assert!((f64::from(lin_to_db(i32::from(x))) - exact).abs() < 8.0, "{x}");
        }
    }

    #[test]
    fn six_bit_powers() {
        assert_eq!(to_s6(5), 5);
        assert_eq!(to_s6(-1), 0x3f);
        assert_eq!(to_s6(-40), 0x20, "saturates low");
        assert_eq!(to_s6(40), 0x1f, "saturates high");
    }
}

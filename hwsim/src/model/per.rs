//! Bit and packet error rates from SNR, per modulation and coding.
//!
//! The approach is wmediumd's (`per.c`): an uncoded bit error rate for the constellation, a
//! convolutional-code correction for the coding rate, then `PER = 1 − (1 − BER)^(8 · L)`. The
//! formulas are the textbook ones (Proakis, *Digital Communications*, ch. 4 and 8), with the
//! SNR taken as the symbol SNR `Es/N0`:
//!
//! - BPSK `Q(√(2γ))`; QPSK `Q(√γ)` (Gray coded, `Eb/N0 = γ/2`);
//! - square M-QAM (Gray): `(4/k)(1 − 1/√M) · Q(√(3γ/(M − 1)))`, `k = log2 M`;
//! - DSSS (clause 15), where the 11-chip Barker spreading gives `Eb/N0 = 11γ` at 1 Mb/s and
//!   `5.5γ` at 2 Mb/s: DBPSK `½·exp(−Eb/N0)`, DQPSK `Q(√(0.586·Eb/N0))`;
//! - CCK (clause 16) approximated as QPSK at `Eb/N0 = 2γ` (5.5 Mb/s) and `γ` (11 Mb/s).
//!
//! The coded BER of the rate-1/2 K=7 convolutional code and its punctured forms uses the
//! first term of the union bound with the Bhattacharyya bound on the pairwise error
//! probability of hard-decision decoding: `Pb ≈ (4p(1 − p))^(d_free/2)` with free distances 10
//! (1/2), 6 (2/3), 5 (3/4) and 4 (5/6). It is an approximation that gives the familiar
//! thresholds (6 Mb/s near 3 dB, 54 Mb/s near 22 dB for 1500 octets), not a validated PHY
//! model. HT adds a bandwidth and stream penalty: the same signal spread over 40 MHz or over
//! several streams leaves `10·log10(2)` dB less SNR per subcarrier and stream per doubling.

use crate::airtime::{Phy, TxRate};

/// Constellations.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Modulation {
    Dbpsk,
    Dqpsk,
    /// CCK with the given `Eb/N0` gain over the chip SNR.
    Cck(f64),
    Bpsk,
    Qpsk,
    Qam16,
    Qam64,
}

/// Convolutional code rates, by free distance.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Code {
    Uncoded,
    Half,
    TwoThirds,
    ThreeQuarters,
    FiveSixths,
}

impl Code {
    fn free_distance(self) -> f64 {
        match self {
            Code::Uncoded => 0.0,
            Code::Half => 10.0,
            Code::TwoThirds => 6.0,
            Code::ThreeQuarters => 5.0,
            Code::FiveSixths => 4.0,
        }
    }
}

/// Complementary error function, `erfc(x)`, with fractional error below 1.2e-7 everywhere
/// (the Chebyshev fit in Press et al., *Numerical Recipes*, 6.2).
fn erfc(x: f64) -> f64 {
    let z = x.abs();
    let t = 1.0 / (1.0 + 0.5 * z);
    let poly = -z * z - 1.265_512_23
        + t * (1.000_023_68
            + t * (0.374_091_96
                + t * (0.096_784_18
                    + t * (-0.186_288_06
                        + t * (0.278_868_07
                            + t * (-1.135_203_98
                                + t * (1.488_515_87 + t * (-0.822_152_23 + t * 0.170_872_77))))))));
    let r = t * poly.exp();
    if x >= 0.0 { r } else { 2.0 - r }
}

/// The Gaussian tail probability `Q(x) = ½·erfc(x/√2)`.
pub fn q(x: f64) -> f64 {
    0.5 * erfc(x / core::f64::consts::SQRT_2)
}

fn modulation_and_code(rate: TxRate) -> (Modulation, Code) {
    use Code::*;
    use Modulation::*;
    match rate {
        TxRate::Legacy { rate: r, .. } if rate.phy() == Phy::Dsss => match r {
            0..=2 => (Dbpsk, Uncoded),
            3..=4 => (Dqpsk, Uncoded),
            5..=11 => (Cck(2.0), Uncoded),
            _ => (Cck(1.0), Uncoded),
        },
        TxRate::Legacy { rate: r, .. } => match r {
            0..=17 => (Bpsk, Half),
            18..=23 => (Bpsk, ThreeQuarters),
            24..=35 => (Qpsk, Half),
            36..=47 => (Qpsk, ThreeQuarters),
            48..=71 => (Qam16, Half),
            72..=95 => (Qam16, ThreeQuarters),
            96..=107 => (Qam64, TwoThirds),
            _ => (Qam64, ThreeQuarters),
        },
        TxRate::Ht { mcs, .. } => match mcs % 8 {
            0 => (Bpsk, Half),
            1 => (Qpsk, Half),
            2 => (Qpsk, ThreeQuarters),
            3 => (Qam16, Half),
            4 => (Qam16, ThreeQuarters),
            5 => (Qam64, TwoThirds),
            6 => (Qam64, ThreeQuarters),
            _ => (Qam64, FiveSixths),
        },
    }
}

fn uncoded_ber(m: Modulation, snr: f64) -> f64 {
    let qam = |order: f64| {
        let k = order.log2();
        (4.0 / k) * (1.0 - 1.0 / order.sqrt()) * q((3.0 * snr / (order - 1.0)).sqrt())
    };
    match m {
        Modulation::Dbpsk => 0.5 * (-11.0 * snr).exp(),
        Modulation::Dqpsk => q((0.586 * 5.5 * snr).sqrt()),
        Modulation::Cck(gain) => q((2.0 * gain * snr).sqrt()),
        Modulation::Bpsk => q((2.0 * snr).sqrt()),
        Modulation::Qpsk => q(snr.sqrt()),
        Modulation::Qam16 => qam(16.0),
        Modulation::Qam64 => qam(64.0),
    }
}

/// SNR penalty in dB for an HT rate's bandwidth and stream count.
fn ht_penalty_db(rate: TxRate) -> f64 {
    match rate {
        TxRate::Ht { mcs, ht40, .. } => {
            let streams = f64::from(mcs % 32 / 8 + 1);
            let width = if ht40 { 2.0 } else { 1.0 };
            10.0 * (streams * width).log10()
        }
        TxRate::Legacy { .. } => 0.0,
    }
}

/// Post-decoding bit error rate at `snr_db` for `rate`, in `[0, 0.5]`.
pub fn bit_error_rate(rate: TxRate, snr_db: f64) -> f64 {
    if snr_db.is_nan() {
        return 0.5;
    }
    let (m, code) = modulation_and_code(rate);
    let snr = 10f64.powf((snr_db - ht_penalty_db(rate)) / 10.0);
    let p = uncoded_ber(m, snr).clamp(0.0, 0.5);
    let coded = match code {
        Code::Uncoded => p,
        c => (4.0 * p * (1.0 - p)).powf(c.free_distance() / 2.0),
    };
    if coded.is_nan() { 0.5 } else { coded.clamp(0.0, 0.5) }
}

/// Probability that a PSDU of `psdu_len` octets at `rate` is received with errors, given
/// `snr_db`: `1 − (1 − BER)^(8 · len)`, in `[0, 1]`.
pub fn packet_error_rate(rate: TxRate, snr_db: f64, psdu_len: usize) -> f64 {
    let ber = bit_error_rate(rate, snr_db);
    let bits = psdu_len as f64 * 8.0;
    let per = -(bits * (-ber).ln_1p()).exp_m1();
    if per.is_nan() { 1.0 } else { per.clamp(0.0, 1.0) }
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn q_function_matches_tables() {
        assert!((q(0.0) - 0.5).abs() < 1e-7);
        assert!((q(1.0) - 0.158_655_25).abs() < 1e-7);
        assert!((q(3.0) - 1.349_898e-3).abs() < 1e-8);
        assert!((q(-1.0) - 0.841_344_75).abs() < 1e-7);
        // Relative accuracy in the tail matters for high-SNR PER.
        assert!((q(6.0) / 9.865_876e-10 - 1.0).abs() < 1e-5);
    }

    #[test]
    fn per_falls_with_snr_and_rises_with_rate_and_length() {
        let r = TxRate::OFDM_54M;
        assert!(packet_error_rate(r, 10.0, 1500) > 0.99);
        assert!(packet_error_rate(r, 30.0, 1500) < 1e-4);
        assert!(packet_error_rate(TxRate::OFDM_6M, 6.0, 1500) < 0.01);
        assert!(packet_error_rate(TxRate::OFDM_6M, 0.0, 1500) > 0.99);
        for snr in [0.0, 4.0, 8.0, 12.0, 16.0, 20.0, 24.0] {
            assert!(packet_error_rate(TxRate::OFDM_6M, snr, 1500) <= packet_error_rate(r, snr, 1500));
            assert!(packet_error_rate(r, snr, 100) <= packet_error_rate(r, snr, 1500));
            assert!(packet_error_rate(r, snr + 1.0, 1500) <= packet_error_rate(r, snr, 1500));
        }
        // wmediumd's default SNR of 30 dB is lossless at every legacy rate.
        for rate in [2u8, 4, 11, 22, 12, 18, 24, 36, 48, 72, 96, 108] {
            assert!(packet_error_rate(TxRate::legacy(rate), 30.0, 1500) < 1e-3, "{rate}");
        }
    }

    #[test]
    fn dsss_one_megabit_works_near_zero_db() {
        assert!(packet_error_rate(TxRate::DSSS_1M, 2.0, 1500) < 0.01);
        assert!(packet_error_rate(TxRate::DSSS_1M, -4.0, 1500) > 0.99);
        assert!(packet_error_rate(TxRate::CCK_11M, 14.0, 1500) < 0.01);
    }

    #[test]
    fn odd_inputs_stay_in_range() {
        for snr in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY, -500.0, 500.0] {
            for rate in [TxRate::legacy(0), TxRate::legacy(255), TxRate::ht(255), TxRate::DSSS_1M] {
                let p = packet_error_rate(rate, snr, usize::MAX);
                assert!((0.0..=1.0).contains(&p), "{rate:?} {snr} {p}");
            }
        }
    }
}

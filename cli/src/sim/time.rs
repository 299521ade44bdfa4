//! Virtual times and durations as scenario files write them: `"1.5s"`, `"250ms"`, `"10us"`,
//! `"2min"`.
//!
//! A number (digits, at most one decimal point) followed by a unit, no spaces. Values resolve
//! to whole microseconds, the World's tick; finer fractions are refused rather than rounded,
//! so what the file says is what runs.

use mac80211_core::time::Duration;

/// Units and their length in microseconds, longest suffix first so `ms` is not read as `s`.
const UNITS: [(&str, u64); 5] = [("min", 60_000_000), ("ms", 1_000), ("us", 1), ("µs", 1), ("s", 1_000_000)];

/// Parses `"1.5s"` and the like. Total: every input gives a duration or a message.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let bad = || {
        format!(
            "{text:?} is not a duration: write a number and a unit (us, ms, s, min), e.g. \"1.5s\" or \"250ms\""
        )
    };
    let (number, scale) = UNITS
        .iter()
        .find_map(|&(unit, scale)| text.strip_suffix(unit).map(|n| (n, scale)))
        .ok_or_else(bad)?;
    let (whole, frac) = number.split_once('.').unwrap_or((number, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() && frac.is_empty() || !digits(whole) || !digits(frac) {
        return Err(bad());
    }
    let too_long = || format!("{text:?} is too long a duration");
    let whole: u64 = if whole.is_empty() { 0 } else { whole.parse().map_err(|_| too_long())? };
    let mut us = whole.checked_mul(scale).ok_or_else(too_long)?;
    // The fraction in units of `scale / 10^len`; it must come out whole.
    let mut frac_scale = scale;
    for (i, b) in frac.bytes().enumerate() {
        if frac_scale % 10 != 0 {
            return Err(format!("{text:?} is finer than a microsecond (digit {} after the point)", i + 1));
        }
        frac_scale /= 10;
        us = us.checked_add(u64::from(b - b'0') * frac_scale).ok_or_else(too_long)?;
    }
    Ok(Duration::from_micros(us))
}

/// A duration as the report prints it: `1.5s`, `250ms`, `12.345ms`.
pub fn show(d: Duration) -> String {
    let us = d.as_micros();
    if us >= 1_000_000 {
        let s = format!("{}.{:06}", us / 1_000_000, us % 1_000_000);
        format!("{}s", s.trim_end_matches('0').trim_end_matches('.'))
    } else {
        let s = format!("{}.{:03}", us / 1000, us % 1000);
        format!("{}ms", s.trim_end_matches('0').trim_end_matches('.'))
    }
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn durations_parse_exactly() {
        let us = |t: &str| parse_duration(t).map(|d| d.as_micros());
        assert_eq!(us("1.5s"), Ok(1_500_000));
        assert_eq!(us("250ms"), Ok(250_000));
        assert_eq!(us("0.25ms"), Ok(250));
        assert_eq!(us("10us"), Ok(10));
        assert_eq!(us("2min"), Ok(120_000_000));
        assert_eq!(us(".5s"), Ok(500_000));
        assert_eq!(us("0s"), Ok(0));
        for bad in ["", "s", "1", "1.5", "1 s", "-1s", "1.2.3s", "1,5s", "1.5h", "1e3ms", ".s"] {
            assert!(parse_duration(bad).is_err(), "{bad:?}");
        }
        assert!(parse_duration("0.5us").unwrap_err().contains("finer than a microsecond"));
        assert!(parse_duration("99999999999999999999s").is_err());
    }

    #[test]
    fn durations_print_short() {
        assert_eq!(show(Duration::from_micros(1_500_000)), "1.5s");
        assert_eq!(show(Duration::from_secs(2)), "2s");
        assert_eq!(show(Duration::from_micros(12_345)), "12.345ms");
        assert_eq!(show(Duration::from_millis(250)), "250ms");
        assert_eq!(show(Duration::ZERO), "0ms");
    }
}

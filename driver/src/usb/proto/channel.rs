//! The RF frequency plan: RF bank 0 registers 17-20 per 2.4 GHz channel (Linux phy.c
//! `mt7601u_phy_set_channel`'s table). All 14 tuples differ, so the emulator decodes the tuned
//! channel from what the driver wrote.

/// (r17, r18, r19, r20) of channels 1 to 14.
pub const RF_PLAN: [[u8; 4]; 14] = [
    [0x99, 0x99, 0x09, 0x50],
    [0x46, 0x44, 0x0a, 0x50],
    [0xec, 0xee, 0x0a, 0x50],
    [0x99, 0x99, 0x0b, 0x50],
    [0x46, 0x44, 0x08, 0x51],
    [0xec, 0xee, 0x08, 0x51],
    [0x99, 0x99, 0x09, 0x51],
    [0x46, 0x44, 0x0a, 0x51],
    [0xec, 0xee, 0x0a, 0x51],
    [0x99, 0x99, 0x0b, 0x51],
    [0x46, 0x44, 0x08, 0x52],
    [0xec, 0xee, 0x08, 0x52],
    [0x99, 0x99, 0x09, 0x52],
    [0x33, 0x33, 0x0b, 0x52],
];

/// The first RF register of the plan (bank 0).
pub const PLAN_FIRST_REG: u8 = 17;

/// The plan of channel `n` (1-14).
pub fn plan(n: u8) -> Option<[u8; 4]> {
    RF_PLAN.get(usize::from(n).checked_sub(1)?).copied()
}

/// The channel whose plan `regs` is.
pub fn channel_of(regs: [u8; 4]) -> Option<u8> {
    RF_PLAN.iter().position(|p| *p == regs).map(|i| i as u8 + 1)
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn every_channel_round_trips() {
        for n in 1..=14 {
            assert_eq!(channel_of(plan(n).unwrap()), Some(n));
        }
        assert_eq!(plan(0), None);
        assert_eq!(plan(15), None);
        assert_eq!(channel_of([0; 4]), None);
    }
}

//! The frames the benchmark works on: real captures from the test corpus, one copy each.

/// Beacon, aircrack-ng__capture_wds-01.cap frame 3 (204 octets, no FCS): SSID "test1", 8 rates,
/// DS channel 140, TIM, Country "ES", Power Constraint, RSN (CCMP/PSK, capabilities), BSS Load,
/// Supported Operating Classes, HT Capabilities, HT Operation, Extended Capabilities, WMM Parameter.
const BEACON_HEX: &str = concat!(
    "80000000ffffffffffff001122000000001122000000c005", // MAC header
    "3b40061900000000",
    "8813",
    "1101",                                         // timestamp, interval 5000 TU, capability
    "00057465737431",                               // SSID "test1"
    "01088c129824b048606c",                         // Supported Rates
    "03018c",                                       // DS Parameter Set: channel 140
    "050401020000",                                 // TIM
    "0710455320240417340414640b1a95050d00",         // Country "ES"
    "200103",                                       // Power Constraint
    "30140100000fac040100000fac040100000fac020c00", // RSN
    "0b050100000000",                               // BSS Load
    "3b027900",                                     // Supported Operating Classes
    "2d1a4c001bffff000000000000000000000100000000000000000000", // HT Capabilities
    "3d168c000400000000000000000000000000000000000000", // HT Operation
    "7f080400000000000140",                         // Extended Capabilities
    "dd180050f2020101800003a4000027a4000042435e0062322f00", // WMM Parameter
);

/// QoS Data, To DS + From DS, protected (CCMP), aircrack-ng__capture_wds-01.cap frame 24
/// (152 octets, no FCS): a 32-octet 4-address header with QoS Control, then CCMP header,
/// ciphertext and MIC.
const QOS_DATA_HEX: &str = concat!(
    "88432c00001122000001001122000000333300000016000000112200000000000100", // header
    "002000000000",                                                         // CCMP header (PN 1)
    "fd9cac69078c3bb6cf3a39528a125066e7e545ea7f55020a16fc8158576c465f79ff2f9f8b73fcee36a1353fbb8f",
    "919e0bacab5bee01c2b4cd5752fa60b8df945435300cdfe427a061d3116b11f79bb58ed8b99f25f36b02e536d186",
    "9f8db3bdb6d3f70da100373b4993d2efd34bb778",
);

/// The beacon's octets.
pub fn beacon() -> Vec<u8> {
    unhex(BEACON_HEX)
}

/// The QoS data frame's octets.
pub fn qos_data() -> Vec<u8> {
    unhex(QOS_DATA_HEX)
}

fn unhex(s: &str) -> Vec<u8> {
    assert!(s.len().is_multiple_of(2), "odd hex length");
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex")).collect()
}

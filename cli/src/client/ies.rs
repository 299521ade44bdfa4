//! Information elements of a scan result, printed as `iw dev IF scan` prints them.
//!
//! Each element is parsed with mac80211-core's wire element parsers (802.11-2020 9.4.2) and
//! printed on one `\tName: value` line in iw's words (`SSID`, `Supported rates`,
//! `DS Parameter set`, `TIM`, `Country`, `ERP`, `Extended supported rates`, `RSN`). An element
//! whose length is wrong for its type prints as iw does, `<invalid: N bytes: ..>`; elements iw
//! would not show without `-u` are skipped; a broken element run ends the listing.

use mac80211_core::wire::element::{
    DsParams, ElementId, ElementIter, ElementType, ExtSupportedRates, Rsn, Ssid, SupportedRates, Tim,
};
use std::fmt::Write;

/// The SSID of an element run, if it has a well-formed one.
pub fn ssid(ies: &[u8]) -> Option<Vec<u8>> {
    let e = ElementIter::new(ies).map_while(Result::ok).find(|e| e.raw_id() == 0)?;
    Ssid::parse(e).ok().map(|s| s.as_bytes().to_vec())
}

/// The lines iw prints for an element run (each ends with a newline).
pub fn describe(ies: &[u8]) -> String {
    let mut out = String::new();
    for element in ElementIter::new(ies).map_while(Result::ok) {
        let Some(name) = iw_name(element.id()) else { continue };
        let body = element.data();
        let _ = write!(out, "\t{name}:");
        match describe_body(element) {
            Some(text) => out.push_str(&text),
            None => out.push_str(&invalid(body)),
        }
        out.push('\n');
    }
    out
}

fn iw_name(id: ElementId) -> Option<&'static str> {
    Some(match id {
        ElementId::Ssid => "SSID",
        ElementId::SupportedRates => "Supported rates",
        ElementId::DsParams => "DS Parameter set",
        ElementId::Tim => "TIM",
        ElementId::Country => "Country",
        ElementId::Erp => "ERP",
        ElementId::Rsn => "RSN",
        ElementId::ExtSupportedRates => "Extended supported rates",
        _ => return None,
    })
}

fn invalid(body: &[u8]) -> String {
    match body {
        [] => " <invalid: no data>".to_string(),
        [b] => format!(" <invalid: 1 byte: {b:02x}>"),
        _ => {
            let hex: String = body.iter().map(|b| format!(" {b:02x}")).collect();
            format!(" <invalid: {} bytes:{hex}>", body.len())
        }
    }
}

fn describe_body(e: mac80211_core::wire::element::Element<'_>) -> Option<String> {
    let body = e.data();
    Some(match e.id() {
        ElementId::Ssid => format!(" {}", super::model::escape_ssid(Ssid::parse(e).ok()?.as_bytes())),
        ElementId::SupportedRates => rates(SupportedRates::parse(e).ok()?.as_bytes()),
        ElementId::ExtSupportedRates => rates(ExtSupportedRates::parse(e).ok()?.as_bytes()),
        ElementId::DsParams => format!(" channel {}", DsParams::from_body(body).ok()?.current_channel),
        ElementId::Tim => tim(&Tim::from_body(body).ok()?, body.len()),
        ElementId::Country => country(body)?,
        ElementId::Erp => erp(*body.first()?),
        ElementId::Rsn => rsn(&Rsn::from_body(body).ok()?),
        _ => return None,
    })
}

/// `1.0* 2.0* 5.5 ...`: a star marks a basic rate; selectors 127/126 print as HT/VHT.
fn rates(octets: &[u8]) -> String {
    let mut s = String::from(" ");
    for &o in octets {
        let basic = o & 0x80 != 0;
        let r = o & 0x7f;
        match (r, basic) {
            (127, true) => s.push_str("HT"),
            (126, true) => s.push_str("VHT"),
            _ => {
                let _ = write!(s, "{}.{}", r / 2, 5 * (r & 1));
            }
        }
        let _ = write!(s, "{} ", if basic { "*" } else { "" });
    }
    s
}

fn tim(t: &Tim<'_>, len: usize) -> String {
    let first = t.partial_virtual_bitmap().first().copied().unwrap_or(0);
    let mut s = format!(
        " DTIM Count {} DTIM Period {} Bitmap Control 0x{:x} Bitmap[0] 0x{:x}",
        t.dtim_count(),
        t.dtim_period(),
        t.bitmap_control(),
        first
    );
    let extra = len.saturating_sub(4);
    if extra > 0 {
        let _ = write!(s, " (+ {extra} octet{})", if extra == 1 { "" } else { "s" });
    }
    s
}

fn country(body: &[u8]) -> Option<String> {
    let code = body.get(..2)?;
    let env = match body.get(2)? {
        b'I' => "Indoor only",
        b'O' => "Outdoor only",
        b' ' => "Indoor/Outdoor",
        _ => "bogus",
    };
    let mut s = format!(" {}\tEnvironment: {env}", String::from_utf8_lossy(code));
    let triplets = body.get(3..).unwrap_or(&[]);
    if triplets.len() < 3 {
        s.push_str("\n\t\tNo country IE triplets present");
    }
    for t in triplets.chunks_exact(3) {
        if t[0] >= 201 {
            let _ = write!(
                s,
                "\n\t\tExtension ID: {} Regulatory Class: {} Coverage class: {} (up to {}m)",
                t[0],
                t[1],
                t[2],
                u32::from(t[2]) * 450
            );
            continue;
        }
        let step = if t[0] <= 14 { 1 } else { 4 };
        let last = u32::from(t[0]) + step * u32::from(t[1]).saturating_sub(1);
        let _ = write!(s, "\n\t\tChannels [{} - {last}] @ {} dBm", t[0], t[2] as i8);
    }
    Some(s)
}

fn erp(flags: u8) -> String {
    let mut s = String::new();
    if flags == 0 {
        s.push_str(" <no flags>");
    }
    for (bit, name) in [(1, " NonERP_Present"), (2, " Use_Protection"), (4, " Barker_Preamble_Mode")] {
        if flags & bit != 0 {
            s.push_str(name);
        }
    }
    s
}

fn suite_name(raw: u32, akm: bool) -> String {
    let named = match (raw, akm) {
        (0x000f_ac01, false) => "WEP-40",
        (0x000f_ac02, false) => "TKIP",
        (0x000f_ac04, false) => "CCMP",
        (0x000f_ac05, false) => "WEP-104",
        (0x000f_ac06, false) => "AES-128-CMAC",
        (0x000f_ac08, false) => "GCMP-128",
        (0x000f_ac09, false) => "GCMP-256",
        (0x000f_ac0a, false) => "CCMP-256",
        (0x000f_ac01, true) => "IEEE 802.1X",
        (0x000f_ac02, true) => "PSK",
        (0x000f_ac06, true) => "IEEE 802.1X/SHA-256",
        (0x000f_ac08, true) => "SAE",
        _ => "",
    };
    if named.is_empty() {
        let b = raw.to_be_bytes();
        format!("{:02x}-{:02x}-{:02x}:{}", b[0], b[1], b[2], b[3])
    } else {
        named.to_string()
    }
}

fn rsn(r: &Rsn<'_>) -> String {
    let mut s = String::from("\t * Version: 1");
    if let Some(g) = r.group_data_cipher() {
        let _ = write!(s, "\n\t\t * Group cipher: {}", suite_name(u32::from(g), false));
    }
    if let Some(list) = r.pairwise_ciphers() {
        let names: Vec<String> = list.iter().map(|c| suite_name(u32::from(c), false)).collect();
        let _ = write!(s, "\n\t\t * Pairwise ciphers: {}", names.join(" "));
    }
    if let Some(list) = r.akm_suites() {
        let names: Vec<String> = list.iter().map(|a| suite_name(u32::from(a), true)).collect();
        let _ = write!(s, "\n\t\t * Authentication suites: {}", names.join(" "));
    }
    if let Some(c) = r.capabilities() {
        let _ = write!(s, "\n\t\t * Capabilities: 0x{:04x}", c.0);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typical_beacon_elements() {
        let ies = [
            0, 4, b't', b'e', b's', b't', // SSID
            1, 8, 0x82, 0x84, 0x8b, 0x96, 0x0c, 0x12, 0x18, 0x24, // rates
            3, 1, 6, // DS
            5, 4, 0, 2, 0, 0, // TIM
            42, 1, 0, // ERP
            50, 4, 0x30, 0x48, 0x60, 0x6c, // ext rates
        ];
        assert_eq!(
            describe(&ies),
            "\tSSID: test\n\
             \tSupported rates: 1.0* 2.0* 5.5* 11.0* 6.0 9.0 12.0 18.0 \n\
             \tDS Parameter set: channel 6\n\
             \tTIM: DTIM Count 0 DTIM Period 2 Bitmap Control 0x0 Bitmap[0] 0x0\n\
             \tERP: <no flags>\n\
             \tExtended supported rates: 24.0 36.0 48.0 54.0 \n"
        );
        assert_eq!(ssid(&ies), Some(b"test".to_vec()));
    }

    #[test]
    fn invalid_and_truncated_elements() {
        assert_eq!(describe(&[3, 2, 6, 7]), "\tDS Parameter set: <invalid: 2 bytes: 06 07>\n");
        assert_eq!(describe(&[3, 0]), "\tDS Parameter set: <invalid: no data>\n");
        assert_eq!(describe(&[0, 9, 1]), "");
        assert_eq!(describe(&[221, 3, 0, 0x50, 0xf2]), "");
    }
}

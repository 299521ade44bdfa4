//! The one-line text form of a record, in the spirit of tshark's summary column.
//!
//! `   12     0.102400 Beacon  02:00:00:00:01:00 → ff:ff:ff:ff:ff:ff  SN=92 FN=0 Flags=........ SSID="test"`
//!
//! The flag string has Wireshark's eight positions, most significant bit first: `O` Order, `p`
//! Protected, `m` More Data, `P` Power Management, `R` Retry, `M` More Fragments, `F` From DS,
//! `T` To DS; a dot where the bit is clear.

use super::record::FrameRecord;
use std::fmt::Write;

/// Formats `rec` as one line (no trailing newline).
pub fn line(rec: &FrameRecord) -> String {
    let mut out = format!("{:>6} {:>12.6} ", rec.frame, rec.time);
    let kind = rec.kind.as_deref().unwrap_or("(no 802.11 frame)");
    let _ = write!(out, "{kind:<28}");
    match (&rec.addr2, &rec.addr1) {
        (Some(ta), Some(ra)) => {
            let _ = write!(out, " {ta} → {ra}");
        }
        (None, Some(ra)) => {
            let _ = write!(out, " {:17} → {ra}", "");
        }
        _ => {}
    }
    if let (Some(seq), Some(frag)) = (rec.seq, rec.frag) {
        let _ = write!(out, "  SN={seq} FN={frag}");
    }
    if let Some(flags) = flag_string(rec) {
        let _ = write!(out, " Flags={flags}");
    }
    push_details(&mut out, rec);
    push_wpa(&mut out, rec);
    if let Some(err) = &rec.error {
        let _ = write!(out, "  [malformed: {err}]");
    }
    out
}

/// What decryption added: the handshake message and its MIC, or the decrypted payload.
fn push_wpa(out: &mut String, rec: &FrameRecord) {
    if let Some(m) = &rec.eapol_message {
        let _ = write!(out, " EAPOL {m}");
        match rec.eapol_mic_ok {
            Some(true) => out.push_str(" MIC ok"),
            Some(false) => out.push_str(" MIC FAILED"),
            None => {}
        }
    }
    match (rec.decrypted, &rec.inner) {
        (Some(true), Some(i)) => {
            let _ = write!(out, " [decrypted] {}", i.protocol);
            if let (Some(src), Some(dst)) = (&i.src, &i.dst) {
                let _ = write!(out, " {src} → {dst}");
            }
            if let Some(t) = i.icmp_type {
                let _ = write!(out, " ICMP type {t}");
            }
        }
        (Some(true), None) => out.push_str(" [decrypted]"),
        (Some(false), _) => out.push_str(" [decryption failed]"),
        (None, _) => {}
    }
}

fn push_details(out: &mut String, rec: &FrameRecord) {
    if let Some(ssid) = &rec.ssid {
        let _ = write!(out, " SSID={ssid:?}");
    }
    if let Some(ch) = rec.channel {
        let _ = write!(out, " ch={ch}");
    }
    if let Some(bi) = rec.beacon_interval {
        let _ = write!(out, " BI={bi}");
    }
    if let (Some(alg), Some(seq)) = (rec.auth_alg, rec.auth_seq) {
        let _ = write!(out, " alg={alg} seq={seq}");
    }
    if let Some(status) = rec.status {
        let _ = write!(out, " status={status}");
    }
    if let Some(reason) = rec.reason {
        let _ = write!(out, " reason={reason}");
    }
    if let Some(aid) = rec.aid {
        let _ = write!(out, " AID={aid}");
    }
    if let Some(tid) = rec.tid {
        let _ = write!(out, " TID={tid}");
    }
    if rec.amsdu == Some(true) {
        out.push_str(" A-MSDU");
    }
    if let Some(info) = rec.eapol_key_info {
        let _ = write!(out, " EAPOL-Key info={info:#06x}");
    }
    if rec.fcs_ok == Some(false) {
        out.push_str(" [bad FCS]");
    }
}

fn flag_string(rec: &FrameRecord) -> Option<String> {
    let bits = [
        (rec.order?, 'O'),
        (rec.protected?, 'p'),
        (rec.more_data?, 'm'),
        (rec.pwr_mgt?, 'P'),
        (rec.retry?, 'R'),
        (rec.more_frag?, 'M'),
        (rec.from_ds?, 'F'),
        (rec.to_ds?, 'T'),
    ];
    Some(bits.iter().map(|&(on, c)| if on { c } else { '.' }).collect())
}

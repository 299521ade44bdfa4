//! Turns one capture record into a [`FrameRecord`].
//!
//! Two readings run side by side. The *lenient* reading fills every field whose octets are
//! present, the way Wireshark shows what it can of a broken frame. The *strict* reading runs the
//! codec's checked parsers over the radio header, the MAC header and body, every element we
//! report, LLC/SNAP and EAPOL; its first error makes the record `malformed` and becomes `error`.
//!
//! Which body fields are reported follows the corpus schema (SCHEMA.md): nothing from the body
//! of a protected frame, a non-first fragment, or a frame whose protocol version is not 0;
//! management fields only for management frames; elements from the top-level run only.

use super::header::fill_header;
use super::record::FrameRecord;
use super::{body, mgmt};
use mac80211_core::capture::Record;
use mac80211_core::wire::ctrl::CtrlRepr;
use mac80211_core::wire::data::DataRepr;
use mac80211_core::wire::linktype::{Fcs, RadioHeader, split_radio_header};
use mac80211_core::wire::{self, ErrorKind, FrameControl, FrameType, fcs};

/// Collects the first strict-parsing error of a record, and the first construct we could not
/// decode. The two are kept apart: a valid construct this codec does not know (an unknown
/// radiotap field, a radiotap version we cannot read) is not a malformed frame.
#[derive(Default)]
pub(super) struct Strict {
    first: Option<String>,
    undecoded: Option<String>,
}

impl Strict {
    /// Records `err` unless an earlier error was already recorded.
    pub(super) fn fail(&mut self, layer: &str, err: impl std::fmt::Display) {
        if self.first.is_none() {
            self.first = Some(format!("{layer}: {err}"));
        }
    }

    /// Records a wire error: [`ErrorKind::Unsupported`] as undecoded, anything else as a failure.
    pub(super) fn wire(&mut self, layer: &str, err: wire::Error) {
        if err.kind() == ErrorKind::Unsupported {
            self.undecoded.get_or_insert_with(|| format!("{layer}: {err}"));
        } else {
            self.fail(layer, err);
        }
    }

    /// Records the error of `res`, if any, and returns its value.
    pub(super) fn check<T>(&mut self, layer: &str, res: wire::Result<T>) -> Option<T> {
        res.map_err(|e| self.wire(layer, e)).ok()
    }
}

/// Decodes one record. `t0_ns` is the capture time of the first record, in nanoseconds.
pub fn dissect(record: &Record<'_>, t0_ns: i128) -> FrameRecord {
    let mut rec = FrameRecord {
        frame: record.index,
        linktype: u32::from(record.linktype.value()),
        len: record.data.len(),
        time: (ts_nanos(record) - t0_ns) as f64 / 1e9,
        ..FrameRecord::default()
    };
    let mut strict = Strict::default();
    dissect_radio(&mut rec, record, &mut strict);
    rec.undecoded = strict.undecoded;
    if let Some(err) = strict.first {
        rec.malformed = true;
        rec.error = Some(err);
    }
    rec
}

fn dissect_radio(rec: &mut FrameRecord, record: &Record<'_>, strict: &mut Strict) {
    let split = match split_radio_header(record.linktype, record.data) {
        Ok(split) => split,
        Err(e) => return strict.wire("radio header", e),
    };
    let mut data_pad = false;
    if let RadioHeader::Radiotap(rt) = &split.header {
        let info = rt.info();
        rec.rt_freq = info.channel_freq;
        rec.rt_signal_dbm = info.dbm_signal;
        data_pad = info.flags.is_some_and(|f| f.data_pad());
        if let Some(e) = info.error {
            strict.wire("radiotap", e);
        }
    }
    match split.fcs {
        Fcs::Stripped(value) => rec.fcs_ok = Some(fcs::compute(split.frame) == value),
        Fcs::Truncated => strict.fail("radiotap", "FCS flagged but the frame is shorter than 4 octets"),
        Fcs::NotSignalled => {}
    }
    dissect_frame(rec, split.frame, data_pad, strict);
}

/// Decodes the 802.11 frame (no FCS). `data_pad`: radiotap says the body is 32-bit aligned.
fn dissect_frame(rec: &mut FrameRecord, frame: &[u8], data_pad: bool, strict: &mut Strict) {
    let Some(header_len) = fill_header(rec, frame) else {
        if let Err(e) = wire::Frame::new_checked(frame) {
            strict.wire("802.11 header", e);
        }
        return;
    };
    let fc = FrameControl(u16::from_le_bytes([frame[0], frame[1]]));
    if fc.protected() && !fc.is_null_data() {
        strict.check("security header", check_protected_body(&frame[header_len..]));
    }
    let body_readable = !fc.protected() && rec.frag == Some(0);
    match fc.frame_type() {
        FrameType::Management => {
            if body_readable {
                mgmt::fill(rec, fc, &frame[header_len..], strict);
            }
        }
        FrameType::Control => {
            strict.check("control frame", CtrlRepr::parse(&wire::Frame::new_unchecked(frame)));
        }
        FrameType::Data => {
            strict.check("data frame", DataRepr::parse(&wire::Frame::new_unchecked(frame)));
            let qos = wire::Frame::new_unchecked(frame).qos_control();
            rec.tid = qos.map(|q| q.tid());
            if fc.is_qos_data() && !fc.is_null_data() {
                rec.amsdu = qos.map(|q| q.amsdu_present());
            }
            let body_at = if data_pad { header_len.next_multiple_of(4).min(frame.len()) } else { header_len };
            if body_readable && !fc.is_null_data() {
                let amsdu = rec.amsdu == Some(true);
                body::fill(rec, &frame[body_at..], amsdu, strict);
            }
        }
        FrameType::Extension => {}
    }
}

/// Checks that a protected body can hold its security header and trailer: WEP's IV and ICV
/// (4 + 4 octets), or with the Extended IV bit (TKIP, CCMP, GCMP) an 8-octet header and at least
/// a 4-octet ICV/MIC (802.11-2020 12.3.2.2, 12.5.2.2, 12.5.3.2).
fn check_protected_body(body: &[u8]) -> wire::Result<()> {
    let Some(&key_id_octet) = body.get(3) else {
        return Err(wire::Error::new(ErrorKind::Truncated, "IV of a protected frame"));
    };
    let min = if key_id_octet & 0x20 != 0 { 8 + 4 } else { 4 + 4 };
    if body.len() < min {
        return Err(wire::Error::new(ErrorKind::Truncated, "protected frame body"));
    }
    Ok(())
}

/// Capture time of `record` in nanoseconds since the epoch.
pub fn ts_nanos(record: &Record<'_>) -> i128 {
    i128::from(record.ts.secs) * 1_000_000_000 + i128::from(record.ts.nanos)
}

#[cfg(test)]
mod test {
    use super::*;
    use crate::decode::summary;
    use mac80211_core::capture::Timestamp;
    use mac80211_core::wire::LinkType;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn any_record_of_any_link_type_decodes_and_serialises(
            linktype in prop_oneof![Just(105u16), Just(119), Just(127), Just(163), any::<u16>()],
            radiotap: bool,
            secs: u32,
            fcs_len in proptest::option::of(Just(4u8)),
            bytes in proptest::collection::vec(any::<u8>(), 0..160),
        ) {
            // Half the radiotap records get a minimal valid header, so the 802.11 decode runs.
            let mut data = if radiotap && linktype == 127 { vec![0, 0, 8, 0, 0, 0, 0, 0] } else { Vec::new() };
            data.extend_from_slice(&bytes);
            let record = Record {
                index: 1,
                linktype: LinkType::from(linktype),
                ts: Timestamp { secs: u64::from(secs), nanos: 0 },
                data: &data,
                orig_len: data.len() as u32,
                interface: 0,
                fcs_len,
            };
            let rec = dissect(&record, 0);
            prop_assert_eq!(rec.malformed, rec.error.is_some());
            prop_assert_eq!(rec.len, data.len());
            let json = serde_json::to_value(&rec).unwrap();
            prop_assert_eq!(json["linktype"].as_u64(), Some(u64::from(linktype)));
            let _ = summary::line(&rec);
        }
    }
}

use super::*;
use crate::wire::ErrorKind;
use proptest::prelude::*;

fn hex(s: &str) -> Vec<u8> {
    let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect()
}

fn fields(b: &[u8]) -> Vec<Result<RadiotapField<'_>>> {
    Radiotap::new_checked(b).unwrap().fields_ref().collect()
}

// linux-hwsim__open.pcap frame 1 (mac80211_hwsim monitor): TSFT, Flags, Rate, Channel.
const HWSIM: &str = "000016000f0000004d28a424d660060000028509a000";

// zeek__radiotap.pcap frame 1: TSFT, Flags (FCS at end), Channel, signal, noise, antenna,
// XChannel (note the non-zero alignment padding before it), MCS, A-MPDU status.
const ZEEK: &str = "000030006b081c00e1615656000000001000a4154001b6a3014e349740010100a4156c221f0107\
                    000100000000000000";

// tcpdump__ieee802.11_htc.pcap frame 1: TSFT, Flags, Channel, signal, noise, antenna, HE, then
// a Qualcomm (00:03:7f) vendor namespace with 16 octets of data.
const HTC: &str = "00003c006b08804086b2ae390000000004003c144001d3950000fcc3fe00e5690f008021027f00037f00\
                   1000cb050204feff000000000000e06e8e27";

#[test]
fn deconstruct_hwsim() {
    let b = hex(HWSIM);
    let rt = Radiotap::new_checked(&b[..]).unwrap();
    assert_eq!((rt.version(), rt.pad(), rt.it_len(), rt.present()), (0, 0, 22, 0xf));
    assert!(rt.payload().is_empty());
    let got = fields(&b);
    assert_eq!(
        got,
        [
            Ok(RadiotapField::Tsft(0x0006_60d6_24a4_284d)),
            Ok(RadiotapField::Flags(RadiotapFlags(0))),
            Ok(RadiotapField::Rate(2)),
            Ok(RadiotapField::Channel(Channel { freq: 2437, flags: Channel::CCK | Channel::GHZ2 })),
        ]
    );
    let info = rt.info();
    assert_eq!((info.channel_freq, info.dbm_signal, info.rate_500kbps), (Some(2437), None, Some(2)));
    assert_eq!(info.error, None);
}

#[test]
fn construct_hwsim() {
    let b = hex(HWSIM);
    let repr = RadiotapRepr::parse(&Radiotap::new_unchecked(&b[..])).unwrap();
    assert_eq!(repr.channel, Some(Channel { freq: 2437, flags: 0x00a0 }));
    let mut out = vec![0xa5u8; repr.buffer_len()];
    repr.emit(&mut Radiotap::new_unchecked(&mut out[..]));
    assert_eq!(out, b);
}

#[test]
fn deconstruct_zeek_xchannel_mcs_ampdu() {
    let b = hex(ZEEK);
    let got: Vec<_> = fields(&b).into_iter().map(|f| f.unwrap()).collect();
    assert_eq!(got.len(), 9);
    assert_eq!(got[1], RadiotapField::Flags(RadiotapFlags(RadiotapFlags::FCS_AT_END)));
    assert_eq!(got[2], RadiotapField::Channel(Channel { freq: 5540, flags: 0x0140 }));
    assert_eq!(got[3], RadiotapField::DbmAntennaSignal(-74));
    assert_eq!(got[4], RadiotapField::DbmAntennaNoise(-93));
    assert_eq!(got[5], RadiotapField::Antenna(1));
    assert_eq!(
        got[6],
        RadiotapField::XChannel(XChannel { flags: 0x0001_0140, freq: 5540, channel: 108, max_power: 34 })
    );
    assert_eq!(got[7], RadiotapField::Mcs(Mcs { known: 0x1f, flags: 1, mcs: 7 }));
    assert_eq!(
        got[8],
        RadiotapField::AmpduStatus(AmpduStatus { reference: 1, flags: 0, delimiter_crc: 0, reserved: 0 })
    );
    let info = Radiotap::new_checked(&b[..]).unwrap().info();
    assert!(info.fcs_at_end());
    assert_eq!(info.mcs.map(|m| m.mcs), Some(7));
    // XChannel is not a field RadiotapRepr writes.
    let e = RadiotapRepr::parse(&Radiotap::new_unchecked(&b[..])).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Unsupported);
}

#[test]
fn deconstruct_he_and_vendor_namespace() {
    let b = hex(HTC);
    let got: Vec<_> = fields(&b).into_iter().map(|f| f.unwrap()).collect();
    assert_eq!(got.len(), 8);
    assert_eq!(got[1], RadiotapField::Flags(RadiotapFlags(RadiotapFlags::WEP)));
    assert_eq!(got[2], RadiotapField::Channel(Channel { freq: 5180, flags: 0x0140 }));
    assert_eq!(got[3], RadiotapField::DbmAntennaSignal(-45));
    assert_eq!(got[6], RadiotapField::He(He { data: [0xc3fc, 0x00fe, 0x69e5, 0x000f, 0x2180, 0x7f02] }));
    let RadiotapField::Vendor(v) = got[7] else { panic!("expected a vendor namespace") };
    assert_eq!((v.oui, v.sub_ns, v.data.len()), ([0x00, 0x03, 0x7f], 0, 16));
    assert_eq!(v.data[..4], [0xcb, 0x05, 0x02, 0x04]);
    assert_eq!(got[7].bit(), bit::VENDOR_NAMESPACE);
}

/// The radiotap reference parser's test vectors (radiotap-library `check/*.bin`), in the
/// order `radiotap-library__check_bins.pcap` holds them (sorted file names: 0, 00, 0fcs,
/// 0v0-2, 0v0-3, 0v0-4, 0v0, 1, malformed-vendor, unparsed-vendor).
mod reference_vectors {
    use super::*;

    const TSFT_A: u64 = 9_833_440_827_789_222_417;
    const TSFT_B: u64 = 1_225_260_500_033_256_362;

    fn vendor(sub_ns: u8, data: &'static [u8]) -> RadiotapField<'static> {
        RadiotapField::Vendor(VendorNamespace { oui: [0, 0, 0], sub_ns, data })
    }

    fn ok(b: &str) -> Vec<RadiotapField<'static>> {
        let b: &'static [u8] = hex(b).leak();
        fields(b).into_iter().map(|f| f.unwrap()).collect()
    }

    #[test]
    fn single_and_extended_bitmaps() {
        assert_eq!(ok("00001000010000001122334455667788"), [RadiotapField::Tsft(TSFT_A)]);
        // "00": bit 29 then a second word restarting at TSFT.
        let v = ok("00002000010000a001000000000000001122334455667788aabbccddeeff0011");
        assert_eq!(v, [RadiotapField::Tsft(TSFT_A), RadiotapField::Tsft(TSFT_B)]);
        // "0fcs": bit 14 read as RX flags (the reference tool overrides it with --fcshdr).
        let v = ok("00001400014000001122334455667788aabbccdd");
        assert_eq!(v, [RadiotapField::Tsft(TSFT_A), RadiotapField::RxFlags(0xbbaa)]);
        // "1": a lone Flags octet.
        assert_eq!(ok("000009000200000033"), [RadiotapField::Flags(RadiotapFlags(0x33))]);
    }

    #[test]
    fn vendor_namespaces_are_skipped_whole() {
        let ff: &[u8] = &[0xff, 0xee, 0xdd, 0xcc];
        let expect = |sub| [RadiotapField::Tsft(TSFT_A), vendor(sub, ff), RadiotapField::Tsft(TSFT_B)];
        // "0v0-2", "0v0-3" (sub-namespace 1), "0v0": vendor bits 1 / 1 / 0, then back to radiotap.
        let body = "1122334455667788000000000400ffeeddcc000000000000aabbccddeeff0011";
        assert_eq!(ok(&format!("00003000010000c0020000a001000000{body}")), expect(0));
        let body1 = "1122334455667788000000010400ffeeddcc000000000000aabbccddeeff0011";
        assert_eq!(ok(&format!("00003000010000c0020000a001000000{body1}")), expect(1));
        assert_eq!(ok(&format!("00003000010000c0010000a001000000{body}")), expect(0));
        // "0v0-4": the vendor namespace spans two words (its bit 52), then radiotap again.
        let v = ok("00003800010000c000000080000010a001000000000000001122334455667788\
                    000000000400ffeeddcc000000000000aabbccddeeff0011");
        assert_eq!(v, expect(0));
    }

    #[test]
    fn malformed_vendor_keeps_earlier_fields() {
        // "malformed-vendor": the vendor namespace header runs past it_len.
        let b = hex("000022002e4800c000000080000000a00400000010029e09a000e3050000ffffffff");
        let got = fields(&b);
        assert_eq!(got.len(), 7);
        assert_eq!(got[0], Ok(RadiotapField::Flags(RadiotapFlags(0x10))));
        assert_eq!(got[1], Ok(RadiotapField::Rate(2)));
        assert_eq!(got[2], Ok(RadiotapField::Channel(Channel { freq: 2462, flags: 0x00a0 })));
        assert_eq!(got[3], Ok(RadiotapField::DbmAntennaSignal(-29)));
        assert_eq!(got[4], Ok(RadiotapField::Antenna(5)));
        assert_eq!(got[5], Ok(RadiotapField::RxFlags(0)));
        assert_eq!(got[6].unwrap_err().kind(), ErrorKind::Truncated);
        let info = Radiotap::new_checked(&b[..]).unwrap().info();
        assert_eq!((info.channel_freq, info.dbm_signal), (Some(2462), Some(-29)));
        assert!(info.error.is_some());
    }

    #[test]
    fn unparsed_vendor_then_rate() {
        let v = ok("000027002e4800c000000080000000a00400000010029e09a000e3050000ffffffff0200dead04");
        assert_eq!(v.len(), 8);
        let RadiotapField::Vendor(ns) = v[6] else { panic!("expected a vendor namespace") };
        assert_eq!((ns.oui, ns.sub_ns, ns.data), ([0xff; 3], 0xff, &[0xde, 0xad][..]));
        assert_eq!(v[7], RadiotapField::Rate(4));
    }
}

#[test]
fn header_checks() {
    let e = |b: &[u8]| Radiotap::new_checked(b).unwrap_err().kind();
    assert_eq!(e(&[0, 0, 8, 0, 0, 0, 0]), ErrorKind::Truncated);
    assert_eq!(e(&[1, 0, 8, 0, 0, 0, 0, 0]), ErrorKind::Unsupported);
    assert_eq!(e(&[0, 0, 7, 0, 0, 0, 0, 0]), ErrorKind::BadLength);
    assert_eq!(e(&[0, 0, 9, 0, 0, 0, 0, 0]), ErrorKind::Truncated);
    let ok = Radiotap::new_checked(&[0u8, 0, 8, 0, 0, 0, 0, 0, 0xd4][..]).unwrap();
    assert_eq!(ok.payload(), &[0xd4]);
    assert_eq!(ok.fields().count(), 0);
}

#[test]
fn bitmaps_past_it_len_still_locate_the_payload() {
    // Ext set in the only present word that fits in it_len: no field can be found, but the
    // frame still starts at it_len (what Wireshark does).
    let b = [0u8, 0, 8, 0, 0x02, 0, 0, 0x80, 0xd4, 0];
    let rt = Radiotap::new_checked(&b[..]).unwrap();
    assert_eq!(rt.payload(), &[0xd4, 0]);
    let got: Vec<_> = rt.fields().collect();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].unwrap_err().kind(), ErrorKind::Truncated);
}

#[test]
fn field_past_it_len_is_an_error() {
    // Channel announced but it_len ends after two of its four octets.
    let b = [0u8, 0, 10, 0, 0x08, 0, 0, 0, 0x6c, 0x09];
    let got = fields(&b);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].unwrap_err().kind(), ErrorKind::Truncated);
}

#[test]
fn unknown_bit_stops_but_keeps_earlier_fields() {
    // Word 0: Flags + Ext (no namespace switch), word 1: bit 32, which has no known size.
    let b = [0u8, 0, 13, 0, 0x02, 0, 0, 0x80, 0x01, 0, 0, 0, 0x10];
    let got = fields(&b);
    assert_eq!(got[0], Ok(RadiotapField::Flags(RadiotapFlags(0x10))));
    assert_eq!(got[1].unwrap_err().kind(), ErrorKind::Unsupported);
    assert_eq!(got.len(), 2);
    let info = Radiotap::new_checked(&b[..]).unwrap().info();
    assert!(info.fcs_at_end());
    assert_eq!(info.error.map(|e| e.kind()), Some(ErrorKind::Unsupported));
}

#[test]
fn tlv_list() {
    // Flags, then TLVs (bit 28) aligned to 4: type 33 (U-SIG) with 5 octets, padded, then a
    // type 28 padding item of length 0.
    let b = hex("00001c00020000100100000021000500aabbccddee0000001c000000");
    let got = fields(&b);
    assert_eq!(got.len(), 2);
    let Ok(RadiotapField::Tlvs(list)) = got[1] else { panic!("expected TLVs") };
    assert_eq!(list.len(), 16);
    let tlvs: Vec<_> = TlvIter::new(list).collect();
    assert_eq!(tlvs.len(), 2);
    assert_eq!(tlvs[0], Ok(RadiotapTlv { kind: 33, data: &[0xaa, 0xbb, 0xcc, 0xdd, 0xee] }));
    assert_eq!(tlvs[1], Ok(RadiotapTlv { kind: 28, data: &[] }));
    let bad: Vec<_> = TlvIter::new(&[0x21, 0, 9, 0, 1]).collect();
    assert_eq!(bad.len(), 1);
    assert!(bad[0].is_err());
}

#[test]
fn repr_refuses_what_it_cannot_reproduce() {
    let kind = |b: &[u8]| RadiotapRepr::parse(&Radiotap::new_unchecked(b)).unwrap_err().kind();
    // it_len longer than the fields.
    assert_eq!(kind(&[0, 0, 10, 0, 0x02, 0, 0, 0, 0x10, 0]), ErrorKind::BadLength);
    // Non-zero pad octet.
    assert_eq!(kind(&[0, 7, 9, 0, 0x02, 0, 0, 0, 0x10]), ErrorKind::BadValue);
    // Non-zero alignment padding before Channel.
    assert_eq!(kind(&[0, 0, 14, 0, 0x0a, 0, 0, 0, 4, 0xff, 0x6c, 9, 0xa0, 0]), ErrorKind::BadValue);
    // A namespace switch.
    assert_eq!(kind(&[0, 0, 12, 0, 0, 0, 0, 0xa0, 0, 0, 0, 0]), ErrorKind::Unsupported);
}

fn arb_repr() -> impl Strategy<Value = RadiotapRepr> {
    let vht =
        (any::<u16>(), any::<u8>(), any::<u8>(), any::<[u8; 4]>(), any::<u8>(), any::<u8>(), any::<u16>())
            .prop_map(|(known, flags, bandwidth, mcs_nss, coding, group_id, partial_aid)| Vht {
                known,
                flags,
                bandwidth,
                mcs_nss,
                coding,
                group_id,
                partial_aid,
            });
    (
        (any::<Option<u64>>(), any::<Option<u8>>(), any::<Option<u8>>(), any::<Option<(u16, u16)>>()),
        (any::<Option<i8>>(), any::<Option<i8>>(), any::<Option<u8>>(), any::<Option<u16>>()),
        (any::<Option<u16>>(), any::<Option<(u8, u8, u8)>>(), proptest::option::of(vht)),
    )
        .prop_map(|((tsft, flags, rate, chan), (sig, noise, ant, rx), (tx, mcs, vht))| RadiotapRepr {
            tsft,
            flags: flags.map(RadiotapFlags),
            rate_500kbps: rate,
            channel: chan.map(|(freq, flags)| Channel { freq, flags }),
            dbm_signal: sig,
            dbm_noise: noise,
            antenna: ant,
            rx_flags: rx,
            tx_flags: tx,
            mcs: mcs.map(|(known, flags, mcs)| Mcs { known, flags, mcs }),
            vht,
        })
}

proptest! {
    #[test]
    fn repr_round_trip(repr in arb_repr(), payload in proptest::collection::vec(any::<u8>(), 0..8)) {
        let mut buf = vec![0xa5u8; repr.buffer_len()];
        repr.emit(&mut Radiotap::new_unchecked(&mut buf[..]));
        buf.extend_from_slice(&payload);
        let rt = Radiotap::new_checked(&buf[..]).unwrap();
        prop_assert_eq!(rt.payload(), &payload[..]);
        let back = RadiotapRepr::parse(&rt).unwrap();
        prop_assert_eq!(back, repr);
        let mut again = vec![0u8; back.buffer_len()];
        back.emit(&mut Radiotap::new_unchecked(&mut again[..]));
        prop_assert_eq!(&again[..], rt.header());
        let info = rt.info();
        prop_assert_eq!(info.channel_freq, repr.channel.map(|c| c.freq));
        prop_assert_eq!(info.dbm_signal, repr.dbm_signal);
        prop_assert_eq!(info.error, None);
    }

    #[test]
    fn never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..96)) {
        let rt = Radiotap::new_unchecked(&bytes[..]);
        if rt.check_len().is_ok() {
            let n = rt.fields().count();
            prop_assert!(n <= bytes.len() * 8);
            let errors = rt.fields().filter(|f| f.is_err()).count();
            prop_assert!(errors <= 1);
            let _ = (rt.info(), rt.payload(), format!("{rt:?}"));
            prop_assert!(rt.fields_ref().eq(rt.fields()));
            for f in rt.fields().flatten() {
                if let RadiotapField::Tlvs(list) = f {
                    let _ = TlvIter::new(list).count();
                }
            }
            if let Ok(repr) = RadiotapRepr::parse(&rt) {
                prop_assert_eq!(repr.buffer_len(), usize::from(rt.it_len()));
            }
        }
    }

    #[test]
    fn walk_never_panics_on_valid_prefix(words in proptest::collection::vec(any::<u32>(), 1..4),
                                         tail in proptest::collection::vec(any::<u8>(), 0..64)) {
        // Headers whose version and it_len are right, so the walk itself gets exercised.
        let mut b = vec![0u8, 0, 0, 0];
        for w in &words {
            b.extend_from_slice(&w.to_le_bytes());
        }
        b.extend_from_slice(&tail);
        let len = b.len() as u16;
        b[2..4].copy_from_slice(&len.to_le_bytes());
        let rt = Radiotap::new_checked(&b[..]).unwrap();
        let mut last_pos = 0;
        let mut it = rt.fields();
        while let Some(f) = it.next() {
            prop_assert!(it.position() <= b.len());
            prop_assert!(it.position() >= last_pos || f.is_err());
            last_pos = it.position();
        }
    }
}

//! The supplicant: the station's side of the 4-way handshake (802.11-2020 12.7.6.2-5) and of
//! the group key handshake (12.7.7.2-3).
//!
//! ```text
//! ExpectMsg1 ──msg1──► send msg2 ──► ExpectMsg3 ──msg3 (MIC ok)──► send msg4, install PTK, GTK
//!     ▲                                  │ msg1 again: answer with the same SNonce     │
//!     └──────────────────────────────────┘                                    Established
//!                                              group msg1 (MIC ok) ─► install GTK, group msg2
//! ```
//!
//! Checks, in order: the message parses as ours; its kind fits the state; its replay counter is
//! above the last one accepted (12.7.2: the supplicant accepts only increasing counters); the
//! MIC verifies with the KCK; Key Data unwraps with the KEK and carries the GTK and, in message
//! 3, an RSN element identical to the one the AP advertised (else reason 17). Message 3 must
//! repeat message 1's ANonce. A message that fails a check is refused and changes nothing.
//!
//! The supplicant does not time out by itself: the station bounds the whole handshake with its
//! own timer and deauthenticates with reason 15 when it expires.

use super::message::{Incoming, Outgoing, key_info};
use super::{Action, PairwiseInstall, Rejected};
use crate::crypto::{Key, Ptk, key_unwrap};
use crate::rand::Rng;
use crate::wire::MacAddr;
use crate::wire::ReasonCode;
use crate::wire::eapol::kde::{GtkKde, KdeType, KeyDataIter};
use crate::wire::eapol::key::{KeyInfo, KeyMessageKind};
use crate::wire::element::ElementId;

/// Waiting for message 3, after answering message 1.
struct ExpectMsg3 {
    anonce: [u8; 32],
    snonce: [u8; 32],
    ptk: Ptk,
}

/// Where the supplicant stands.
enum State {
    /// Nothing received yet.
    ExpectMsg1,
    /// Message 2 sent.
    ExpectMsg3(Box<ExpectMsg3>),
    /// Keys installed; group key handshakes may follow.
    Established(Box<Ptk>),
}

/// The station's key machine for one association.
pub(crate) struct Supplicant {
    pmk: Key<32>,
    /// The AP (Authenticator Address).
    aa: MacAddr,
    /// Us (Supplicant Address).
    spa: MacAddr,
    /// Our RSN element as sent in the Association Request (header included).
    own_rsne: Vec<u8>,
    /// The AP's RSN element from its beacon or probe response (header included).
    ap_rsne: Vec<u8>,
    /// Highest replay counter accepted.
    replay: Option<u64>,
    state: State,
}

impl Supplicant {
    /// A supplicant waiting for message 1.
    pub(crate) fn new(
        pmk: Key<32>,
        aa: MacAddr,
        spa: MacAddr,
        own_rsne: Vec<u8>,
        ap_rsne: Vec<u8>,
    ) -> Supplicant {
        Supplicant { pmk, aa, spa, own_rsne, ap_rsne, replay: None, state: State::ExpectMsg1 }
    }

    /// The 4-way handshake has completed.
    pub(crate) fn is_established(&self) -> bool {
        matches!(self.state, State::Established(_))
    }

    /// Handles an EAPOL PDU from the AP.
    pub(crate) fn on_eapol(&mut self, rng: &mut Rng, pdu: &[u8]) -> Result<Vec<Action>, Rejected> {
        let msg = Incoming::parse(pdu).ok_or(Rejected::NotKey)?;
        if self.replay.is_some_and(|last| msg.key.replay_counter <= last) {
            return Err(Rejected::Replayed);
        }
        match (msg.key.message_kind(), &self.state) {
            (KeyMessageKind::Pairwise1, State::ExpectMsg1 | State::ExpectMsg3(_)) => {
                Ok(self.on_msg1(rng, &msg))
            }
            (KeyMessageKind::Pairwise3, State::ExpectMsg3(_)) => self.on_msg3(&msg),
            (KeyMessageKind::Group1, State::Established(_)) => self.on_group1(&msg),
            _ => Err(Rejected::Unexpected),
        }
    }

    /// Message 1: derive the PTK for its ANonce and answer with message 2. A repeated message 1
    /// with the same ANonce gets the same SNonce, so a lost message 2 costs nothing.
    fn on_msg1(&mut self, rng: &mut Rng, msg: &Incoming<'_>) -> Vec<Action> {
        let anonce = msg.key.key_nonce;
        let snonce = match &self.state {
            State::ExpectMsg3(e) if e.anonce == anonce => e.snonce,
            _ => {
                let mut n = [0; 32];
                rng.fill(&mut n);
                n
            }
        };
        let ptk = Ptk::derive(&self.pmk, self.aa, self.spa, &anonce, &snonce);
        self.replay = Some(msg.key.replay_counter);
        let msg2 = Outgoing {
            info: key_info(KeyInfo::PAIRWISE | KeyInfo::MIC),
            key_length: 0,
            replay: msg.key.replay_counter,
            nonce: snonce,
            rsc: 0,
            key_data: &self.own_rsne,
        }
        .build(Some(&ptk.kck));
        self.state = State::ExpectMsg3(Box::new(ExpectMsg3 { anonce, snonce, ptk }));
        vec![Action::Send(msg2)]
    }

    /// Message 3: verify, check the AP's RSN element, take the GTK, answer with message 4,
    /// then install the keys and open the port.
    fn on_msg3(&mut self, msg: &Incoming<'_>) -> Result<Vec<Action>, Rejected> {
        let State::ExpectMsg3(e) = &self.state else { return Err(Rejected::Unexpected) };
        if msg.key.key_nonce != e.anonce
            || !msg.key.key_info.install()
            || !msg.key.key_info.encrypted_key_data()
        {
            return Err(Rejected::Unexpected);
        }
        let proof = msg.verify(&e.ptk.kck).map_err(|_| Rejected::BadMic)?;
        let plain = key_unwrap(&e.ptk.kek, msg.key.key_data).map_err(|_| Rejected::BadKeyData)?;
        let ap_rsne = KeyDataIter::new(&plain).find_element(ElementId::Rsn.value());
        if ap_rsne.map(|r| r.data()) != self.ap_rsne.get(2..) {
            // 12.7.6.4: an RSNE that differs from the beacon's means a downgrade attempt.
            return Ok(vec![Action::Fail(ReasonCode::HandshakeElementMismatch)]);
        }
        let (index, gtk) = gtk_of(&plain)?;
        self.replay = Some(msg.key.replay_counter);
        let msg4 = Outgoing {
            info: key_info(KeyInfo::PAIRWISE | KeyInfo::MIC | KeyInfo::SECURE),
            key_length: 0,
            replay: msg.key.replay_counter,
            nonce: [0; 32],
            rsc: 0,
            key_data: &[],
        }
        .build(Some(&e.ptk.kck));
        let ptk = e.ptk.clone();
        let actions = vec![
            Action::Send(msg4),
            Action::InstallPairwise(PairwiseInstall { tk: ptk.tk.clone(), proof }),
            Action::InstallGroup { index, gtk, rsc: msg.rsc() },
            Action::Authorized,
        ];
        self.state = State::Established(Box::new(ptk));
        Ok(actions)
    }

    /// Group message 1: verify, take the new GTK, answer with group message 2.
    fn on_group1(&mut self, msg: &Incoming<'_>) -> Result<Vec<Action>, Rejected> {
        let State::Established(ptk) = &self.state else { return Err(Rejected::Unexpected) };
        if !msg.key.key_info.encrypted_key_data() {
            return Err(Rejected::Unexpected);
        }
        msg.verify(&ptk.kck).map_err(|_| Rejected::BadMic)?;
        let plain = key_unwrap(&ptk.kek, msg.key.key_data).map_err(|_| Rejected::BadKeyData)?;
        let (index, gtk) = gtk_of(&plain)?;
        self.replay = Some(msg.key.replay_counter);
        let reply = Outgoing {
            info: key_info(KeyInfo::MIC | KeyInfo::SECURE),
            key_length: 0,
            replay: msg.key.replay_counter,
            nonce: [0; 32],
            rsc: 0,
            key_data: &[],
        }
        .build(Some(&ptk.kck));
        Ok(vec![Action::InstallGroup { index, gtk, rsc: msg.rsc() }, Action::Send(reply)])
    }
}

/// The GTK KDE of decrypted Key Data: Key ID 1-3 and a 16-octet GTK (CCMP-128).
fn gtk_of(plain: &[u8]) -> Result<(u8, Key<16>), Rejected> {
    let kde = KeyDataIter::new(plain).find_kde(KdeType::Gtk).ok_or(Rejected::BadKeyData)?;
    let gtk = GtkKde::parse(kde.data).map_err(|_| Rejected::BadKeyData)?;
    let octets: [u8; 16] = gtk.gtk.try_into().map_err(|_| Rejected::BadKeyData)?;
    match gtk.key_id() {
        0 => Err(Rejected::BadKeyData),
        index => Ok((index, Key::new(octets))),
    }
}

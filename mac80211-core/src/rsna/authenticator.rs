//! The authenticator: the AP's side of the 4-way handshake (802.11-2020 12.7.6) and of the
//! group key handshake (12.7.7), one per associated station.
//!
//! ```text
//! start: send msg1 ─► ExpectMsg2 ──msg2 (MIC ok, RSNE as in the assoc request)──► send msg3
//!                                                                                ExpectMsg4
//!          Established ◄── install PTK, open port ◄── msg4 (MIC ok) ─────────────────┘
//!             │  ▲
//!  rekey: send group msg1   group msg2 (MIC ok)
//!             ▼  │
//!         ExpectGroupMsg2
//! ```
//!
//! Every message sent carries a fresh, larger replay counter (retransmissions included, as
//! hostapd does); an answer must carry the counter of one of the messages of the running
//! exchange. Retransmission is driven by [`Authenticator::timeout`] at the deadline
//! [`Authenticator::retry_delay`] gives after each send: the first message of an exchange waits
//! [`FIRST_TIMEOUT`] (group: [`GROUP_TIMEOUT`]), a retransmission [`RETRY_TIMEOUT`]. After
//! [`PAIRWISE_TRIES`] messages the exchange fails (see the parent module for the reasons).

use super::message::{CCMP_KEY_LEN, Incoming, Outgoing, key_info};
use super::{
    Action, FIRST_TIMEOUT, GROUP_TIMEOUT, GroupView, PAIRWISE_TRIES, PairwiseInstall, RETRY_TIMEOUT, Rejected,
};
use crate::crypto::{Key, Ptk, key_wrap};
use crate::rand::Rng;
use crate::time::Duration;
use crate::wire::eapol::kde::{GtkKde, KdeType, KeyDataWriter};
use crate::wire::eapol::key::{KeyInfo, KeyMessageKind};
use crate::wire::{MacAddr, ReasonCode};

/// Waiting for message 4, after message 3.
struct ExpectMsg4 {
    anonce: [u8; 32],
    ptk: Ptk,
}

/// Where the handshake with one station stands.
enum State {
    /// Message 1 sent with this ANonce.
    ExpectMsg2 { anonce: [u8; 32] },
    /// Message 3 sent.
    ExpectMsg4(Box<ExpectMsg4>),
    /// Keys installed, port open.
    Established(Box<Ptk>),
    /// Group message 1 sent.
    ExpectGroupMsg2(Box<Ptk>),
}

/// The AP's key machine for one associated station.
pub(crate) struct Authenticator {
    pmk: Key<32>,
    /// Us (Authenticator Address).
    aa: MacAddr,
    /// The station (Supplicant Address).
    spa: MacAddr,
    /// The station's RSN element from its Association Request (header included).
    sta_rsne: Vec<u8>,
    /// Our RSN element (header included).
    ap_rsne: Vec<u8>,
    /// Replay counter of the first message of the running exchange.
    first_replay: u64,
    /// Replay counter of the last message sent.
    replay: u64,
    /// Messages sent in the running exchange.
    tries: u8,
    /// Answers in the running exchange whose MIC failed.
    mic_failures: u8,
    state: State,
}

impl Authenticator {
    /// Starts the 4-way handshake with a station that just associated: message 1.
    pub(crate) fn start(
        rng: &mut Rng,
        pmk: Key<32>,
        aa: MacAddr,
        spa: MacAddr,
        sta_rsne: Vec<u8>,
        ap_rsne: Vec<u8>,
    ) -> (Authenticator, Vec<Action>) {
        let mut anonce = [0; 32];
        rng.fill(&mut anonce);
        let mut auth = Authenticator {
            pmk,
            aa,
            spa,
            sta_rsne,
            ap_rsne,
            first_replay: 1,
            replay: 0,
            tries: 0,
            mic_failures: 0,
            state: State::ExpectMsg2 { anonce },
        };
        let msg1 = auth.next_message(None);
        (auth, vec![Action::Send(msg1)])
    }

    /// The pairwise handshake has completed (the port is open).
    pub(crate) fn is_established(&self) -> bool {
        matches!(self.state, State::Established(_) | State::ExpectGroupMsg2(_))
    }

    /// How long to wait for an answer to the last message; `None` when nothing is awaited.
    pub(crate) fn retry_delay(&self) -> Option<Duration> {
        match (&self.state, self.tries) {
            (State::Established(_), _) => None,
            (State::ExpectGroupMsg2(_), 1) => Some(GROUP_TIMEOUT),
            (_, 1) => Some(FIRST_TIMEOUT),
            _ => Some(RETRY_TIMEOUT),
        }
    }

    /// Handles an EAPOL PDU from the station.
    pub(crate) fn on_eapol(&mut self, pdu: &[u8], group: GroupView<'_>) -> Result<Vec<Action>, Rejected> {
        let msg = Incoming::parse(pdu).ok_or(Rejected::NotKey)?;
        if !(self.first_replay..=self.replay).contains(&msg.key.replay_counter) {
            return Err(Rejected::Replayed);
        }
        match (msg.key.message_kind(), &self.state) {
            (KeyMessageKind::Pairwise2, State::ExpectMsg2 { .. }) => self.on_msg2(&msg, group),
            (KeyMessageKind::Pairwise4, State::ExpectMsg4(_)) => self.on_msg4(&msg),
            (KeyMessageKind::Group2, State::ExpectGroupMsg2(_)) => self.on_group2(&msg),
            _ => Err(Rejected::Unexpected),
        }
    }

    /// Message 2: derive the PTK with its SNonce, verify it, compare its RSN element with the
    /// association's, and send message 3.
    fn on_msg2(&mut self, msg: &Incoming<'_>, group: GroupView<'_>) -> Result<Vec<Action>, Rejected> {
        let State::ExpectMsg2 { anonce } = self.state else { return Err(Rejected::Unexpected) };
        let ptk = Ptk::derive(&self.pmk, self.aa, self.spa, &anonce, &msg.key.key_nonce);
        if msg.verify(&ptk.kck).is_err() {
            self.mic_failures = self.mic_failures.saturating_add(1);
            return Err(Rejected::BadMic);
        }
        if msg.key.key_data != self.sta_rsne.as_slice() {
            // 12.7.6.3: the RSNE of message 2 must be the one of the Association Request.
            return Ok(vec![Action::Fail(ReasonCode::HandshakeElementMismatch)]);
        }
        self.state = State::ExpectMsg4(Box::new(ExpectMsg4 { anonce, ptk }));
        self.new_exchange();
        Ok(vec![Action::Send(self.next_message(Some(group)))])
    }

    /// Message 4: verify it, install the PTK and open the port.
    fn on_msg4(&mut self, msg: &Incoming<'_>) -> Result<Vec<Action>, Rejected> {
        let State::ExpectMsg4(e) = &self.state else { return Err(Rejected::Unexpected) };
        let Ok(proof) = msg.verify(&e.ptk.kck) else {
            self.mic_failures = self.mic_failures.saturating_add(1);
            return Err(Rejected::BadMic);
        };
        let ptk = e.ptk.clone();
        let install = PairwiseInstall { tk: ptk.tk.clone(), proof };
        self.state = State::Established(Box::new(ptk));
        Ok(vec![Action::InstallPairwise(install), Action::Authorized])
    }

    /// Group message 2: verify it; the station has the new GTK.
    fn on_group2(&mut self, msg: &Incoming<'_>) -> Result<Vec<Action>, Rejected> {
        let State::ExpectGroupMsg2(ptk) = &self.state else { return Err(Rejected::Unexpected) };
        msg.verify(&ptk.kck).map_err(|_| Rejected::BadMic)?;
        let ptk = ptk.clone();
        self.state = State::Established(ptk);
        Ok(vec![Action::GroupAcked])
    }

    /// Starts a group key handshake to hand out `group` (only once the port is open; a station
    /// still in the 4-way handshake gets the new GTK in its message 3).
    pub(crate) fn start_rekey(&mut self, group: GroupView<'_>) -> Vec<Action> {
        let ptk = match &self.state {
            State::Established(ptk) | State::ExpectGroupMsg2(ptk) => ptk.clone(),
            _ => return Vec::new(),
        };
        self.state = State::ExpectGroupMsg2(ptk);
        self.new_exchange();
        vec![Action::Send(self.next_message(Some(group)))]
    }

    /// The answer did not come in time: send the message again, or give up.
    pub(crate) fn timeout(&mut self, group: GroupView<'_>) -> Vec<Action> {
        if matches!(self.state, State::Established(_)) {
            return Vec::new();
        }
        if self.tries >= PAIRWISE_TRIES {
            let reason = match self.state {
                State::ExpectGroupMsg2(_) => ReasonCode::GroupKeyUpdateTimeout,
                _ if self.mic_failures > 0 => ReasonCode::MichaelMicFailure,
                _ => ReasonCode::FourWayHandshakeTimeout,
            };
            return vec![Action::Fail(reason)];
        }
        vec![Action::Send(self.next_message(Some(group)))]
    }

    /// Resets the per-exchange counters before the first message of an exchange.
    fn new_exchange(&mut self) {
        self.tries = 0;
        self.mic_failures = 0;
        self.first_replay = self.replay + 1;
    }

    /// Lays out the message the current state sends, with the next replay counter.
    fn next_message(&mut self, group: Option<GroupView<'_>>) -> Vec<u8> {
        self.replay += 1;
        self.tries += 1;
        let replay = self.replay;
        match (&self.state, group) {
            (State::ExpectMsg2 { anonce }, _) => Outgoing {
                info: key_info(KeyInfo::PAIRWISE | KeyInfo::ACK),
                key_length: CCMP_KEY_LEN,
                replay,
                nonce: *anonce,
                rsc: 0,
                key_data: &[],
            }
            .build(None),
            (State::ExpectMsg4(e), Some(group)) => {
                let wrapped = wrapped_key_data(&e.ptk.kek, Some(&self.ap_rsne), group);
                Outgoing {
                    info: key_info(
                        KeyInfo::PAIRWISE
                            | KeyInfo::INSTALL
                            | KeyInfo::ACK
                            | KeyInfo::MIC
                            | KeyInfo::SECURE
                            | KeyInfo::ENCRYPTED_KEY_DATA,
                    ),
                    key_length: CCMP_KEY_LEN,
                    replay,
                    nonce: e.anonce,
                    rsc: group.rsc,
                    key_data: &wrapped,
                }
                .build(Some(&e.ptk.kck))
            }
            (State::ExpectGroupMsg2(ptk), Some(group)) => {
                let wrapped = wrapped_key_data(&ptk.kek, None, group);
                Outgoing {
                    info: key_info(
                        KeyInfo::ACK | KeyInfo::MIC | KeyInfo::SECURE | KeyInfo::ENCRYPTED_KEY_DATA,
                    ),
                    key_length: 0,
                    replay,
                    nonce: [0; 32],
                    rsc: group.rsc,
                    key_data: &wrapped,
                }
                .build(Some(&ptk.kck))
            }
            // Messages 3 and group 1 always get the group; Established sends nothing.
            _ => Vec::new(),
        }
    }
}

/// Key Data of message 3 (our RSNE, then the GTK KDE) or group message 1 (the GTK KDE),
/// padded and wrapped with the KEK (12.7.2 j).
fn wrapped_key_data(kek: &Key<16>, rsne: Option<&[u8]>, group: GroupView<'_>) -> Vec<u8> {
    let mut plain = zeroize::Zeroizing::new(vec![0u8; 128]);
    let mut w = KeyDataWriter::new(&mut plain);
    // The buffer holds a 22-octet RSNE, a 24-octet GTK KDE and padding with room to spare.
    let mut ok = rsne.is_none_or(|e| w.push_element(e[0], &e[2..]).is_ok());
    let kde = GtkKde::new(group.index, false, group.gtk.expose());
    ok &= w.push_kde_with(KdeType::Gtk, kde.buffer_len(), |b| kde.emit(b)).is_ok();
    ok &= w.pad_for_key_wrap().is_ok();
    debug_assert!(ok, "key data fits");
    let len = w.len();
    // A padded length is a multiple of 8 and at least 16: wrapping cannot fail.
    key_wrap(kek, &plain[..len]).unwrap_or_default()
}

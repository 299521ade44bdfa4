//! Configuration of a [`Mac`](super::Mac): identity, seed, supported channels and rates, and the
//! station timing knobs (defaults close to Linux mac80211).

use crate::channel::{Band, Channel, channel_to_freq};
use crate::time::Duration;
use crate::wire::MacAddr;

/// Station timing and retry policy (defaults are Linux mac80211's, `net/mac80211/mlme.c`, `scan.c`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StaTuning {
    /// Dwell per channel of an active scan (`IEEE80211_PROBE_DELAY` + `CHANNEL_TIME`, ~30 ms).
    pub active_dwell: Duration,
    /// Dwell per channel of a passive scan (`IEEE80211_PASSIVE_CHANNEL_TIME`, ~110 ms).
    pub passive_dwell: Duration,
    /// Wait for an Authentication response (`IEEE80211_AUTH_TIMEOUT`, 200 ms).
    pub auth_timeout: Duration,
    /// Authentication attempts (`IEEE80211_AUTH_MAX_TRIES`, 3).
    pub auth_tries: u8,
    /// Wait for an Association response (`IEEE80211_ASSOC_TIMEOUT`, 200 ms).
    pub assoc_timeout: Duration,
    /// Association attempts (`IEEE80211_ASSOC_MAX_TRIES`, 3).
    pub assoc_tries: u8,
    /// Beacons missed before probing the AP (`IEEE80211_BEACON_LOSS_COUNT`, 7).
    pub beacon_loss_count: u32,
    /// Unanswered probes to the AP before giving up (`max_probe_tries`, 5).
    pub max_probe_tries: u8,
    /// Wait for each probe response while checking the AP.
    pub probe_wait: Duration,
    /// Scan results older than this are dropped (`IEEE80211_SCAN_RESULT_EXPIRE`, 30 s).
    pub bss_expiry: Duration,
    /// Scan rounds a connect to an unknown network makes before giving up with `NoBss`.
    pub connect_scan_rounds: u8,
    /// Longest 4-way handshake after association before giving up with reason 15 (the AP
    /// normally decides first: hostapd gives up after about 3.1 s).
    pub handshake_timeout: Duration,
}

impl Default for StaTuning {
    fn default() -> Self {
        StaTuning {
            active_dwell: Duration::from_millis(30),
            passive_dwell: Duration::from_millis(110),
            auth_timeout: Duration::from_millis(200),
            auth_tries: 3,
            assoc_timeout: Duration::from_millis(200),
            assoc_tries: 3,
            beacon_loss_count: 7,
            max_probe_tries: 5,
            probe_wait: Duration::from_millis(100),
            bss_expiry: Duration::from_secs(30),
            connect_scan_rounds: 3,
            handshake_timeout: Duration::from_secs(5),
        }
    }
}

/// Configuration of one radio's MAC.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MacConfig {
    /// The radio's permanent address; the first interface uses it.
    pub addr: MacAddr,
    /// Seed of every random stream of this MAC.
    pub rng_seed: u64,
    /// Channels the radio can use (scans visit these by default).
    pub channels: Vec<Channel>,
    /// The channel the radio starts on.
    pub initial_channel: Channel,
    /// The radio supports HT (802.11n) at 20 MHz.
    pub ht: bool,
    /// Most virtual interfaces at once.
    pub max_vifs: usize,
    /// Frames waiting for the radio before the host must stop sending (`netif_stop_queue`).
    pub tx_queue_limit: usize,
    /// The radio does CCMP itself with the keys of `RadioRequest::InstallKey`: the MAC then
    /// sends protected frames with their CCMP header and a plaintext body for the radio to
    /// encrypt, and takes received frames the radio marks `RxInfo::decrypted`. Off (software
    /// crypto, mac80211's fallback when `set_key` answers `-EOPNOTSUPP`) by default.
    pub hw_crypto: bool,
    /// Station timing.
    pub sta: StaTuning,
}

impl MacConfig {
    /// A dual-band radio like mac80211_hwsim's: 2.4 GHz channels 1-13 and 5 GHz channels
    /// 36-64, 100-144 and 149-165, starting on channel 1, HT capable.
    pub fn new(addr: MacAddr, rng_seed: u64) -> MacConfig {
        let mut channels: Vec<Channel> =
            (1..=13).filter_map(|n| Channel::from_number(Band::Ghz2_4, n)).collect();
        let five = (36..=64).step_by(4).chain((100..=144).step_by(4)).chain((149..=165).step_by(4));
        channels.extend(five.filter_map(|n| channel_to_freq(Band::Ghz5, n).map(Channel::from_freq)));
        MacConfig {
            addr,
            rng_seed,
            initial_channel: channels[0],
            channels,
            ht: true,
            max_vifs: 8,
            tx_queue_limit: 256,
            hw_crypto: false,
            sta: StaTuning::default(),
        }
    }

    /// The same radio restricted to the given channels (the first is the initial one).
    #[must_use]
    pub fn with_channels(mut self, channels: Vec<Channel>) -> MacConfig {
        if let Some(&first) = channels.first() {
            self.initial_channel = first;
        }
        self.channels = channels;
        self
    }
}

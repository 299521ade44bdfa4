//! # softmac-tests: the deterministic multi-radio `World`, and the scenario tests built on it
//!
//! [`world::World`] is the harness: a virtual clock, a simulated medium ([`hwsim`]) and one
//! soft-MAC ([`mac80211_core::mac::Mac`]) per radio, all deterministic from one seed. A test
//! crate of your own can depend on this crate to write multi-radio tests; see [`world`].
//!
//! The harness itself lives in `hwsim::world` (feature `world`), so that the `softmac` binary
//! can run it (`softmac demo`, `softmac sim run`) without depending on this test crate; this
//! crate re-exports it under the same paths (`softmac_tests::world`, `softmac_tests::ip`).
//!
//! - [`ip`]: an embedded IPv4 stack ([`ip::IpHost`], smoltcp) on any interface, and
//!   [`World::ping`] between stations.
//! - [`corpus`]: the vendored capture corpus and Wireshark's decode of it, for decoder and
//!   interop tests.
//!
//! ## Example: an AP, two stations, and a ping between them
//!
//! ```
//! use mac80211_core::mac::ConnectRequest;
//! use mac80211_core::time::Duration;
//! use softmac_tests::{NodeSpec, World, ch2};
//! use std::net::Ipv4Addr;
//!
//! // Everything below runs on virtual time: the whole example takes milliseconds.
//! let mut w = World::new(1);
//! let (ap, ap_vif) = w.add_ap("ap", "refnet", ch2(6), NodeSpec::at(0.0, 0.0, 0.0));
//! let (sta1, v1) = w.add_station("sta1", NodeSpec::at(5.0, 0.0, 0.0));
//! let (sta2, v2) = w.add_station("sta2", NodeSpec::at(0.0, 5.0, 0.0));
//! // Both scan and join at once; a failed attempt is retried, as a supplicant would.
//! let req = ConnectRequest { ssid: b"refnet".to_vec(), ..Default::default() };
//! w.connect_all(&[(sta1, v1), (sta2, v2)], &req, Duration::from_secs(10))
//!     .expect("both stations connect");
//! assert_eq!(w.mac(ap).stations(ap_vif).len(), 2);
//!
//! // An IPv4 stack on each station, then 10 pings from sta1 to sta2 through the AP.
//! w.attach_ip(sta1, v1, "10.0.0.2/24");
//! w.attach_ip(sta2, v2, "10.0.0.3/24");
//! let report = w.ping((sta1, v1), Ipv4Addr::new(10, 0, 0, 3), 10, Duration::from_millis(10));
//! assert_eq!((report.sent, report.received, report.lost, report.duplicates), (10, 10, 0, 0));
//! ```

pub mod corpus;
pub use hwsim::world;
pub use hwsim::world::ip;

pub use ip::{IpHost, PingConfig, PingReport};
pub use world::{NodeId, NodeSpec, World, ch2, ch5};

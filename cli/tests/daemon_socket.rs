//! The server over a real Unix SEQPACKET socket in a temporary directory: several clients,
//! multicast delivery, a client leaving mid-dump, permissions and stale sockets.

mod support;

use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use mac80211_core::mac::EventKind;
use netlink_packet_core::{NLM_F_ACK, NLM_F_DUMP, NLMSG_DONE};
use softmac_cli::daemon::backend::BackendEvent;
use softmac_cli::daemon::seqpacket::SeqpacketConn;
use softmac_cli::daemon::server::{Server, ServerOptions};
use softmac_cli::nl::ctrl::{CtrlAttr, CtrlCmd};
use softmac_cli::nl::nl80211::{Nl80211Attr, Nl80211Cmd};
use softmac_cli::nl::{FamilyIds, NlMessage, parse_datagram};
use support::*;
use tokio::sync::oneshot;

fn temp_socket(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("softmac-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir.join("nl80211.sock")
}

struct Running {
    path: PathBuf,
    backend: Arc<Mutex<FakeBackend>>,
    stop: Option<oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<()>,
}

async fn start(name: &str, backend: FakeBackend) -> Running {
    let path = temp_socket(name);
    let server = Server::bind(&path, &ServerOptions::default()).expect("binds");
    let backend = Arc::new(Mutex::new(backend));
    let (stop, stopped) = oneshot::channel();
    let task = tokio::spawn(server.run(backend.clone(), async move {
        let _ = stopped.await;
    }));
    Running { path, backend, stop: Some(stop), task }
}

impl Running {
    async fn shutdown(mut self) {
        let _ = self.stop.take().unwrap().send(());
        self.task.await.unwrap();
        assert!(!self.path.exists(), "socket file removed on shutdown");
    }
}

async fn recv_msgs(conn: &SeqpacketConn) -> Vec<NlMessage> {
    let mut buf = vec![0; 65536];
    let n = conn.recv(&mut buf).await.unwrap();
    parse_datagram(&buf[..n], &FamilyIds::SOFTMAC).unwrap()
}

/// Receives until the dump's NLMSG_DONE; returns the entries.
async fn recv_dump(conn: &SeqpacketConn) -> Vec<NlMessage> {
    let mut out = Vec::new();
    loop {
        for m in recv_msgs(conn).await {
            if m.header.message_type == NLMSG_DONE {
                return out;
            }
            out.push(m);
        }
    }
}

#[tokio::test]
async fn two_clients_are_served_and_the_socket_is_private() {
    let srv = start("two", FakeBackend::new()).await;
    assert_eq!(std::fs::metadata(&srv.path).unwrap().permissions().mode() & 0o777, 0o600);
    let a = SeqpacketConn::connect(&srv.path).await.unwrap();
    let b = SeqpacketConn::connect(&srv.path).await.unwrap();
    a.send(&ctrl_request(CtrlCmd::GetFamily, 0, vec![CtrlAttr::FamilyName("nl80211".into())])).await.unwrap();
    b.send(&nl80211_request(Nl80211Cmd::GetInterface, NLM_F_DUMP, vec![])).await.unwrap();
    let fam = recv_msgs(&a).await;
    assert_eq!(fam[0].ctrl().unwrap().family_id(), Some(0x20));
    assert_eq!(fam[0].header.port_number, 1, "first client is port 1");
    let ifaces = recv_dump(&b).await;
    assert_eq!(ifaces.len(), 2);
    assert_eq!(ifaces[0].header.port_number, 2);
    srv.shutdown().await;
}

#[tokio::test]
async fn a_subscriber_receives_events_of_its_groups() {
    let srv = start("events", FakeBackend::new()).await;
    let sub = SeqpacketConn::connect(&srv.path).await.unwrap();
    sub.send(&ctrl_request(CtrlCmd::JoinMcastGroup, NLM_F_ACK, vec![CtrlAttr::McastGroupId(0x12)]))
        .await
        .unwrap();
    assert_eq!(errno_of(&recv_msgs(&sub).await[0]), Some(0));
    let events = srv.backend.lock().unwrap().events.clone();
    let started = EventKind::ScanStarted { scope: Default::default() };
    events.send(BackendEvent::Mac { ifindex: WLAN0, wiphy: 0, kind: started }).unwrap();
    events
        .send(BackendEvent::Mac {
            ifindex: WLAN0,
            wiphy: 0,
            kind: EventKind::ScanDone { aborted: true, bss_count: 0, scope: Default::default() },
        })
        .unwrap();
    let first = recv_msgs(&sub).await;
    let second = recv_msgs(&sub).await;
    assert_eq!(first[0].nl80211().unwrap().cmd, Nl80211Cmd::TriggerScan);
    assert_eq!(second[0].nl80211().unwrap().cmd, Nl80211Cmd::ScanAborted);
    srv.shutdown().await;
}

#[tokio::test]
async fn a_client_leaving_mid_dump_does_not_hurt_the_next() {
    let mut backend = FakeBackend::new();
    let entry = backend.scan[0].clone();
    backend.scan = vec![entry; 3000]; // several MiB: many datagrams, more than the socket buffers
    let srv = start("middump", backend).await;
    let quitter = SeqpacketConn::connect(&srv.path).await.unwrap();
    quitter
        .send(&nl80211_request(Nl80211Cmd::GetScan, NLM_F_DUMP, vec![Nl80211Attr::Ifindex(WLAN0)]))
        .await
        .unwrap();
    let _ = recv_msgs(&quitter).await;
    drop(quitter);
    let next = SeqpacketConn::connect(&srv.path).await.unwrap();
    next.send(&nl80211_request(Nl80211Cmd::GetInterface, 0, vec![Nl80211Attr::Ifindex(AP0)])).await.unwrap();
    assert_eq!(recv_msgs(&next).await[0].nl80211().unwrap().ifindex(), Some(AP0));
    let full = SeqpacketConn::connect(&srv.path).await.unwrap();
    full.send(&nl80211_request(Nl80211Cmd::GetScan, NLM_F_DUMP, vec![Nl80211Attr::Ifindex(WLAN0)]))
        .await
        .unwrap();
    assert_eq!(recv_dump(&full).await.len(), 3000);
    srv.shutdown().await;
}

#[tokio::test]
async fn malformed_datagrams_do_not_wedge_the_connection() {
    let srv = start("malformed", FakeBackend::new()).await;
    let c = SeqpacketConn::connect(&srv.path).await.unwrap();
    c.send(&[0xff; 7]).await.unwrap();
    assert_eq!(errno_of(&recv_msgs(&c).await[0]), Some(22));
    c.send(&nl80211_request(Nl80211Cmd::GetProtocolFeatures, 0, vec![])).await.unwrap();
    assert!(recv_msgs(&c).await[0].nl80211().is_some());
    srv.shutdown().await;
}

#[tokio::test]
async fn a_stale_socket_is_replaced_and_a_live_one_refused() {
    let path = temp_socket("stale");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    drop(std::os::unix::net::UnixListener::bind(&path).unwrap()); // leaves the file, nobody listens
    let server = Server::bind(&path, &ServerOptions::default()).expect("stale file replaced");
    assert!(matches!(
        Server::bind(&path, &ServerOptions::default()),
        Err(softmac_cli::daemon::server::ServerError::InUse(_))
    ));
    drop(server);
}

//! Scenario files `softmac sim run` refuses: each exits 2 before anything runs, and the
//! message names the line and column of the mistake and what was expected.

use std::path::PathBuf;
use std::process::Command;

/// Runs `softmac sim run` on `text`; returns (exit code, stderr).
fn refuse(name: &str, text: &str) -> (Option<i32>, String) {
    let dir = std::env::temp_dir().join(format!("softmac-sim-errors-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file: PathBuf = dir.join(format!("{name}.toml"));
    std::fs::write(&file, text).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_softmac"))
        .args(["sim", "run", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.stdout.is_empty(), "{name}: a refused file prints no report");
    (out.status.code(), String::from_utf8(out.stderr).unwrap())
}

const TOPOLOGY: &str = r#"[[radio]]
name = "phy0"
[[radio.interface]]
name = "ap0"
kind = "ap"
ssid = "lab"
channel = 6

[[radio]]
name = "phy1"
[[radio.interface]]
name = "sta0"
kind = "station"
"#;

/// The topology plus one step (which starts on line 15).
fn with_step(step: &str) -> String {
    format!("{TOPOLOGY}\n[[step]]\n{step}\n")
}

#[test]
fn unknown_keys_are_refused_at_their_line_and_column() {
    let (code, err) = refuse("unknown-key", "[[radio]]\nname = \"phy0\"\ncolour = \"red\"\n");
    assert_eq!(code, Some(2));
    assert!(err.contains("TOML parse error at line 3, column 1"), "{err}");
    assert!(err.contains("unknown field `colour`, expected one of `name`, `position`"), "{err}");

    let (code, err) =
        refuse("unknown-action-key", &with_step("at = \"1s\"\nscan = { iface = \"sta0\", ssid = [\"x\"] }"));
    assert_eq!(code, Some(2));
    assert!(err.contains("TOML parse error at line 17, column 26"), "{err}");
    assert!(err.contains("unknown field `ssid`, expected one of `iface`, `ssids`"), "{err}");

    let (_, err) = refuse("unknown-action", &with_step("at = \"1s\"\nteleport = { node = \"sta0\" }"));
    assert!(err.contains("line 17, column 1") && err.contains("unknown field `teleport`"), "{err}");
}

#[test]
fn unknown_names_are_reported_with_the_known_ones() {
    let (code, err) =
        refuse("unknown-iface", &with_step("at = \"1s\"\nconnect = { iface = \"sta9\", ssid = \"lab\" }"));
    assert_eq!(code, Some(2));
    assert!(err.contains("line 17, column 21: unknown interface \"sta9\" (interfaces: ap0, sta0)"), "{err}");

    let (_, err) =
        refuse("unknown-radio", &with_step("at = \"1s\"\nmove = { node = \"phy7\", to = [1, 2] }"));
    assert!(
        err.contains(
            "line 17, column 17: unknown radio \"phy7\" (radios: phy0, phy1; interfaces: ap0, sta0)"
        ),
        "{err}"
    );

    let (_, err) =
        refuse("not-a-station", &with_step("at = \"1s\"\nconnect = { iface = \"ap0\", ssid = \"lab\" }"));
    assert!(err.contains("line 17, column 21: \"ap0\" is not a station interface"), "{err}");

    let twice = format!("{TOPOLOGY}\n[[radio]]\nname = \"sta0\"\n");
    let (_, err) = refuse("name-twice", &twice);
    assert!(err.contains("line 16, column 8: the name \"sta0\" is used twice"), "{err}");
}

#[test]
fn bad_values_are_refused_with_what_is_expected() {
    let cases = [
        ("bad-duration", "at = \"1.5\"\nheal = {}", "line 16, column 6: \"1.5\" is not a duration"),
        (
            "two-actions",
            "at = \"1s\"\nheal = {}\npower = { node = \"ap0\", on = false }",
            "exactly one action",
        ),
        ("no-action", "at = \"1s\"", "line 16, column 6: a step has `at` and exactly one action"),
        (
            "bad-event",
            "at = \"1s\"\nexpect = { iface = \"sta0\", event = \"exploded\" }",
            "unknown event \"exploded\": expected one of scan-done",
        ),
        (
            "bad-counter",
            "at = \"1s\"\nexpect = { iface = \"sta0\", counter = \"tx_magic\", min = 1 }",
            "unknown counter \"tx_magic\"",
        ),
        (
            "no-bound",
            "at = \"1s\"\nexpect = { iface = \"sta0\", counter = \"tx_retries\" }",
            "needs `min`, `max` or `equals`",
        ),
        (
            "bad-cause",
            "at = \"1s\"\nexpect = { iface = \"sta0\", event = \"connected\", cause = \"command\" }",
            "`cause` applies to `disconnected` only",
        ),
        ("ping-no-ip", "at = \"1s\"\nping = { from = \"sta0\", to = \"10.0.0.1\" }", "\"sta0\" has no `ip`"),
        (
            "bad-loss",
            "at = \"1s\"\nloss = { between = [\"ap0\", \"sta0\"], p = 1.5 }",
            "`p` is a probability, 0 to 1",
        ),
        (
            "bad-freq",
            "at = \"1s\"\nscan = { iface = \"sta0\", freqs = [2400] }",
            "2400 MHz is not a 2.4 or 5 GHz channel",
        ),
    ];
    for (name, step, want) in cases {
        let (code, err) = refuse(name, &with_step(step));
        assert_eq!(code, Some(2), "{name}: {err}");
        assert!(err.contains(want), "{name}: {err}");
    }
}

#[test]
fn steps_out_of_order_and_bad_topology_are_refused() {
    let text =
        format!("{TOPOLOGY}\n[[step]]\nat = \"2s\"\nheal = {{}}\n\n[[step]]\nat = \"1s\"\nheal = {{}}\n");
    let (_, err) = refuse("out-of-order", &text);
    assert!(err.contains("line 20, column 6: step at 1s comes before the previous step's time"), "{err}");

    let (_, err) = refuse(
        "bad-kind",
        "[[radio]]\nname = \"phy0\"\n[[radio.interface]]\nname = \"x\"\nkind = \"mesh\"\n",
    );
    assert!(err.contains("line 5, column 8: unknown interface kind \"mesh\""), "{err}");

    let (_, err) = refuse(
        "ap-without-ssid",
        "[[radio]]\nname = \"phy0\"\n[[radio.interface]]\nname = \"ap0\"\nkind = \"ap\"\nchannel = 6\n",
    );
    assert!(err.contains("an AP needs an `ssid`"), "{err}");

    let (_, err) = refuse("bad-channel", "[[radio]]\nname = \"phy0\"\nchannels = [6, 15]\n");
    assert!(err.contains("line 3, column 12: no channel 15"), "{err}");

    let (_, err) = refuse("bad-model", "[medium]\nmodel = \"ray-tracing\"\n");
    assert!(err.contains("line 2, column 9: unknown medium model \"ray-tracing\""), "{err}");

    let (_, err) = refuse("stray-key", "[medium]\nmodel = \"perfect\"\nexponent = 3.0\n");
    assert!(err.contains("`exponent` does not apply to model \"perfect\""), "{err}");

    let (_, err) = refuse(
        "bad-ip",
        "[[radio]]\nname = \"phy0\"\n[[radio.interface]]\nname = \"s\"\nkind = \"station\"\nip = \"10.0.0.300/24\"\n",
    );
    assert!(err.contains("line 6, column 6: not an IPv4 address with prefix length"), "{err}");

    let (_, err) = refuse("not-toml", "[[radio]\n");
    assert!(err.contains("TOML parse error at line 1"), "{err}");
}

#[test]
fn a_missing_file_is_reported() {
    let out = Command::new(env!("CARGO_BIN_EXE_softmac"))
        .args(["sim", "run", "/nonexistent/x.toml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("cannot read /nonexistent/x.toml"), "{err}");
}

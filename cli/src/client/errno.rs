//! Errno descriptions, as `strerror(3)` words them on Linux (glibc), so that
//! `command failed: No such device (-19)` reads exactly as `iw` prints it.
//!
//! The table covers every errno the daemon returns (see `daemon::backend::errno`) and the
//! ones the kernel's nl80211 commonly answers with; anything else prints as glibc does for an
//! unknown value (`Unknown error N`).

/// The `strerror` text of a positive errno.
pub fn describe(errno: i32) -> String {
    match text(errno) {
        Some(t) => t.to_string(),
        None => format!("Unknown error {errno}"),
    }
}

fn text(errno: i32) -> Option<&'static str> {
    Some(match errno {
        1 => "Operation not permitted",
        2 => "No such file or directory",
        3 => "No such process",
        4 => "Interrupted system call",
        5 => "Input/output error",
        6 => "No such device or address",
        7 => "Argument list too long",
        9 => "Bad file descriptor",
        11 => "Resource temporarily unavailable",
        12 => "Cannot allocate memory",
        13 => "Permission denied",
        14 => "Bad address",
        16 => "Device or resource busy",
        17 => "File exists",
        19 => "No such device",
        20 => "Not a directory",
        22 => "Invalid argument",
        23 => "Too many open files in system",
        24 => "Too many open files",
        28 => "No space left on device",
        34 => "Numerical result out of range",
        36 => "File name too long",
        38 => "Function not implemented",
        52 => "Invalid exchange",
        61 => "No data available",
        62 => "Timer expired",
        67 => "Link has been severed",
        71 => "Protocol error",
        74 => "Bad message",
        75 => "Value too large for defined data type",
        90 => "Message too long",
        93 => "Protocol not supported",
        95 => "Operation not supported",
        97 => "Address family not supported by protocol",
        98 => "Address already in use",
        99 => "Cannot assign requested address",
        100 => "Network is down",
        101 => "Network is unreachable",
        103 => "Software caused connection abort",
        104 => "Connection reset by peer",
        105 => "No buffer space available",
        106 => "Transport endpoint is already connected",
        107 => "Transport endpoint is not connected",
        110 => "Connection timed out",
        111 => "Connection refused",
        113 => "No route to host",
        114 => "Operation already in progress",
        115 => "Operation now in progress",
        125 => "Operation canceled",
        132 => "Operation not possible due to RF-kill",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::describe;
    use crate::daemon::backend::errno::*;

    #[test]
    fn every_daemon_errno_has_a_text() {
        for e in [
            EPERM,
            ENOENT,
            EIO,
            ENOMEM,
            EBUSY,
            EEXIST,
            ENODEV,
            EINVAL,
            ENFILE,
            ENOLINK,
            EMSGSIZE,
            EOPNOTSUPP,
            EADDRINUSE,
            ENOTCONN,
            EALREADY,
            EINPROGRESS,
        ] {
            assert!(!describe(e).starts_with("Unknown"), "{e}");
        }
        assert_eq!(describe(ENODEV), "No such device");
        assert_eq!(describe(4242), "Unknown error 4242");
    }
}

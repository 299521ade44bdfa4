//! The `open_enum!` macro: wire codes that round-trip values this version does not know.
//!
//! 802.11 keeps adding status codes, reason codes, element IDs and suites. A decoder that
//! rejects an unknown code would drop frames a newer peer sends legally, and one that maps it to
//! a catch-all without the number could not re-emit the frame byte for byte. Every wire code is
//! therefore an enum with one variant per named value plus `Unknown(raw)`.
//!
//! Contract: `From<raw>` is the only constructor for values read off the wire, and it never
//! produces `Unknown(n)` for a named `n`, so equality and hashing behave. `Debug` prints the
//! variant name (`Success`) or `Unknown(0x..)`; `Display` prints the standard's name.

/// Declares an open wire-code enum over an unsigned integer type.
///
/// ```ignore
/// open_enum! {
///     /// Doc for the enum.
///     pub enum Example(u8) {
///         /// Doc for the variant.
///         First = 1 => "first",
///     }
/// }
/// ```
macro_rules! open_enum {
    (
        $(#[$attr:meta])*
        pub enum $name:ident($ty:ty) {
            $( $(#[$vattr:meta])* $variant:ident = $value:literal => $text:literal, )*
        }
    ) => {
        $(#[$attr])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[$vattr])* $variant, )*
            /// A value this version does not name; kept so that it round-trips.
            Unknown($ty),
        }

        impl From<$ty> for $name {
            #[inline]
            fn from(value: $ty) -> Self {
                match value {
                    $( $value => $name::$variant, )*
                    other => $name::Unknown(other),
                }
            }
        }

        impl From<$name> for $ty {
            #[inline]
            fn from(value: $name) -> Self {
                match value {
                    $( $name::$variant => $value, )*
                    $name::Unknown(other) => other,
                }
            }
        }

        impl $name {
            /// The raw wire value.
            #[inline]
            pub fn value(self) -> $ty {
                <$ty>::from(self)
            }

            /// The standard's name for this value, or `None` when it is unknown to us.
            pub fn name(self) -> Option<&'static str> {
                match self {
                    $( $name::$variant => Some($text), )*
                    $name::Unknown(_) => None,
                }
            }
        }

        impl core::fmt::Debug for $name {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                match self {
                    $( $name::$variant => f.write_str(stringify!($variant)), )*
                    $name::Unknown(v) => write!(f, "Unknown({:#x})", v),
                }
            }
        }

        impl core::fmt::Display for $name {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                match self.name() {
                    Some(text) => f.write_str(text),
                    None => write!(f, "unknown ({})", self.value()),
                }
            }
        }
    };
}

pub(crate) use open_enum;

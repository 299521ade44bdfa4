//! MAC80211_HWSIM, the family that creates and removes simulated radios (linux-anchor §2,
//! `drivers/net/wireless/virtual/mac80211_hwsim.h`).
//!
//! softmac serves NEW_RADIO, DEL_RADIO and GET_RADIO (do and dump). The frame commands
//! (REGISTER, FRAME, TX_INFO_FRAME) are typed so a wmediumd-style capture decodes, but the
//! daemon does not serve them: its medium is in-process.
//!
//! Private attributes: softmac numbers its extensions from 0x3f00 (the top of the 14-bit
//! attribute type space, far above hwsim's 31). [`HwsimAttr::SoftmacPosition`] (0x3f00) carries
//! a radio's position on the simulated medium, three host-endian f64 metres (docs/netlink.md).

use mac80211_core::wire::MacAddr;
use netlink_packet_core::{DecodeError, Emitable, ParseableParametrized};
use netlink_packet_generic::{GenlFamily, GenlHeader};

use super::value::{NlString, attrs_len, emit_attrs, nl_attrs, nl_cmds, parse_attrs};

/// The family name clients resolve through nlctrl.
pub const HWSIM_FAMILY_NAME: &str = "MAC80211_HWSIM";

nl_cmds! {
    /// hwsim commands (`HWSIM_CMD_*`).
    pub enum HwsimCmd {
        /// `REGISTER`: a medium registers.
        Register = 1,
        /// `FRAME`: a frame to or from the medium.
        Frame = 2,
        /// `TX_INFO_FRAME`: TX status from the medium.
        TxInfoFrame = 3,
        /// `NEW_RADIO` (alias CREATE_RADIO).
        NewRadio = 4,
        /// `DEL_RADIO` (alias DESTROY_RADIO).
        DelRadio = 5,
        /// `GET_RADIO` (do or dump).
        GetRadio = 6,
        /// `ADD_MAC_ADDR`.
        AddMacAddr = 7,
        /// `DEL_MAC_ADDR`.
        DelMacAddr = 8,
    }
}

nl_attrs! {
    /// One hwsim attribute (`HWSIM_ATTR_*`), plus softmac's private ones.
    pub enum HwsimAttr {
        /// `ADDR_RECEIVER` (6 bytes).
        AddrReceiver(MacAddr) = 1,
        /// `ADDR_TRANSMITTER` (6 bytes).
        AddrTransmitter(MacAddr) = 2,
        /// `FRAME` (bytes).
        Frame(Vec<u8>) = 3,
        /// `FLAGS` (u32).
        Flags(u32) = 4,
        /// `RX_RATE` (u32 rate index).
        RxRate(u32) = 5,
        /// `SIGNAL` (s32 dBm).
        Signal(i32) = 6,
        /// `TX_INFO` (bytes).
        TxInfo(Vec<u8>) = 7,
        /// `COOKIE` (u64).
        Cookie(u64) = 8,
        /// `CHANNELS` (u32): concurrent channels.
        Channels(u32) = 9,
        /// `RADIO_ID` (u32).
        RadioId(u32) = 10,
        /// `REG_HINT_ALPHA2` (2 bytes).
        RegHintAlpha2(Vec<u8>) = 11,
        /// `REG_CUSTOM_REG` (u32).
        RegCustomReg(u32) = 12,
        /// `REG_STRICT_REG` (flag).
        RegStrictReg(()) = 13,
        /// `SUPPORT_P2P_DEVICE` (flag).
        SupportP2pDevice(()) = 14,
        /// `USE_CHANCTX` (flag).
        UseChanctx(()) = 15,
        /// `DESTROY_RADIO_ON_CLOSE` (flag).
        DestroyRadioOnClose(()) = 16,
        /// `RADIO_NAME` (`NLA_STRING`: requests carry it with or without NUL, the kernel's
        /// replies without; re-emitted as read).
        RadioName(NlString) = 17,
        /// `NO_VIF` (flag).
        NoVif(()) = 18,
        /// `FREQ` (u32, MHz).
        Freq(u32) = 19,
        /// `TX_INFO_FLAGS` (bytes).
        TxInfoFlags(Vec<u8>) = 21,
        /// `PERM_ADDR` (6 bytes).
        PermAddr(MacAddr) = 22,
        /// `IFTYPE_SUPPORT` (u32 bitmask of iftypes).
        IftypeSupport(u32) = 23,
        /// `CIPHER_SUPPORT` (u32 array).
        CipherSupport(Vec<u32>) = 24,
        /// `MLO_SUPPORT` (flag).
        MloSupport(()) = 25,
        /// `MULTI_RADIO` (flag).
        MultiRadio(()) = 29,
        /// softmac: position on the simulated medium, metres (3 × f64).
        SoftmacPosition([f64; 3]) = 0x3f00,
    }
}

/// One hwsim message: a command and its attributes.
#[derive(Clone, PartialEq, Debug)]
pub struct HwsimMessage {
    /// The command.
    pub cmd: HwsimCmd,
    /// The attributes, in wire order.
    pub attrs: Vec<HwsimAttr>,
}

impl HwsimMessage {
    /// The first attribute `f` maps to a value.
    pub fn find<'a, V>(&'a self, f: impl FnMut(&'a HwsimAttr) -> Option<V>) -> Option<V> {
        self.attrs.iter().find_map(f)
    }
}

impl GenlFamily for HwsimMessage {
    fn family_name() -> &'static str {
        HWSIM_FAMILY_NAME
    }
    fn command(&self) -> u8 {
        self.cmd.into()
    }
    fn version(&self) -> u8 {
        1
    }
}

impl Emitable for HwsimMessage {
    fn buffer_len(&self) -> usize {
        attrs_len(&self.attrs)
    }
    fn emit(&self, buf: &mut [u8]) {
        emit_attrs(&self.attrs, buf)
    }
}

impl ParseableParametrized<[u8], GenlHeader> for HwsimMessage {
    fn parse_with_param(buf: &[u8], header: GenlHeader) -> Result<Self, DecodeError> {
        Ok(HwsimMessage { cmd: header.cmd.into(), attrs: parse_attrs(buf)? })
    }
}

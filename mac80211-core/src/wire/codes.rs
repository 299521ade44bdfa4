//! Status codes, reason codes and authentication algorithm numbers.
//!
//! Status codes answer authentication and (re)association (802.11-2020 9.4.1.9, Table 9-50);
//! reason codes explain deauthentication and disassociation (9.4.1.7, Table 9-49); algorithm
//! numbers select the authentication exchange (9.4.1.1). All are open: a peer may send a value
//! newer than this table and it must survive a round trip.

use super::macros::open_enum;

open_enum! {
    /// Status code (802.11-2020 Table 9-50).
    pub enum StatusCode(u16) {
        /// Successful.
        Success = 0 => "Successful",
        /// Unspecified failure.
        UnspecifiedFailure = 1 => "Unspecified failure",
        /// TDLS wakeup schedule rejected but alternative schedule provided.
        TdlsWakeupAlternate = 2 => "TDLS wakeup schedule rejected, alternative provided",
        /// TDLS wakeup schedule rejected.
        TdlsWakeupReject = 3 => "TDLS wakeup schedule rejected",
        /// Security disabled.
        SecurityDisabled = 5 => "Security disabled",
        /// Unacceptable lifetime.
        UnacceptableLifetime = 6 => "Unacceptable lifetime",
        /// Not in same BSS.
        NotInSameBss = 7 => "Not in same BSS",
        /// Cannot support all requested capabilities.
        RefusedCapabilitiesMismatch = 10 => "Cannot support all requested capabilities",
        /// Reassociation denied: no association exists.
        DeniedNoAssociationExists = 11 => "Reassociation denied, no association exists",
        /// Association denied for a reason outside the standard.
        DeniedOtherReason = 12 => "Association denied, reason outside the standard",
        /// Authentication algorithm not supported.
        UnsupportedAuthAlgorithm = 13 => "Authentication algorithm not supported",
        /// Authentication transaction sequence number out of expected sequence.
        TransactionSequenceError = 14 => "Authentication transaction sequence out of order",
        /// Challenge failure.
        ChallengeFailure = 15 => "Challenge failure",
        /// Authentication rejected: timeout waiting for next frame in sequence.
        RejectedSequenceTimeout = 16 => "Authentication timeout",
        /// AP unable to handle additional associated STAs.
        DeniedNoMoreStas = 17 => "AP cannot handle more stations",
        /// Association denied: STA does not support all basic rates.
        RefusedBasicRatesMismatch = 18 => "Basic rates not supported",
        /// Association denied: no short preamble support.
        DeniedNoShortPreamble = 19 => "Short preamble not supported",
        /// Spectrum management capability required.
        RejectedSpectrumMgmtRequired = 22 => "Spectrum management required",
        /// Power capability unacceptable.
        RejectedBadPowerCapability = 23 => "Power capability unacceptable",
        /// Supported channels unacceptable.
        RejectedBadSupportedChannels = 24 => "Supported channels unacceptable",
        /// Association denied: no short slot time support.
        DeniedNoShortSlotTime = 25 => "Short slot time not supported",
        /// Association denied: no HT support.
        DeniedNoHt = 27 => "HT not supported",
        /// R0KH unreachable.
        R0khUnreachable = 28 => "R0KH unreachable",
        /// Association denied: PCO transition time not supported.
        DeniedPcoTimeNotSupported = 29 => "PCO transition time not supported",
        /// Association request rejected temporarily; try again later.
        RefusedTemporarily = 30 => "Rejected temporarily",
        /// Robust management frame policy violation.
        RobustMgmtPolicyViolation = 31 => "Robust management frame policy violation",
        /// Unspecified QoS-related failure.
        UnspecifiedQosFailure = 32 => "Unspecified QoS failure",
        /// Insufficient bandwidth for QoS.
        DeniedInsufficientBandwidth = 33 => "Insufficient bandwidth",
        /// Poor channel conditions.
        DeniedPoorChannelConditions = 34 => "Poor channel conditions",
        /// QoS not supported.
        DeniedQosNotSupported = 35 => "QoS not supported",
        /// The request has been declined.
        RequestDeclined = 37 => "Request declined",
        /// Invalid parameters.
        InvalidParameters = 38 => "Invalid parameters",
        /// Rejected with suggested changes.
        RejectedWithSuggestedChanges = 39 => "Rejected with suggested changes",
        /// Invalid element.
        InvalidElement = 40 => "Invalid element",
        /// Invalid group cipher.
        InvalidGroupCipher = 41 => "Invalid group cipher",
        /// Invalid pairwise cipher.
        InvalidPairwiseCipher = 42 => "Invalid pairwise cipher",
        /// Invalid AKMP.
        InvalidAkmp = 43 => "Invalid AKMP",
        /// Unsupported RSNE version.
        UnsupportedRsneVersion = 44 => "Unsupported RSNE version",
        /// Invalid RSNE capabilities.
        InvalidRsneCapabilities = 45 => "Invalid RSNE capabilities",
        /// Cipher suite rejected by policy.
        CipherOutOfPolicy = 46 => "Cipher suite rejected by policy",
        /// TS not created; try after the delay.
        RejectedForDelayPeriod = 47 => "Rejected for delay period",
        /// Direct link not allowed in the BSS.
        DlsNotAllowed = 48 => "Direct link not allowed",
        /// Destination STA not present.
        NotPresent = 49 => "Destination not present",
        /// Destination STA is not a QoS STA.
        NotQosSta = 50 => "Destination not a QoS STA",
        /// Listen interval too large.
        DeniedListenIntervalTooLarge = 51 => "Listen interval too large",
        /// Invalid FT Action frame count.
        InvalidFtActionFrameCount = 52 => "Invalid FT Action frame count",
        /// Invalid PMKID.
        InvalidPmkid = 53 => "Invalid PMKID",
        /// Invalid MDE.
        InvalidMde = 54 => "Invalid MDE",
        /// Invalid FTE.
        InvalidFte = 55 => "Invalid FTE",
        /// Requested TCLAS not supported.
        RequestedTclasNotSupported = 56 => "Requested TCLAS not supported",
        /// Insufficient TCLAS processing resources.
        InsufficientTclasResources = 57 => "Insufficient TCLAS resources",
        /// Try another BSS.
        TryAnotherBss = 58 => "Try another BSS",
        /// GAS advertisement protocol not supported.
        GasAdvProtoNotSupported = 59 => "GAS advertisement protocol not supported",
        /// No outstanding GAS request.
        NoOutstandingGasRequest = 60 => "No outstanding GAS request",
        /// GAS response not received from the advertisement server.
        GasResponseNotReceived = 61 => "GAS response not received",
        /// GAS query timeout.
        GasQueryTimeout = 62 => "GAS query timeout",
        /// GAS query response too large.
        GasQueryResponseTooLarge = 63 => "GAS query response too large",
        /// Rejected, home network suggests changes.
        RejectedHomeWithSuggestedChanges = 64 => "Rejected, home suggests changes",
        /// Server unreachable.
        ServerUnreachable = 65 => "Server unreachable",
        /// Rejected for SSP permissions.
        RejectedForSspPermissions = 67 => "Rejected for SSP permissions",
        /// Unauthenticated access not supported.
        RefusedUnauthAccessNotSupported = 68 => "Unauthenticated access not supported",
        /// Invalid RSNE.
        InvalidRsne = 72 => "Invalid RSNE",
        /// U-APSD coexistence not supported.
        UapsdCoexNotSupported = 73 => "U-APSD coexistence not supported",
        /// Requested U-APSD coexistence mode not supported.
        UapsdCoexModeNotSupported = 74 => "U-APSD coexistence mode not supported",
        /// Bad interval with U-APSD coexistence.
        BadIntervalWithUapsdCoex = 75 => "Bad interval with U-APSD coexistence",
        /// Anti-clogging token required (SAE).
        AntiCloggingTokenRequired = 76 => "Anti-clogging token required",
        /// Finite cyclic group not supported (SAE).
        UnsupportedFiniteCyclicGroup = 77 => "Finite cyclic group not supported",
        /// Cannot find alternative TBTT.
        CannotFindAlternativeTbtt = 78 => "Cannot find alternative TBTT",
        /// Transmission failure.
        TransmissionFailure = 79 => "Transmission failure",
        /// Requested TCLAS not supported (TCLAS processing).
        RequestedTclasNotSupported2 = 80 => "Requested TCLAS not supported",
        /// TCLAS resources exhausted.
        TclasResourcesExhausted = 81 => "TCLAS resources exhausted",
        /// Rejected with suggested BSS transition.
        RejectedWithSuggestedBssTransition = 82 => "Rejected with suggested BSS transition",
        /// Reject with recommended schedule.
        RejectWithSchedule = 83 => "Rejected with schedule",
        /// Reject: no wakeup specified.
        RejectNoWakeupSpecified = 84 => "Rejected, no wakeup specified",
        /// Success, destination in power save mode.
        SuccessPowerSaveMode = 85 => "Success, power save mode",
        /// FST pending, in process of admitting.
        PendingAdmittingFstSession = 86 => "Pending admitting FST session",
        /// Performing FST now.
        PerformingFstNow = 87 => "Performing FST now",
        /// FST pending, gap in Block Ack window.
        PendingGapInBaWindow = 88 => "Pending gap in BA window",
        /// U-PID setting rejected.
        RejectUPidSetting = 89 => "U-PID setting rejected",
        /// Refused because of an external reason.
        RefusedExternalReason = 92 => "Refused, external reason",
        /// Refused because the AP is out of memory.
        RefusedApOutOfMemory = 93 => "Refused, AP out of memory",
        /// Emergency services not supported.
        RejectedEmergencyServicesNotSupported = 94 => "Emergency services not supported",
        /// GAS query response outstanding.
        QueryResponseOutstanding = 95 => "Query response outstanding",
        /// DSE band rejected.
        RejectDseBand = 96 => "DSE band rejected",
        /// TCLAS processing terminated.
        TclasProcessingTerminated = 97 => "TCLAS processing terminated",
        /// TS schedule conflict.
        TsScheduleConflict = 98 => "TS schedule conflict",
        /// Denied with suggested band and channel.
        DeniedWithSuggestedBandAndChannel = 99 => "Denied, suggested band and channel",
        /// MCCAOP reservation conflict.
        MccaopReservationConflict = 100 => "MCCAOP reservation conflict",
        /// MAF limit exceeded.
        MafLimitExceeded = 101 => "MAF limit exceeded",
        /// MCCA track limit exceeded.
        MccaTrackLimitExceeded = 102 => "MCCA track limit exceeded",
        /// Denied due to spectrum management.
        DeniedDueToSpectrumManagement = 103 => "Denied due to spectrum management",
        /// Association denied: no VHT support.
        DeniedNoVht = 104 => "VHT not supported",
        /// Enablement denied.
        EnablementDenied = 105 => "Enablement denied",
        /// Restriction from authorized GDB.
        RestrictionFromAuthorizedGdb = 106 => "Restriction from authorized GDB",
        /// Authorization deenabled.
        AuthorizationDeenabled = 107 => "Authorization deenabled",
        /// Unknown password identifier (SAE).
        UnknownPasswordIdentifier = 123 => "Unknown password identifier",
        /// Association denied: no HE support.
        DeniedHeNotSupported = 124 => "HE not supported",
        /// SAE hash-to-element.
        SaeHashToElement = 126 => "SAE hash-to-element",
        /// SAE-PK.
        SaePk = 127 => "SAE-PK",
        /// Association denied: no EHT support.
        DeniedEhtNotSupported = 135 => "EHT not supported",
    }
}

open_enum! {
    /// Reason code (802.11-2020 Table 9-49).
    pub enum ReasonCode(u16) {
        /// Unspecified reason.
        Unspecified = 1 => "Unspecified reason",
        /// Previous authentication no longer valid.
        PrevAuthNotValid = 2 => "Previous authentication no longer valid",
        /// Deauthenticated because the sending STA is leaving.
        DeauthLeaving = 3 => "Deauthenticated because sending STA is leaving",
        /// Disassociated due to inactivity.
        DisassocInactivity = 4 => "Disassociated due to inactivity",
        /// Disassociated because the AP cannot handle all associated STAs.
        DisassocApBusy = 5 => "AP unable to handle all associated STAs",
        /// Class 2 frame received from nonauthenticated STA.
        Class2FrameFromNonauthSta = 6 => "Class 2 frame received from nonauthenticated STA",
        /// Class 3 frame received from nonassociated STA.
        Class3FrameFromNonassocSta = 7 => "Class 3 frame received from nonassociated STA",
        /// Disassociated because the sending STA is leaving.
        DisassocStaHasLeft = 8 => "Disassociated because sending STA is leaving",
        /// STA requesting (re)association is not authenticated.
        StaReqAssocWithoutAuth = 9 => "STA requesting association is not authenticated",
        /// Power capability unacceptable.
        PwrCapabilityNotValid = 10 => "Power capability unacceptable",
        /// Supported channels unacceptable.
        SupportedChannelNotValid = 11 => "Supported channels unacceptable",
        /// Disassociated due to BSS transition management.
        BssTransitionDisassoc = 12 => "BSS transition management",
        /// Invalid element.
        InvalidElement = 13 => "Invalid element",
        /// Message integrity code failure.
        MichaelMicFailure = 14 => "MIC failure",
        /// 4-way handshake timeout.
        FourWayHandshakeTimeout = 15 => "4-way handshake timeout",
        /// Group key handshake timeout.
        GroupKeyUpdateTimeout = 16 => "Group key handshake timeout",
        /// Element in 4-way handshake differs from (re)association frame.
        HandshakeElementMismatch = 17 => "Element in 4-way handshake differs",
        /// Invalid group cipher.
        InvalidGroupCipher = 18 => "Invalid group cipher",
        /// Invalid pairwise cipher.
        InvalidPairwiseCipher = 19 => "Invalid pairwise cipher",
        /// Invalid AKMP.
        InvalidAkmp = 20 => "Invalid AKMP",
        /// Unsupported RSNE version.
        UnsupportedRsneVersion = 21 => "Unsupported RSNE version",
        /// Invalid RSNE capabilities.
        InvalidRsneCapabilities = 22 => "Invalid RSNE capabilities",
        /// IEEE 802.1X authentication failed.
        Ieee8021xAuthFailed = 23 => "IEEE 802.1X authentication failed",
        /// Cipher suite rejected by policy.
        CipherOutOfPolicy = 24 => "Cipher suite rejected by policy",
        /// TDLS direct link unreachable.
        TdlsTeardownUnreachable = 25 => "TDLS direct link unreachable",
        /// TDLS direct link torn down, unspecified reason.
        TdlsTeardownUnspecified = 26 => "TDLS teardown, unspecified",
        /// SSP requested disassociation.
        SspRequestedDisassoc = 27 => "SSP requested disassociation",
        /// No SSP roaming agreement.
        NoSspRoamingAgreement = 28 => "No SSP roaming agreement",
        /// Bad cipher or AKM (SSP).
        BadCipherOrAkm = 29 => "Bad cipher or AKM",
        /// Not authorized in this location.
        NotAuthorizedThisLocation = 30 => "Not authorized in this location",
        /// Service change precludes TS.
        ServiceChangePrecludesTs = 31 => "Service change precludes TS",
        /// Unspecified QoS reason.
        UnspecifiedQosReason = 32 => "Unspecified QoS reason",
        /// Not enough bandwidth.
        NotEnoughBandwidth = 33 => "Not enough bandwidth",
        /// Disassociated: excessive frames not acknowledged.
        DisassocLowAck = 34 => "Missing ACKs",
        /// Exceeded TXOP.
        ExceededTxop = 35 => "Exceeded TXOP",
        /// Requesting STA is leaving the BSS.
        StaLeaving = 36 => "STA leaving",
        /// End of TS, Block Ack or DLS.
        EndTsBaDls = 37 => "End of TS/BA/DLS",
        /// Unknown TS or Block Ack.
        UnknownTsBa = 38 => "Unknown TS/BA",
        /// Timeout.
        Timeout = 39 => "Timeout",
        /// PeerKey mismatch.
        PeerkeyMismatch = 45 => "PeerKey mismatch",
        /// Peer initiated.
        PeerInitiated = 46 => "Peer initiated",
        /// AP initiated.
        ApInitiated = 47 => "AP initiated",
        /// Invalid FT Action frame count.
        InvalidFtActionFrameCount = 48 => "Invalid FT Action frame count",
        /// Invalid PMKID.
        InvalidPmkid = 49 => "Invalid PMKID",
        /// Invalid MDE.
        InvalidMde = 50 => "Invalid MDE",
        /// Invalid FTE.
        InvalidFte = 51 => "Invalid FTE",
        /// Mesh peering canceled.
        MeshPeeringCanceled = 52 => "Mesh peering canceled",
        /// Mesh maximum peers reached.
        MeshMaxPeers = 53 => "Mesh max peers",
        /// Mesh configuration policy violation.
        MeshConfigPolicyViolation = 54 => "Mesh configuration policy violation",
        /// Mesh Peering Close received.
        MeshCloseRcvd = 55 => "Mesh close received",
        /// Mesh maximum retries.
        MeshMaxRetries = 56 => "Mesh max retries",
        /// Mesh confirm timeout.
        MeshConfirmTimeout = 57 => "Mesh confirm timeout",
        /// Mesh invalid GTK.
        MeshInvalidGtk = 58 => "Mesh invalid GTK",
        /// Mesh inconsistent parameters.
        MeshInconsistentParams = 59 => "Mesh inconsistent parameters",
        /// Mesh invalid security capability.
        MeshInvalidSecurityCap = 60 => "Mesh invalid security capability",
        /// Mesh path error: no proxy information.
        MeshPathErrorNoProxyInfo = 61 => "Mesh path error, no proxy information",
        /// Mesh path error: no forwarding information.
        MeshPathErrorNoForwardingInfo = 62 => "Mesh path error, no forwarding information",
        /// Mesh path error: destination unreachable.
        MeshPathErrorDestUnreachable = 63 => "Mesh path error, destination unreachable",
        /// MAC address already exists in MBSS.
        MacAddressAlreadyExistsInMbss = 64 => "MAC address already exists in MBSS",
        /// Mesh channel switch: regulatory requirements.
        MeshChannelSwitchRegulatory = 65 => "Mesh channel switch, regulatory",
        /// Mesh channel switch: unspecified.
        MeshChannelSwitchUnspecified = 66 => "Mesh channel switch, unspecified",
    }
}

open_enum! {
    /// Authentication algorithm number (802.11-2020 9.4.1.1).
    pub enum AuthAlgorithm(u16) {
        /// Open System.
        OpenSystem = 0 => "Open System",
        /// Shared Key (WEP).
        SharedKey = 1 => "Shared Key",
        /// Fast BSS Transition.
        FastBssTransition = 2 => "Fast BSS Transition",
        /// Simultaneous Authentication of Equals.
        Sae = 3 => "SAE",
        /// FILS Shared Key without PFS.
        FilsSk = 4 => "FILS Shared Key",
        /// FILS Shared Key with PFS.
        FilsSkPfs = 5 => "FILS Shared Key with PFS",
        /// FILS Public Key.
        FilsPk = 6 => "FILS Public Key",
        /// PASN.
        Pasn = 7 => "PASN",
        /// Vendor specific.
        VendorSpecific = 0xffff => "Vendor specific",
    }
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn open_enums_round_trip_every_value() {
        for v in 0..=u16::MAX {
            assert_eq!(StatusCode::from(v).value(), v);
            assert_eq!(ReasonCode::from(v).value(), v);
            assert_eq!(AuthAlgorithm::from(v).value(), v);
        }
        assert_eq!(StatusCode::from(0), StatusCode::Success);
        assert_eq!(format!("{:?}", ReasonCode::from(15)), "FourWayHandshakeTimeout");
        assert_eq!(format!("{:?}", ReasonCode::from(0x1234)), "Unknown(0x1234)");
        assert_eq!(ReasonCode::from(15).to_string(), "4-way handshake timeout");
        assert_eq!(StatusCode::from(9999).to_string(), "unknown (9999)");
    }
}

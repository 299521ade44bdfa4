//! Element IDs and Element ID Extensions (802.11-2020 Table 9-92).

use crate::wire::macros::open_enum;

open_enum! {
    /// Element ID (first octet of every element).
    pub enum ElementId(u8) {
        /// SSID.
        Ssid = 0 => "SSID",
        /// Supported Rates and BSS Membership Selectors.
        SupportedRates = 1 => "Supported Rates",
        /// DS Parameter Set.
        DsParams = 3 => "DS Parameter Set",
        /// CF Parameter Set.
        CfParams = 4 => "CF Parameter Set",
        /// Traffic Indication Map.
        Tim = 5 => "TIM",
        /// IBSS Parameter Set.
        IbssParams = 6 => "IBSS Parameter Set",
        /// Country.
        Country = 7 => "Country",
        /// Request.
        Request = 10 => "Request",
        /// BSS Load.
        BssLoad = 11 => "BSS Load",
        /// EDCA Parameter Set.
        EdcaParams = 12 => "EDCA Parameter Set",
        /// TSPEC.
        Tspec = 13 => "TSPEC",
        /// TCLAS.
        Tclas = 14 => "TCLAS",
        /// Schedule.
        Schedule = 15 => "Schedule",
        /// Challenge Text (shared key authentication).
        ChallengeText = 16 => "Challenge Text",
        /// Power Constraint.
        PowerConstraint = 32 => "Power Constraint",
        /// Power Capability.
        PowerCapability = 33 => "Power Capability",
        /// TPC Request.
        TpcRequest = 34 => "TPC Request",
        /// TPC Report.
        TpcReport = 35 => "TPC Report",
        /// Supported Channels.
        SupportedChannels = 36 => "Supported Channels",
        /// Channel Switch Announcement.
        ChannelSwitch = 37 => "Channel Switch Announcement",
        /// Measurement Request.
        MeasurementRequest = 38 => "Measurement Request",
        /// Measurement Report.
        MeasurementReport = 39 => "Measurement Report",
        /// Quiet.
        Quiet = 40 => "Quiet",
        /// IBSS DFS.
        IbssDfs = 41 => "IBSS DFS",
        /// ERP Information.
        Erp = 42 => "ERP Information",
        /// TS Delay.
        TsDelay = 43 => "TS Delay",
        /// TCLAS Processing.
        TclasProcessing = 44 => "TCLAS Processing",
        /// HT Capabilities.
        HtCapabilities = 45 => "HT Capabilities",
        /// QoS Capability.
        QosCapability = 46 => "QoS Capability",
        /// RSN.
        Rsn = 48 => "RSN",
        /// Extended Supported Rates and BSS Membership Selectors.
        ExtSupportedRates = 50 => "Extended Supported Rates",
        /// AP Channel Report.
        ApChannelReport = 51 => "AP Channel Report",
        /// Neighbor Report.
        NeighborReport = 52 => "Neighbor Report",
        /// RCPI.
        Rcpi = 53 => "RCPI",
        /// Mobility Domain.
        MobilityDomain = 54 => "Mobility Domain",
        /// Fast BSS Transition.
        FastBssTransition = 55 => "Fast BSS Transition",
        /// Timeout Interval.
        TimeoutInterval = 56 => "Timeout Interval",
        /// RIC Data.
        RicData = 57 => "RIC Data",
        /// DSE Registered Location.
        DseRegisteredLocation = 58 => "DSE Registered Location",
        /// Supported Operating Classes.
        SupportedOperatingClasses = 59 => "Supported Operating Classes",
        /// Extended Channel Switch Announcement.
        ExtChannelSwitch = 60 => "Extended Channel Switch Announcement",
        /// HT Operation.
        HtOperation = 61 => "HT Operation",
        /// Secondary Channel Offset.
        SecondaryChannelOffset = 62 => "Secondary Channel Offset",
        /// BSS Average Access Delay.
        BssAvgAccessDelay = 63 => "BSS Average Access Delay",
        /// Antenna.
        Antenna = 64 => "Antenna",
        /// RSNI.
        Rsni = 65 => "RSNI",
        /// Measurement Pilot Transmission.
        MeasurementPilot = 66 => "Measurement Pilot Transmission",
        /// BSS Available Admission Capacity.
        BssAvailAdmissionCapacity = 67 => "BSS Available Admission Capacity",
        /// BSS AC Access Delay.
        BssAcAccessDelay = 68 => "BSS AC Access Delay",
        /// Time Advertisement.
        TimeAdvertisement = 69 => "Time Advertisement",
        /// RM Enabled Capabilities.
        RmEnabledCapabilities = 70 => "RM Enabled Capabilities",
        /// Multiple BSSID.
        MultipleBssid = 71 => "Multiple BSSID",
        /// 20/40 BSS Coexistence.
        BssCoexistence2040 = 72 => "20/40 BSS Coexistence",
        /// 20/40 BSS Intolerant Channel Report.
        BssIntolerant2040 = 73 => "20/40 BSS Intolerant Channel Report",
        /// Overlapping BSS Scan Parameters.
        ObssScanParams = 74 => "Overlapping BSS Scan Parameters",
        /// RIC Descriptor.
        RicDescriptor = 75 => "RIC Descriptor",
        /// Management MIC.
        ManagementMic = 76 => "Management MIC",
        /// Event Request.
        EventRequest = 78 => "Event Request",
        /// Event Report.
        EventReport = 79 => "Event Report",
        /// Diagnostic Request.
        DiagnosticRequest = 80 => "Diagnostic Request",
        /// Diagnostic Report.
        DiagnosticReport = 81 => "Diagnostic Report",
        /// Location Parameters.
        LocationParameters = 82 => "Location Parameters",
        /// Nontransmitted BSSID Capability.
        NontransmittedBssidCapability = 83 => "Nontransmitted BSSID Capability",
        /// SSID List.
        SsidList = 84 => "SSID List",
        /// Multiple BSSID-Index.
        MultipleBssidIndex = 85 => "Multiple BSSID-Index",
        /// FMS Descriptor.
        FmsDescriptor = 86 => "FMS Descriptor",
        /// QoS Traffic Capability.
        QosTrafficCapability = 89 => "QoS Traffic Capability",
        /// BSS Max Idle Period.
        BssMaxIdlePeriod = 90 => "BSS Max Idle Period",
        /// TIM Broadcast Request.
        TimBroadcastRequest = 94 => "TIM Broadcast Request",
        /// TIM Broadcast Response.
        TimBroadcastResponse = 95 => "TIM Broadcast Response",
        /// Link Identifier.
        LinkId = 101 => "Link Identifier",
        /// Channel Switch Timing.
        ChannelSwitchTiming = 104 => "Channel Switch Timing",
        /// Interworking.
        Interworking = 107 => "Interworking",
        /// Advertisement Protocol.
        AdvertisementProtocol = 108 => "Advertisement Protocol",
        /// QoS Map.
        QosMap = 110 => "QoS Map",
        /// Roaming Consortium.
        RoamingConsortium = 111 => "Roaming Consortium",
        /// Emergency Alert Identifier.
        EmergencyAlertId = 112 => "Emergency Alert Identifier",
        /// Mesh Configuration.
        MeshConfiguration = 113 => "Mesh Configuration",
        /// Mesh ID.
        MeshId = 114 => "Mesh ID",
        /// Mesh Link Metric Report.
        MeshLinkMetricReport = 115 => "Mesh Link Metric Report",
        /// Congestion Notification.
        CongestionNotification = 116 => "Congestion Notification",
        /// Mesh Peering Management.
        MeshPeeringManagement = 117 => "Mesh Peering Management",
        /// Mesh Channel Switch Parameters.
        MeshChannelSwitchParams = 118 => "Mesh Channel Switch Parameters",
        /// Mesh Awake Window.
        MeshAwakeWindow = 119 => "Mesh Awake Window",
        /// Beacon Timing.
        BeaconTiming = 120 => "Beacon Timing",
        /// Extended Capabilities.
        ExtCapabilities = 127 => "Extended Capabilities",
        /// HWMP Path Request.
        Preq = 130 => "PREQ",
        /// HWMP Path Reply.
        Prep = 131 => "PREP",
        /// HWMP Path Error.
        Perr = 132 => "PERR",
        /// VHT Capabilities.
        VhtCapabilities = 191 => "VHT Capabilities",
        /// VHT Operation.
        VhtOperation = 192 => "VHT Operation",
        /// Extended BSS Load.
        ExtBssLoad = 193 => "Extended BSS Load",
        /// Wide Bandwidth Channel Switch.
        WideBandwidthChannelSwitch = 194 => "Wide Bandwidth Channel Switch",
        /// Transmit Power Envelope.
        TransmitPowerEnvelope = 195 => "Transmit Power Envelope",
        /// Channel Switch Wrapper.
        ChannelSwitchWrapper = 196 => "Channel Switch Wrapper",
        /// AID.
        Aid = 197 => "AID",
        /// Quiet Channel.
        QuietChannel = 198 => "Quiet Channel",
        /// Operating Mode Notification.
        OperatingModeNotification = 199 => "Operating Mode Notification",
        /// Reduced Neighbor Report.
        ReducedNeighborReport = 201 => "Reduced Neighbor Report",
        /// TWT.
        Twt = 216 => "TWT",
        /// S1G Capabilities.
        S1gCapabilities = 217 => "S1G Capabilities",
        /// Vendor Specific.
        VendorSpecific = 221 => "Vendor Specific",
        /// S1G Operation.
        S1gOperation = 232 => "S1G Operation",
        /// FILS Indication.
        FilsIndication = 240 => "FILS Indication",
        /// Fragment.
        Fragment = 242 => "Fragment",
        /// RSN Extension.
        Rsnx = 244 => "RSN Extension",
        /// Element ID Extension: the next octet is an [`ExtElementId`].
        Extension = 255 => "Element ID Extension",
    }
}

open_enum! {
    /// Element ID Extension (second octet of an element with ID 255).
    pub enum ExtElementId(u8) {
        /// FILS Request Parameters.
        FilsRequestParams = 2 => "FILS Request Parameters",
        /// FILS Key Confirmation.
        FilsKeyConfirm = 3 => "FILS Key Confirmation",
        /// FILS Session.
        FilsSession = 4 => "FILS Session",
        /// OWE Diffie-Hellman Parameter.
        OweDhParam = 32 => "OWE Diffie-Hellman Parameter",
        /// Password Identifier.
        PasswordIdentifier = 33 => "Password Identifier",
        /// HE Capabilities.
        HeCapabilities = 35 => "HE Capabilities",
        /// HE Operation.
        HeOperation = 36 => "HE Operation",
        /// UORA Parameter Set.
        UoraParams = 37 => "UORA Parameter Set",
        /// MU EDCA Parameter Set.
        MuEdcaParams = 38 => "MU EDCA Parameter Set",
        /// Spatial Reuse Parameter Set.
        SpatialReuseParams = 39 => "Spatial Reuse Parameter Set",
        /// NDP Feedback Report Parameter Set.
        NdpFeedbackReportParams = 41 => "NDP Feedback Report Parameter Set",
        /// BSS Color Change Announcement.
        BssColorChange = 42 => "BSS Color Change Announcement",
        /// Quiet Time Period Setup.
        QuietTimePeriodSetup = 43 => "Quiet Time Period Setup",
        /// ESS Report.
        EssReport = 45 => "ESS Report",
        /// Multiple BSSID Configuration.
        MultipleBssidConfig = 55 => "Multiple BSSID Configuration",
        /// Non-Inheritance.
        NonInheritance = 56 => "Non-Inheritance",
        /// Known BSSID.
        KnownBssid = 57 => "Known BSSID",
        /// Short SSID List.
        ShortSsidList = 58 => "Short SSID List",
        /// HE 6 GHz Band Capabilities.
        He6GhzBandCapabilities = 59 => "HE 6 GHz Band Capabilities",
        /// Rejected Groups (SAE).
        RejectedGroups = 92 => "Rejected Groups",
        /// Anti-Clogging Token Container (SAE).
        AntiCloggingToken = 93 => "Anti-Clogging Token Container",
        /// PASN Parameters.
        PasnParams = 100 => "PASN Parameters",
        /// EHT Operation.
        EhtOperation = 106 => "EHT Operation",
        /// Multi-Link.
        MultiLink = 107 => "Multi-Link",
        /// EHT Capabilities.
        EhtCapabilities = 108 => "EHT Capabilities",
        /// TID-To-Link Mapping.
        TidToLinkMapping = 109 => "TID-To-Link Mapping",
    }
}

package dev.kopilka.smpp;

import java.util.Map;

/** Names of the SMPP 3.4 command statuses an SMSC answers with, for readable reasons. */
final class SmppStatus {

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(0x01, "ESME_RINVMSGLEN message length invalid"),
            Map.entry(0x05, "ESME_RALYBND already bound"),
            Map.entry(0x08, "ESME_RSYSERR system error"),
            Map.entry(0x0A, "ESME_RINVSRCADR invalid source address"),
            Map.entry(0x0B, "ESME_RINVDSTADR invalid destination address"),
            Map.entry(0x0D, "ESME_RBINDFAIL bind failed"),
            Map.entry(0x0E, "ESME_RINVPASWD invalid password"),
            Map.entry(0x0F, "ESME_RINVSYSID invalid system id"),
            Map.entry(0x14, "ESME_RMSGQFUL message queue full"),
            Map.entry(0x45, "ESME_RSUBMITFAIL submit failed"),
            Map.entry(0x48, "ESME_RINVSRCTON invalid source TON"),
            Map.entry(0x49, "ESME_RINVSRCNPI invalid source NPI"),
            Map.entry(0x50, "ESME_RINVDSTTON invalid destination TON"),
            Map.entry(0x51, "ESME_RINVDSTNPI invalid destination NPI"),
            Map.entry(0x58, "ESME_RTHROTTLED throttled"),
            Map.entry(0x61, "ESME_RINVSCHED invalid scheduled delivery time"),
            Map.entry(0x62, "ESME_RINVEXPIRY invalid validity period"),
            Map.entry(0x63, "ESME_RINVDFTMSGID invalid predefined message id"),
            Map.entry(0x64, "ESME_RX_T_APPN temporary application error"),
            Map.entry(0x65, "ESME_RX_P_APPN permanent application error"),
            Map.entry(0x66, "ESME_RX_R_APPN application error, rejected"));

    private SmppStatus() {
    }

    static String name(int status) {
        return NAMES.getOrDefault(status, "undocumented status");
    }
}

package dev.kopilka.smpp;

import dev.kopilka.sms.Secret;
import dev.kopilka.sms.SmsSettings;
import java.time.Duration;
import java.util.Set;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.TypeOfNumber;

/**
 * The {@code kopilka.smpp.*} keys (the shared {@code kopilka.sms.*} ones — sender, price per segment,
 * transliteration — apply too). Problems are collected in the {@link SmsSettings} with the shared ones.
 */
final class SmppSettings {

    static final String HOST = "kopilka.smpp.host";
    static final String PORT = "kopilka.smpp.port";
    static final String SYSTEM_ID = "kopilka.smpp.system-id";
    static final String PASSWORD = "kopilka.smpp.password";
    static final String SYSTEM_TYPE = "kopilka.smpp.system-type";
    static final String SERVICE_TYPE = "kopilka.smpp.service-type";
    static final String ENQUIRE_LINK_INTERVAL = "kopilka.smpp.enquire-link-interval";
    static final String TRANSACTION_TIMEOUT = "kopilka.smpp.transaction-timeout";
    static final String BIND_TIMEOUT = "kopilka.smpp.bind-timeout";
    static final String RECONNECT_DELAY = "kopilka.smpp.reconnect-delay";
    static final String RECONNECT_MAX_DELAY = "kopilka.smpp.reconnect-max-delay";
    static final String THROTTLE_WAIT = "kopilka.smpp.throttle-wait";
    static final String VALIDITY_PERIOD = "kopilka.smpp.validity-period";
    static final Set<String> KEYS = Set.of(HOST, PORT, SYSTEM_ID, PASSWORD, SYSTEM_TYPE, SERVICE_TYPE,
            ENQUIRE_LINK_INTERVAL, TRANSACTION_TIMEOUT, BIND_TIMEOUT, RECONNECT_DELAY, RECONNECT_MAX_DELAY,
            THROTTLE_WAIT, VALIDITY_PERIOD);

    static final int DEFAULT_PORT = 2775;

    private final String host;
    private final int port;
    private final Secret systemId;
    private final Secret password;
    private final String systemType;
    private final String serviceType;
    private final Duration enquireLinkInterval;
    private final Duration transactionTimeout;
    private final Duration bindTimeout;
    private final Duration reconnectDelay;
    private final Duration reconnectMaxDelay;
    private final Duration throttleWait;
    private final String validityPeriod;
    private final String source;

    SmppSettings(SmsSettings s) {
        s.rejectUnknownKeys("kopilka.smpp.", KEYS);
        this.host = s.text(HOST, null);
        if (host == null) {
            s.problem(HOST, "is required: the SMSC's host name or address", null);
        }
        this.port = s.integer(PORT, DEFAULT_PORT, 1, 65535);
        this.systemId = s.secret(SYSTEM_ID);
        this.password = s.secret(PASSWORD);
        this.systemType = s.text(SYSTEM_TYPE, "");
        this.serviceType = s.text(SERVICE_TYPE, "");
        this.enquireLinkInterval = s.duration(ENQUIRE_LINK_INTERVAL, "PT30S");
        this.transactionTimeout = s.duration(TRANSACTION_TIMEOUT, "PT10S");
        this.bindTimeout = s.duration(BIND_TIMEOUT, "PT10S");
        this.reconnectDelay = s.duration(RECONNECT_DELAY, "PT5S");
        this.reconnectMaxDelay = s.duration(RECONNECT_MAX_DELAY, "PT1M");
        this.throttleWait = s.duration(THROTTLE_WAIT, "PT1S");
        String validity = s.text(VALIDITY_PERIOD, null);
        if (validity != null && !validity.matches("\\d{12}000R")) {
            s.problem(VALIDITY_PERIOD, "must be an SMPP relative time YYMMDDhhmmss000R such as 000001000000000R"
                    + " (one day)", validity);
            validity = null;
        }
        this.validityPeriod = validity;
        this.source = s.sender() == null ? "" : s.sender().replace("+", "");
    }

    String host() {
        return host;
    }

    int port() {
        return port;
    }

    Secret systemId() {
        return systemId;
    }

    Secret password() {
        return password;
    }

    String systemType() {
        return systemType;
    }

    String serviceType() {
        return serviceType;
    }

    Duration enquireLinkInterval() {
        return enquireLinkInterval;
    }

    Duration transactionTimeout() {
        return transactionTimeout;
    }

    Duration bindTimeout() {
        return bindTimeout;
    }

    Duration reconnectDelay() {
        return reconnectDelay;
    }

    Duration reconnectMaxDelay() {
        return reconnectMaxDelay;
    }

    Duration throttleWait() {
        return throttleWait;
    }

    String validityPeriod() {
        return validityPeriod;
    }

    /** The sender ({@code kopilka.sms.sender}); a number goes as international, a name as alphanumeric. */
    String source() {
        return source;
    }

    TypeOfNumber sourceTon() {
        if (source.isEmpty()) {
            return TypeOfNumber.UNKNOWN;
        }
        return source.matches("[0-9]+") ? TypeOfNumber.INTERNATIONAL : TypeOfNumber.ALPHANUMERIC;
    }

    NumberingPlanIndicator sourceNpi() {
        return sourceTon() == TypeOfNumber.INTERNATIONAL ? NumberingPlanIndicator.ISDN : NumberingPlanIndicator.UNKNOWN;
    }
}

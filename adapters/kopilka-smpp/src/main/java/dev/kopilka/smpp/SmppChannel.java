package dev.kopilka.smpp;

import dev.kopilka.InvalidRequestException;
import dev.kopilka.member.PhoneNumbers;
import dev.kopilka.messaging.Channel;
import dev.kopilka.messaging.DeliveryReport;
import dev.kopilka.messaging.DeliveryReports;
import dev.kopilka.messaging.DeliveryStatus;
import dev.kopilka.messaging.OutboundMessage;
import dev.kopilka.messaging.SendResult;
import dev.kopilka.messaging.port.MessageChannel;
import dev.kopilka.sms.SmsGatewayProvider;
import dev.kopilka.sms.SmsSettings;
import dev.kopilka.sms.SmsText;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jsmpp.InvalidResponseException;
import org.jsmpp.PDUException;
import org.jsmpp.SMPPConstant;
import org.jsmpp.bean.AlertNotification;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DataCoding;
import org.jsmpp.bean.DataCodings;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.DeliveryReceipt;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.GSMSpecificFeature;
import org.jsmpp.bean.MessageMode;
import org.jsmpp.bean.MessageType;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.SMSCDeliveryReceipt;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.NegativeResponseException;
import org.jsmpp.extra.ResponseTimeoutException;
import org.jsmpp.extra.SessionState;
import org.jsmpp.session.BindParameter;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.MessageReceiverListener;
import org.jsmpp.session.SMPPSession;
import org.jsmpp.session.Session;
import org.jsmpp.util.InvalidDeliveryReceiptException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SMS over SMPP 3.4 with jSMPP: one transceiver session kept bound (delivery receipts only arrive while bound),
 * re-bound with backoff when it drops, kept alive by enquire_link. Texts go as GSM-7 (data_coding 0) or UCS-2
 * (data_coding 8), long ones cut into UDH-concatenated parts. Each part asks for a delivery receipt; receipts are
 * matched back to the message (by {@code receipted_message_id} or the receipt text's id, hex or decimal) and
 * handed on as {@link DeliveryReport}s: delivered once every part is, failed as soon as one part fails.
 *
 * <p>SMPP quotes no prices: the cost is {@code kopilka.sms.price-per-segment} times the parts. A submit whose
 * answer never came (a dropped connection, a timeout) may have been taken by the SMSC: it ends
 * {@code Retryable} with {@code maybeDelivered}, never silently lost and never blindly re-sent.
 */
public final class SmppChannel implements MessageChannel {

    private static final Logger LOG = LoggerFactory.getLogger(SmppChannel.class);

    private final SmppSettings settings;
    private final SmsSettings sms;
    private final Clock clock;
    private final ConcurrentMap<String, Tracking> tracked = new ConcurrentHashMap<>();
    private final AtomicInteger concatReference = new AtomicInteger();
    private final ScheduledExecutorService keeper;
    private final Object bindLock = new Object();
    private final java.util.concurrent.atomic.AtomicBoolean started = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile SMPPSession session;
    private volatile DeliveryReports reports;
    private volatile boolean closed;
    private volatile Instant nextBindAllowed = Instant.MIN;
    private volatile Duration backoff;
    private volatile String lastBindFailure = "never bound";
    private volatile SendResult lastBindResult;

    public SmppChannel(SmsSettings sms, Clock clock) {
        this.sms = sms;
        this.settings = new SmppSettings(sms);
        this.clock = clock;
        this.backoff = settings.reconnectDelay();
        this.keeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kopilka-smpp-keeper");
            t.setDaemon(true);
            return t;
        });
    }

    /** {@code kopilka.sms.provider=smpp}. */
    public static final class Provider implements SmsGatewayProvider {
        @Override
        public String name() {
            return "smpp";
        }

        @Override
        public Set<String> keys() {
            return Set.of();
        }

        @Override
        public MessageChannel open(SmsSettings settings, Clock clock) {
            return new SmppChannel(settings, clock);
        }
    }

    /** Record of one accepted message waiting for its parts' receipts. */
    private static final class Tracking {
        final String providerMessageId;
        final int parts;
        final Instant since;
        final AtomicInteger delivered = new AtomicInteger();
        final AtomicInteger finalReceipts = new AtomicInteger();
        volatile boolean finished;

        Tracking(String providerMessageId, int parts, Instant since) {
            this.providerMessageId = providerMessageId;
            this.parts = parts;
            this.since = since;
        }
    }

    @Override
    public Channel channel() {
        return Channel.SMS;
    }

    /**
     * Binds now and keeps the session bound from then on (the reconnect loop starts either way). Called by
     * {@link #deliverReportsTo}; sends bind on demand too.
     */
    public void start() {
        if (!started.compareAndSet(false, true) || closed) {
            return;
        }
        keeper.scheduleWithFixedDelay(this::keepBound, 0, settings.reconnectDelay().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void deliverReportsTo(DeliveryReports reports) {
        this.reports = reports;
        start();
    }

    /** Whether the session is bound right now. */
    public boolean isBound() {
        SMPPSession s = session;
        return s != null && s.getSessionState().isBound();
    }

    @Override
    public boolean canReach(OutboundMessage message) {
        if (message.phone() == null) {
            return false;
        }
        try {
            PhoneNumbers.normalize(message.phone(), sms.defaultCountryCode());
            return true;
        } catch (InvalidRequestException e) {
            return false;
        }
    }

    @Override
    public SendResult send(OutboundMessage message) {
        String phone;
        try {
            phone = PhoneNumbers.normalize(message.phone(), sms.defaultCountryCode());
        } catch (InvalidRequestException e) {
            return new SendResult.Permanent("bad phone number: " + e.rule(), true, false);
        }
        SmsText text;
        try {
            text = SmsText.of(message.text(), sms.transliterate());
        } catch (IllegalArgumentException e) {
            return new SendResult.Permanent("cannot send: " + e.getMessage(), false, false);
        }
        start(); // from the first send on, the session is kept bound
        SMPPSession s;
        try {
            s = bound();
        } catch (BindFailure f) {
            return f.result;
        }
        try {
            return submit(s, message.reference(), phone.substring(1), text);
        } catch (RuntimeException e) {
            LOG.error("SMPP submit of {} failed unexpectedly", message.reference(), e);
            return new SendResult.Retryable("unexpected failure: " + e, null, true);
        }
    }

    private SendResult submit(SMPPSession s, String reference, String destination, SmsText text) {
        DataCoding coding = text.encoding() == SmsText.Encoding.UCS2 ? DataCodings.newInstance((byte) 0x08)
                : DataCodings.ZERO;
        int total = text.parts();
        byte ref = (byte) concatReference.incrementAndGet();
        String firstId = null;
        for (int i = 0; i < total; i++) {
            byte[] payload = SmsText.encode(text.segments().get(i), text.encoding());
            ESMClass esm = new ESMClass(MessageMode.DEFAULT, MessageType.DEFAULT,
                    total > 1 ? GSMSpecificFeature.UDHI : GSMSpecificFeature.DEFAULT);
            if (total > 1) {
                byte[] udh = {0x05, 0x00, 0x03, ref, (byte) total, (byte) (i + 1)};
                byte[] withUdh = new byte[udh.length + payload.length];
                System.arraycopy(udh, 0, withUdh, 0, udh.length);
                System.arraycopy(payload, 0, withUdh, udh.length, payload.length);
                payload = withUdh;
            }
            String where = total > 1 ? " (part " + (i + 1) + " of " + total + ")" : "";
            // once a part is in, the message is partly delivered: any later failure may leave a fragment
            boolean partial = i > 0;
            try {
                String id = s.submitShortMessage(settings.serviceType(), settings.sourceTon(), settings.sourceNpi(),
                        settings.source(), TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, destination, esm,
                        (byte) 0, (byte) 1, null, settings.validityPeriod(),
                        new RegisteredDelivery(SMSCDeliveryReceipt.SUCCESS_FAILURE), (byte) 0, coding, (byte) 0,
                        payload).getMessageId();
                if (firstId == null) {
                    firstId = id;
                }
                track(id, firstId, total);
            } catch (NegativeResponseException e) {
                SendResult refused = refusal(e.getCommandStatus(), where);
                if (partial) {
                    return new SendResult.Retryable(((Object) refused).toString() + " after earlier parts were taken",
                            null, true);
                }
                return refused;
            } catch (ResponseTimeoutException e) {
                return new SendResult.Retryable("SMSC did not answer the submit" + where + " within "
                        + settings.transactionTimeout() + "; it may have been taken", null, true);
            } catch (IOException e) {
                return new SendResult.Retryable("SMPP connection lost during the submit" + where + ": " + e.getMessage()
                        + "; it may have been taken", null, true);
            } catch (InvalidResponseException e) {
                return new SendResult.Retryable("SMSC answered the submit" + where + " with an invalid response: "
                        + e.getMessage(), null, true);
            } catch (PDUException e) {
                return new SendResult.Permanent("cannot build the submit" + where + ": " + e.getMessage(), false, true);
            }
        }
        OptionalLong cost = sms.pricePerSegmentKopecks().isPresent()
                ? OptionalLong.of(sms.pricePerSegmentKopecks().getAsLong() * total) : OptionalLong.empty();
        return new SendResult.Accepted(firstId, cost, total);
    }

    private void track(String smscId, String providerMessageId, int parts) {
        Tracking t = tracked.get(providerMessageId);
        if (t == null) {
            t = new Tracking(providerMessageId, parts, clock.instant());
            tracked.put(providerMessageId, t);
        }
        tracked.put(smscId, t);
    }

    /** The SMPP command statuses an SMSC answers a submit with. */
    SendResult refusal(int status, String where) {
        String reason = String.format("SMSC refused the submit%s: 0x%02X %s", where, status, SmppStatus.name(status));
        return switch (status) {
            case SMPPConstant.STAT_ESME_RTHROTTLED -> SendResult.Retryable.after(reason, settings.throttleWait());
            case SMPPConstant.STAT_ESME_RMSGQFUL, SMPPConstant.STAT_ESME_RSYSERR, SMPPConstant.STAT_ESME_RSUBMITFAIL,
                    SMPPConstant.STAT_ESME_RX_T_APPN -> new SendResult.Retryable(reason, settings.throttleWait(), false);
            case SMPPConstant.STAT_ESME_RINVDSTADR, SMPPConstant.STAT_ESME_RINVDSTTON,
                    SMPPConstant.STAT_ESME_RINVDSTNPI, SMPPConstant.STAT_ESME_RX_P_APPN ->
                    new SendResult.Permanent(reason, true, false);
            case SMPPConstant.STAT_ESME_RINVMSGLEN, SMPPConstant.STAT_ESME_RINVDFTMSGID ->
                    new SendResult.Permanent(reason, false, false);
            default -> new SendResult.Permanent(reason, false, true); // source address, bind, parameters: set-up
        };
    }

    // ------------------------------------------------------------------------------------------ session

    /** Thrown when no bound session can be had; carries the result for the send. */
    private static final class BindFailure extends Exception {
        private static final long serialVersionUID = 1L;
        final transient SendResult result;

        BindFailure(SendResult result) {
            super(result.toString(), null, false, false);
            this.result = result;
        }
    }

    private SMPPSession bound() throws BindFailure {
        SMPPSession s = session;
        if (s != null && s.getSessionState().isBound()) {
            return s;
        }
        synchronized (bindLock) {
            s = session;
            if (s != null && s.getSessionState().isBound()) {
                return s;
            }
            if (closed) {
                throw new BindFailure(new SendResult.Retryable("SMPP channel closed", null, false));
            }
            if (clock.instant().isBefore(nextBindAllowed)) {
                SendResult last = lastBindResult;
                throw new BindFailure(last instanceof SendResult.Permanent ? last
                        : new SendResult.Retryable("SMPP not bound (" + lastBindFailure + ")",
                                Duration.between(clock.instant(), nextBindAllowed), false));
            }
            return bind();
        }
    }

    private SMPPSession bind() throws BindFailure {
        SMPPSession s = new SMPPSession();
        s.setEnquireLinkTimer((int) settings.enquireLinkInterval().toMillis());
        s.setTransactionTimer(settings.transactionTimeout().toMillis());
        s.setMessageReceiverListener(receiver); // before the bind: a receipt may come right after it
        try {
            s.connectAndBind(settings.host(), settings.port(), new BindParameter(BindType.BIND_TRX,
                    settings.systemId().reveal(), settings.password().reveal(), settings.systemType(),
                    TypeOfNumber.UNKNOWN, NumberingPlanIndicator.UNKNOWN, null), settings.bindTimeout().toMillis());
        } catch (IOException e) {
            s.close();
            Integer status = negativeStatus(e);
            lastBindFailure = "bind to " + settings.host() + ":" + settings.port() + " failed: " + (status == null
                    ? e.getMessage() : String.format("0x%02X %s", status, SmppStatus.name(status)));
            Duration wait = backoff;
            nextBindAllowed = clock.instant().plus(wait);
            backoff = min(wait.multipliedBy(2), settings.reconnectMaxDelay());
            LOG.warn("SMPP {}; next attempt in {}", lastBindFailure, wait);
            if (status != null && (status == SMPPConstant.STAT_ESME_RINVPASWD
                    || status == SMPPConstant.STAT_ESME_RINVSYSID)) {
                lastBindResult = new SendResult.Permanent("SMPP " + lastBindFailure
                        + " (check kopilka.smpp.system-id and password)", false, true);
            } else {
                lastBindResult = new SendResult.Retryable("SMPP " + lastBindFailure, null, false);
            }
            throw new BindFailure(lastBindResult);
        }
        s.addSessionStateListener(this::onStateChange);
        backoff = settings.reconnectDelay();
        nextBindAllowed = Instant.MIN;
        lastBindResult = null;
        session = s;
        LOG.info("SMPP bound to {}:{} as transceiver", settings.host(), settings.port());
        return s;
    }

    private static Integer negativeStatus(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof NegativeResponseException n) {
                return n.getCommandStatus();
            }
        }
        return null;
    }

    private void onStateChange(SessionState newState, SessionState oldState, Session source) {
        if (!closed && newState == SessionState.CLOSED && source == session) {
            LOG.warn("SMPP session to {}:{} closed ({} before); re-binding", settings.host(), settings.port(), oldState);
            keeper.execute(this::keepBound);
        }
    }

    /** The keeper's task: re-bind when the session is gone, forget receipts that never came. */
    private void keepBound() {
        if (closed) {
            return;
        }
        try {
            bound();
        } catch (BindFailure f) {
            // logged in bind(); the next run tries again after the backoff
        } catch (RuntimeException e) {
            LOG.warn("SMPP keeper failed", e);
        }
        Instant giveUp = clock.instant().minus(sms.statusGiveUpAfter());
        tracked.values().removeIf(t -> t.since.isBefore(giveUp));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    @Override
    public void close() {
        closed = true;
        keeper.shutdownNow();
        SMPPSession s = session;
        if (s != null) {
            s.unbindAndClose();
        }
    }

    // ------------------------------------------------------------------------------------------ receipts

    private final MessageReceiverListener receiver = new MessageReceiverListener() {
        @Override
        public void onAcceptDeliverSm(DeliverSm deliverSm) {
            if (!deliverSm.isSmscDeliveryReceipt()) {
                LOG.info("SMPP mobile-originated message from {} ignored", deliverSm.getSourceAddr());
                return;
            }
            try {
                receipt(deliverSm);
            } catch (RuntimeException e) {
                LOG.warn("SMPP delivery receipt could not be handled", e);
            }
        }

        @Override
        public void onAcceptAlertNotification(AlertNotification alertNotification) {
        }

        @Override
        public DataSmResult onAcceptDataSm(DataSm dataSm, Session source) {
            return null;
        }
    };

    private void receipt(DeliverSm deliverSm) {
        DeliveryReceipt dr;
        try {
            dr = deliverSm.getShortMessageAsDeliveryReceipt();
        } catch (InvalidDeliveryReceiptException e) {
            LOG.warn("SMPP delivery receipt unreadable: {}", new String(deliverSm.getShortMessage(),
                    java.nio.charset.StandardCharsets.ISO_8859_1));
            return;
        }
        String id = dr.getId();
        OptionalParameter receipted = deliverSm.getOptionalParameter(OptionalParameter.Tag.RECEIPTED_MESSAGE_ID);
        if (receipted instanceof OptionalParameter.COctetString c) {
            id = c.getValueAsString();
        }
        Tracking t = find(id);
        DeliveryStatus status = switch (dr.getFinalStatus()) {
            case DELIVRD -> DeliveryStatus.DELIVERED;
            case ENROUTE, ACCEPTD -> DeliveryStatus.PENDING;
            default -> DeliveryStatus.FAILED; // EXPIRED, DELETED, UNDELIV, REJECTD, UNKNOWN
        };
        String detail = "smpp " + dr.getFinalStatus() + " err " + dr.getError();
        if (t == null) {
            // not ours, or sent before a restart: single-part messages still match by the SMSC id
            hand(new DeliveryReport(Channel.SMS, id, status, OptionalLong.empty(), clock.instant(), detail));
            return;
        }
        // receipts of one message's parts arrive on several threads: decide and hand under one lock, in order
        synchronized (t) {
            if (status != DeliveryStatus.PENDING && t.finalReceipts.incrementAndGet() >= t.parts) {
                tracked.values().removeIf(x -> x == t); // every part's receipt is in: nothing more to match
            }
            if (t.finished) {
                return; // a later part's receipt after the message's outcome was reported
            }
            if (status == DeliveryStatus.DELIVERED && t.delivered.incrementAndGet() < t.parts) {
                return; // a part delivered: the message is delivered only when every part is
            }
            if (status != DeliveryStatus.PENDING) {
                t.finished = true;
            }
            OptionalLong cost = status != DeliveryStatus.PENDING && sms.pricePerSegmentKopecks().isPresent()
                    ? OptionalLong.of(sms.pricePerSegmentKopecks().getAsLong() * t.parts) : OptionalLong.empty();
            hand(new DeliveryReport(Channel.SMS, t.providerMessageId, status, cost, clock.instant(), detail));
        }
    }

    /** SMSCs disagree whether a receipt's id is the submit's id, in hex or in decimal: try each. */
    private Tracking find(String id) {
        Tracking t = tracked.get(id);
        if (t != null) {
            return t;
        }
        try {
            t = tracked.get(Long.toHexString(Long.parseLong(id)));
            if (t == null) {
                t = tracked.get(Long.toHexString(Long.parseLong(id)).toUpperCase(java.util.Locale.ROOT));
            }
        } catch (NumberFormatException e) {
            // not decimal
        }
        if (t == null) {
            try {
                t = tracked.get(Long.toString(Long.parseLong(id, 16)));
            } catch (NumberFormatException e) {
                // not hex
            }
        }
        return t;
    }

    private void hand(DeliveryReport report) {
        DeliveryReports to = reports;
        if (to == null) {
            LOG.debug("SMPP report without a receiver: {}", report);
            return;
        }
        try {
            to.report(report);
        } catch (RuntimeException e) {
            LOG.warn("SMPP report {} could not be recorded", report, e);
        }
    }
}

package dev.kopilka.sms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kopilka.InvalidRequestException;
import dev.kopilka.member.PhoneNumbers;
import dev.kopilka.messaging.Channel;
import dev.kopilka.messaging.DeliveryReport;
import dev.kopilka.messaging.DeliveryReports;
import dev.kopilka.messaging.OutboundMessage;
import dev.kopilka.messaging.SendResult;
import dev.kopilka.messaging.port.MessageChannel;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every HTTP SMS gateway shares: phone normalisation, segment counting and transliteration, the HTTP
 * exchange with its timeout, the mapping of transport failures to {@link SendResult}s (never an exception),
 * the configured price per segment when the gateway does not quote one, status polling of accepted messages,
 * and the low-balance warning. A gateway implements {@link #submit}, {@link #poll} and {@link #fetchBalance}.
 */
public abstract class HttpSmsChannel implements MessageChannel {

    private static final Logger LOG = LoggerFactory.getLogger(HttpSmsChannel.class);
    private static final int BODY_IN_MESSAGES = 200;
    private static final int MAX_AWAITING = 100_000;

    protected final SmsSettings settings;
    protected final Clock clock;
    protected final ObjectMapper json = new ObjectMapper();
    private final HttpClient http;
    private final ConcurrentMap<String, Instant> awaitingStatus = new ConcurrentHashMap<>();
    /** No watched message can be past giving up before this: sends at capacity skip the scan until then. */
    private volatile Instant nothingToForgetBefore = Instant.MIN;
    private volatile DeliveryReports reports;
    private volatile Consumer<Balance> lowBalanceListener = b -> { };
    private ScheduledExecutorService poller;

    protected HttpSmsChannel(SmsSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** The gateway's name as in {@code kopilka.sms.provider}. */
    public abstract String provider();

    /** Sends one prepared SMS and maps the answer; may throw {@link Failure} for a transport failure. */
    protected abstract SendResult submit(SmsRequest request);

    /** Asks the gateway about these accepted messages; returns what it knows (final or with a cost). */
    protected abstract List<DeliveryReport> poll(Collection<String> providerMessageIds);

    /** The account balance in kopecks, empty when the gateway would not say. */
    protected abstract OptionalLong fetchBalance();

    @Override
    public final Channel channel() {
        return Channel.SMS;
    }

    @Override
    public boolean canReach(OutboundMessage message) {
        if (message.phone() == null) {
            return false;
        }
        try {
            PhoneNumbers.normalize(message.phone(), settings.defaultCountryCode());
            return true;
        } catch (InvalidRequestException e) {
            return false;
        }
    }

    @Override
    public final SendResult send(OutboundMessage message) {
        String phone;
        try {
            phone = PhoneNumbers.normalize(message.phone(), settings.defaultCountryCode());
        } catch (InvalidRequestException e) {
            return new SendResult.Permanent("bad phone number: " + e.rule(), true, false);
        }
        SmsText text;
        try {
            text = SmsText.of(message.text(), settings.transliterate());
        } catch (IllegalArgumentException e) {
            return new SendResult.Permanent("cannot send: " + e.getMessage(), false, false);
        }
        SendResult result;
        try {
            result = submit(new SmsRequest(message.reference(), phone, text, settings.sender(), message.purpose()));
        } catch (Failure f) {
            result = f.result;
        } catch (RuntimeException e) {
            // A bug of ours or a shape we did not foresee: the request may have been taken, never claim success.
            LOG.error("SMS {} via {}: unexpected failure", message.reference(), provider(), e);
            result = new SendResult.Retryable("unexpected failure: " + e, null, true);
        }
        if (result instanceof SendResult.Accepted accepted) {
            if (awaitingStatus.size() >= MAX_AWAITING) {
                // nobody polls (polling off, callbacks lost): drop what is past giving up rather than grow forever
                forgetGivenUp();
            }
            awaitingStatus.put(accepted.providerMessageId(), clock.instant());
            if (accepted.costKopecks().isEmpty() && settings.pricePerSegmentKopecks().isPresent()) {
                result = new SendResult.Accepted(accepted.providerMessageId(),
                        OptionalLong.of(settings.pricePerSegmentKopecks().getAsLong() * accepted.parts()),
                        accepted.parts());
            }
        } else {
            LOG.info("SMS {} via {} not accepted: {}", message.reference(), provider(), result);
        }
        return result;
    }

    // ------------------------------------------------------------------------------------------ reports

    @Override
    public synchronized void deliverReportsTo(DeliveryReports reports) {
        this.reports = reports;
        if (poller == null && settings.statusPollInterval().isPresent()) {
            long every = settings.statusPollInterval().get().toMillis();
            poller = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "kopilka-sms-" + provider() + "-status");
                t.setDaemon(true);
                return t;
            });
            poller.scheduleWithFixedDelay(this::pollSafely, every, every, TimeUnit.MILLISECONDS);
            poller.scheduleWithFixedDelay(this::checkBalanceSafely, 0, Math.max(every, 3_600_000L),
                    TimeUnit.MILLISECONDS);
        }
    }

    /** Who hears about a low balance (besides the WARN log line). */
    public void onLowBalance(Consumer<Balance> listener) {
        this.lowBalanceListener = listener;
    }

    /**
     * Watches an accepted message's status again (after a restart the outbox knows which messages still wait
     * for a report; the channel keeps its watch list in memory only).
     */
    public void awaitStatus(String providerMessageId) {
        awaitingStatus.putIfAbsent(providerMessageId, clock.instant());
    }

    /** Watched until {@code kopilka.sms.status-give-up-after}: messaging re-hands those after a restart. */
    @Override
    public Duration reportWatch() {
        return settings.statusGiveUpAfter();
    }

    @Override
    public void awaitReport(String providerMessageId, Instant acceptedAt) {
        if (acceptedAt.isAfter(clock.instant().minus(settings.statusGiveUpAfter()))) {
            awaitingStatus.putIfAbsent(providerMessageId, acceptedAt);
            nothingToForgetBefore = Instant.MIN; // an old message joined: the next check scans again
        }
    }

    /**
     * Forgets the messages watched longer than {@code kopilka.sms.status-give-up-after}. The scan is skipped while
     * the oldest watched message cannot have expired yet, so a full watch list costs a send nothing.
     */
    private void forgetGivenUp() {
        Instant now = clock.instant();
        if (now.isBefore(nothingToForgetBefore)) {
            return;
        }
        Instant giveUpBefore = now.minus(settings.statusGiveUpAfter());
        awaitingStatus.entrySet().removeIf(e -> e.getValue().isBefore(giveUpBefore));
        Instant oldest = awaitingStatus.values().stream().min(Instant::compareTo).orElse(now);
        nothingToForgetBefore = oldest.plus(settings.statusGiveUpAfter());
    }

    /** Messages accepted whose final status has not arrived yet. */
    public Collection<String> awaitingStatus() {
        return List.copyOf(awaitingStatus.keySet());
    }

    /**
     * Polls once: reports what the gateway says, forgets messages with a final status and those older than
     * {@code kopilka.sms.status-give-up-after}. Returns the reports handed on.
     */
    public List<DeliveryReport> pollStatuses() {
        forgetGivenUp();
        if (awaitingStatus.isEmpty()) {
            return List.of();
        }
        List<DeliveryReport> found = poll(awaitingStatus());
        for (DeliveryReport report : found) {
            if (report.status() != dev.kopilka.messaging.DeliveryStatus.PENDING) {
                awaitingStatus.remove(report.providerMessageId());
            }
            hand(report);
        }
        return found;
    }

    /** Hands one report to messaging (callbacks and polling). */
    protected void hand(DeliveryReport report) {
        if (report.status() != dev.kopilka.messaging.DeliveryStatus.PENDING) {
            awaitingStatus.remove(report.providerMessageId());
        }
        DeliveryReports to = reports;
        if (to == null) {
            LOG.debug("SMS report without a receiver: {}", report);
            return;
        }
        try {
            to.report(report);
        } catch (RuntimeException e) {
            LOG.warn("SMS report {} could not be recorded", report, e);
        }
    }

    private void pollSafely() {
        try {
            pollStatuses();
        } catch (RuntimeException e) {
            LOG.warn("SMS status poll via {} failed", provider(), e);
        }
    }

    private void checkBalanceSafely() {
        try {
            checkBalance();
        } catch (RuntimeException e) {
            LOG.warn("SMS balance check via {} failed", provider(), e);
        }
    }

    /** Asks the gateway for the balance; warns when it is under {@code kopilka.sms.low-balance}. */
    public java.util.Optional<Balance> checkBalance() {
        OptionalLong kopecks;
        try {
            kopecks = fetchBalance();
        } catch (Failure f) {
            LOG.warn("SMS balance via {}: {}", provider(), f.result);
            return java.util.Optional.empty();
        }
        return kopecks.isPresent() ? java.util.Optional.of(noteBalance(kopecks.getAsLong()))
                : java.util.Optional.empty();
    }

    /** Records a balance seen in any answer (SMS.ru and SMSC send it with every send). */
    protected Balance noteBalance(long kopecks) {
        boolean low = settings.lowBalanceKopecks().isPresent() && kopecks < settings.lowBalanceKopecks().getAsLong();
        Balance balance = new Balance(provider(), kopecks, low);
        if (low) {
            LOG.warn("SMS balance at {} is low: {}.{} RUB (warning under {} kopecks); top it up before sends fail",
                    provider(), kopecks / 100, String.format("%02d", kopecks % 100),
                    settings.lowBalanceKopecks().getAsLong());
            try {
                lowBalanceListener.accept(balance);
            } catch (RuntimeException e) {
                LOG.warn("low-balance listener failed", e);
            }
        }
        return balance;
    }

    @Override
    public synchronized void close() {
        if (poller != null) {
            poller.shutdownNow();
            poller = null;
        }
    }

    // ------------------------------------------------------------------------------------------ HTTP

    /** An HTTP answer, whatever its status. */
    protected record Answer(int status, String body, HttpHeaders headers) {
    }

    /** A transport failure already mapped to its result; thrown inside {@link #submit}, caught by {@link #send}. */
    protected static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient SendResult result;

        public Failure(SendResult result) {
            super(result.toString(), null, false, false);
            this.result = result;
        }

        public SendResult result() {
            return result;
        }
    }

    protected HttpRequest.Builder request(java.net.URI uri) {
        return HttpRequest.newBuilder(uri).timeout(settings.timeout()).header("User-Agent", "kopilka-sms");
    }

    /** Exchanges one request; a failure becomes a {@link Failure} with the right {@link SendResult.Retryable}. */
    protected Answer exchange(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Answer(response.statusCode(), response.body(), response.headers());
        } catch (HttpConnectTimeoutException | ConnectException e) {
            // never reached the gateway: resending cannot double the message
            throw new Failure(new SendResult.Retryable(provider() + " unreachable: " + e, null, false));
        } catch (HttpTimeoutException e) {
            throw new Failure(new SendResult.Retryable(provider() + " did not answer within " + settings.timeout()
                    + "; the message may have been taken", null, true));
        } catch (IOException e) {
            throw new Failure(new SendResult.Retryable(provider() + " connection failed mid-request: " + e, null,
                    true));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure(new SendResult.Retryable("interrupted while waiting for " + provider(), null, true));
        }
    }

    /** Parses a JSON body; a garbled one is a {@link Failure} (the request was taken: maybe delivered). */
    protected JsonNode parse(Answer answer) {
        try {
            JsonNode node = json.readTree(answer.body());
            if (node == null || !node.isObject()) {
                throw new IOException("not a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new Failure(malformed(answer, e.getMessage()));
        }
    }

    protected SendResult.Retryable malformed(Answer answer, String why) {
        String body = answer.body() == null ? "" : answer.body();
        if (body.length() > BODY_IN_MESSAGES) {
            body = body.substring(0, BODY_IN_MESSAGES) + "…";
        }
        return new SendResult.Retryable("malformed answer from " + provider() + " (HTTP " + answer.status() + ", "
                + why + "): " + body, null, true);
    }

    protected static String form(Map<String, String> fields) {
        return fields.entrySet().stream().filter(e -> e.getValue() != null)
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
    }

    protected static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    protected static Map<String, String> fields(String... keyValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    /** {@code Retry-After} in seconds, or null. */
    protected static Duration retryAfter(Answer answer) {
        return answer.headers().firstValue("Retry-After").flatMap(v -> {
            try {
                return java.util.Optional.of(Duration.ofSeconds(Long.parseLong(v.strip())));
            } catch (NumberFormatException e) {
                return java.util.Optional.empty();
            }
        }).orElse(null);
    }

    protected static String textOf(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    protected static List<String> list(Collection<String> c) {
        return new ArrayList<>(c);
    }
}

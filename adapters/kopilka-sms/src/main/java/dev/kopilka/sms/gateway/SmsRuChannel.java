package dev.kopilka.sms.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kopilka.messaging.Channel;
import dev.kopilka.messaging.DeliveryReport;
import dev.kopilka.messaging.DeliveryStatus;
import dev.kopilka.messaging.SendResult;
import dev.kopilka.sms.HttpSmsChannel;
import dev.kopilka.sms.Kopecks;
import dev.kopilka.sms.Secret;
import dev.kopilka.sms.SmsRequest;
import dev.kopilka.sms.SmsSettings;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * SMS.ru ({@code sms/send?json=1}). Always HTTP 200; the outcome is {@code status_code} at the top (request
 * errors) and per number. The send answer carries the balance but no cost: the cost is the configured price per
 * segment until {@code sms/status} (polling) reports the real charge. SMS.ru takes no client reference, so a
 * retry after a lost answer cannot be de-duplicated by the gateway: a timeout says {@code maybeDelivered}.
 * Callbacks: {@link #handleCallback(String)} answers {@code 100} as SMS.ru requires.
 */
public final class SmsRuChannel extends HttpSmsChannel {

    public static final String API_ID = "kopilka.sms.smsru.api-id";
    public static final String DEFAULT_BASE_URL = "https://sms.ru/";
    /** The body SMS.ru expects back from a callback handler; anything else makes it retry the callback. */
    public static final String CALLBACK_ACK = "100";

    private static final int STATUS_BATCH = 100;

    private final URI base;
    private final Secret apiId;
    private final ZoneId zone;

    public SmsRuChannel(SmsSettings settings, Clock clock) {
        super(settings, clock);
        this.base = settings.baseUrl(DEFAULT_BASE_URL);
        this.apiId = settings.secret(API_ID);
        ZoneId z = ZoneId.of("Europe/Moscow");
        try {
            z = settings.config().zone();
        } catch (RuntimeException e) {
            // reported by the core's validation
        }
        this.zone = z;
    }

    /** {@code kopilka.sms.provider=smsru}. */
    public static final class Provider extends GatewayProvider {
        public Provider() {
            super("smsru", Set.of(API_ID), SmsRuChannel::new);
        }
    }

    @Override
    public String provider() {
        return "smsru";
    }

    @Override
    protected SendResult submit(SmsRequest r) {
        Map<String, String> f = fields("api_id", apiId.reveal(), "to", r.digits(), "msg", r.text().text(),
                "json", "1");
        if (r.sender() != null) {
            f.put("from", r.sender());
        }
        if (settings.testMode()) {
            f.put("test", "1");
        }
        Answer answer = exchange(post("sms/send", f));
        if (answer.status() >= 500) {
            return new SendResult.Retryable("sms.ru HTTP " + answer.status(), null, true);
        }
        JsonNode root = parse(answer);
        JsonNode balance = root.get("balance");
        if (balance != null && balance.isNumber()) {
            noteBalance(Kopecks.ofRubles(balance.decimalValue()));
        }
        int top = root.path("status_code").asInt(Integer.MIN_VALUE);
        if (top == Integer.MIN_VALUE) {
            return malformed(answer, "no status_code");
        }
        if (top != 100) {
            return refusal(top, textOf(root, "status_text"));
        }
        JsonNode entry = root.path("sms").get(r.digits());
        if (entry == null || !entry.isObject()) {
            return malformed(answer, "no entry for " + r.digits());
        }
        int code = entry.path("status_code").asInt(Integer.MIN_VALUE);
        String id = textOf(entry, "sms_id");
        if (code == 100 && id != null && !id.isBlank()) {
            return new SendResult.Accepted(id, OptionalLong.empty(), r.text().parts());
        }
        if (code == Integer.MIN_VALUE || code == 100) {
            return malformed(answer, "no status_code or sms_id for " + r.digits());
        }
        return refusal(code, textOf(entry, "status_text"));
    }

    /** Every documented refusal code (request level and per number). */
    SendResult refusal(int code, String text) {
        String reason = "sms.ru " + code + (text == null ? "" : " " + text);
        return switch (code) {
            case 200, 300, 301, 302, 303, 304, 305 -> new SendResult.Permanent(reason + " (check the api_id and the"
                    + " account)", false, true);
            case 201 -> new SendResult.Permanent(reason + " (insufficient funds: top up the account)", false, true);
            case 202, 207, 209, 214, 215, 150 -> new SendResult.Permanent(reason, true, false);
            case 204, 208, 210, 211, 212, 213 -> new SendResult.Permanent(reason + " (the integration must be fixed)",
                    false, true);
            case 203, 205, 216 -> new SendResult.Permanent(reason, false, false);
            case 220 -> new SendResult.Retryable(reason, null, false);
            case 231 -> SendResult.Retryable.after(reason, Duration.ofMinutes(1));
            case 206, 230, 232, 233 -> SendResult.Retryable.after(reason, untilTomorrow());
            default -> new SendResult.Permanent(reason + " (undocumented code)", false, true);
        };
    }

    /** Daily limits reset at midnight; in the program's zone, which for Russian shops is the gateway's too. */
    private Duration untilTomorrow() {
        Instant now = clock.instant();
        Instant midnight = LocalDate.ofInstant(now, zone).plusDays(1).atStartOfDay(zone).toInstant();
        return Duration.between(now, midnight).plusMinutes(1);
    }

    @Override
    protected List<DeliveryReport> poll(Collection<String> ids) {
        List<DeliveryReport> out = new ArrayList<>();
        Iterator<String> it = ids.iterator();
        while (it.hasNext()) {
            List<String> batch = new ArrayList<>();
            while (it.hasNext() && batch.size() < STATUS_BATCH) {
                batch.add(it.next());
            }
            try {
                Answer answer = exchange(post("sms/status", fields("api_id", apiId.reveal(), "sms_id",
                        String.join(",", batch), "json", "1")));
                JsonNode sms = parse(answer).path("sms");
                for (String id : batch) {
                    JsonNode e = sms.get(id);
                    if (e != null && e.isObject()) {
                        statusReport(id, e.path("status_code").asInt(-1), Kopecks.parse(textOf(e, "cost")),
                                textOf(e, "status_text")).ifPresent(out::add);
                    }
                }
            } catch (Failure f) {
                // the next poll asks again
            }
        }
        return out;
    }

    private java.util.Optional<DeliveryReport> statusReport(String id, int code, OptionalLong cost, String text) {
        DeliveryStatus status = switch (code) {
            case 100, 101, 102 -> DeliveryStatus.PENDING;
            case 103, 110 -> DeliveryStatus.DELIVERED;
            case 104, 105, 106, 107, 108, 150 -> DeliveryStatus.FAILED;
            default -> null; // -1 not found, or unknown: nothing to say
        };
        if (status == null) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new DeliveryReport(Channel.SMS, id, status, cost, clock.instant(),
                "sms.ru " + code + (text == null ? "" : " " + text)));
    }

    /**
     * Handles an SMS.ru callback POST body ({@code data[]=sms_status\n<id>\n<code>...}, form-encoded): hands a
     * report for each record and returns the body to answer with, always {@value #CALLBACK_ACK} (a record we
     * cannot read is logged and skipped: re-sending it would not make it readable).
     */
    public String handleCallback(String formBody) {
        for (String pair : formBody == null ? new String[0] : formBody.split("&")) {
            int eq = pair.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String key = URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8);
            if (!key.startsWith("data")) {
                continue;
            }
            String[] lines = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8).split("\n");
            if (lines.length >= 3 && lines[0].strip().equals("sms_status")) {
                try {
                    statusReport(lines[1].strip(), Integer.parseInt(lines[2].strip()), OptionalLong.empty(), null)
                            .ifPresent(report -> {
                                hand(report);
                                if (report.status() != DeliveryStatus.PENDING) {
                                    awaitStatus(report.providerMessageId()); // the charge comes only with sms/status
                                }
                            });
                } catch (NumberFormatException e) {
                    org.slf4j.LoggerFactory.getLogger(SmsRuChannel.class).warn("sms.ru callback record unreadable: {}",
                            String.join("|", lines));
                }
            }
        }
        return CALLBACK_ACK;
    }

    /** The cost SMS.ru quotes for a text to a number ({@code sms/cost}), without sending. */
    public OptionalLong quote(String phoneE164, String text) {
        try {
            JsonNode root = parse(exchange(post("sms/cost", fields("api_id", apiId.reveal(), "to",
                    phoneE164.replace("+", ""), "msg", dev.kopilka.sms.SmsText.of(text, settings.transliterate()).text(),
                    "json", "1"))));
            return root.path("status_code").asInt() == 100 ? Kopecks.parse(textOf(root, "total_cost"))
                    : OptionalLong.empty();
        } catch (Failure f) {
            return OptionalLong.empty();
        }
    }

    @Override
    protected OptionalLong fetchBalance() {
        JsonNode root = parse(exchange(post("my/balance", fields("api_id", apiId.reveal(), "json", "1"))));
        return root.path("status_code").asInt() == 100 ? Kopecks.parse(textOf(root, "balance")) : OptionalLong.empty();
    }

    private HttpRequest post(String method, Map<String, String> f) {
        return request(base.resolve(method)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(f))).build();
    }
}

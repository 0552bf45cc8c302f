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
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Twilio Programmable Messaging. The price is null at creation and billed in the account's currency (USD
 * usually): the channel reports the configured price per segment first, then the real one from a poll of the
 * message resource or a status callback, converted with {@code kopilka.sms.twilio.rub-per-unit} (exact when the
 * account bills in RUB). Status callbacks are verified by their {@code X-Twilio-Signature}. Twilio takes no client
 * reference on this API: a timeout says {@code maybeDelivered}.
 */
public final class TwilioChannel extends HttpSmsChannel {

    public static final String ACCOUNT_SID = "kopilka.sms.twilio.account-sid";
    public static final String AUTH_TOKEN = "kopilka.sms.twilio.auth-token";
    public static final String FROM = "kopilka.sms.twilio.from";
    public static final String MESSAGING_SERVICE_SID = "kopilka.sms.twilio.messaging-service-sid";
    public static final String STATUS_CALLBACK_URL = "kopilka.sms.twilio.status-callback-url";
    public static final String RUB_PER_UNIT = "kopilka.sms.twilio.rub-per-unit";
    public static final String DEFAULT_BASE_URL = "https://api.twilio.com/2010-04-01/";
    /** Twilio's 20429 carries no wait: a short pause, then the dispatcher's backoff. */
    static final Duration THROTTLE_WAIT = Duration.ofSeconds(1);

    private final URI base;
    private final String accountSid;
    private final Secret authToken;
    private final String from;
    private final String messagingServiceSid;
    private final String statusCallbackUrl;
    private final Optional<BigDecimal> rubPerUnit;

    public TwilioChannel(SmsSettings settings, Clock clock) {
        super(settings, clock);
        this.base = settings.baseUrl(DEFAULT_BASE_URL);
        this.accountSid = settings.text(ACCOUNT_SID, null);
        if (accountSid == null || !accountSid.matches("AC[0-9a-fA-F]{32}")) {
            settings.problem(ACCOUNT_SID, "is required: AC followed by 32 hex digits", accountSid);
        }
        this.authToken = settings.secret(AUTH_TOKEN);
        this.from = settings.text(FROM, settings.sender());
        this.messagingServiceSid = settings.text(MESSAGING_SERVICE_SID, null);
        if (from == null && messagingServiceSid == null) {
            settings.problem(FROM, "a sender is required: " + FROM + " (a Twilio number or alphanumeric id), "
                    + SmsSettings.SENDER + " or " + MESSAGING_SERVICE_SID, null);
        }
        this.statusCallbackUrl = settings.text(STATUS_CALLBACK_URL, null);
        if (statusCallbackUrl != null && !statusCallbackUrl.matches("https?://.+")) {
            settings.problem(STATUS_CALLBACK_URL, "must be an http(s) URL Twilio can reach", statusCallbackUrl);
        }
        this.rubPerUnit = settings.decimal(RUB_PER_UNIT);
    }

    /** {@code kopilka.sms.provider=twilio}. */
    public static final class Provider extends GatewayProvider {
        public Provider() {
            super("twilio", Set.of(ACCOUNT_SID, AUTH_TOKEN, FROM, MESSAGING_SERVICE_SID, STATUS_CALLBACK_URL,
                    RUB_PER_UNIT), TwilioChannel::new);
        }
    }

    @Override
    public String provider() {
        return "twilio";
    }

    @Override
    protected SendResult submit(SmsRequest r) {
        Map<String, String> f = fields("To", r.phone(), "Body", r.text().text());
        if (messagingServiceSid != null) {
            f.put("MessagingServiceSid", messagingServiceSid);
        } else {
            f.put("From", from);
        }
        if (statusCallbackUrl != null) {
            f.put("StatusCallback", statusCallbackUrl);
        }
        Answer answer = exchange(request(base.resolve("Accounts/" + accountSid + "/Messages.json"))
                .header("Authorization", basic()).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(f))).build());
        if (answer.status() >= 500) {
            return new SendResult.Retryable("twilio HTTP " + answer.status(), retryAfter(answer), true);
        }
        JsonNode root = parse(answer);
        if (answer.status() == 200 || answer.status() == 201) {
            String sid = textOf(root, "sid");
            if (sid == null || !sid.startsWith("SM") && !sid.startsWith("MM")) {
                return malformed(answer, "no message sid");
            }
            int parts = parseInt(textOf(root, "num_segments"), r.text().parts());
            return new SendResult.Accepted(sid, price(textOf(root, "price"), textOf(root, "price_unit")), parts);
        }
        return refusal(answer.status(), root.path("code").asInt(0), textOf(root, "message"), retryAfter(answer));
    }

    /** Twilio's REST error codes that matter for sending an SMS. */
    SendResult refusal(int httpStatus, int code, String message, Duration retryAfter) {
        String reason = "twilio " + code + " (HTTP " + httpStatus + ") " + (message == null ? "" : message);
        if (httpStatus == 429 || code == 20429) {
            return SendResult.Retryable.after(reason, retryAfter == null ? THROTTLE_WAIT : retryAfter);
        }
        return switch (code) {
            case 20003, 20005, 20008 -> new SendResult.Permanent(reason + " (check the account sid and auth token,"
                    + " and that the account is active and funded)", false, true);
            // invalid 'To', not a mobile number, unsubscribed (STOP), cannot route to this number
            case 21211, 21614, 21610, 21612, 21217, 21421 -> new SendResult.Permanent(reason, true, false);
            // geo permissions, invalid sender or messaging service: the account must be set up
            case 21408, 21606, 21659, 21212, 21703, 21704, 21705 -> new SendResult.Permanent(reason, false, true);
            case 21617 -> new SendResult.Permanent(reason + " (body too long)", false, false);
            default -> new SendResult.Permanent(reason, false, httpStatus == 401 || httpStatus == 403);
        };
    }

    /** Twilio's price (a negative decimal string in price_unit) as kopecks, when it can be converted exactly. */
    OptionalLong price(String price, String unit) {
        return amount(price, unit, true);
    }

    private OptionalLong amount(String price, String unit, boolean charge) {
        if (price == null || price.isBlank()) {
            return OptionalLong.empty();
        }
        BigDecimal amount;
        try {
            BigDecimal parsed = new BigDecimal(price.strip());
            amount = charge ? parsed.abs() : parsed;
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
        if ("RUB".equalsIgnoreCase(unit)) {
            return OptionalLong.of(Kopecks.ofRubles(amount));
        }
        return rubPerUnit.map(rate -> OptionalLong.of(Kopecks.ofRubles(amount.multiply(rate))))
                .orElse(OptionalLong.empty());
    }

    @Override
    protected List<DeliveryReport> poll(Collection<String> ids) {
        List<DeliveryReport> out = new ArrayList<>();
        for (String sid : ids) {
            try {
                Answer answer = exchange(request(base.resolve("Accounts/" + accountSid + "/Messages/" + sid + ".json"))
                        .header("Authorization", basic()).GET().build());
                if (answer.status() != 200) {
                    continue;
                }
                JsonNode root = parse(answer);
                statusOf(textOf(root, "status")).ifPresent(status -> out.add(new DeliveryReport(Channel.SMS, sid,
                        status, price(textOf(root, "price"), textOf(root, "price_unit")), clock.instant(),
                        "twilio " + textOf(root, "status") + (root.path("error_code").isNull() ? ""
                                : " error " + root.path("error_code").asText()))));
            } catch (Failure f) {
                // asked again at the next poll
            }
        }
        return out;
    }

    static Optional<DeliveryStatus> statusOf(String status) {
        if (status == null) {
            return Optional.empty();
        }
        return switch (status) {
            case "queued", "sending", "sent", "accepted", "scheduled" -> Optional.of(DeliveryStatus.PENDING);
            case "delivered", "read" -> Optional.of(DeliveryStatus.DELIVERED);
            case "undelivered", "failed", "canceled" -> Optional.of(DeliveryStatus.FAILED);
            default -> Optional.empty();
        };
    }

    /**
     * Handles a status callback: verifies {@code X-Twilio-Signature} against the full URL Twilio posted to and
     * the form parameters, then hands the report. Returns false (answer 403) when the signature does not match;
     * true (answer 200 or 204) otherwise.
     */
    public boolean handleStatusCallback(String fullUrl, Map<String, String> params, String signature) {
        if (signature == null || !MessageDigest.isEqual(signature.getBytes(StandardCharsets.UTF_8),
                sign(fullUrl, params).getBytes(StandardCharsets.UTF_8))) {
            org.slf4j.LoggerFactory.getLogger(TwilioChannel.class).warn("Twilio callback with a bad signature for {}"
                    + " refused", params.get("MessageSid"));
            return false;
        }
        String sid = params.get("MessageSid");
        Optional<DeliveryStatus> status = statusOf(params.get("MessageStatus"));
        if (sid != null && status.isPresent()) {
            hand(new DeliveryReport(Channel.SMS, sid, status.get(), OptionalLong.empty(), clock.instant(),
                    "twilio " + params.get("MessageStatus") + (params.containsKey("ErrorCode")
                            ? " error " + params.get("ErrorCode") : "")));
            if (status.get() != DeliveryStatus.PENDING) {
                awaitStatus(sid); // the price comes later than the status: one more poll fetches it
            }
        }
        return true;
    }

    private String sign(String url, Map<String, String> params) {
        StringBuilder data = new StringBuilder(url);
        new TreeMap<>(params).forEach((k, v) -> data.append(k).append(v));
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(authToken.reveal().getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 unavailable", e);
        }
    }

    @Override
    protected OptionalLong fetchBalance() {
        Answer answer = exchange(request(base.resolve("Accounts/" + accountSid + "/Balance.json"))
                .header("Authorization", basic()).GET().build());
        if (answer.status() != 200) {
            return OptionalLong.empty();
        }
        JsonNode root = parse(answer);
        return amount(textOf(root, "balance"), textOf(root, "currency"), false);
    }

    private String basic() {
        return "Basic " + Base64.getEncoder().encodeToString((accountSid + ":" + authToken.reveal())
                .getBytes(StandardCharsets.UTF_8));
    }

    private static int parseInt(String s, int fallback) {
        try {
            return s == null ? fallback : Math.max(1, Integer.parseInt(s.strip()));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}

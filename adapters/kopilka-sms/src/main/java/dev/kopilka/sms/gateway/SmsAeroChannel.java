package dev.kopilka.sms.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * SMS Aero REST v2 (HTTP Basic {@code email:api_key}, JSON): the send answer carries {@code data.cost}. Refusals
 * come as {@code success:false} with a message (recognised by its words, as SMS Aero publishes no codes), the
 * legacy {@code result:"no credits"}, HTTP 401, 429 and 5xx. No client reference: a timeout says
 * {@code maybeDelivered}.
 */
public final class SmsAeroChannel extends HttpSmsChannel {

    public static final String EMAIL = "kopilka.sms.smsaero.email";
    public static final String API_KEY = "kopilka.sms.smsaero.api-key";
    public static final String DEFAULT_BASE_URL = "https://gate.smsaero.ru/v2/";
    /** SMS Aero's mirrors, tried in order when one cannot be reached (as its official clients do). */
    public static final String DEFAULT_BASE_URLS = "https://gate.smsaero.ru/v2/,https://gate.smsaero.org/v2/,"
            + "https://gate.smsaero.net/v2/";

    private final List<URI> bases;
    private final String authorization;

    public SmsAeroChannel(SmsSettings settings, Clock clock) {
        super(settings, clock);
        List<URI> urls = new ArrayList<>();
        for (String url : settings.text(SmsSettings.BASE_URL, DEFAULT_BASE_URLS).split(",")) {
            urls.add(url.isBlank() ? URI.create(DEFAULT_BASE_URL) : baseUrl(settings, url.strip()));
        }
        this.bases = List.copyOf(urls);
        Secret email = settings.secret(EMAIL);
        Secret key = settings.secret(API_KEY);
        this.authorization = "Basic " + Base64.getEncoder().encodeToString((email.reveal() + ":" + key.reveal())
                .getBytes(StandardCharsets.UTF_8));
    }

    /** {@code kopilka.sms.provider=smsaero}. */
    public static final class Provider extends GatewayProvider {
        public Provider() {
            super("smsaero", Set.of(EMAIL, API_KEY), SmsAeroChannel::new);
        }
    }

    @Override
    public String provider() {
        return "smsaero";
    }

    @Override
    protected SendResult submit(SmsRequest r) {
        ObjectNode body = json.createObjectNode();
        body.put("number", Long.parseLong(r.digits()));
        body.put("text", r.text().text());
        body.put("sign", r.sender() == null ? "SMS Aero" : r.sender());
        Answer answer = post(settings.testMode() ? "sms/testsend" : "sms/send", body);
        if (answer.status() == 429) {
            return new SendResult.Retryable("smsaero throttled (HTTP 429)", retryAfter(answer), false);
        }
        if (answer.status() >= 500) {
            return new SendResult.Retryable("smsaero HTTP " + answer.status(), retryAfter(answer), true);
        }
        if (answer.status() == 401 || answer.status() == 403) {
            return new SendResult.Permanent("smsaero HTTP " + answer.status() + " (check email and api key)", false,
                    true);
        }
        JsonNode root = parse(answer);
        if ("no credits".equals(textOf(root, "result"))) {
            return new SendResult.Permanent("smsaero: no credits (insufficient funds: top up the account)", false, true);
        }
        if ("reject".equals(textOf(root, "result"))) {
            return new SendResult.Permanent("smsaero rejected: " + textOf(root, "reason"), false, false);
        }
        if (!root.path("success").isBoolean()) {
            return malformed(answer, "no success field");
        }
        if (!root.path("success").asBoolean()) {
            return refusal(textOf(root, "message"), root.get("data"));
        }
        JsonNode data = root.path("data");
        String id = textOf(data, "id");
        if (id == null || id.isBlank()) {
            return malformed(answer, "no data.id");
        }
        return new SendResult.Accepted(id, Kopecks.parse(textOf(data, "cost")), r.text().parts());
    }

    /** SMS Aero's refusals, told apart by their words. */
    SendResult refusal(String message, JsonNode data) {
        String all = ((message == null ? "" : message) + " " + (data == null || data.isNull() ? "" : data.toString()))
                .toLowerCase(Locale.ROOT);
        String reason = "smsaero: " + all.strip();
        if (all.contains("credit") || all.contains("balance") || all.contains("money") || all.contains("средств")) {
            return new SendResult.Permanent(reason + " (insufficient funds: top up the account)", false, true);
        }
        if (all.contains("number") || all.contains("номер")) {
            return new SendResult.Permanent(reason, true, false);
        }
        if (all.contains("auth") || all.contains("sign") || all.contains("подпис")) {
            return new SendResult.Permanent(reason + " (check the credentials and the sender name)", false, true);
        }
        return new SendResult.Permanent(reason, false, true);
    }

    @Override
    protected List<DeliveryReport> poll(Collection<String> ids) {
        List<DeliveryReport> out = new ArrayList<>();
        for (String id : ids) {
            try {
                ObjectNode body = json.createObjectNode();
                body.put("id", Long.parseLong(id));
                JsonNode root = parse(post(settings.testMode() ? "sms/teststatus" : "sms/status", body));
                if (!root.path("success").asBoolean(false)) {
                    continue;
                }
                JsonNode data = root.path("data");
                statusOf(data.path("status").asInt(-1)).ifPresent(status -> out.add(new DeliveryReport(Channel.SMS, id,
                        status, Kopecks.parse(textOf(data, "cost")), clock.instant(),
                        "smsaero " + textOf(data, "extendStatus"))));
            } catch (Failure | NumberFormatException f) {
                // asked again at the next poll
            }
        }
        return out;
    }

    static Optional<DeliveryStatus> statusOf(int status) {
        return switch (status) {
            case 0, 3, 4, 8 -> Optional.of(DeliveryStatus.PENDING);
            case 1 -> Optional.of(DeliveryStatus.DELIVERED);
            case 2, 6 -> Optional.of(DeliveryStatus.FAILED);
            default -> Optional.empty();
        };
    }

    @Override
    protected OptionalLong fetchBalance() {
        JsonNode root = parse(post("balance", json.createObjectNode()));
        return root.path("success").asBoolean(false) ? Kopecks.parse(textOf(root.path("data"), "balance"))
                : OptionalLong.empty();
    }

    private static URI baseUrl(SmsSettings settings, String url) {
        try {
            URI uri = URI.create(url.endsWith("/") ? url : url + "/");
            if (uri.getHost() == null || !uri.getScheme().startsWith("http")) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            settings.problem(SmsSettings.BASE_URL, "must be http(s) URLs separated by commas, such as "
                    + DEFAULT_BASE_URL, url);
            return URI.create(DEFAULT_BASE_URL);
        }
    }

    /**
     * Posts to the first mirror that can be reached. Only a failure to connect moves on to the next: once a
     * request may have reached one mirror, trying another could send the message twice.
     */
    private Answer post(String method, ObjectNode body) {
        Failure last = null;
        for (URI base : bases) {
            try {
                return exchange(request(base.resolve(method)).header("Content-Type", "application/json")
                        .header("Authorization", authorization)
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)).build());
            } catch (Failure f) {
                if (!(f.result() instanceof SendResult.Retryable r) || r.maybeDelivered()) {
                    throw f;
                }
                last = f;
            }
        }
        throw last;
    }
}

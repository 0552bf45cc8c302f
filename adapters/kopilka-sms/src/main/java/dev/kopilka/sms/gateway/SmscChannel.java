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
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * SMSC.ru ({@code sys/send.php}, {@code fmt=3}, {@code charset=utf-8}, {@code cost=3}): the send answer carries
 * the cost, the parts and the balance. Our reference goes as SMSC's client {@code id} (a stable 31-bit number
 * derived from it), and SMSC refuses an identical request within a minute with code 9: a retry after a lost
 * answer is not sent twice, and code 9 is reported as possibly delivered. Statuses are polled per message
 * ({@code status.php} needs the phone too, so the provider id is {@code <id>-<phone digits>}).
 */
public final class SmscChannel extends HttpSmsChannel {

    public static final String LOGIN = "kopilka.sms.smsc.login";
    public static final String PASSWORD = "kopilka.sms.smsc.password";
    public static final String DEFAULT_BASE_URL = "https://smsc.ru/";

    private final URI base;
    private final Secret login;
    private final Secret password;

    public SmscChannel(SmsSettings settings, Clock clock) {
        super(settings, clock);
        this.base = settings.baseUrl(DEFAULT_BASE_URL);
        this.login = settings.secret(LOGIN);
        this.password = settings.secret(PASSWORD);
    }

    /** {@code kopilka.sms.provider=smsc}. */
    public static final class Provider extends GatewayProvider {
        public Provider() {
            super("smsc", Set.of(LOGIN, PASSWORD), SmscChannel::new);
        }
    }

    @Override
    public String provider() {
        return "smsc";
    }

    /** SMSC's client message id: 1..2^31-1, the same for every retry of one message. */
    static String clientId(String reference) {
        byte[] bytes = reference.getBytes(StandardCharsets.UTF_8);
        long h = 1125899906842597L;
        for (byte b : bytes) {
            h = 31 * h + b;
        }
        return Long.toString((h & 0x7FFF_FFFFL) == 0 ? 1 : h & 0x7FFF_FFFFL);
    }

    @Override
    protected SendResult submit(SmsRequest r) {
        Map<String, String> f = auth();
        f.putAll(fields("phones", r.digits(), "mes", r.text().text(), "fmt", "3", "charset", "utf-8", "cost", "3",
                "id", clientId(r.reference())));
        if (r.sender() != null) {
            f.put("sender", r.sender());
        }
        Answer answer = exchange(post("sys/send.php", f));
        if (answer.status() >= 500 || answer.status() == 429) {
            return new SendResult.Retryable("smsc HTTP " + answer.status(), retryAfter(answer), true);
        }
        if (answer.status() != 200) {
            return malformed(answer, "unexpected HTTP status");
        }
        JsonNode root = parse(answer);
        if (root.has("error_code")) {
            return refusal(root.path("error_code").asInt(), textOf(root, "error"));
        }
        String id = textOf(root, "id");
        int cnt = root.path("cnt").asInt(0);
        if (id == null || id.isBlank() || cnt < 1) {
            return malformed(answer, "no id or cnt");
        }
        Kopecks.parse(textOf(root, "balance")).ifPresent(this::noteBalance);
        return new SendResult.Accepted(id + "-" + r.digits(), Kopecks.parse(textOf(root, "cost")), cnt);
    }

    /** Every documented error code of the send method. */
    SendResult refusal(int code, String text) {
        String reason = "smsc " + code + (text == null ? "" : " " + text);
        return switch (code) {
            case 1, 5 -> new SendResult.Permanent(reason + " (the integration must be fixed)", false, true);
            case 2 -> new SendResult.Permanent(reason + " (check login and password)", false, true);
            case 3 -> new SendResult.Permanent(reason + " (insufficient funds: top up the account)", false, true);
            case 4 -> SendResult.Retryable.after(reason + " (IP blocked for a while after failed requests)",
                    Duration.ofMinutes(10));
            case 6 -> new SendResult.Permanent(reason + " (text or sender name forbidden)", false, true);
            case 7, 8 -> new SendResult.Permanent(reason, true, false);
            // An identical request within a minute: most often our own retry of a send whose answer was lost.
            case 9 -> new SendResult.Retryable(reason + " (duplicate or too frequent)", Duration.ofMinutes(1), true);
            default -> new SendResult.Permanent(reason + " (undocumented code)", false, true);
        };
    }

    @Override
    protected List<DeliveryReport> poll(Collection<String> ids) {
        List<DeliveryReport> out = new ArrayList<>();
        for (String providerId : ids) {
            int dash = providerId.lastIndexOf('-');
            if (dash < 0) {
                continue;
            }
            try {
                Map<String, String> f = auth();
                f.putAll(fields("id", providerId.substring(0, dash), "phone", providerId.substring(dash + 1), "fmt", "3",
                        "all", "1", "charset", "utf-8"));
                JsonNode root = parse(exchange(post("sys/status.php", f)));
                statusOf(root.path("status").asInt(-3)).ifPresent(status -> out.add(new DeliveryReport(Channel.SMS,
                        providerId, status, Kopecks.parse(textOf(root, "cost")), clock.instant(),
                        "smsc status " + root.path("status").asInt()
                                + (root.has("err") ? " err " + root.path("err").asText() : ""))));
            } catch (Failure f) {
                // asked again at the next poll
            }
        }
        return out;
    }

    static Optional<DeliveryStatus> statusOf(int status) {
        return switch (status) {
            case -1, 0 -> Optional.of(DeliveryStatus.PENDING);
            case 1, 2 -> Optional.of(DeliveryStatus.DELIVERED);
            case 3, 20, 22, 23, 24, 25 -> Optional.of(DeliveryStatus.FAILED);
            default -> Optional.empty(); // -3 not found (yet)
        };
    }

    @Override
    protected OptionalLong fetchBalance() {
        Map<String, String> f = auth();
        f.put("fmt", "3");
        return Kopecks.parse(textOf(parse(exchange(post("sys/balance.php", f))), "balance"));
    }

    private Map<String, String> auth() {
        return fields("login", login.reveal(), "psw", password.reveal());
    }

    private HttpRequest post(String method, Map<String, String> f) {
        return request(base.resolve(method)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(f))).build();
    }
}

package dev.kopilka.testkit.sms;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * SMS Aero REST v2 ({@code /v2/sms/send}, HTTP Basic {@code email:api_key}, JSON or form body): the envelope
 * {@code {"success":…,"data":…,"message":…}} with the cost in the send answer, the legacy
 * {@code {"result":"no credits"}} for an empty account, 429 with {@code Retry-After} when throttled, 401 for
 * bad credentials.
 */
public final class FakeSmsAero extends GatewayFake {

    public static final String EMAIL = "shop@example.ru";
    public static final String API_KEY = "0123456789abcdef0123456789abcdef";

    private final Map<String, Integer> statuses = new ConcurrentHashMap<>();
    private final Map<String, String> costs = new ConcurrentHashMap<>();
    private volatile String pricePerPart = "5.49";
    private volatile String balance = "337.03";

    public static FakeSmsAero start() {
        return new FakeSmsAero();
    }

    public void pricePerPart(String rubles) {
        this.pricePerPart = rubles;
    }

    public void balance(String rubles) {
        this.balance = rubles;
    }

    /** {@code sms/status} from now on: 1 delivered, 2 not delivered, 6 rejected, 0/3/4/8 on its way. */
    public void status(String id, int status) {
        statuses.put(id, status);
    }

    @Override
    protected String basePath() {
        return "/v2/";
    }

    @Override
    protected boolean isSend(String path) {
        return path.equals("sms/send") || path.equals("sms/testsend");
    }

    @Override
    protected String textOf(Map<String, String> params) {
        return params.get("text");
    }

    private static boolean authorised(Recorded r) {
        String expected = "Basic " + Base64.getEncoder().encodeToString((EMAIL + ":" + API_KEY)
                .getBytes(StandardCharsets.UTF_8));
        return expected.equals(r.headers().get("authorization"));
    }

    private static Reply failure(int status, String message) {
        return Reply.json(status, "{\"success\":false,\"data\":null,\"message\":" + q(message) + "}");
    }

    private String data(String id, Map<String, String> p, int status) {
        String cost = new java.math.BigDecimal(pricePerPart)
                .multiply(java.math.BigDecimal.valueOf(parts(p.getOrDefault("text", "")))).toPlainString();
        costs.putIfAbsent(id, cost);
        return "{\"id\":" + id + ",\"from\":" + q(p.getOrDefault("sign", "SMS Aero")) + ",\"number\":"
                + q(p.getOrDefault("number", "")) + ",\"text\":" + q(p.getOrDefault("text", "")) + ",\"status\":" + status
                + ",\"extendStatus\":\"" + (status == 1 ? "delivery" : "queue") + "\",\"channel\":\"FREE SIGN\","
                + "\"cost\":" + costs.get(id) + ",\"dateCreate\":1719119523,\"dateSend\":1719119523}";
    }

    @Override
    protected Reply send(Script script, Recorded request) {
        if (!authorised(request) || script instanceof BadCredentials) {
            return failure(401, "Unauthorized");
        }
        if (script instanceof InsufficientFunds) {
            return Reply.json(200, "{\"result\":\"no credits\"}");
        }
        if (script instanceof RateLimit limit) {
            return failure(429, "Too Many Requests").withHeader("Retry-After",
                    Long.toString(limit.retryAfter().toSeconds()));
        }
        if (script instanceof Temporary) {
            return failure(503, "Service temporarily unavailable");
        }
        if (script instanceof RejectRecipient) {
            return Reply.json(200, "{\"success\":false,\"data\":{\"number\":[\"Invalid number\"]},"
                    + "\"message\":\"Validation error.\"}");
        }
        String id = nextId();
        statuses.put(id, 0);
        return Reply.json(200, "{\"success\":true,\"data\":" + data(id, request.params(), 0) + ",\"message\":null}");
    }

    @Override
    protected Reply other(Recorded request) {
        if (!authorised(request)) {
            return failure(401, "Unauthorized");
        }
        switch (request.path()) {
            case "sms/status", "sms/teststatus" -> {
                String id = request.params().get("id");
                Integer status = statuses.get(id);
                if (status == null) {
                    return failure(200, "Message not found");
                }
                return Reply.json(200, "{\"success\":true,\"data\":" + data(id, Map.of(), status) + ",\"message\":null}");
            }
            case "balance" -> {
                return Reply.json(200, "{\"success\":true,\"data\":{\"balance\":" + balance + "},\"message\":null}");
            }
            default -> {
                return null;
            }
        }
    }
}

package dev.kopilka.testkit.sms;

import java.math.BigDecimal;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * SMSC.ru ({@code sys/send.php}, {@code fmt=3}): HTTP 200 with {@code {"error":…,"error_code":N}} for every
 * refusal (2 login, 3 money, 7 bad number, 8 cannot deliver, 9 duplicate or too frequent), cost and balance as
 * strings when asked with {@code cost=3}. The front returns a 502 page when the service is down.
 */
public final class FakeSmsc extends GatewayFake {

    public static final String LOGIN = "shop";
    public static final String PASSWORD = "secret-password";

    private final Map<String, String[]> statuses = new ConcurrentHashMap<>();
    private volatile String pricePerPart = "2.90";
    private volatile String balance = "1234.50";

    public static FakeSmsc start() {
        return new FakeSmsc();
    }

    public void pricePerPart(String rubles) {
        this.pricePerPart = rubles;
    }

    public void balance(String rubles) {
        this.balance = rubles;
    }

    /** What {@code status.php} says from now on (1 delivered, 20 impossible to deliver, ...). */
    public void status(String id, String phone, int status) {
        String[] old = statuses.get(id + "/" + phone);
        statuses.put(id + "/" + phone, new String[] {Integer.toString(status), old == null ? "0" : old[1]});
    }

    @Override
    protected boolean isSend(String path) {
        return path.equals("sys/send.php");
    }

    @Override
    protected String textOf(Map<String, String> params) {
        return params.get("mes");
    }

    private static Reply error(String text, int code, String id) {
        return Reply.json(200, "{\"error\":" + q(text) + ",\"error_code\":" + code + (id == null ? "" : ",\"id\":" + id)
                + "}");
    }

    private boolean authorised(Map<String, String> p) {
        return LOGIN.equals(p.get("login")) && PASSWORD.equals(p.get("psw"));
    }

    @Override
    protected Reply send(Script script, Recorded request) {
        Map<String, String> p = request.params();
        String id = p.containsKey("id") ? p.get("id") : nextId();
        if (!authorised(p) || script instanceof BadCredentials) {
            return error("authorise error", 2, null);
        }
        if (!"utf-8".equals(p.get("charset"))) {
            return error("parameters error: charset must be utf-8 for this fake", 1, null);
        }
        if (script instanceof InsufficientFunds) {
            return error("no money", 3, id);
        }
        if (script instanceof RateLimit) {
            return error("duplicate request, wait a minute", 9, null);
        }
        if (script instanceof RejectRecipient) {
            return error("message is denied", 8, id);
        }
        if (script instanceof Temporary) {
            return new Reply(502, "text/html", "<html><body><h1>502 Bad Gateway</h1></body></html>", Map.of());
        }
        int cnt = parts(p.getOrDefault("mes", ""));
        String cost = new BigDecimal(pricePerPart).multiply(BigDecimal.valueOf(cnt)).toPlainString();
        statuses.put(id + "/" + p.get("phones"), new String[] {"-1", cost});
        String withCost = "2".equals(p.get("cost")) || "3".equals(p.get("cost"))
                ? ",\"cost\":" + q(cost) + ",\"balance\":" + q(balance) : "";
        return Reply.json(200, "{\"id\":" + id + ",\"cnt\":" + cnt + withCost + "}");
    }

    @Override
    protected Reply other(Recorded request) {
        Map<String, String> p = request.params();
        if (!authorised(p)) {
            return error("authorise error", 2, null);
        }
        switch (request.path()) {
            case "sys/status.php" -> {
                String[] s = statuses.get(p.get("id") + "/" + p.get("phone"));
                if (s == null) {
                    return Reply.json(200, "{\"status\":-3,\"last_date\":\"\",\"last_timestamp\":0}");
                }
                return Reply.json(200, "{\"status\":" + s[0] + ",\"last_date\":\"01.12.2026 10:00:00\","
                        + "\"last_timestamp\":1796119200,\"cost\":" + q(s[1]) + "}");
            }
            case "sys/balance.php" -> {
                return Reply.json(200, "{\"balance\":" + q(balance) + "}");
            }
            default -> {
                return null;
            }
        }
    }

    @Override
    public boolean carriesRetryAfter() {
        return false;
    }
}

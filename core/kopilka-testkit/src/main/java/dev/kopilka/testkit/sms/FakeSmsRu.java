package dev.kopilka.testkit.sms;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * SMS.ru as its HTTP API answers ({@code json=1}): always HTTP 200, the outcome in {@code status_code} at the top
 * (request errors: 200 bad api_id, 201 no money, 220 service unavailable) and per number in {@code sms}
 * (207 no route, 231 same message per minute). The send answer has no cost; {@code sms/status} has it.
 */
public final class FakeSmsRu extends GatewayFake {

    public static final String API_ID = "test-api-id-0001";

    private final Map<String, String[]> statuses = new ConcurrentHashMap<>();
    private volatile BigDecimal balance = new BigDecimal("4122.56");
    private volatile String costPerPart = "2.55";

    public static FakeSmsRu start() {
        return new FakeSmsRu();
    }

    /** The balance every answer reports. */
    public void balance(String rubles) {
        this.balance = new BigDecimal(rubles);
    }

    /** The charge per part that {@code sms/status} and {@code sms/cost} report. */
    public void costPerPart(String rubles) {
        this.costPerPart = rubles;
    }

    /** What {@code sms/status} says about a message from now on (e.g. 103 delivered, 104 expired). */
    public void status(String smsId, int statusCode, String cost) {
        statuses.put(smsId, new String[] {Integer.toString(statusCode), cost});
    }

    /** The body of an sms.ru callback POST ({@code data[]} records, one per status change). */
    public static String callbackBody(String smsId, int statusCode, long unixTime) {
        String record = "sms_status\n" + smsId + "\n" + statusCode + "\n" + unixTime;
        return "data%5B%5D=" + URLEncoder.encode(record, StandardCharsets.UTF_8);
    }

    @Override
    protected boolean isSend(String path) {
        return path.equals("sms/send");
    }

    @Override
    protected String textOf(Map<String, String> params) {
        return params.get("msg");
    }

    private static Reply requestError(int code, String text) {
        return Reply.json(200, "{\"status\":\"ERROR\",\"status_code\":" + code + ",\"status_text\":" + q(text) + "}");
    }

    private Reply numberAnswer(String to, String entry) {
        return Reply.json(200, "{\"status\":\"OK\",\"status_code\":100,\"sms\":{" + q(to) + ":" + entry
                + "},\"balance\":" + balance + "}");
    }

    @Override
    protected Reply send(Script script, Recorded request) {
        Map<String, String> p = request.params();
        if (!API_ID.equals(p.get("api_id")) || script instanceof BadCredentials) {
            return requestError(200, "Неправильный api_id");
        }
        String to = p.getOrDefault("to", "");
        if (script instanceof InsufficientFunds) {
            return requestError(201, "Не хватает средств на лицевом счету");
        }
        if (script instanceof Temporary) {
            return requestError(220, "Сервис временно недоступен, попробуйте чуть позже");
        }
        if (script instanceof RateLimit) {
            return numberAnswer(to, "{\"status\":\"ERROR\",\"status_code\":231,\"status_text\":"
                    + q("Превышен лимит одинаковых сообщений на этот номер в минуту") + "}");
        }
        if (script instanceof RejectRecipient) {
            return numberAnswer(to, "{\"status\":\"ERROR\",\"status_code\":207,\"status_text\":"
                    + q("На этот номер нельзя отправлять сообщения") + "}");
        }
        String id = "000000-" + nextId();
        int parts = parts(p.getOrDefault("msg", ""));
        statuses.put(id, new String[] {"102", new BigDecimal(costPerPart).multiply(BigDecimal.valueOf(parts))
                .toPlainString()});
        return numberAnswer(to, "{\"status\":\"OK\",\"status_code\":100,\"sms_id\":" + q(id) + "}");
    }

    @Override
    protected Reply other(Recorded request) {
        Map<String, String> p = request.params();
        if (!API_ID.equals(p.get("api_id"))) {
            return requestError(200, "Неправильный api_id");
        }
        switch (request.path()) {
            case "sms/status" -> {
                StringBuilder sms = new StringBuilder();
                for (String id : p.getOrDefault("sms_id", "").split(",")) {
                    String[] s = statuses.get(id);
                    if (sms.length() > 0) {
                        sms.append(',');
                    }
                    sms.append(q(id)).append(':').append(s == null
                            ? "{\"status\":\"ERROR\",\"status_code\":-1,\"status_text\":\"Сообщение не найдено\"}"
                            : "{\"status\":\"OK\",\"status_code\":" + s[0] + ",\"cost\":" + s[1] + "}");
                }
                return Reply.json(200, "{\"status\":\"OK\",\"status_code\":100,\"sms\":{" + sms + "},\"balance\":"
                        + balance + "}");
            }
            case "my/balance" -> {
                return Reply.json(200, "{\"status\":\"OK\",\"status_code\":100,\"balance\":" + balance + "}");
            }
            case "sms/cost" -> {
                int parts = parts(p.getOrDefault("msg", ""));
                String cost = new BigDecimal(costPerPart).multiply(BigDecimal.valueOf(parts)).toPlainString();
                return Reply.json(200, "{\"status\":\"OK\",\"status_code\":100,\"sms\":{" + q(p.getOrDefault("to", ""))
                        + ":{\"status\":\"OK\",\"status_code\":100,\"cost\":" + cost + ",\"sms\":" + parts
                        + "}},\"total_cost\":" + cost + ",\"total_sms\":" + parts + "}");
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

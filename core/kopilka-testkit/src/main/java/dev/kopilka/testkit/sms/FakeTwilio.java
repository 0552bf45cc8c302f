package dev.kopilka.testkit.sms;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Twilio Programmable Messaging ({@code POST /2010-04-01/Accounts/{sid}/Messages.json}, form body, HTTP Basic
 * {@code AccountSid:AuthToken}): 201 with the message resource ({@code price} null at creation), errors as
 * {@code {"code","message","more_info","status"}} with the matching HTTP status (400 21211 bad number, 401 20003,
 * 429 20429). {@link #signature} makes the {@code X-Twilio-Signature} of a status callback.
 */
public final class FakeTwilio extends GatewayFake {

    public static final String ACCOUNT_SID = "AC0123456789abcdef0123456789abcdef";
    public static final String AUTH_TOKEN = "auth-token-0123456789";

    private final Map<String, String[]> messages = new ConcurrentHashMap<>();
    private volatile String balance = "12.34";

    public static FakeTwilio start() {
        return new FakeTwilio();
    }

    /** The message resource from now on: status ({@code delivered}, {@code undelivered}...) and price. */
    public void status(String sid, String status, String price, String errorCode) {
        messages.put(sid, new String[] {status, price, errorCode});
    }

    public void balance(String usd) {
        this.balance = usd;
    }

    @Override
    protected String basePath() {
        return "/2010-04-01/";
    }

    @Override
    protected boolean isSend(String path) {
        return path.equals("Accounts/" + ACCOUNT_SID + "/Messages.json");
    }

    @Override
    protected String textOf(Map<String, String> params) {
        return params.get("Body");
    }

    private static boolean authorised(Recorded r) {
        String expected = "Basic " + Base64.getEncoder().encodeToString((ACCOUNT_SID + ":" + AUTH_TOKEN)
                .getBytes(StandardCharsets.UTF_8));
        return expected.equals(r.headers().get("authorization"));
    }

    private static Reply error(int status, int code, String message) {
        return Reply.json(status, "{\"code\":" + code + ",\"message\":" + q(message)
                + ",\"more_info\":\"https://www.twilio.com/docs/errors/" + code + "\",\"status\":" + status + "}");
    }

    private static String resource(String sid, Map<String, String> p, String[] state) {
        return "{\"sid\":" + q(sid) + ",\"account_sid\":" + q(ACCOUNT_SID) + ",\"api_version\":\"2010-04-01\","
                + "\"to\":" + q(p.getOrDefault("To", "")) + ",\"from\":" + q(p.getOrDefault("From", "")) + ",\"body\":"
                + q(p.getOrDefault("Body", "")) + ",\"status\":" + q(state[0]) + ",\"num_segments\":"
                + q(p.getOrDefault("_segments", "1")) + ",\"direction\":\"outbound-api\",\"price\":"
                + (state[1] == null ? "null" : q(state[1])) + ",\"price_unit\":\"USD\",\"error_code\":"
                + (state[2] == null ? "null" : state[2]) + ",\"error_message\":null,"
                + "\"date_created\":\"Tue, 01 Dec 2026 10:00:00 +0000\",\"uri\":\"/2010-04-01/Accounts/" + ACCOUNT_SID
                + "/Messages/" + sid + ".json\"}";
    }

    @Override
    protected Reply send(Script script, Recorded request) {
        if (!authorised(request) || script instanceof BadCredentials) {
            return error(401, 20003, "Authenticate");
        }
        if (script instanceof RateLimit) {
            return error(429, 20429, "Too Many Requests");
        }
        if (script instanceof Temporary) {
            return error(503, 20503, "Service Unavailable");
        }
        if (script instanceof RejectRecipient) {
            return error(400, 21211, "The 'To' number " + request.params().get("To") + " is not a valid phone number.");
        }
        if (script instanceof InsufficientFunds) {
            return error(400, 21606, "The 'From' phone number provided is not a valid message-capable Twilio phone number"
                    + " for this destination");
        }
        String sid = "SM" + String.format("%032x", Long.parseLong(nextId()));
        String[] state = {"queued", null, null};
        messages.put(sid, state);
        Map<String, String> p = new java.util.LinkedHashMap<>(request.params());
        p.put("_segments", Integer.toString(parts(p.getOrDefault("Body", ""))));
        return Reply.json(201, resource(sid, p, state));
    }

    @Override
    protected Reply other(Recorded request) {
        if (!authorised(request)) {
            return error(401, 20003, "Authenticate");
        }
        String prefix = "Accounts/" + ACCOUNT_SID + "/";
        if (request.path().equals(prefix + "Balance.json")) {
            return Reply.json(200, "{\"currency\":\"USD\",\"balance\":" + q(balance) + ",\"account_sid\":"
                    + q(ACCOUNT_SID) + "}");
        }
        if (request.path().startsWith(prefix + "Messages/") && request.path().endsWith(".json")) {
            String sid = request.path().substring((prefix + "Messages/").length(), request.path().length() - 5);
            String[] state = messages.get(sid);
            if (state == null) {
                return error(404, 20404, "The requested resource " + request.path() + " was not found");
            }
            return Reply.json(200, resource(sid, Map.of(), state));
        }
        return null;
    }

    @Override
    public boolean carriesRetryAfter() {
        return false;
    }

    /**
     * {@code X-Twilio-Signature}: Base64(HMAC-SHA1(auth token, full URL + each POST parameter's name and value,
     * sorted by name)).
     */
    public static String signature(String authToken, String url, Map<String, String> params) {
        StringBuilder data = new StringBuilder(url);
        new TreeMap<>(params).forEach((k, v) -> data.append(k).append(v));
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

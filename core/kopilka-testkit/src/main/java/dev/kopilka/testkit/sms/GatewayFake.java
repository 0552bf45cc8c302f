package dev.kopilka.testkit.sms;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.kopilka.testkit.MessageChannelContract;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Base of the loopback SMS gateway fakes: a JDK {@link HttpServer} on 127.0.0.1 (ephemeral port), a script of
 * next answers, and a recorder of every request. Each fake answers the way its real gateway does (most Russian
 * gateways with HTTP 200 and the error in the body); when nothing is scripted a send is accepted.
 */
public abstract class GatewayFake implements MessageChannelContract.ChannelFake, AutoCloseable {

    /** What the next send gets. */
    public sealed interface Script {
    }

    public record Accept() implements Script {
    }

    public record RateLimit(Duration retryAfter) implements Script {
    }

    public record Temporary() implements Script {
    }

    public record RejectRecipient() implements Script {
    }

    public record InsufficientFunds() implements Script {
    }

    public record BadCredentials() implements Script {
    }

    public record TimeOut() implements Script {
    }

    public record Garble() implements Script {
    }

    /** Exactly this answer (an error code the named scripts do not cover). */
    public record Raw(int status, String contentType, String body) implements Script {
    }

    /** One request as it reached the fake. */
    public record Recorded(String method, String path, Map<String, String> headers, Map<String, String> params,
            String body) {
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-sms-gateway");
        t.setDaemon(true);
        return t;
    });
    private final Deque<Script> script = new ConcurrentLinkedDeque<>();
    private final List<Recorded> recorded = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger sends = new AtomicInteger();
    private final AtomicInteger ids = new AtomicInteger(1000);
    private volatile Duration stall = Duration.ofSeconds(4);
    private volatile String lastText;

    protected GatewayFake() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(threads);
        server.createContext("/", this::serve);
        server.start();
    }

    /** The base URL to give the channel ({@code kopilka.sms.base-url}). */
    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + basePath());
    }

    /** The path prefix the real gateway's base URL has ("/" or "/v2/"). */
    protected String basePath() {
        return "/";
    }

    /** How long a timed-out answer stalls (longer than the channel's timeout). */
    public void stallFor(Duration duration) {
        this.stall = duration;
    }

    public void next(Script next) {
        script.addLast(next);
    }

    @Override
    public void acceptNext() {
        next(new Accept());
    }

    @Override
    public void rateLimitNext(Duration retryAfter) {
        next(new RateLimit(retryAfter));
    }

    @Override
    public void failNextTemporarily() {
        next(new Temporary());
    }

    @Override
    public void rejectRecipientNext() {
        next(new RejectRecipient());
    }

    @Override
    public void timeOutNext() {
        next(new TimeOut());
    }

    @Override
    public void garbleNext() {
        next(new Garble());
    }

    @Override
    public int sendsReceived() {
        return sends.get();
    }

    @Override
    public String lastText() {
        return lastText;
    }

    /** Every request so far, in order. */
    public List<Recorded> requests() {
        synchronized (recorded) {
            return List.copyOf(recorded);
        }
    }

    /** The last send request's parameters. */
    public Map<String, String> lastSend() {
        synchronized (recorded) {
            for (int i = recorded.size() - 1; i >= 0; i--) {
                if (isSend(recorded.get(i).path())) {
                    return recorded.get(i).params();
                }
            }
        }
        return Map.of();
    }

    protected String nextId() {
        return Integer.toString(ids.incrementAndGet());
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    // ------------------------------------------------------------------------------------------ serving

    /** Whether the path (without the base path) is the send method. */
    protected abstract boolean isSend(String path);

    /** The text of a send request (for {@link #lastText()}). */
    protected abstract String textOf(Map<String, String> params);

    /** Answers a send with the scripted outcome. */
    protected abstract Reply send(Script script, Recorded request);

    /** Answers any other method (status, balance, cost); null for 404. */
    protected abstract Reply other(Recorded request);

    /** An answer to write. */
    public record Reply(int status, String contentType, String body, Map<String, String> headers) {
        public static Reply json(int status, String body) {
            return new Reply(status, "application/json; charset=utf-8", body, Map.of());
        }

        public static Reply text(int status, String body) {
            return new Reply(status, "text/plain; charset=utf-8", body, Map.of());
        }

        public Reply withHeader(String name, String value) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.put(name, value);
            return new Reply(status, contentType, body, h);
        }
    }

    /** A flat JSON request body (strings, numbers, booleans, null) as strings, the way form fields are read. */
    private static Map<String, String> flatJson(String body) {
        Map<String, String> out = new LinkedHashMap<>();
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return out;
        }
        if (root != null && root.isObject()) {
            root.fields().forEachRemaining(f -> out.put(f.getKey(), f.getValue().isNull() ? null
                    : f.getValue().isValueNode() ? f.getValue().asText() : f.getValue().toString()));
        }
        return out;
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getPath();
            String base = basePath();
            String relative = path.startsWith(base) ? path.substring(base.length()) : path;
            Map<String, String> params = new LinkedHashMap<>(parseForm(exchange.getRequestURI().getRawQuery()));
            String type = exchange.getRequestHeaders().getFirst("Content-Type");
            if (type != null && type.contains("json")) {
                params.putAll(flatJson(body));
            } else {
                params.putAll(parseForm(body));
            }
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT),
                    String.join(",", v)));
            Recorded request = new Recorded(exchange.getRequestMethod(), relative, headers, params, body);
            recorded.add(request);
            Reply reply;
            if (isSend(relative)) {
                sends.incrementAndGet();
                lastText = textOf(params);
                Script next = script.pollFirst();
                if (next == null) {
                    next = new Accept();
                }
                if (next instanceof TimeOut) {
                    sleep(stall);
                    next = new Accept(); // the gateway did take it: only the answer was late
                }
                if (next instanceof Garble) {
                    reply = garbled(send(new Accept(), request));
                } else if (next instanceof Raw raw) {
                    reply = new Reply(raw.status(), raw.contentType(), raw.body(), Map.of());
                } else {
                    reply = send(next, request);
                }
            } else {
                reply = other(request);
                if (reply == null) {
                    reply = Reply.text(404, "not found: " + relative);
                }
            }
            byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", reply.contentType());
            reply.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
            exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        } catch (IOException | RuntimeException e) {
            // the client gave up (a timed-out request): nothing to answer
        }
    }

    /** A truncated copy of the normal answer: what a cut connection or a broken proxy delivers. */
    protected Reply garbled(Reply accepted) {
        String body = accepted.body();
        return new Reply(200, accepted.contentType(), body.substring(0, Math.max(1, body.length() / 2)), Map.of());
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static Map<String, String> parseForm(String raw) {
        Map<String, String> params = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.merge(k, v, (a, b) -> a + "\n" + b); // repeated keys (sms.ru data[]) joined by newlines
        }
        return params;
    }

    /**
     * Segments as a gateway bills them (a fake's approximation: any non-ASCII character means UCS-2; the
     * channel's own count is the one under test).
     */
    protected static int parts(String text) {
        boolean ucs2 = text.chars().anyMatch(c -> c > 0x7F);
        int single = ucs2 ? 70 : 160;
        int part = ucs2 ? 67 : 153;
        return text.length() <= single ? 1 : (text.length() + part - 1) / part;
    }

    /** JSON string literal. */
    protected static String q(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}

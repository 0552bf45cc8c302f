package dev.kopilka.testkit.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.kopilka.testkit.MessageChannelContract;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback fake of the Telegram Bot API for tests: a JDK {@link HttpServer} on 127.0.0.1 (ephemeral port)
 * speaking the wire format TelegramBots 10.x uses ({@code POST /bot<token>/<method>}, method names matched
 * case-insensitively, {@code chat_id} as string or number).
 *
 * <p>It answers {@code getMe}, {@code deleteWebhook}, a long-held {@code getUpdates} honouring {@code offset}
 * and {@code timeout} (capped by {@link #maxPollHold(Duration)} so tests stay fast), {@code sendMessage} and
 * {@code sendPhoto} (JSON or multipart) with Message objects. Incoming updates are scripted
 * ({@link #userSendsText}, {@link #userSendsContact}, {@link #userBlocksBot}, ...). Answers to sends can be
 * scripted ({@link #scriptSend}), and Telegram's flood limits are enforced when {@link #enforceLimits} is on
 * (default): more than 30 sends in any second overall, or two sends to one chat less than a second apart,
 * are answered 429 with {@code retry_after}. Everything accepted is recorded with its arrival time.
 *
 * <pre>{@code
 * try (FakeTelegramBotApi telegram = FakeTelegramBotApi.start()) {
 *     // point the client at telegram.host() / telegram.port() with scheme http, token telegram.token()
 *     telegram.userSendsText(42, "Ann", "/start s1");
 *     telegram.awaitSent(1, Duration.ofSeconds(5));
 * }
 * }</pre>
 */
public final class FakeTelegramBotApi implements MessageChannelContract.ChannelFake, AutoCloseable {

    /** Telegram's documented bulk limit. */
    public static final int DEFAULT_MESSAGES_PER_SECOND = 30;
    /** Telegram's advice for one chat. */
    public static final Duration DEFAULT_PER_CHAT_INTERVAL = Duration.ofSeconds(1);
    /** Clock skew between the sender's limiter and our arrival times that we forgive on the per-chat rule. */
    private static final long PER_CHAT_TOLERANCE_MILLIS = 20;
    private static final Pattern PATH = Pattern.compile("^/bot([^/]+)(?:/test)?/([A-Za-z]+)$");

    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;
    private final ExecutorService executor;
    private final String token;
    private final Object lock = new Object();

    // guarded by lock
    private final List<ObjectNode> updates = new ArrayList<>();
    private final Deque<SendAnswer> scriptedSends = new ArrayDeque<>();
    private final Deque<Integer> scriptedPollFailures = new ArrayDeque<>();
    private Duration stallNextPoll;
    private final Set<Long> blockedChats = new HashSet<>();
    private final List<SentMessage> sent = new ArrayList<>();
    private final List<Instant> acceptedTimes = new ArrayList<>();
    private final Map<Long, Long> lastAcceptedAtNanosByChat = new HashMap<>();
    private final ArrayDeque<Long> acceptedNanos = new ArrayDeque<>();
    private final List<Instant> rateLimitedAt = new ArrayList<>();
    private boolean enforceLimits = true;
    private int messagesPerSecond = DEFAULT_MESSAGES_PER_SECOND;
    private Duration perChatInterval = DEFAULT_PER_CHAT_INTERVAL;
    private Duration maxPollHold = Duration.ofMillis(300);
    private Duration slowAnswer = Duration.ofSeconds(3);

    private final AtomicInteger nextUpdateId = new AtomicInteger(1);
    private final AtomicInteger nextMessageId = new AtomicInteger(1);
    private final AtomicLong pollRequests = new AtomicLong();
    private final AtomicInteger sendRequests = new AtomicInteger();
    private final AtomicInteger deleteWebhookCalls = new AtomicInteger();
    private volatile long lastPollAnsweredNanos;

    private FakeTelegramBotApi(String token) throws IOException {
        this.token = token;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-telegram-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts a fake with the token {@code 123456:TEST-token}. */
    public static FakeTelegramBotApi start() {
        return start("123456:TEST-token");
    }

    public static FakeTelegramBotApi start(String token) {
        try {
            return new FakeTelegramBotApi(token);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the fake Telegram Bot API on loopback", e);
        }
    }

    public String token() {
        return token;
    }

    public String host() {
        return server.getAddress().getAddress().getHostAddress();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:<port>}: what {@code kopilka.telegram.base-url} takes. */
    public String baseUrl() {
        return "http://" + host() + ":" + port();
    }

    // ------------------------------------------------------------------------------------------ settings

    /** Whether flood limits are enforced with 429 answers (default on). */
    public FakeTelegramBotApi enforceLimits(boolean on) {
        synchronized (lock) {
            enforceLimits = on;
        }
        return this;
    }

    public FakeTelegramBotApi limits(int perSecond, Duration perChat) {
        synchronized (lock) {
            messagesPerSecond = perSecond;
            perChatInterval = perChat;
        }
        return this;
    }

    /** The longest a getUpdates is held when nothing is queued, whatever timeout the client asked for. */
    public FakeTelegramBotApi maxPollHold(Duration hold) {
        synchronized (lock) {
            maxPollHold = hold;
        }
        return this;
    }

    /** How long a {@link SendAnswer#slow()} or {@link #timeOutNext()} answer takes. */
    public FakeTelegramBotApi slowAnswer(Duration delay) {
        synchronized (lock) {
            slowAnswer = delay;
        }
        return this;
    }

    // ------------------------------------------------------------------------------------------ scripted sends

    /** Queues answers for the next sends, in order; when the script is empty, sends are accepted. */
    public FakeTelegramBotApi scriptSend(SendAnswer... answers) {
        synchronized (lock) {
            scriptedSends.addAll(List.of(answers));
        }
        return this;
    }

    /** Every later send to this chat is answered 403 "bot was blocked by the user". */
    public FakeTelegramBotApi chatBlocksBot(long chatId) {
        synchronized (lock) {
            blockedChats.add(chatId);
        }
        return this;
    }

    /** The next {@code count} getUpdates are answered with this HTTP error (502, 409...). */
    public FakeTelegramBotApi failPolls(int count, int errorCode) {
        synchronized (lock) {
            for (int i = 0; i < count; i++) {
                scriptedPollFailures.add(errorCode);
            }
        }
        return this;
    }

    /**
     * The next getUpdates gets no answer for {@code stall}, whatever its timeout: a connection that hangs
     * (what makes a long-polling bot silently stop receiving).
     */
    public FakeTelegramBotApi stallNextPoll(Duration stall) {
        synchronized (lock) {
            stallNextPoll = stall;
        }
        return this;
    }

    @Override
    public void acceptNext() {
        scriptSend(SendAnswer.ok());
    }

    @Override
    public void rateLimitNext(Duration retryAfter) {
        scriptSend(SendAnswer.tooManyRequests((int) retryAfter.toSeconds()));
    }

    @Override
    public void failNextTemporarily() {
        scriptSend(SendAnswer.serverError(502));
    }

    @Override
    public void rejectRecipientNext() {
        scriptSend(SendAnswer.blocked());
    }

    @Override
    public void timeOutNext() {
        scriptSend(SendAnswer.slow());
    }

    @Override
    public void garbleNext() {
        scriptSend(SendAnswer.garbled());
    }

    @Override
    public int sendsReceived() {
        return sendRequests.get();
    }

    @Override
    public String lastText() {
        synchronized (lock) {
            return sent.isEmpty() ? null : sent.get(sent.size() - 1).text();
        }
    }

    // ------------------------------------------------------------------------------------------ scripted updates

    /** A user writes text in their private chat with the bot (chat id = user id). Returns the update id. */
    public int userSendsText(long userId, String firstName, String text) {
        ObjectNode message = message(userId, firstName);
        message.put("text", text);
        if (text.startsWith("/")) {
            int end = text.indexOf(' ');
            ArrayNode entities = message.putArray("entities");
            entities.addObject().put("type", "bot_command").put("offset", 0).put("length", end < 0 ? text.length() : end);
        }
        return queue(u -> u.set("message", message));
    }

    /** A user opens the deep link {@code t.me/<bot>?start=<payload>}: Telegram sends "/start payload". */
    public int userStarts(long userId, String firstName, String payload) {
        return userSendsText(userId, firstName, payload == null ? "/start" : "/start " + payload);
    }

    /**
     * A user shares a contact. {@code contactUserId} equal to {@code userId} is what the request-contact
     * button produces; another id (or null) is someone else's card sent through the attachment menu.
     */
    public int userSendsContact(long userId, String firstName, String phone, Long contactUserId) {
        return queue(u -> u.set("message", contactMessage(userId, firstName, phone, contactUserId)));
    }

    /** A user forwards a contact card (it carries a forward_origin). */
    public int userForwardsContact(long userId, String firstName, String phone, Long contactUserId) {
        ObjectNode message = contactMessage(userId, firstName, phone, contactUserId);
        message.putObject("forward_origin").put("type", "hidden_user").put("date", now())
                .put("sender_user_name", "someone");
        return queue(u -> u.set("message", message));
    }

    /** A contact shared in a group chat (not private). */
    public int userSendsContactInGroup(long userId, String firstName, String phone, long groupChatId) {
        ObjectNode message = contactMessage(userId, firstName, phone, userId);
        message.putObject("chat").put("id", groupChatId).put("type", "group").put("title", "group");
        return queue(u -> u.set("message", message));
    }

    /** The user blocks the bot: a my_chat_member update with new status "kicked". */
    public int userBlocksBot(long userId, String firstName) {
        return queue(u -> u.set("my_chat_member", chatMember(userId, firstName, "member", "kicked")));
    }

    /** The user unblocks the bot: a my_chat_member update with new status "member". */
    public int userUnblocksBot(long userId, String firstName) {
        return queue(u -> u.set("my_chat_member", chatMember(userId, firstName, "kicked", "member")));
    }

    /**
     * Queues a raw update written as Bot API JSON, e.g. {@code {"message":{...}}}; its update_id is assigned.
     *
     * @throws IllegalArgumentException when the text is not a JSON object
     */
    public int queueRawUpdate(String updateJson) {
        JsonNode node;
        try {
            node = json.readTree(updateJson);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + updateJson, e);
        }
        if (!(node instanceof ObjectNode object)) {
            throw new IllegalArgumentException("an update is a JSON object: " + updateJson);
        }
        object.remove("update_id");
        return queue(u -> u.setAll(object));
    }

    private int queue(java.util.function.Consumer<ObjectNode> filler) {
        ObjectNode update = json.createObjectNode();
        int id = nextUpdateId.getAndIncrement();
        update.put("update_id", id);
        filler.accept(update);
        synchronized (lock) {
            updates.add(update);
            lock.notifyAll();
        }
        return id;
    }

    private ObjectNode message(long userId, String firstName) {
        ObjectNode m = json.createObjectNode();
        m.put("message_id", nextMessageId.getAndIncrement());
        m.put("date", now());
        m.putObject("chat").put("id", userId).put("type", "private").put("first_name", firstName);
        m.set("from", user(userId, firstName));
        return m;
    }

    private ObjectNode contactMessage(long userId, String firstName, String phone, Long contactUserId) {
        ObjectNode m = message(userId, firstName);
        ObjectNode c = m.putObject("contact").put("phone_number", phone).put("first_name", firstName);
        if (contactUserId != null) {
            c.put("user_id", contactUserId);
        }
        return m;
    }

    private ObjectNode chatMember(long userId, String firstName, String oldStatus, String newStatus) {
        ObjectNode m = json.createObjectNode();
        m.putObject("chat").put("id", userId).put("type", "private").put("first_name", firstName);
        m.set("from", user(userId, firstName));
        m.put("date", now());
        ObjectNode bot = user(Long.parseLong(token.substring(0, token.indexOf(':'))), "KopilkaBot");
        bot.put("is_bot", true);
        m.putObject("old_chat_member").put("status", oldStatus).set("user", bot.deepCopy());
        ObjectNode next = m.putObject("new_chat_member").put("status", newStatus);
        next.set("user", bot);
        if ("kicked".equals(newStatus)) {
            next.put("until_date", 0);
        }
        return m;
    }

    private ObjectNode user(long id, String firstName) {
        return json.createObjectNode().put("id", id).put("is_bot", false).put("first_name", firstName)
                .put("language_code", "ru");
    }

    private static long now() {
        return Instant.now().getEpochSecond();
    }

    // ------------------------------------------------------------------------------------------ recorder

    /** Everything the fake accepted, in arrival order. */
    public List<SentMessage> sent() {
        synchronized (lock) {
            return List.copyOf(sent);
        }
    }

    /** What was sent to one chat, in order. */
    public List<SentMessage> sentTo(long chatId) {
        synchronized (lock) {
            return sent.stream().filter(m -> m.chatId() == chatId).toList();
        }
    }

    /** When the fake answered 429 for flooding or a script. */
    public List<Instant> rateLimited() {
        synchronized (lock) {
            return List.copyOf(rateLimitedAt);
        }
    }

    /** The most messages accepted within any one-second window so far. */
    public int maxAcceptedInAnySecond() {
        synchronized (lock) {
            List<Instant> times = new ArrayList<>(acceptedTimes);
            times.sort(null);
            int best = 0;
            int start = 0;
            for (int end = 0; end < times.size(); end++) {
                while (Duration.between(times.get(start), times.get(end)).toNanos() >= 1_000_000_000L) {
                    start++;
                }
                best = Math.max(best, end - start + 1);
            }
            return best;
        }
    }

    /** Waits until at least {@code count} messages were accepted; returns them. */
    public List<SentMessage> awaitSent(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (sent.size() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("expected " + count + " sent messages within " + timeout + ", got "
                            + sent.size() + ": " + sent);
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted", e);
                }
            }
            return List.copyOf(sent);
        }
    }

    /** Waits until the client acknowledged every queued update (polled with an offset past them). */
    public void awaitUpdatesConsumed(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (!updates.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError(updates.size() + " updates not acknowledged within " + timeout);
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted", e);
                }
            }
        }
    }

    public long pollRequests() {
        return pollRequests.get();
    }

    public int deleteWebhookCalls() {
        return deleteWebhookCalls.get();
    }

    /** When a getUpdates was last answered successfully (System.nanoTime), 0 if never. */
    public long lastPollAnsweredNanos() {
        return lastPollAnsweredNanos;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    // ------------------------------------------------------------------------------------------ HTTP

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Matcher m = PATH.matcher(exchange.getRequestURI().getPath());
            if (!m.matches() || !m.group(1).equals(token)) {
                write(exchange, 404, error(404, "Not Found"));
                return;
            }
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Map<String, String> params = params(exchange, body);
            String method = m.group(2).toLowerCase(Locale.ROOT);
            switch (method) {
                case "getme" -> write(exchange, 200, ok(botUser()));
                case "deletewebhook" -> {
                    deleteWebhookCalls.incrementAndGet();
                    write(exchange, 200, ok(json.getNodeFactory().booleanNode(true)));
                }
                case "getupdates" -> getUpdates(exchange, params);
                case "sendmessage", "sendphoto" -> send(exchange, method, params);
                default -> write(exchange, 404, error(404, "Not Found: method not found"));
            }
        } catch (IOException | RuntimeException e) {
            // the client hung up (a read timeout) or wrote garbage: nothing to answer
        }
    }

    private ObjectNode botUser() {
        return user(Long.parseLong(token.substring(0, token.indexOf(':'))), "KopilkaBot").put("is_bot", true)
                .put("username", "kopilka_test_bot");
    }

    private void getUpdates(HttpExchange exchange, Map<String, String> params) throws IOException {
        pollRequests.incrementAndGet();
        long offset = parseLong(params.get("offset"), 0);
        int limit = (int) parseLong(params.get("limit"), 100);
        long timeoutSeconds = parseLong(params.get("timeout"), 0);
        Integer failure;
        Duration stall;
        synchronized (lock) {
            failure = scriptedPollFailures.poll();
            stall = stallNextPoll;
            stallNextPoll = null;
        }
        if (stall != null) {
            sleep(stall);
            return;
        }
        if (failure != null) {
            String description = failure == 409
                    ? "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"
                    : failure == 429 ? "Too Many Requests: retry after 1" : "Bad Gateway";
            write(exchange, failure, error(failure, description));
            return;
        }
        ArrayNode result = json.createArrayNode();
        synchronized (lock) {
            // an offset acknowledges every update before it: Telegram forgets them
            updates.removeIf(u -> u.get("update_id").asLong() < offset);
            lock.notifyAll();
            long hold = Math.min(Duration.ofSeconds(timeoutSeconds).toNanos(), maxPollHold.toNanos());
            long deadline = System.nanoTime() + hold;
            while (updates.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            for (ObjectNode u : updates) {
                if (result.size() >= limit) {
                    break;
                }
                result.add(u);
            }
        }
        write(exchange, 200, ok(result));
        lastPollAnsweredNanos = System.nanoTime();
    }

    private void send(HttpExchange exchange, String method, Map<String, String> params) throws IOException {
        sendRequests.incrementAndGet();
        long arrived = System.nanoTime();
        Instant arrivedAt = Instant.now();
        String chat = params.get("chat_id");
        long chatId = parseLong(chat, Long.MIN_VALUE);
        if (chatId == Long.MIN_VALUE) {
            write(exchange, 400, error(400, "Bad Request: chat_id is empty"));
            return;
        }
        String raw = "sendphoto".equals(method) ? params.get("caption") : params.get("text");
        String text = raw;
        if (raw != null && "html".equalsIgnoreCase(params.get("parse_mode"))) {
            text = renderHtml(raw);
            if (text == null) {
                write(exchange, 400, error(400, "Bad Request: can't parse entities: unsupported start tag or"
                        + " unescaped '&' or '<'"));
                return;
            }
        }
        if ("sendmessage".equals(method) && (text == null || text.isEmpty())) {
            write(exchange, 400, error(400, "Bad Request: message text is empty"));
            return;
        }
        if (text != null && text.length() > ("sendphoto".equals(method) ? 1024 : 4096)) {
            write(exchange, 400, error(400, "Bad Request: message is too long"));
            return;
        }
        SendAnswer answer;
        Duration slow;
        synchronized (lock) {
            answer = scriptedSends.poll();
            slow = slowAnswer;
            if (answer == null && blockedChats.contains(chatId)) {
                answer = SendAnswer.blocked();
            }
            if (answer == null || answer.kind() == SendAnswer.Kind.OK) {
                Integer wait = floodWait(chatId, arrived);
                if (wait != null) {
                    rateLimitedAt.add(arrivedAt);
                    answer = SendAnswer.tooManyRequests(wait);
                }
            }
            if (answer != null && answer.kind() == SendAnswer.Kind.TOO_MANY_REQUESTS) {
                if (!rateLimitedAt.contains(arrivedAt)) {
                    rateLimitedAt.add(arrivedAt);
                }
            }
        }
        if (answer == null) {
            answer = SendAnswer.ok();
        }
        switch (answer.kind()) {
            case OK -> accept(exchange, method, params, chatId, text, raw, arrivedAt);
            case SLOW -> {
                sleep(slow);
                accept(exchange, method, params, chatId, text, raw, arrivedAt);
            }
            case GARBLED -> writeRaw(exchange, 200, "{\"ok\":true,\"result\":{\"message_id\":".getBytes(StandardCharsets.UTF_8));
            case TOO_MANY_REQUESTS -> {
                ObjectNode e = error(429, "Too Many Requests: retry after " + answer.retryAfter());
                e.putObject("parameters").put("retry_after", answer.retryAfter());
                write(exchange, 429, e);
            }
            case ERROR -> write(exchange, answer.errorCode(), error(answer.errorCode(), answer.description()));
        }
    }

    /** Null when the send is within the limits (and counts it), else the seconds to wait. */
    private Integer floodWait(long chatId, long arrivedNanos) {
        if (!enforceLimits) {
            return null;
        }
        Long last = lastAcceptedAtNanosByChat.get(chatId);
        long interval = perChatInterval.toNanos() - TimeUnit.MILLISECONDS.toNanos(PER_CHAT_TOLERANCE_MILLIS);
        if (last != null && arrivedNanos - last < interval) {
            return 1;
        }
        while (!acceptedNanos.isEmpty() && arrivedNanos - acceptedNanos.peekFirst() >= 1_000_000_000L) {
            acceptedNanos.pollFirst();
        }
        if (acceptedNanos.size() >= messagesPerSecond) {
            return 1;
        }
        acceptedNanos.addLast(arrivedNanos);
        lastAcceptedAtNanosByChat.put(chatId, arrivedNanos);
        return null;
    }

    private void accept(HttpExchange exchange, String method, Map<String, String> params, long chatId, String text,
            String raw, Instant arrivedAt) throws IOException {
        int messageId = nextMessageId.getAndIncrement();
        ObjectNode result = json.createObjectNode();
        result.put("message_id", messageId);
        result.put("date", arrivedAt.getEpochSecond());
        result.putObject("chat").put("id", chatId).put("type", chatId > 0 ? "private" : "group");
        if ("sendphoto".equals(method)) {
            ArrayNode photo = result.putArray("photo");
            photo.addObject().put("file_id", "photo-" + messageId).put("file_unique_id", "u" + messageId)
                    .put("width", 320).put("height", 320);
            if (text != null) {
                result.put("caption", text);
            }
        } else {
            result.put("text", text);
        }
        SentMessage record = new SentMessage(messageId, method.equals("sendphoto") ? "sendPhoto" : "sendMessage",
                chatId, text, raw, params.get("parse_mode"), params.get("reply_markup"),
                "true".equals(params.get("allow_paid_broadcast")), photoBytes(params), arrivedAt);
        synchronized (lock) {
            sent.add(record);
            acceptedTimes.add(arrivedAt);
            lock.notifyAll();
        }
        write(exchange, 200, ok(result));
    }

    private static final Pattern TAG = Pattern.compile("</?(b|strong|i|em|u|ins|s|strike|del|code|pre|tg-spoiler"
            + "|blockquote|a(\\s+href=\"[^\"]*\")?|span\\s+class=\"tg-spoiler\")>");
    private static final Pattern ENTITY = Pattern.compile("&(lt|gt|amp|quot|#\\d+|#x[0-9a-fA-F]+);");

    /** What Telegram shows for HTML text, or null when Telegram would refuse to parse it. */
    static String renderHtml(String html) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < html.length()) {
            char c = html.charAt(i);
            if (c == '<') {
                Matcher tag = TAG.matcher(html).region(i, html.length());
                if (!tag.lookingAt()) {
                    return null;
                }
                i = tag.end();
            } else if (c == '&') {
                Matcher entity = ENTITY.matcher(html).region(i, html.length());
                if (!entity.lookingAt()) {
                    return null;
                }
                String name = entity.group(1);
                switch (name) {
                    case "lt" -> out.append('<');
                    case "gt" -> out.append('>');
                    case "amp" -> out.append('&');
                    case "quot" -> out.append('"');
                    default -> out.appendCodePoint(name.startsWith("#x") ? Integer.parseInt(name.substring(2), 16)
                            : Integer.parseInt(name.substring(1)));
                }
                i = entity.end();
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** TelegramBots uploads the file as its own part and sets photo=attach://<part name>. */
    private static long photoBytes(Map<String, String> params) {
        String photo = params.get("photo");
        if (photo != null && photo.startsWith("attach://")) {
            return parseLong(params.get(photo.substring("attach://".length()) + ".bytes"), 0);
        }
        return parseLong(params.get("photo.bytes"), 0);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private ObjectNode ok(JsonNode result) {
        ObjectNode n = json.createObjectNode();
        n.put("ok", true);
        n.set("result", result);
        return n;
    }

    private ObjectNode error(int code, String description) {
        return json.createObjectNode().put("ok", false).put("error_code", code).put("description", description);
    }

    private void write(HttpExchange exchange, int status, JsonNode body) throws IOException {
        writeRaw(exchange, status, json.writeValueAsBytes(body));
    }

    private static void writeRaw(HttpExchange exchange, int status, byte[] bytes) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static long parseLong(String s, long otherwise) {
        if (s == null || s.isBlank()) {
            return otherwise;
        }
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    /** Request parameters from a JSON body, a multipart form (sendPhoto) or a url-encoded form. */
    private Map<String, String> params(HttpExchange exchange, byte[] body) throws IOException {
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        Map<String, String> out = new LinkedHashMap<>();
        if (type != null && type.startsWith("multipart/form-data")) {
            multipart(type, body, out);
            return out;
        }
        if (body.length == 0) {
            return out;
        }
        JsonNode node = json.readTree(body);
        node.fields().forEachRemaining(e -> out.put(e.getKey(),
                e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString()));
        return out;
    }

    private static void multipart(String contentType, byte[] body, Map<String, String> out) {
        String boundary = contentType.substring(contentType.indexOf("boundary=") + "boundary=".length()).replace("\"", "");
        // ISO-8859-1 keeps one char per byte, so binary parts keep their length; text parts are re-decoded as UTF-8
        String all = new String(body, StandardCharsets.ISO_8859_1);
        for (String part : all.split("--" + Pattern.quote(boundary))) {
            int headerEnd = part.indexOf("\r\n\r\n");
            if (headerEnd < 0) {
                continue;
            }
            String headers = part.substring(0, headerEnd);
            Matcher name = Pattern.compile("name=\"([^\"]+)\"").matcher(headers);
            if (!name.find()) {
                continue;
            }
            String value = part.substring(headerEnd + 4);
            if (value.endsWith("\r\n")) {
                value = value.substring(0, value.length() - 2);
            }
            if (headers.contains("filename=")) {
                out.put(name.group(1) + ".bytes", Integer.toString(value.length()));
            } else {
                out.put(name.group(1), new String(value.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
            }
        }
    }

    // ------------------------------------------------------------------------------------------ types

    /**
     * One message the fake accepted.
     *
     * @param text        the text (or caption) as the recipient reads it: HTML tags removed, entities decoded
     * @param rawText     the text as the bot sent it
     * @param replyMarkup the reply_markup JSON as sent, null if none
     * @param photoBytes  size of the uploaded photo (sendPhoto), else 0
     */
    public record SentMessage(int messageId, String method, long chatId, String text, String rawText, String parseMode,
            String replyMarkup, boolean paidBroadcast, long photoBytes, Instant at) {
    }

    /** A scripted answer to one send. */
    public record SendAnswer(Kind kind, int errorCode, String description, int retryAfter) {

        public enum Kind { OK, SLOW, GARBLED, TOO_MANY_REQUESTS, ERROR }

        public static SendAnswer ok() {
            return new SendAnswer(Kind.OK, 0, null, 0);
        }

        /** Accepted, but only after {@link FakeTelegramBotApi#slowAnswer(Duration)}. */
        public static SendAnswer slow() {
            return new SendAnswer(Kind.SLOW, 0, null, 0);
        }

        public static SendAnswer garbled() {
            return new SendAnswer(Kind.GARBLED, 0, null, 0);
        }

        public static SendAnswer tooManyRequests(int retryAfterSeconds) {
            return new SendAnswer(Kind.TOO_MANY_REQUESTS, 429, null, retryAfterSeconds);
        }

        public static SendAnswer blocked() {
            return error(403, "Forbidden: bot was blocked by the user");
        }

        public static SendAnswer deactivated() {
            return error(403, "Forbidden: user is deactivated");
        }

        public static SendAnswer chatNotFound() {
            return error(400, "Bad Request: chat not found");
        }

        public static SendAnswer cannotParseEntities() {
            return error(400, "Bad Request: can't parse entities: unsupported start tag");
        }

        public static SendAnswer serverError(int code) {
            return error(code, code == 502 ? "Bad Gateway" : "Internal Server Error");
        }

        public static SendAnswer error(int code, String description) {
            return new SendAnswer(Kind.ERROR, code, description, 0);
        }
    }
}

package dev.kopilka.telegram;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.meta.TelegramUrl;
import org.telegram.telegrambots.meta.generics.TelegramClient;

/**
 * One bot token's way to Telegram: the Bot API URL, an OkHttp client on Kopilka-owned daemon threads (OkHttp's
 * own dispatcher threads are not daemons and would keep a stopping JVM alive), the TelegramBots client and the
 * {@link TelegramRateLimiter} every sender with this token shares. Build one per token and give it to both the
 * {@link TelegramChannel} and the {@link TelegramBot}; close it last.
 */
public final class TelegramConnection implements AutoCloseable {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final TelegramSettings settings;
    private final TelegramUrl url;
    private final ExecutorService dispatcherThreads;
    private final OkHttpClient http;
    private final TelegramClient client;
    private final TelegramRateLimiter limiter;

    private TelegramConnection(TelegramSettings settings) {
        this.settings = settings;
        this.url = telegramUrl(settings.baseUrl());
        this.dispatcherThreads = daemonPool("kopilka-telegram-http");
        // HTTP/1.1: TelegramBots users report null-message HTTP/2 stream timeouts (TelegramBots #1374, #1401)
        this.http = new OkHttpClient.Builder()
                .dispatcher(new Dispatcher(dispatcherThreads))
                .connectionPool(new ConnectionPool(10, 5, TimeUnit.MINUTES))
                .protocols(List.of(Protocol.HTTP_1_1))
                .connectTimeout(CONNECT_TIMEOUT)
                .readTimeout(settings.sendTimeout())
                .writeTimeout(settings.sendTimeout())
                .callTimeout(settings.sendTimeout().plus(CONNECT_TIMEOUT))
                .build();
        this.client = new OkHttpTelegramClient(http, settings.token(), url);
        this.limiter = new TelegramRateLimiter(settings.perSecond(), settings.paidBroadcastPerSecond(),
                settings.perChatInterval());
    }

    public static TelegramConnection open(TelegramSettings settings) {
        return new TelegramConnection(settings);
    }

    public TelegramSettings settings() {
        return settings;
    }

    public TelegramRateLimiter limiter() {
        return limiter;
    }

    TelegramClient client() {
        return client;
    }

    TelegramUrl url() {
        return url;
    }

    String token() {
        return settings.token();
    }

    /** A client for long polling: same threads, read timeout above the poll's own timeout. */
    OkHttpClient pollingHttp() {
        Duration read = settings.pollingTimeout().plusSeconds(15);
        return http.newBuilder().readTimeout(read).callTimeout(read.plus(CONNECT_TIMEOUT)).build();
    }

    static TelegramUrl telegramUrl(URI base) {
        boolean https = "https".equals(base.getScheme());
        int port = base.getPort() > 0 ? base.getPort() : https ? 443 : 80;
        return TelegramUrl.builder().schema(base.getScheme()).host(base.getHost()).port(port).testServer(false).build();
    }

    static ExecutorService daemonPool(String name) {
        AtomicInteger n = new AtomicInteger();
        return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void close() {
        http.dispatcher().cancelAll();
        dispatcherThreads.shutdownNow();
        http.connectionPool().evictAll();
    }
}

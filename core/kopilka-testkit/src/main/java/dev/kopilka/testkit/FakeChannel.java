package dev.kopilka.testkit;

import dev.kopilka.messaging.Channel;
import dev.kopilka.messaging.DeliveryReport;
import dev.kopilka.messaging.DeliveryReports;
import dev.kopilka.messaging.DeliveryStatus;
import dev.kopilka.messaging.OutboundMessage;
import dev.kopilka.messaging.SendResult;
import dev.kopilka.messaging.port.MessageChannel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A loopback channel for tests and simulations: in-process, scriptable like a provider's fake
 * ({@link MessageChannelContract.ChannelFake}), recording every send with the clock's time. It can enforce a
 * rate the way Telegram does (a send over the rate in the last second is refused with a 429-like
 * {@link SendResult.Retryable} and counted in {@link #rateLimitHits()}), and hand delivery reports to
 * messaging ({@link #report}).
 *
 * <pre>{@code
 * FakeChannel telegram = FakeChannel.telegram(clock).enforceRate(30);
 * Kopilka.builder(config).messaging(Messaging.setup().channel(telegram)) ...
 * assertThat(telegram.maxInAnySecond()).isLessThanOrEqualTo(30);
 * }</pre>
 */
public final class FakeChannel implements MessageChannel, MessageChannelContract.ChannelFake {

    /** One send that reached the fake, with what it answered. */
    public record Send(OutboundMessage message, Instant at, SendResult answer) {
    }

    private final Channel kind;
    private final Clock clock;
    private final long costKopecks;
    private final Deque<Function<OutboundMessage, SendResult>> script = new ArrayDeque<>();
    private final List<Send> sends = new ArrayList<>();
    private final Deque<Instant> acceptedWindow = new ArrayDeque<>();
    private final AtomicLong ids = new AtomicLong();
    private int ratePerSecond;
    private int rateLimitHits;
    private volatile DeliveryReports reports = report -> { };

    public FakeChannel(Channel kind, Clock clock, long costKopecks) {
        this.kind = kind;
        this.clock = clock;
        this.costKopecks = costKopecks;
    }

    public static FakeChannel telegram(Clock clock) {
        return new FakeChannel(Channel.TELEGRAM, clock, 0);
    }

    /** An SMS fake that charges {@code costKopecks} per accepted message (one part). */
    public static FakeChannel sms(Clock clock, long costKopecks) {
        return new FakeChannel(Channel.SMS, clock, costKopecks);
    }

    /** Refuses, like a 429 with {@code retry_after=1}, any send beyond {@code perSecond} in the last second. */
    public synchronized FakeChannel enforceRate(int perSecond) {
        this.ratePerSecond = perSecond;
        return this;
    }

    @Override
    public Channel channel() {
        return kind;
    }

    @Override
    public boolean canReach(OutboundMessage message) {
        return switch (kind) {
            case TELEGRAM -> message.telegramChatId() != null;
            case SMS -> message.phone() != null;
            case LOG -> true;
        };
    }

    @Override
    public synchronized SendResult send(OutboundMessage message) {
        Instant now = clock.instant();
        SendResult answer;
        Function<OutboundMessage, SendResult> scripted = script.poll();
        if (scripted != null) {
            answer = scripted.apply(message);
        } else if (ratePerSecond > 0 && overRate(now)) {
            rateLimitHits++;
            answer = SendResult.Retryable.after("429 Too Many Requests", Duration.ofSeconds(1));
        } else {
            answer = accepted();
        }
        if (answer instanceof SendResult.Accepted) {
            acceptedWindow.addLast(now);
        }
        sends.add(new Send(message, now, answer));
        return answer;
    }

    private boolean overRate(Instant now) {
        while (!acceptedWindow.isEmpty() && !acceptedWindow.peekFirst().isAfter(now.minusSeconds(1))) {
            acceptedWindow.pollFirst();
        }
        return acceptedWindow.size() >= ratePerSecond;
    }

    private SendResult accepted() {
        return new SendResult.Accepted(kind.name().toLowerCase(java.util.Locale.ROOT) + "-" + ids.incrementAndGet(),
                OptionalLong.of(costKopecks), 1);
    }

    @Override
    public void deliverReportsTo(DeliveryReports newReports) {
        this.reports = newReports;
    }

    /** Hands a delivery report for a message this fake accepted to messaging. */
    public void report(String providerMessageId, DeliveryStatus status, OptionalLong cost) {
        reports.report(new DeliveryReport(kind, providerMessageId, status, cost, clock.instant(), "fake report"));
    }

    // ------------------------------------------------------------------------------------------ scripting

    public synchronized void answerNext(SendResult answer) {
        script.addLast(m -> answer);
    }

    @Override
    public synchronized void acceptNext() {
        script.addLast(m -> accepted());
    }

    /** The next send is accepted without a cost (it comes later in a delivery report). */
    public synchronized void acceptWithoutCostNext() {
        script.addLast(m -> new SendResult.Accepted(kind.name().toLowerCase(java.util.Locale.ROOT) + "-"
                + ids.incrementAndGet(), OptionalLong.empty(), 1));
    }

    @Override
    public synchronized void rateLimitNext(Duration retryAfter) {
        script.addLast(m -> SendResult.Retryable.after("429 Too Many Requests", retryAfter));
    }

    @Override
    public synchronized void failNextTemporarily() {
        script.addLast(m -> new SendResult.Retryable("502 Bad Gateway", null, false));
    }

    @Override
    public synchronized void rejectRecipientNext() {
        script.addLast(m -> new SendResult.Permanent("403 Forbidden: bot was blocked by the user", true, false));
    }

    /** The next send is refused for the message itself (too long, bad markup): permanent, recipient still reachable. */
    public synchronized void rejectMessageNext() {
        script.addLast(m -> new SendResult.Permanent("400 Bad Request: message is too long", false, false));
    }

    @Override
    public synchronized void timeOutNext() {
        // In-process there is no socket to wait on: answer what a channel must make of a read timeout.
        script.addLast(m -> new SendResult.Retryable("read timed out after the request was sent", null, true));
    }

    @Override
    public synchronized void garbleNext() {
        script.addLast(m -> new SendResult.Retryable("malformed answer", null, true));
    }

    // ------------------------------------------------------------------------------------------ records

    @Override
    public synchronized int sendsReceived() {
        return sends.size();
    }

    @Override
    public synchronized String lastText() {
        return sends.isEmpty() ? null : sends.get(sends.size() - 1).message().text();
    }

    public synchronized List<Send> sends() {
        return List.copyOf(sends);
    }

    /** Sends this fake accepted, in order. */
    public synchronized List<Send> acceptedSends() {
        return sends.stream().filter(s -> s.answer() instanceof SendResult.Accepted).toList();
    }

    /** Refusals for going over {@link #enforceRate}. */
    public synchronized int rateLimitHits() {
        return rateLimitHits;
    }

    /** The most sends (answered or not) that fell in any one-second window {@code [t, t + 1 s)}. */
    public synchronized int maxInAnySecond() {
        List<Instant> times = sends.stream().map(Send::at).sorted().toList();
        int max = 0;
        int start = 0;
        for (int end = 0; end < times.size(); end++) {
            while (!times.get(start).plusSeconds(1).isAfter(times.get(end))) {
                start++;
            }
            max = Math.max(max, end - start + 1);
        }
        return max;
    }
}

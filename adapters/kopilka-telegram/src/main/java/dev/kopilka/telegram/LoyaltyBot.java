package dev.kopilka.telegram;

import dev.kopilka.InvalidRequestException;
import dev.kopilka.Kopilka;
import dev.kopilka.Outcome;
import dev.kopilka.ProgramId;
import dev.kopilka.Refusal;
import dev.kopilka.event.DomainEventListener;
import dev.kopilka.ledger.Balance;
import dev.kopilka.ledger.LedgerEntry;
import dev.kopilka.member.Consent;
import dev.kopilka.member.Member;
import dev.kopilka.member.MemberRef;
import dev.kopilka.member.PhoneNumbers;
import dev.kopilka.member.Registration;
import dev.kopilka.messaging.Channel;
import dev.kopilka.messaging.MessagingEvents;
import dev.kopilka.messaging.SendResult;
import dev.kopilka.promo.PromoCode;
import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.send.SendPhoto;
import org.telegram.telegrambots.meta.api.objects.InputFile;
import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.api.objects.chatmember.ChatMemberUpdated;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.ReplyKeyboard;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.ReplyKeyboardMarkup;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.ReplyKeyboardRemove;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.KeyboardButton;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.KeyboardRow;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;

/**
 * The conversation with a customer, one update at a time: {@code /start <payload>} from the till's QR code,
 * the phone shared with the request-contact button (only the sender's own: anyone's contact card could
 * otherwise claim a stranger's points), registration or linking of an existing member, then the menu —
 * balance, history, promo codes, the virtual card, offers, birthday (once), notification settings, stop.
 *
 * <p>Registration is idempotent: a contact sent twice (Telegram delivers updates at most once, but a
 * customer taps twice) finds the member by phone and links, never registers a second member. What is kept
 * in memory — the store a customer scanned until they share the phone ({@code registration.start-ttl}), and
 * "waiting for a birthday" — is lost on restart; the customer then registers without a home store or picks
 * the menu item again.
 */
public final class LoyaltyBot {

    private static final Logger LOG = LoggerFactory.getLogger(LoyaltyBot.class);
    /** Telegram's deep-link rule, optionally addressed to the bot ({@code /start@kopilka_bot}). */
    private static final Pattern START = Pattern.compile("^/start(?:@\\w+)?(?:\\s+(\\S+))?\\s*$");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd.MM.yyyy");
    private static final DateTimeFormatter BIRTHDAY_INPUT = DateTimeFormatter.ofPattern("d.M.uuuu")
            .withResolverStyle(ResolverStyle.STRICT);
    private static final int CARD_IMAGE_SIZE = 480;
    private static final int MAX_NAME = 200;
    /** How long a reply may wait for Telegram (rate limit, flood pauses, retries) before it counts as failed. */
    static final Duration REPLY_PATIENCE = Duration.ofMinutes(1);
    private static final Duration RETRY_BACKOFF_INITIAL = Duration.ofMillis(200);
    private static final Duration RETRY_BACKOFF_MAX = Duration.ofSeconds(5);

    private final Kopilka kopilka;
    private final ProgramId program;
    private final TelegramConnection connection;
    private final BotTexts texts;
    private final StartPayloads payloads;
    private final Clock clock;
    private final ZoneId zone;
    private final DomainEventListener reachability;
    private final Map<Long, PendingStart> pendingStarts = new ConcurrentHashMap<>();
    private final Map<Long, Instant> awaitingBirthday = new ConcurrentHashMap<>();
    private final AtomicLong failedReplies = new AtomicLong();

    private record PendingStart(StartPayloads.Place place, Instant at) {
    }

    LoyaltyBot(Kopilka kopilka, TelegramConnection connection, Clock clock, DomainEventListener reachability) {
        TelegramSettings settings = connection.settings();
        this.kopilka = kopilka;
        this.program = kopilka.program();
        this.connection = connection;
        this.texts = BotTexts.of(settings.language(), settings.textOverrides());
        this.payloads = new StartPayloads(settings.qrSecret());
        this.clock = clock;
        this.zone = kopilka.config().zone();
        this.reachability = reachability;
    }

    /** Handles one update; may throw, the poller logs it with the update's context and goes on. */
    void handle(Update update) {
        if (update.hasMyChatMember()) {
            chatMemberChanged(update.getMyChatMember());
            return;
        }
        if (!update.hasMessage() || update.getMessage().getFrom() == null) {
            return;
        }
        Message message = update.getMessage();
        if (!"private".equals(message.getChat().getType())) {
            if (message.hasContact()) {
                reply(message.getChatId(), texts.text("contact.not-own", "button", texts.text("button.share-phone")),
                        null);
            }
            return;
        }
        if (message.hasContact()) {
            contact(message);
            return;
        }
        if (!message.hasText()) {
            answerUnknown(message);
            return;
        }
        String text = message.getText().strip();
        Matcher start = START.matcher(text);
        if (start.matches()) {
            start(message, start.group(1));
            return;
        }
        long userId = message.getFrom().getId();
        Optional<Member> member = linkedMember(userId);
        if (member.isEmpty()) {
            reply(message.getChatId(), texts.text("need-contact"), contactKeyboard());
            return;
        }
        if (member.get().blocked()) {
            reply(message.getChatId(), texts.text("member-blocked"), null);
            return;
        }
        menu(message.getChatId(), userId, member.get(), text);
    }

    // ------------------------------------------------------------------------------------------ registration

    private void start(Message message, String payload) {
        long userId = message.getFrom().getId();
        long chatId = message.getChatId();
        Optional<StartPayloads.Place> place = Optional.empty();
        if (payload != null) {
            place = payloads.placeOf(payload);
            if (place.isEmpty()) {
                LOG.info("telegram /start from user {} with an unknown or unsigned payload (old QR code or a"
                        + " guessed link): registering without a home store", userId);
            }
        }
        Optional<Member> member = linkedMember(userId);
        if (member.isPresent()) {
            publish(new MessagingEvents.ChannelReachable(program, clock.instant(), member.get().id(), Channel.TELEGRAM));
            reply(chatId, texts.text("welcome-back", "name", firstName(message.getFrom())) + "\n\n"
                    + balanceText(member.get()), menuKeyboard());
            return;
        }
        pendingStarts.put(userId, new PendingStart(place.orElse(null), clock.instant()));
        reply(chatId, texts.text("greeting", "name", firstName(message.getFrom()), "program",
                connection.settings().programName()), contactKeyboard());
    }

    private void contact(Message message) {
        User from = message.getFrom();
        long userId = from.getId();
        long chatId = message.getChatId();
        String refusal = notOwnContact(message);
        if (refusal != null) {
            LOG.info("telegram user {} sent a contact that is not their own ({}): refused", userId, refusal);
            reply(chatId, texts.text("contact.not-own", "button", texts.text("button.share-phone")), contactKeyboard());
            return;
        }
        String raw = message.getContact().getPhoneNumber();
        String phone;
        try {
            // Telegram sends international numbers, often without the plus
            phone = PhoneNumbers.normalize(raw.strip().startsWith("+") ? raw : "+" + raw.strip(),
                    kopilka.config().defaultCountryCode());
        } catch (InvalidRequestException e) {
            reply(chatId, texts.text("contact.bad-phone", "phone", raw), contactKeyboard());
            return;
        }
        Optional<Member> linked = linkedMember(userId);
        if (linked.isPresent()) {
            reply(chatId, texts.text("welcome-back", "name", firstName(from)) + "\n\n" + balanceText(linked.get()),
                    menuKeyboard());
            return;
        }
        PendingStart pending = pendingStarts.remove(userId);
        String store = pending != null && pending.place() != null
                && Duration.between(pending.at(), clock.instant()).compareTo(connection.settings().startTtl()) <= 0
                ? pending.place().store() : null;
        Optional<Member> byPhone = kopilka.members().find(program, MemberRef.phone(phone));
        boolean registered = false;
        Member member;
        if (byPhone.isPresent()) {
            member = byPhone.get();
        } else {
            Outcome<Member> outcome = kopilka.members().register(program, Registration.withPhone(phone)
                    .name(fullName(message)).homeStore(store).consents(Consent.TELEGRAM));
            if (outcome instanceof Outcome.Accepted<Member> accepted) {
                member = accepted.value();
                registered = true;
                LOG.info("telegram user {} registered member {} (store {})", userId, member.id(), store);
            } else {
                // another update or a till registered the phone a moment ago: link that member
                member = kopilka.members().find(program, MemberRef.phone(phone)).orElseThrow(
                        () -> new IllegalStateException("registration refused (" + outcome.refusal().code()
                                + ") but no member has the phone"));
            }
        }
        if (member.telegramUserId() != null && member.telegramUserId() != userId) {
            LOG.info("telegram user {} shared the phone of member {}, already linked to another Telegram account",
                    userId, member.id());
            reply(chatId, texts.text("phone-taken"), new ReplyKeyboardRemove(true));
            return;
        }
        Outcome<Member> link = kopilka.members().linkTelegram(program, MemberRef.id(member.id()), userId);
        if (link.refusal() instanceof Refusal.DuplicateMember) {
            reply(chatId, texts.text("telegram-taken"), new ReplyKeyboardRemove(true));
            return;
        }
        member = link.orElseThrow();
        // a member who blocked the bot earlier and shares the contact again is reachable again (a no-op, and no
        // event, when there was no mark)
        try {
            kopilka.messaging().markReachable(program, member.id(), Channel.TELEGRAM);
        } catch (RuntimeException e) {
            LOG.warn("could not mark member {} reachable in Telegram", member.id(), e);
        }
        if (!registered && !member.hasConsent(Consent.TELEGRAM)) {
            // joining the bot is asking for its messages; the settings menu turns them off
            member = kopilka.members().setConsent(program, MemberRef.id(member.id()), Consent.TELEGRAM, true)
                    .orElseThrow();
        }
        String head = registered ? texts.text("registered", "program", connection.settings().programName())
                : texts.text("linked", "phone", phone);
        reply(chatId, head + "\n\n" + balanceText(member), menuKeyboard());
    }

    /** Why a contact is not the sender's own, or null when it is. */
    private static String notOwnContact(Message message) {
        Long contactUser = message.getContact().getUserId();
        if (contactUser == null) {
            return "no Telegram user in the contact";
        }
        if (!contactUser.equals(message.getFrom().getId())) {
            return "the contact belongs to Telegram user " + contactUser;
        }
        if (message.getForwardOrigin() != null || message.getForwardFrom() != null
                || message.getForwardDate() != null) {
            return "forwarded";
        }
        return null;
    }

    // ------------------------------------------------------------------------------------------ menu

    private void menu(long chatId, long userId, Member member, String text) {
        if (awaitingBirthday.remove(userId) != null && !isMenuItem(text)) {
            birthday(chatId, member, text);
            return;
        }
        if (is(text, "menu.balance", "/balance")) {
            reply(chatId, balanceText(member), menuKeyboard());
        } else if (is(text, "menu.history", "/history")) {
            reply(chatId, historyText(member), menuKeyboard());
        } else if (is(text, "menu.promo-codes", "/codes")) {
            reply(chatId, promoText(member), menuKeyboard());
        } else if (is(text, "menu.card", "/card")) {
            card(chatId, member);
        } else if (is(text, "menu.offers", "/offers")) {
            reply(chatId, texts.text("offers"), menuKeyboard());
        } else if (is(text, "menu.birthday", "/birthday")) {
            if (member.birthday() != null) {
                reply(chatId, texts.text("birthday.already", "date", DATE.format(member.birthday())), menuKeyboard());
            } else {
                awaitingBirthday.put(userId, clock.instant());
                reply(chatId, texts.text("birthday.ask"), new ReplyKeyboardRemove(true));
            }
        } else if (is(text, "menu.notifications", "/settings")) {
            notifications(chatId, member);
        } else if (is(text, "button.telegram-on", null) || is(text, "button.telegram-off", null)) {
            notifications(chatId, consent(member, Consent.TELEGRAM, is(text, "button.telegram-on", null)));
        } else if (is(text, "button.sms-on", null) || is(text, "button.sms-off", null)) {
            notifications(chatId, consent(member, Consent.SMS_MARKETING, is(text, "button.sms-on", null)));
        } else if (is(text, "menu.stop", "/stop")) {
            stop(chatId, member);
        } else if (is(text, "button.menu", "/menu") || is(text, "menu.prompt", "/help")) {
            reply(chatId, texts.text("menu.prompt"), menuKeyboard());
        } else {
            reply(chatId, texts.text("unknown"), menuKeyboard());
        }
    }

    private boolean is(String text, String key, String command) {
        return text.equals(texts.text(key)) || (command != null && (text.equals(command)
                || text.startsWith(command + "@")));
    }

    private boolean isMenuItem(String text) {
        return text.startsWith("/") || List.of("menu.balance", "menu.history", "menu.promo-codes", "menu.card",
                "menu.offers", "menu.birthday", "menu.notifications", "menu.stop", "button.menu").stream()
                .anyMatch(k -> text.equals(texts.text(k)));
    }

    private String balanceText(Member member) {
        Balance b = kopilka.ledger().balance(program, MemberRef.id(member.id())).orElseThrow();
        StringBuilder out = new StringBuilder(texts.text("balance", "available", b.available()));
        if (b.pending() > 0 && b.nextPendingAt() != null) {
            out.append('\n').append(texts.text("balance.pending", "pending", b.pending(), "date", date(b.nextPendingAt())));
        }
        if (b.expiringPoints() > 0 && b.expiringAt() != null) {
            out.append('\n').append(texts.text("balance.expiring", "points", b.expiringPoints(), "date",
                    date(b.expiringAt())));
        }
        return out.toString();
    }

    private String historyText(Member member) {
        List<LedgerEntry> all = kopilka.ledger().statement(program, MemberRef.id(member.id())).orElseThrow();
        List<LedgerEntry> shown = new ArrayList<>(all.stream().filter(e -> e.points() != 0).toList());
        Collections.reverse(shown);
        if (shown.isEmpty()) {
            return texts.text("history.empty");
        }
        StringBuilder out = new StringBuilder(texts.text("history.header"));
        for (LedgerEntry e : shown.subList(0, Math.min(shown.size(), connection.settings().historySize()))) {
            out.append('\n').append(texts.text("history.line", "date", date(e.at()), "points",
                    (e.points() > 0 ? "+" : "") + e.points(), "type", entryLabel(e)));
        }
        return out.toString();
    }

    private String entryLabel(LedgerEntry e) {
        String key = "entry." + e.type().name();
        return BotTexts.KEYS.contains(key) ? texts.text(key) : e.type().name();
    }

    private String promoText(Member member) {
        Instant now = clock.instant();
        List<PromoCode> usable = kopilka.promoCodes().ownedBy(program, member.id()).stream()
                .filter(c -> c.uses() < c.maxUses())
                .filter(c -> c.validUntil() == null || now.isBefore(c.validUntil()))
                .toList();
        if (usable.isEmpty()) {
            return texts.text("promo.none");
        }
        StringBuilder out = new StringBuilder(texts.text("promo.header"));
        for (PromoCode c : usable) {
            String until = c.validUntil() == null ? "" : texts.text("promo.until", "date",
                    date(c.validUntil().minusMillis(1)));
            out.append('\n').append(texts.text("promo.line", "code", c.code(), "discount", c.discount(), "until", until));
        }
        return out.toString();
    }

    private void card(long chatId, Member member) {
        // the till finds a member by card number, or by phone when the member registered in the bot
        String code = member.cardNumber() != null ? member.cardNumber() : member.phone();
        byte[] png = QrCodes.png(code, CARD_IMAGE_SIZE);
        SendPhoto photo = SendPhoto.builder().chatId(chatId)
                .photo(new InputFile(new ByteArrayInputStream(png), "card.png"))
                .caption(texts.text("card.caption", "card", code)).replyMarkup(menuKeyboard()).build();
        send(chatId, () -> connection.client().execute(photo));
    }

    private void birthday(long chatId, Member member, String text) {
        LocalDate date;
        try {
            date = LocalDate.parse(text.strip(), BIRTHDAY_INPUT);
        } catch (DateTimeParseException e) {
            awaitingBirthday.put(member.telegramUserId(), clock.instant());
            reply(chatId, texts.text("birthday.invalid", "input", text), null);
            return;
        }
        Outcome<Member> outcome;
        try {
            outcome = kopilka.members().setBirthday(program, MemberRef.id(member.id()), date);
        } catch (InvalidRequestException e) {
            // in the future or implausibly old
            awaitingBirthday.put(member.telegramUserId(), clock.instant());
            reply(chatId, texts.text("birthday.invalid", "input", text), null);
            return;
        }
        if (outcome.refusal() instanceof Refusal.BirthdayAlreadySet already) {
            reply(chatId, texts.text("birthday.already", "date", DATE.format(already.current())), menuKeyboard());
            return;
        }
        outcome.orElseThrow();
        reply(chatId, texts.text("birthday.saved", "date", DATE.format(date)), menuKeyboard());
    }

    private Member consent(Member member, Consent consent, boolean granted) {
        return kopilka.members().setConsent(program, MemberRef.id(member.id()), consent, granted).orElseThrow();
    }

    private void notifications(long chatId, Member member) {
        boolean telegram = member.hasConsent(Consent.TELEGRAM);
        boolean sms = member.hasConsent(Consent.SMS_MARKETING);
        String text = texts.text("notifications.status",
                "telegram", texts.text(telegram ? "notifications.on" : "notifications.off"),
                "sms", texts.text(sms ? "notifications.on" : "notifications.off"));
        ReplyKeyboardMarkup keyboard = ReplyKeyboardMarkup.builder()
                .keyboardRow(new KeyboardRow(texts.text(telegram ? "button.telegram-off" : "button.telegram-on")))
                .keyboardRow(new KeyboardRow(texts.text(sms ? "button.sms-off" : "button.sms-on")))
                .keyboardRow(new KeyboardRow(texts.text("button.menu")))
                .resizeKeyboard(true).build();
        reply(chatId, text, keyboard);
    }

    private void stop(long chatId, Member member) {
        if (member.hasConsent(Consent.TELEGRAM)) {
            consent(member, Consent.TELEGRAM, false);
        }
        publish(new MessagingEvents.ChannelUnreachable(program, clock.instant(), member.id(), Channel.TELEGRAM,
                "stop"));
        reply(chatId, texts.text("stopped"), new ReplyKeyboardRemove(true));
    }

    // ------------------------------------------------------------------------------------------ reachability

    private void chatMemberChanged(ChatMemberUpdated change) {
        if (change.getChat() == null || !"private".equals(change.getChat().getType()) || change.getFrom() == null) {
            return;
        }
        String status = change.getNewChatMember() == null ? null : change.getNewChatMember().getStatus();
        Optional<Member> member = linkedMember(change.getFrom().getId());
        if (member.isEmpty() || status == null) {
            return;
        }
        if ("kicked".equals(status)) {
            LOG.info("member {} blocked the Telegram bot", member.get().id());
            publish(new MessagingEvents.ChannelUnreachable(program, clock.instant(), member.get().id(),
                    Channel.TELEGRAM, "blocked the bot"));
        } else if ("member".equals(status)) {
            publish(new MessagingEvents.ChannelReachable(program, clock.instant(), member.get().id(), Channel.TELEGRAM));
        }
    }

    /** A reply got 403: the member blocked the bot between their message and our answer. */
    private void blockedOnReply(long chatId) {
        linkedMember(chatId).ifPresent(m -> publish(new MessagingEvents.ChannelUnreachable(program, clock.instant(),
                m.id(), Channel.TELEGRAM, "403 on reply")));
    }

    /**
     * Records the change through messaging, which marks the outbox (the dispatcher's cascade skips Telegram for
     * an unreachable member) and raises the event in the same transaction (member statistics, segments
     * {@code reachable(telegram)}); then tells the optional extra listener. A failure is logged, not thrown: the
     * conversation goes on and the dispatcher still learns about a block from the next 403.
     */
    private void publish(dev.kopilka.event.DomainEvent event) {
        try {
            if (event instanceof MessagingEvents.ChannelUnreachable u) {
                kopilka.messaging().markUnreachable(program, u.member(), u.channel(), u.reason());
            } else if (event instanceof MessagingEvents.ChannelReachable r) {
                kopilka.messaging().markReachable(program, r.member(), r.channel());
            }
        } catch (RuntimeException e) {
            LOG.warn("could not record Telegram reachability {}", event, e);
        }
        try {
            reachability.on(event);
        } catch (RuntimeException e) {
            LOG.warn("reachability listener failed on {}", event, e);
        }
    }

    // ------------------------------------------------------------------------------------------ sending

    private void answerUnknown(Message message) {
        boolean linked = linkedMember(message.getFrom().getId()).isPresent();
        reply(message.getChatId(), texts.text(linked ? "unknown" : "need-contact"),
                linked ? menuKeyboard() : contactKeyboard());
    }

    private void reply(long chatId, String text, ReplyKeyboard keyboard) {
        for (String part : TelegramText.split(text, TelegramText.MESSAGE_LIMIT)) {
            SendMessage.SendMessageBuilder<?, ?> m = SendMessage.builder().chatId(chatId).text(part);
            if (keyboard != null) {
                m.replyMarkup(keyboard);
            }
            SendMessage request = m.build();
            send(chatId, () -> connection.client().execute(request));
        }
    }

    private interface Call {
        void run() throws TelegramApiException;
    }

    /**
     * Sends within the shared limits and makes sure the customer hears back. The rate limit is waited out however
     * long it holds (up to {@link #REPLY_PATIENCE}: a flood pause or a campaign burst through the outbox channel,
     * which gives up after {@code rate.max-wait} because the dispatcher retries its messages, while nobody retries a
     * reply), and a send that surely did not arrive — a 429 (after its {@code retry_after}), a 5xx, no connection —
     * is sent again. Only a reply that may already have arrived (a timeout, an unreadable answer: sending it again
     * could show it twice), one Telegram refuses for good (blocked, bad request), or one still not sent after
     * {@link #REPLY_PATIENCE} ends as a failure: logged with its kind, counted in {@link #failedReplies()}.
     */
    private void send(long chatId, Call call) {
        long deadline = System.nanoTime() + REPLY_PATIENCE.toNanos();
        long backoff = RETRY_BACKOFF_INITIAL.toMillis();
        for (int attempt = 1; ; attempt++) {
            TelegramRateLimiter.Slot slot;
            try {
                slot = connection.limiter().acquire(chatId, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                replyFailed(chatId, ReplyFailure.INTERRUPTED, "interrupted while waiting for the rate limit");
                return;
            }
            if (!slot.granted()) {
                replyFailed(chatId, ReplyFailure.RATE_LIMITED, "the rate limit would hold it another "
                        + slot.wouldWait() + ", beyond " + REPLY_PATIENCE);
                return;
            }
            SendResult result;
            try {
                call.run();
                return;
            } catch (TelegramApiException e) {
                result = TelegramAnswers.map(e);
            } catch (RuntimeException e) {
                result = new SendResult.Retryable("unexpected " + e, null, true);
            } finally {
                slot.permit().done();
            }
            if (result instanceof SendResult.Permanent p) {
                if (p.recipientUnreachable()) {
                    blockedOnReply(chatId);
                }
                replyFailed(chatId, p.recipientUnreachable() ? ReplyFailure.UNREACHABLE : ReplyFailure.REFUSED,
                        p.reason());
                return;
            }
            SendResult.Retryable r = (SendResult.Retryable) result;
            if (r.maybeDelivered()) {
                replyFailed(chatId, ReplyFailure.MAYBE_DELIVERED, r.reason());
                return;
            }
            long pause;
            if (r.retryAfter() != null) {
                // Telegram throttles the whole bot: everyone with this token waits, the next acquire included
                connection.limiter().pause(r.retryAfter());
                pause = 0;
            } else {
                pause = backoff;
                backoff = Math.min(backoff * 2, RETRY_BACKOFF_MAX.toMillis());
            }
            if (System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(pause) - deadline > 0) {
                replyFailed(chatId, ReplyFailure.RATE_LIMITED, "still refused after " + attempt + " attempts: "
                        + r.reason());
                return;
            }
            LOG.info("telegram reply to chat {} not sent ({}), attempt {}: sending again", chatId, r.reason(), attempt);
            if (pause > 0) {
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    replyFailed(chatId, ReplyFailure.INTERRUPTED, "interrupted before sending again");
                    return;
                }
            }
        }
    }

    /** Why a reply did not reach the customer (the kinds {@link #send} tells apart). */
    enum ReplyFailure {
        /** Not sent within {@link #REPLY_PATIENCE}: the rate limit, 429s or 5xx held it back all that time. */
        RATE_LIMITED,
        /** The customer blocked the bot (or is gone): marked unreachable. */
        UNREACHABLE,
        /** Telegram refused this reply for good (e.g. a bad request). */
        REFUSED,
        /** No clear answer (a timeout, a garbled body): it may have arrived, so it is not sent twice. */
        MAYBE_DELIVERED,
        /** The bot is stopping. */
        INTERRUPTED
    }

    private void replyFailed(long chatId, ReplyFailure kind, String reason) {
        failedReplies.incrementAndGet();
        LOG.warn("telegram reply to chat {} failed ({}): {}", chatId, kind, reason);
    }

    /** The answer to an update whose handling failed, so the customer is not left without one; best effort. */
    void answerFailure(Update update) {
        if (update.hasMessage() && update.getMessage().getFrom() != null) {
            reply(update.getMessage().getChatId(), texts.text("error"), null);
        }
    }

    private ReplyKeyboardMarkup contactKeyboard() {
        return ReplyKeyboardMarkup.builder()
                .keyboardRow(new KeyboardRow(KeyboardButton.builder().text(texts.text("button.share-phone"))
                        .requestContact(true).build()))
                .resizeKeyboard(true).oneTimeKeyboard(true).build();
    }

    private ReplyKeyboardMarkup menuKeyboard() {
        return ReplyKeyboardMarkup.builder()
                .keyboardRow(new KeyboardRow(texts.text("menu.balance"), texts.text("menu.card")))
                .keyboardRow(new KeyboardRow(texts.text("menu.history"), texts.text("menu.promo-codes")))
                .keyboardRow(new KeyboardRow(texts.text("menu.offers"), texts.text("menu.birthday")))
                .keyboardRow(new KeyboardRow(texts.text("menu.notifications"), texts.text("menu.stop")))
                .resizeKeyboard(true).isPersistent(true).build();
    }

    long failedReplies() {
        return failedReplies.get();
    }

    // ------------------------------------------------------------------------------------------ helpers

    private Optional<Member> linkedMember(long telegramUserId) {
        return kopilka.members().find(program, MemberRef.telegramUser(telegramUserId));
    }

    private String date(Instant instant) {
        return DATE.format(instant.atZone(zone));
    }

    private static String firstName(User user) {
        return user.getFirstName() == null || user.getFirstName().isBlank() ? "" : user.getFirstName().strip();
    }

    private static String fullName(Message message) {
        String first = message.getContact().getFirstName();
        String last = message.getContact().getLastName();
        String name = ((first == null ? "" : first) + " " + (last == null ? "" : last)).strip()
                .replaceAll("\\p{Cntrl}", " ");
        if (name.isEmpty()) {
            return null;
        }
        return name.length() > MAX_NAME ? name.substring(0, MAX_NAME) : name;
    }
}

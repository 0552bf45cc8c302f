package dev.kopilka.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kopilka.Kopilka;
import dev.kopilka.ProgramId;
import dev.kopilka.config.ConfigProblem;
import dev.kopilka.config.InvalidConfigurationException;
import dev.kopilka.config.KopilkaConfig;
import dev.kopilka.event.DomainEvent;
import dev.kopilka.member.Consent;
import dev.kopilka.member.Member;
import dev.kopilka.member.MemberId;
import dev.kopilka.messaging.Channel;
import dev.kopilka.messaging.DeliveryStatus;
import dev.kopilka.messaging.LogChannel;
import dev.kopilka.messaging.MessagePurpose;
import dev.kopilka.messaging.Messaging;
import dev.kopilka.messaging.MessagingEvents;
import dev.kopilka.messaging.MessagingListener;
import dev.kopilka.messaging.OutboxMessage;
import dev.kopilka.messaging.OutboxRecord;
import dev.kopilka.messaging.OutboxState;
import dev.kopilka.messaging.SendResult;
import dev.kopilka.store.memory.InMemoryStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The dispatcher end to end on the in-memory store, with loopback channels and a settable clock. */
class MessagingTest {

    static final Instant T0 = Instant.parse("2025-05-12T07:00:00Z");

    final SettableClock clock = new SettableClock(T0, ZoneOffset.UTC);
    final FakeChannel telegram = FakeChannel.telegram(clock);
    final FakeChannel sms = FakeChannel.sms(clock, 350);
    final InMemoryStore store = new InMemoryStore();
    final List<DomainEvent> events = new CopyOnWriteArrayList<>();
    final Map<String, List<OutboxRecord>> heard = new HashMap<>();
    final List<Kopilka> built = new ArrayList<>();
    Kopilka kopilka;
    ProgramId program;
    int ids;

    final MessagingListener listener = new MessagingListener() {
        @Override
        public void onDead(OutboxRecord record) {
            heard.computeIfAbsent("dead", k -> new ArrayList<>()).add(record);
        }

        @Override
        public void onUnknown(OutboxRecord record) {
            heard.computeIfAbsent("unknown", k -> new ArrayList<>()).add(record);
        }

        @Override
        public void onUndeliverable(OutboxRecord record) {
            heard.computeIfAbsent("undeliverable", k -> new ArrayList<>()).add(record);
        }
    };

    @BeforeEach
    void build() {
        kopilka = kopilka(Map.of(), "instance-a");
        program = kopilka.program();
    }

    @AfterEach
    void close() {
        built.forEach(Kopilka::close);
    }

    Kopilka kopilka(Map<String, String> settings, String instance) {
        Map<String, String> all = new HashMap<>(Map.of("kopilka.messaging.autostart", "false"));
        all.putAll(settings);
        Kopilka k = Kopilka.builder(KopilkaConfig.fromMap(all)).store(store).clock(clock)
                .listener(events::add)
                .messaging(Messaging.setup().channel(telegram).channel(sms).listener(listener)
                        .waiter(t -> { if (t.isAfter(clock.instant())) { clock.set(t); } })
                        .instanceName(instance))
                .build();
        built.add(k);
        return k;
    }

    MemberId member(Long telegramUser, String phone, Consent... consents) {
        MemberId id = MemberId.of("member-" + (++ids));
        Member m = new Member(id, phone, phone == null ? "card-" + ids : null, null, "Анна", null, null, T0, null,
                consents.length == 0 ? Set.of() : EnumSet.of(consents[0], consents), false, null, telegramUser, 0);
        store.inTransaction(program, tx -> {
            tx.members().insert(m);
            return null;
        });
        return id;
    }

    MemberId everywhere() {
        return member(1000L + ids, "+7999000" + String.format("%04d", ids), Consent.TELEGRAM, Consent.SMS_MARKETING);
    }

    String enqueue(MemberId member, MessagePurpose purpose) {
        return enqueue(member, purpose, null);
    }

    String enqueue(MemberId member, MessagePurpose purpose, Instant expiresAt) {
        String id = "msg-" + (++ids);
        kopilka.messaging().enqueue(program, List.of(new OutboxMessage(id, member, "key-" + id, purpose, "camp",
                "Привет! У вас 250 бонусов", clock.instant(), clock.instant(), expiresAt)));
        return id;
    }

    OutboxRecord record(String id) {
        return kopilka.messaging().message(program, id).orElseThrow();
    }

    Messaging messaging() {
        return kopilka.messaging();
    }

    @Nested
    class Cascade {
        @Test
        void aLinkedConsentedMemberGetsTelegramFree() {
            String id = enqueue(everywhere(), MessagePurpose.MARKETING);
            assertThat(messaging().dispatchOnce()).isEqualTo(1);
            OutboxRecord r = record(id);
            assertThat(r.state()).isEqualTo(OutboxState.SENT);
            assertThat(r.channel()).isEqualTo(Channel.TELEGRAM);
            assertThat(r.costKopecks()).isZero();
            assertThat(r.providerMessageId()).startsWith("telegram-");
            assertThat(sms.sendsReceived()).isZero();
            assertThat(telegram.lastText()).isEqualTo("Привет! У вас 250 бонусов");
        }

        @Test
        void marketingWithoutTelegramConsentGoesBySmsAndRecordsItsCost() {
            String id = enqueue(member(555L, "+79990000001", Consent.SMS_MARKETING), MessagePurpose.MARKETING);
            messaging().dispatchOnce();
            OutboxRecord r = record(id);
            assertThat(r.channel()).isEqualTo(Channel.SMS);
            assertThat(r.costKopecks()).isEqualTo(350L);
            assertThat(telegram.sendsReceived()).isZero();
        }

        @Test
        void marketingWithoutAnyConsentIsUndeliverableAndSaysWhy() {
            String id = enqueue(member(555L, "+79990000002"), MessagePurpose.MARKETING);
            messaging().dispatchOnce();
            OutboxRecord r = record(id);
            assertThat(r.state()).isEqualTo(OutboxState.UNDELIVERABLE);
            assertThat(r.lastError()).contains("telegram: no TELEGRAM consent").contains("sms: no SMS_MARKETING consent");
            assertThat(heard.get("undeliverable")).extracting(OutboxRecord::id).containsExactly(id);
            assertThat(telegram.sendsReceived() + sms.sendsReceived()).isZero();
        }

        @Test
        void transactionalNeedsNoConsent() {
            String id = enqueue(member(555L, "+79990000003"), MessagePurpose.TRANSACTIONAL);
            messaging().dispatchOnce();
            assertThat(record(id).channel()).isEqualTo(Channel.TELEGRAM);
        }

        @Test
        void anUnlinkedMemberGetsSms() {
            String id = enqueue(member(null, "+79990000004", Consent.TELEGRAM, Consent.SMS_MARKETING),
                    MessagePurpose.MARKETING);
            messaging().dispatchOnce();
            assertThat(record(id).channel()).isEqualTo(Channel.SMS);
        }

        @Test
        void aMissingMemberIsUndeliverable() {
            String id = enqueue(MemberId.of("nobody"), MessagePurpose.TRANSACTIONAL);
            messaging().dispatchOnce();
            assertThat(record(id).state()).isEqualTo(OutboxState.UNDELIVERABLE);
            assertThat(record(id).lastError()).contains("not found");
        }

        @Test
        void aBlockedBotMarksTheMemberUnreachableThereAndReRoutesToSms() {
            MemberId m = everywhere();
            String first = enqueue(m, MessagePurpose.MARKETING);
            telegram.rejectRecipientNext();
            messaging().dispatchOnce();
            OutboxRecord r = record(first);
            assertThat(r.state()).isEqualTo(OutboxState.SENT);
            assertThat(r.channel()).isEqualTo(Channel.SMS);
            assertThat(events).filteredOn(e -> e instanceof MessagingEvents.ChannelUnreachable)
                    .singleElement().satisfies(e -> {
                        MessagingEvents.ChannelUnreachable u = (MessagingEvents.ChannelUnreachable) e;
                        assertThat(u.member()).isEqualTo(m);
                        assertThat(u.channel()).isEqualTo(Channel.TELEGRAM);
                        assertThat(u.reason()).contains("blocked");
                    });
            String second = enqueue(m, MessagePurpose.MARKETING);
            messaging().dispatchOnce();
            assertThat(record(second).channel()).as("Telegram is skipped from now on").isEqualTo(Channel.SMS);
            assertThat(telegram.sendsReceived()).isEqualTo(1);

            assertThat(messaging().markReachable(program, m, Channel.TELEGRAM)).isTrue();
            assertThat(events).anyMatch(e -> e instanceof MessagingEvents.ChannelReachable);
            String third = enqueue(m, MessagePurpose.MARKETING);
            clock.advance(Duration.ofSeconds(2));
            messaging().dispatchOnce();
            assertThat(record(third).channel()).isEqualTo(Channel.TELEGRAM);
        }

        @Test
        void unreachableOnTheLastChannelIsUndeliverable() {
            MemberId m = member(777L, null, Consent.TELEGRAM);
            String id = enqueue(m, MessagePurpose.MARKETING);
            telegram.rejectRecipientNext();
            messaging().dispatchOnce();
            assertThat(record(id).state()).isEqualTo(OutboxState.UNDELIVERABLE);
            assertThat(record(id).lastError()).contains("TELEGRAM refused").contains("sms: no SMS_MARKETING consent");
        }

        @Test
        void aMessageTheChannelRejectsIsTriedOnTheNextChannelThenDead() {
            String id = enqueue(everywhere(), MessagePurpose.MARKETING);
            telegram.rejectMessageNext();
            sms.answerNext(new SendResult.Permanent("text too long for 6 parts", false, false));
            messaging().dispatchOnce();
            assertThat(record(id).state()).isEqualTo(OutboxState.DEAD);
            assertThat(heard.get("dead")).extracting(OutboxRecord::id).containsExactly(id);
            assertThat(events).noneMatch(e -> e instanceof MessagingEvents.ChannelUnreachable);
        }

        @Test
        void theLogChannelEndsTheCascadeWhenConfigured() {
            Kopilka withLog = Kopilka.builder(KopilkaConfig.fromMap(Map.of("kopilka.messaging.autostart", "false",
                    "kopilka.messaging.cascade", "telegram,sms,log"))).store(store).clock(clock)
                    .messaging(Messaging.setup().channel(telegram).channel(sms).channel(new LogChannel())).build();
            built.add(withLog);
            String id = enqueue(member(null, null), MessagePurpose.TRANSACTIONAL);
            withLog.messaging().dispatchOnce();
            assertThat(record(id).channel()).isEqualTo(Channel.LOG);
        }
    }

    @Nested
    class Retries {
        @Test
        void aTemporaryFailureIsRetriedAfterTheBackoff() {
            String id = enqueue(everywhere(), MessagePurpose.MARKETING);
            telegram.failNextTemporarily();
            messaging().dispatchOnce();
            OutboxRecord failed = record(id);
            assertThat(failed.state()).isEqualTo(OutboxState.FAILED);
            assertThat(failed.dueAt()).isEqualTo(clock.instant().plusSeconds(30));
            assertThat(failed.lastError()).contains("502");
            clock.advance(Duration.ofSeconds(29));
            messaging().dispatchOnce();
            assertThat(record(id).state()).as("not before its time").isEqualTo(OutboxState.FAILED);
            clock.advance(Duration.ofSeconds(1));
            messaging().dispatchOnce();
            assertThat(record(id).state()).isEqualTo(OutboxState.SENT);
            assertThat(record(id).attempts()).isEqualTo(2);
        }

        @Test
        void backoffGrowsExponentiallyUpToItsCap() {
            var settings = dev.kopilka.messaging.MessagingSettings.defaultSettings();
            assertThat(settings.backoff(1)).isEqualTo(Duration.ofSeconds(30));
            assertThat(settings.backoff(2)).isEqualTo(Duration.ofSeconds(60));
            assertThat(settings.backoff(4)).isEqualTo(Duration.ofSeconds(240));
            assertThat(settings.backoff(30)).isEqualTo(Duration.ofHours(1));
        }

        @Test
        void theProvidersRetryAfterIsHonouredWithoutUsingAnAttempt() {
            String id = enqueue(everywhere(), MessagePurpose.MARKETING);
            telegram.rateLimitNext(Duration.ofSeconds(7));
            Instant at = clock.instant();
            messaging().dispatchOnce();
            OutboxRecord r = record(id);
            assertThat(r.dueAt()).isEqualTo(at.plusSeconds(7));
            assertThat(r.attempts()).isZero();
            assertThat(r.state()).isEqualTo(OutboxState.PENDING);
        }

        @Test
        void afterMaxAttemptsTheMessageIsDeadAndTheListenerHearsOfIt() {
            kopilka = kopilka(Map.of("kopilka.messaging.max-attempts", "3"), "instance-b");
            String id = enqueue(everywhere(), MessagePurpose.MARKETING);
            for (int i = 0; i < 3; i++) {
                telegram.failNextTemporarily();
                messaging().dispatchOnce();
                clock.advance(Duration.ofHours(2));
            }
            OutboxRecord dead = record(id);
            assertThat(dead.state()).isEqualTo(OutboxState.DEAD);
            assertThat(dead.attempts()).isEqualTo(3);
            assertThat(dead.lastError()).contains("failed 3 times");
            assertThat(heard.get("dead")).extracting(OutboxRecord::id).containsExactly(id);
            messaging().dispatchOnce();
            assertThat(telegram.sendsReceived()).as("never again").isEqualTo(3);
        }

        @Test
        void aMarketingSendThatMayHaveHappenedIsUnknownAndNotResent() {
            String id = enqueue(everywhere(), MessagePurpose.MARKETING);
            telegram.timeOutNext();
            messaging().dispatchOnce();
            assertThat(record(id).state()).isEqualTo(OutboxState.UNKNOWN);
            assertThat(heard.get("unknown")).extracting(OutboxRecord::id).containsExactly(id);
            clock.advance(Duration.ofHours(1));
            messaging().dispatchOnce();
            assertThat(telegram.sendsReceived()).isEqualTo(1);
        }

        @Test
        void aTransactionalSendThatMayHaveHappenedIsResent() {
            String id = enqueue(everywhere(), MessagePurpose.TRANSACTIONAL);
            telegram.timeOutNext();
            messaging().dispatchOnce();
            assertThat(record(id).state()).isEqualTo(OutboxState.FAILED);
            clock.advance(Duration.ofMinutes(1));
            messaging().dispatchOnce();
            assertThat(record(id).state()).isEqualTo(OutboxState.SENT);
        }

        @Test
        void resendUnknownMakesMarketingResentToo() {
            kopilka = kopilka(Map.of("kopilka.messaging.resend-unknown", "true"), "instance-c");
            String id = enqueue(everywhere(), MessagePurpose.MARKETING);
            telegram.garbleNext();
            messaging().dispatchOnce();
            assertThat(record(id).state()).isEqualTo(OutboxState.FAILED);
        }

        @Test
        void anExpiredMessageIsNeverSent() {
            String id = enqueue(everywhere(), MessagePurpose.MARKETING, clock.instant().plusSeconds(60));
            clock.advance(Duration.ofSeconds(61));
            messaging().dispatchOnce();
            assertThat(record(id).state()).isEqualTo(OutboxState.EXPIRED);
            assertThat(telegram.sendsReceived()).isZero();
        }

        @Test
        void aDeliveryReportBringsStatusAndCostLater() {
            String id = enqueue(member(null, "+79990000009", Consent.SMS_MARKETING), MessagePurpose.MARKETING);
            sms.acceptWithoutCostNext();
            messaging().dispatchOnce();
            OutboxRecord sent = record(id);
            assertThat(sent.costKopecks()).isNull();
            sms.report(sent.providerMessageId(), DeliveryStatus.DELIVERED, OptionalLong.of(420));
            OutboxRecord reported = record(id);
            assertThat(reported.costKopecks()).isEqualTo(420L);
            assertThat(reported.deliveryStatus()).isEqualTo(DeliveryStatus.DELIVERED);
            sms.report("not-ours", DeliveryStatus.DELIVERED, OptionalLong.empty()); // logged and ignored
        }
    }

    @Nested
    class Leases {
        /** A dispatcher that claimed two messages and started sending one, then died. */
        List<String> crashedClaim(MessagePurpose purpose) {
            MemberId a = everywhere();
            MemberId b = everywhere();
            String started = enqueue(a, purpose);
            String notStarted = enqueue(b, purpose);
            store.inTransaction(program, tx -> {
                tx.outbox().claim("dead-instance#1", clock.instant(), Duration.ofMinutes(1), 10);
                tx.outbox().markSendStarted(List.of(started), "dead-instance#1", clock.instant());
                return null;
            });
            return List.of(started, notStarted);
        }

        @Test
        void aMarketingSendCaughtByACrashIsUnknownAndAnUnstartedOneIsSentNormally() {
            List<String> ids = crashedClaim(MessagePurpose.MARKETING);
            messaging().dispatchOnce();
            assertThat(telegram.sendsReceived()).as("nothing while the lease runs").isZero();
            clock.advance(Duration.ofSeconds(61));
            messaging().dispatchOnce();
            assertThat(record(ids.get(0)).state()).isEqualTo(OutboxState.UNKNOWN);
            assertThat(heard.get("unknown")).extracting(OutboxRecord::id).containsExactly(ids.get(0));
            OutboxRecord unstarted = record(ids.get(1));
            assertThat(unstarted.state()).isEqualTo(OutboxState.SENT);
            assertThat(unstarted.attempts()).as("the dead claim's attempt was given back").isEqualTo(1);
            assertThat(telegram.sends()).extracting(s -> s.message().reference()).containsExactly(ids.get(1));
        }

        @Test
        void aTransactionalSendCaughtByACrashIsResent() {
            List<String> ids = crashedClaim(MessagePurpose.TRANSACTIONAL);
            clock.advance(Duration.ofSeconds(61));
            messaging().dispatchOnce();
            messaging().dispatchOnce();
            assertThat(record(ids.get(0)).state()).isEqualTo(OutboxState.SENT);
            assertThat(record(ids.get(1)).state()).isEqualTo(OutboxState.SENT);
        }
    }

    @Nested
    class RateLimits {
        @Test
        void aBurstOfAThousandNeverExceedsTheRateInAnySecondAndNothingIsLost() {
            telegram.enforceRate(30);
            Kopilka second = kopilka(Map.of(), "instance-b");
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                ids.add(enqueue(everywhere(), MessagePurpose.MARKETING));
            }
            // Two instances share the outbox and the send allowance; the clock moves only by waiting for slots.
            for (int round = 0; round < 200 && messaging().backlog(program).get(OutboxState.SENT) < 1000; round++) {
                int done = messaging().dispatchOnce() + second.messaging().dispatchOnce();
                if (done == 0) {
                    clock.advance(Duration.ofSeconds(1));
                }
            }
            assertThat(telegram.maxInAnySecond()).isLessThanOrEqualTo(30);
            assertThat(telegram.rateLimitHits()).isZero();
            assertThat(messaging().backlog(program).get(OutboxState.SENT)).isEqualTo(1000);
            assertThat(telegram.acceptedSends()).extracting(s -> s.message().reference())
                    .containsExactlyInAnyOrderElementsOf(ids);
            Duration took = Duration.between(T0, clock.instant());
            assertThat(took).as("1000 sends 35 ms apart").isBetween(Duration.ofSeconds(34), Duration.ofSeconds(40));
        }

        @Test
        void oneChatGetsAtMostOneMessagePerSecond() {
            MemberId m = everywhere();
            for (int i = 0; i < 3; i++) {
                enqueue(m, MessagePurpose.TRANSACTIONAL);
            }
            for (int round = 0; round < 40; round++) {
                if (messaging().dispatchOnce() == 0) {
                    clock.advance(Duration.ofMillis(250));
                }
            }
            List<Instant> times = telegram.sends().stream().map(FakeChannel.Send::at).toList();
            assertThat(times).hasSize(3);
            for (int i = 1; i < times.size(); i++) {
                assertThat(Duration.between(times.get(i - 1), times.get(i))).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
            }
        }
    }

    @Nested
    class Configuration {
        @Test
        void everyBadMessagingKeyIsReportedAtOnce() {
            KopilkaConfig bad = KopilkaConfig.fromMap(Map.of("kopilka.messaging.cascade", "telegram,pigeon",
                    "kopilka.messaging.batch-size", "0", "kopilka.messaging.lease", "soon",
                    "kopilka.messaging.resend-unknown", "maybe", "kopilka.messaging.rate.telegarm", "30"));
            assertThatThrownBy(() -> Kopilka.builder(bad).store(store).build())
                    .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> {
                        assertThat(e.problems()).extracting(ConfigProblem::key).containsExactlyInAnyOrder(
                                "kopilka.messaging.cascade", "kopilka.messaging.batch-size", "kopilka.messaging.lease",
                                "kopilka.messaging.resend-unknown", "kopilka.messaging.rate.telegarm");
                        assertThat(e.problems()).filteredOn(p -> p.key().endsWith("telegarm")).singleElement()
                                .extracting(ConfigProblem::suggestion).isEqualTo("kopilka.messaging.rate.telegram");
                    });
        }

        @Test
        void theDispatchIntervalMustBeShorterThanTheLease() {
            KopilkaConfig bad = KopilkaConfig.fromMap(Map.of("kopilka.messaging.lease", "PT10S",
                    "kopilka.messaging.dispatch-interval", "PT10S"));
            assertThatThrownBy(() -> Kopilka.builder(bad).store(store).build())
                    .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.problems())
                            .extracting(ConfigProblem::key).containsExactly("kopilka.messaging.dispatch-interval"));
        }
    }

    @Nested
    class BackgroundLoop {
        @Test
        void theLoopSendsOnItsOwnAndStopsWithKopilka() throws Exception {
            FakeChannel loopback = FakeChannel.telegram(Clock.systemUTC());
            Kopilka running = Kopilka.builder(KopilkaConfig.fromMap(Map.of("kopilka.messaging.dispatch-interval",
                    "PT0.05S"))).store(new InMemoryStore())
                    .messaging(Messaging.setup().channel(loopback)).build();
            built.add(running);
            ProgramId p = running.program();
            MemberId m = running.members().register(p, dev.kopilka.member.Registration.withPhone("+79995550000"))
                    .orElseThrow().id();
            running.members().linkTelegram(p, dev.kopilka.member.MemberRef.id(m), 4242L).orElseThrow();
            running.messaging().enqueue(p, List.of(new OutboxMessage("loop-msg", m, "loop", MessagePurpose.TRANSACTIONAL,
                    null, "hi", Instant.now(), Instant.now(), null)));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (loopback.sendsReceived() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(loopback.sendsReceived()).isEqualTo(1);
            running.close();
            assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("kopilka-dispatch-" + p.value()));
        }
    }
}

package dev.kopilka.testkit.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kopilka.member.Consent;
import dev.kopilka.member.MemberId;
import dev.kopilka.member.MemberRef;
import dev.kopilka.messaging.Channel;
import dev.kopilka.messaging.MessagePurpose;
import dev.kopilka.messaging.Messaging;
import dev.kopilka.messaging.OutboxRecord;
import dev.kopilka.messaging.OutboxState;
import dev.kopilka.testkit.FakeChannel;
import dev.kopilka.testkit.SettableClock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Campaign messages end to end through the outbox dispatcher: which channel each reaches a member by, its cost,
 * and that quiet hours and consent are honoured on the way out.
 */
class CampaignDeliveryTest {

    private final SettableClock clock = SettableClock.at("2026-03-02T10:00", Timeline.ZONE);
    private final FakeChannel telegram = FakeChannel.telegram(clock);
    private final FakeChannel sms = FakeChannel.sms(clock, 350);
    private final Timeline t = new Timeline(clock, Timeline.preset("cosmetics-chain",
            "kopilka.campaigns.frequency-cap.messages", "0"), null,
            Messaging.setup().channel(telegram).channel(sms).waiter(at -> {
                if (at.isAfter(clock.instant())) {
                    clock.set(at);
                }
            }));

    private List<OutboxRecord> records(MemberId member, String campaignId) {
        return t.kopilka.messaging().ofMember(t.program, member).stream()
                .filter(r -> campaignId.equals(r.message().campaignId())).toList();
    }

    private void dispatchAll() {
        while (t.kopilka.messaging().dispatchOnce() > 0) {
            // until nothing due is left
        }
    }

    @Test
    void welcomeBySmsWithItsCostThenTheTelegramBonusByTelegram() {
        MemberId anna = t.registerTreated("welcome-points", "telegram-bonus");
        t.kopilka.members().setConsent(t.program, MemberRef.id(anna), Consent.SMS_MARKETING, true).orElseThrow();
        dispatchAll();

        OutboxRecord welcome = records(anna, "welcome-points").get(0);
        assertThat(welcome.state()).isEqualTo(OutboxState.SENT);
        assertThat(welcome.channel()).isEqualTo(Channel.SMS);
        assertThat(welcome.costKopecks()).isEqualTo(350L);
        assertThat(welcome.message().purpose()).isEqualTo(MessagePurpose.MARKETING);

        // The bot records the member's consent to its messages when they connect it (marketing needs it).
        t.kopilka.members().setConsent(t.program, MemberRef.id(anna), Consent.TELEGRAM, true).orElseThrow();
        t.kopilka.members().linkTelegram(t.program, MemberRef.id(anna), 555_001L).orElseThrow();
        dispatchAll();

        OutboxRecord bonus = records(anna, "telegram-bonus").get(0);
        assertThat(bonus.state()).isEqualTo(OutboxState.SENT);
        assertThat(bonus.channel()).isEqualTo(Channel.TELEGRAM);
        assertThat(telegram.lastText()).contains("300");
    }

    @Test
    void aNightRegistrationIsGreetedAtNineAndNeverWithoutConsent() {
        clock.advance(Duration.ofHours(12)); // 22:00
        MemberId owl = t.registerTreated("welcome-points");
        t.kopilka.members().setConsent(t.program, MemberRef.id(owl), Consent.SMS_MARKETING, true).orElseThrow();
        MemberId silent = t.registerTreated("welcome-points");

        dispatchAll();
        assertThat(sms.sendsReceived()).isZero();

        clock.set(LocalDateTime.parse("2026-03-03T09:00").atZone(Timeline.zone()).toInstant());
        dispatchAll();

        assertThat(records(owl, "welcome-points")).singleElement().satisfies(r -> {
            assertThat(r.state()).isEqualTo(OutboxState.SENT);
            assertThat(r.channel()).isEqualTo(Channel.SMS);
        });
        assertThat(sms.acceptedSends()).noneMatch(s -> s.message().member().equals(silent));
        assertThat(telegram.sends()).noneMatch(s -> s.message().member().equals(silent));
        assertThat(records(silent, "welcome-points").get(0).state()).isNotEqualTo(OutboxState.SENT);
    }

    @Test
    void theControlGroupIsNeverMessaged() {
        MemberId held = t.registerControl("welcome-points");
        t.kopilka.members().setConsent(t.program, MemberRef.id(held), Consent.SMS_MARKETING, true).orElseThrow();
        dispatchAll();

        assertThat(records(held, "welcome-points")).isEmpty();
        assertThat(sms.sends()).noneMatch(s -> s.message().member().equals(held));
    }
}

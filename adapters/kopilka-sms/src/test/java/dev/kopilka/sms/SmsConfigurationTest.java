package dev.kopilka.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kopilka.config.ConfigProblem;
import dev.kopilka.config.InvalidConfigurationException;
import dev.kopilka.config.KopilkaConfig;
import dev.kopilka.messaging.Channel;
import dev.kopilka.messaging.port.MessageChannel;
import dev.kopilka.sms.gateway.SmscChannel;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SmsConfigurationTest {

    private static InvalidConfigurationException invalid(Map<String, String> keys) {
        try {
            SmsChannels.fromConfig(KopilkaConfig.fromMap(keys), Clock.systemUTC(), name -> null).close();
        } catch (InvalidConfigurationException e) {
            return e;
        }
        throw new AssertionError("expected the configuration to be refused: " + keys);
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        InvalidConfigurationException e = invalid(Map.of("kopilka.sms.provider", "twilio",
                "kopilka.sms.timeout", "ten seconds", "kopilka.sms.price-per-segment", "2.555",
                "kopilka.sms.sender", "A sender name far too long", "kopilka.sms.transliterate", "yes",
                "kopilka.sms.base-url", "ftp://x", "kopilka.sms.twilio.account-sid", "nope",
                "kopilka.sms.smsru.apiid", "typo"));
        assertThat(e.problems()).extracting(ConfigProblem::key).containsExactlyInAnyOrder("kopilka.sms.timeout",
                "kopilka.sms.price-per-segment", "kopilka.sms.sender", "kopilka.sms.transliterate",
                "kopilka.sms.base-url", "kopilka.sms.twilio.account-sid", "kopilka.sms.twilio.auth-token",
                "kopilka.sms.smsru.apiid");
        assertThat(e.getMessage()).contains("ten seconds").contains("KOPILKA_SMS_TWILIO_AUTH_TOKEN")
                .contains("kopilka.sms.smsru.apiid: unknown key; did you mean kopilka.sms.smsru.api-id?")
                .doesNotContain("typo");
    }

    @Test
    void theProviderIsRequiredAndMustBeKnown() {
        assertThat(invalid(Map.of()).problems()).extracting(ConfigProblem::key).containsExactly("kopilka.sms.provider");
        assertThat(invalid(Map.of("kopilka.sms.provider", "beeline")).getMessage()).contains("smsru", "smsc",
                "smsaero", "twilio", "beeline");
    }

    @Test
    void credentialsComeFromTheEnvironmentAndNeverShow() {
        Map<String, String> env = Map.of("KOPILKA_SMS_SMSC_LOGIN", "shop", "KOPILKA_SMS_SMSC_PASSWORD", "p@ss-w0rd");
        MessageChannel channel = SmsChannels.fromConfig(KopilkaConfig.fromMap(Map.of("kopilka.sms.provider", "smsc")),
                Clock.systemUTC(), env::get);
        assertThat(channel).isInstanceOf(SmscChannel.class);
        assertThat(channel.channel()).isEqualTo(Channel.SMS);
        channel.close();
        assertThat(Secret.of("p@ss-w0rd").toString()).doesNotContain("p@ss");
        InvalidConfigurationException e = invalid(Map.of("kopilka.sms.provider", "smsc",
                "kopilka.sms.smsc.password", "p@ss-w0rd", "kopilka.sms.timeout", "bad"));
        assertThat(e.getMessage()).doesNotContain("p@ss-w0rd").contains("kopilka.sms.smsc.login");
    }

    @Test
    void aBadProviderAloneStillReportsTheOtherProblems() {
        assertThatThrownBy(() -> SmsChannels.fromConfig(KopilkaConfig.fromMap(Map.of("kopilka.sms.provider", "x",
                "kopilka.sms.low-balance", "-5")), Clock.systemUTC(), n -> null))
                .isInstanceOfSatisfying(InvalidConfigurationException.class, ex -> assertThat(ex.problems())
                        .extracting(ConfigProblem::key)
                        .containsExactlyInAnyOrder("kopilka.sms.provider", "kopilka.sms.low-balance"));
    }
}

package dev.kopilka.testkit.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The fake speaks the Bot API as TelegramBots does; checked here with a plain HTTP client. */
class FakeTelegramBotApiTest {

    private final FakeTelegramBotApi fake = FakeTelegramBotApi.start();
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @AfterEach
    void close() {
        fake.close();
    }

    private JsonNode call(String method, String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create(fake.baseUrl() + "/bot" + fake.token() + "/" + method))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        return json.readTree(response.body());
    }

    @Test
    void getUpdatesHoldsThenDeliversAndForgetsWhatTheOffsetAcknowledges() throws Exception {
        long start = System.nanoTime();
        assertThat(call("getupdates", "{\"offset\":0,\"timeout\":50}").get("result")).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(250));

        int first = fake.userStarts(42, "Ann", "abc_DEF-1");
        int second = fake.userSendsContact(42, "Ann", "+79001234567", 42L);
        JsonNode batch = call("getUpdates", "{\"offset\":0,\"timeout\":1}").get("result");
        assertThat(batch).hasSize(2);
        assertThat(batch.get(0).at("/message/text").asText()).isEqualTo("/start abc_DEF-1");
        assertThat(batch.get(1).at("/message/contact/user_id").asLong()).isEqualTo(42);

        JsonNode after = call("getupdates", "{\"offset\":" + (first + 1) + ",\"timeout\":1}").get("result");
        assertThat(after).hasSize(1);
        assertThat(after.get(0).get("update_id").asInt()).isEqualTo(second);
        call("getupdates", "{\"offset\":" + (second + 1) + ",\"timeout\":0}");
        fake.awaitUpdatesConsumed(Duration.ofSeconds(1));
    }

    @Test
    void sendsAreRecordedAsReadAndFloodingIsAnswered429() throws Exception {
        JsonNode ok = call("sendmessage", "{\"chat_id\":\"42\",\"text\":\"&lt;b&gt; <b>250</b>\",\"parse_mode\":\"html\"}");
        assertThat(ok.get("ok").asBoolean()).isTrue();
        assertThat(ok.at("/result/message_id").asInt()).isPositive();
        assertThat(fake.lastText()).isEqualTo("<b> 250");

        JsonNode sameChat = call("sendMessage", "{\"chat_id\":42,\"text\":\"again\"}");
        assertThat(sameChat.get("error_code").asInt()).isEqualTo(429);
        assertThat(sameChat.at("/parameters/retry_after").asInt()).isEqualTo(1);

        // a small overall limit keeps this nearly independent of how fast the machine is
        fake.limits(3, Duration.ofSeconds(1));
        int refused = 0;
        for (int chat = 100; chat < 115; chat++) {
            JsonNode answer = call("sendMessage", "{\"chat_id\":" + chat + ",\"text\":\"x\"}");
            if (!answer.get("ok").asBoolean()) {
                assertThat(answer.get("error_code").asInt()).isEqualTo(429);
                refused++;
            }
        }
        assertThat(refused).isPositive();
        assertThat(fake.rateLimited()).hasSize(refused + 1);
        assertThat(fake.maxAcceptedInAnySecond()).isLessThanOrEqualTo(3);
    }

    @Test
    void unescapedHtmlAndScriptedErrorsAreRefusedLikeTelegram() throws Exception {
        assertThat(call("sendMessage", "{\"chat_id\":1,\"text\":\"a < b & c\",\"parse_mode\":\"HTML\"}")
                .get("description").asText()).startsWith("Bad Request: can't parse entities");
        fake.scriptSend(FakeTelegramBotApi.SendAnswer.blocked());
        assertThat(call("sendMessage", "{\"chat_id\":2,\"text\":\"x\"}").get("error_code").asInt()).isEqualTo(403);
        fake.failPolls(1, 409);
        assertThat(call("getUpdates", "{\"timeout\":0}").get("description").asText()).startsWith("Conflict");
        assertThat(call("deleteWebhook", "{}").get("result").asBoolean()).isTrue();
        assertThat(call("getMe", "{}").at("/result/username").asText()).isEqualTo("kopilka_test_bot");
    }
}

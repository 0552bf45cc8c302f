package dev.kopilka.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SmsTextTest {

    @ParameterizedTest(name = "{0} Latin characters: {1} part(s)")
    @CsvSource({"1,1", "159,1", "160,1", "161,2", "306,2", "307,3", "459,3", "460,4"})
    void latinTextsAreGsm7With160InOneAnd153PerPart(int length, int parts) {
        SmsText text = SmsText.of("a".repeat(length));
        assertThat(text.encoding()).isEqualTo(SmsText.Encoding.GSM7);
        assertThat(text.parts()).isEqualTo(parts);
        assertThat(String.join("", text.segments())).isEqualTo("a".repeat(length));
    }

    @ParameterizedTest(name = "{0} Cyrillic characters: {1} part(s)")
    @CsvSource({"1,1", "69,1", "70,1", "71,2", "134,2", "135,3", "201,3", "202,4"})
    void cyrillicTextsAreUcs2With70InOneAnd67PerPart(int length, int parts) {
        SmsText text = SmsText.of("ж".repeat(length));
        assertThat(text.encoding()).isEqualTo(SmsText.Encoding.UCS2);
        assertThat(text.parts()).isEqualTo(parts);
        assertThat(text.segments()).allSatisfy(s -> assertThat(s.length()).isLessThanOrEqualTo(parts == 1 ? 70 : 67));
        assertThat(String.join("", text.segments())).isEqualTo("ж".repeat(length));
    }

    @Test
    void oneCyrillicLetterTurnsALatinTextIntoUcs2() {
        SmsText text = SmsText.of("a".repeat(69) + "я");
        assertThat(text.encoding()).isEqualTo(SmsText.Encoding.UCS2);
        assertThat(text.parts()).isEqualTo(1);
        assertThat(SmsText.of("a".repeat(70) + "я").parts()).isEqualTo(2);
    }

    @Test
    void extensionCharactersCountTwice() {
        assertThat(SmsText.of("€".repeat(80)).units()).isEqualTo(160);
        assertThat(SmsText.of("€".repeat(80)).parts()).isEqualTo(1);
        assertThat(SmsText.of("€".repeat(80) + "a").parts()).isEqualTo(2);
        assertThat(SmsText.of("a".repeat(159) + "[").parts()).isEqualTo(2);
        assertThat(SmsText.of("a".repeat(158) + "[").parts()).isEqualTo(1);
        assertThat(SmsText.of("{}[]~|^\\€\f").units()).isEqualTo(20);
        assertThat(SmsText.of("{}[]~|^\\€").encoding()).isEqualTo(SmsText.Encoding.GSM7);
    }

    @Test
    void anEscapedCharacterIsNeverSplitAcrossParts() {
        // 152 septets then '€' (2): the part has room for 153, so '€' moves whole to the next part
        SmsText text = SmsText.of("a".repeat(152) + "€" + "b".repeat(10));
        assertThat(text.parts()).isEqualTo(2);
        assertThat(text.segments().get(0)).isEqualTo("a".repeat(152));
        assertThat(text.segments().get(1)).startsWith("€");
    }

    @Test
    void aSurrogatePairIsNeverSplitAcrossParts() {
        SmsText text = SmsText.of("ж".repeat(66) + "😀" + "ж".repeat(10));
        assertThat(text.parts()).isEqualTo(2);
        assertThat(text.segments().get(0)).isEqualTo("ж".repeat(66));
        assertThat(text.segments().get(1)).startsWith("😀");
    }

    @Test
    void gsmLatinAccentsStayGsm7ButOthersDoNot() {
        assertThat(SmsText.of("èéùìòÇØøÅåÆæßÉÄÖÑÜäöñüà¿¡£¥§").encoding()).isEqualTo(SmsText.Encoding.GSM7);
        assertThat(SmsText.of("ç is lower-case, not in GSM").encoding()).isEqualTo(SmsText.Encoding.UCS2);
        assertThat(SmsText.of("`backtick`").encoding()).isEqualTo(SmsText.Encoding.UCS2);
    }

    @Test
    void costIsPartsTimesThePricePerSegment() {
        assertThat(SmsText.of("a".repeat(160)).costKopecks(255)).isEqualTo(255);
        assertThat(SmsText.of("a".repeat(161)).costKopecks(255)).isEqualTo(510);
        assertThat(SmsText.of("ж".repeat(70)).costKopecks(349)).isEqualTo(349);
        assertThat(SmsText.of("ж".repeat(71)).costKopecks(349)).isEqualTo(698);
    }

    @Test
    void transliterationMakesRussianGsm7AndCheaper() {
        String russian = "Щедрая неделя: Ёлки и ЩУКА — скидка 20% «для вас»!";
        SmsText latin = SmsText.of(russian, true);
        assertThat(latin.text()).isEqualTo("Shchedraya nedelya: Elki i SHCHUKA - skidka 20% \"dlya vas\"!");
        assertThat(latin.encoding()).isEqualTo(SmsText.Encoding.GSM7);
        assertThat(SmsText.of("ж".repeat(71), true).parts()).isEqualTo(1); // 142 Latin letters
        assertThat(SmsText.of(russian, false).text()).isEqualTo(russian);
    }

    @Test
    void gsm7BytesRoundTripWithEscapes() {
        byte[] bytes = SmsText.encode("Hi €[x]@", SmsText.Encoding.GSM7);
        assertThat(bytes).hasSize(11);
        assertThat(SmsText.decodeGsm7(bytes)).isEqualTo("Hi €[x]@");
        assertThat(SmsText.encode("Привет", SmsText.Encoding.UCS2)).isEqualTo("Привет".getBytes(StandardCharsets.UTF_16BE));
    }

    @Test
    void anEmptyTextIsRefused() {
        assertThatThrownBy(() -> SmsText.of("")).isInstanceOf(IllegalArgumentException.class);
    }
}

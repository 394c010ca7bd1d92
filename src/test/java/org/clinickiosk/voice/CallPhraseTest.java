package org.clinickiosk.voice;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CallPhraseTest {

    @Test
    void chineseReadsTheNumberDigitByDigit() {
        assertEquals("请 A零二三 号 到 3号诊室 就诊", CallPhrase.text("zh-CN", "A023", "3号诊室", "Room 3"));
        assertEquals("请 AB一零零 号 到 接种室 就诊", CallPhrase.text("zh-CN", "AB100", "接种室", null));
    }

    @Test
    void englishReadsDigitsAsWordsAndUsesTheEnglishRoomNameWhenThereIsOne() {
        assertEquals("Number A zero two three, please go to Room 3.", CallPhrase.text("en", "A023", "3号诊室", "Room 3"));
        assertEquals("Number C one zero nine, please go to 接种室.", CallPhrase.text("en", "C109", "接种室", " "));
    }

    @Test
    void aCallEventGetsThePhraseInEveryLanguage() {
        JsonObject spoken = CallPhrase.forCall(new JsonObject().put("number", "B007").put("roomName", "3号诊室")
                .put("roomNameEn", "Room 3"));
        assertEquals("请 B零零七 号 到 3号诊室 就诊", spoken.getString("zh-CN"));
        assertEquals("Number B zero zero seven, please go to Room 3.", spoken.getString("en"));
    }
}

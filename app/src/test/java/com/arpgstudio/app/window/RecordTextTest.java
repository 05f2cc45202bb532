package com.arpgstudio.app.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

class RecordTextTest {

    @Test
    void longArraysKeepTheirFirstItemsAndCountTheRest() {
        JsonObject record = new JsonObject();
        JsonObject settings = new JsonObject();
        settings.addProperty("seed", 1234);
        settings.addProperty("steps", 32);
        record.add("settings", settings);
        JsonArray codes = new JsonArray();
        for (int i = 0; i < 1000; i++) {
            codes.add(4000 + i);
        }
        JsonObject window = new JsonObject();
        window.add("codes", codes);
        JsonArray windows = new JsonArray();
        windows.add(window);
        record.add("tokens", windows);

        String shown = RecordText.of(record.toString());

        assertTrue(shown.contains("\"seed\": 1234"), shown);
        assertTrue(shown.contains("4007"), "the first items stay: " + shown);
        assertTrue(!shown.contains("4008"), "the ninth goes: " + shown);
        assertTrue(shown.contains("\u2026 992 more"), shown);
        assertTrue(shown.lines().count() < 40, "a screenful, not a thousand lines: " + shown.lines().count());
        JsonParser.parseString(shown); // still JSON
    }

    @Test
    void shortArraysAndStringsStayWhole() {
        String json = "{\"notes\":[\"a\",\"b\"],\"seeds\":[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16],\"model\":\"arpg_300m.pt\"}";
        assertEquals(JsonParser.parseString(json), JsonParser.parseString(RecordText.of(json)));
    }

    @Test
    void longStringsKeepTheirStart() {
        String digest = "ab".repeat(200);
        String shown = RecordText.of("{\"sha256\":\"" + digest + "\"}");
        assertTrue(shown.contains(digest.substring(0, RecordText.STRING_CHARS_SHOWN) + "\u2026 (400 characters in all)"), shown);
        assertTrue(!shown.contains(digest.substring(0, RecordText.STRING_CHARS_SHOWN + 1)), shown);
    }

    @Test
    void textThatIsNotJsonIsShownAsItIs() {
        assertEquals("not { json", RecordText.of("not { json"));
    }
}

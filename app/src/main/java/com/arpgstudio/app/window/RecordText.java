package com.arpgstudio.app.window;

import com.arpgstudio.app.i18n.Messages;
import com.arpgstudio.inference.runtime.UserJson;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.Map;

/**
 * An edit record as the Edit records pane shows it: indented JSON in which long arrays keep their
 * first items and say how many more there are, and long strings their start. A fill's record holds
 * the tokens of its windows (four numbers per token cell, thousands of lines once indented): shown
 * whole, laying that text out held the FX thread up for tens of milliseconds each time an edit
 * finished. The file and "Reuse seed and settings" keep the whole record; this is only its view.
 */
final class RecordText {

    static final int ARRAY_ITEMS_SHOWN = 8;
    static final int STRING_CHARS_SHOWN = 120;
    private static final Gson PRETTY = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    private RecordText() {}

    /** The record to show; text that is not JSON comes back as it is. */
    static String of(String json) {
        try {
            return PRETTY.toJson(shortened(UserJson.parse(json))); // a record from a PNG may be anything: depth-limited
        } catch (RuntimeException e) {
            return json;
        }
    }

    private static JsonElement shortened(JsonElement element) {
        if (element.isJsonObject()) {
            JsonObject out = new JsonObject();
            for (Map.Entry<String, JsonElement> member : element.getAsJsonObject().entrySet()) {
                out.add(member.getKey(), shortened(member.getValue()));
            }
            return out;
        }
        if (element.isJsonArray()) {
            JsonArray array = element.getAsJsonArray();
            JsonArray out = new JsonArray();
            int shown = array.size() > 2 * ARRAY_ITEMS_SHOWN ? ARRAY_ITEMS_SHOWN : array.size();
            for (int i = 0; i < shown; i++) {
                out.add(shortened(array.get(i)));
            }
            if (shown < array.size()) {
                out.add(Messages.text("records.moreItems", array.size() - shown));
            }
            return out;
        }
        if (element.isJsonPrimitive() && element.getAsJsonPrimitive().isString()) {
            String text = element.getAsString();
            if (text.length() > 2 * STRING_CHARS_SHOWN) {
                return new JsonPrimitive(text.substring(0, STRING_CHARS_SHOWN)
                        + Messages.text("records.moreChars", text.length()));
            }
        }
        return element;
    }
}

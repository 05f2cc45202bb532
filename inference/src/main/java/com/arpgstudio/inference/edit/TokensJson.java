package com.arpgstudio.inference.edit;

import com.google.gson.JsonArray;
import com.google.gson.JsonDeserializationContext;
import com.google.gson.JsonDeserializer;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonPrimitive;
import com.google.gson.JsonSerializationContext;
import com.google.gson.JsonSerializer;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

/**
 * How {@link EditRecord} writes tokens compactly: a window's cells as one letter each ({@code K}
 * known, {@code G} generated, {@code X} excluded), its codes, probabilities and entropies as Base64
 * of little-endian 32-bit values; a selection as one line of cell indices per window.
 */
final class TokensJson {

    private static final String CELL_LETTERS = "KGX";   // indexed by TokenCells.KNOWN, UNKNOWN, EXCLUDED

    private TokensJson() {}

    static final class WindowAdapter implements JsonSerializer<WindowTokens>, JsonDeserializer<WindowTokens> {

        @Override
        public JsonElement serialize(WindowTokens tokens, Type type, JsonSerializationContext context) {
            JsonObject json = new JsonObject();
            json.add("window", context.serialize(tokens.window()));
            StringBuilder cells = new StringBuilder();
            for (byte cell : tokens.cells()) {
                cells.append(CELL_LETTERS.charAt(cell));
            }
            json.addProperty("cells", cells.toString());
            ByteBuffer codes = buffer(tokens.codes().length);
            Arrays.stream(tokens.codes()).forEach(codes::putInt);
            json.addProperty("codes", Base64.getEncoder().encodeToString(codes.array()));
            json.addProperty("probabilities", floats(tokens.probabilities()));
            json.addProperty("entropies", floats(tokens.entropies()));
            return json;
        }

        @Override
        public WindowTokens deserialize(JsonElement element, Type type, JsonDeserializationContext context) {
            if (!element.isJsonObject()) {
                throw new JsonParseException("window tokens: expected an object, found " + element);
            }
            JsonObject json = element.getAsJsonObject();
            Window window = context.deserialize(json.get("window"), Window.class);
            if (window == null) {
                throw new JsonParseException("window tokens: expected a window, found none");
            }
            int size = window.columns() * window.rows();
            String letters = string(json, "cells");
            if (letters.length() != size) {
                throw new JsonParseException("window tokens: expected " + size + " cells, found " + letters.length());
            }
            byte[] cells = new byte[size];
            for (int i = 0; i < size; i++) {
                int state = CELL_LETTERS.indexOf(letters.charAt(i));
                if (state < 0) {
                    throw new JsonParseException("window tokens: expected cells of " + CELL_LETTERS + ", found "
                            + new JsonPrimitive(String.valueOf(letters.charAt(i))));
                }
                cells[i] = (byte) state;
            }
            ByteBuffer codeBytes = decoded(json, "codes", size);
            int[] codes = new int[size];
            Arrays.setAll(codes, i -> codeBytes.getInt());
            ByteBuffer probabilityBytes = decoded(json, "probabilities", size);
            float[] probabilities = new float[size];
            for (int i = 0; i < size; i++) {
                probabilities[i] = probabilityBytes.getFloat();
            }
            ByteBuffer entropyBytes = decoded(json, "entropies", size);
            float[] entropies = new float[size];
            for (int i = 0; i < size; i++) {
                entropies[i] = entropyBytes.getFloat();
            }
            try {
                return new WindowTokens(window, cells, codes, probabilities, entropies);
            } catch (IllegalArgumentException e) {
                throw new JsonParseException("window tokens: " + e.getMessage(), e);
            }
        }

        private static String floats(float[] values) {
            ByteBuffer bytes = buffer(values.length);
            for (float v : values) {
                bytes.putFloat(v);
            }
            return Base64.getEncoder().encodeToString(bytes.array());
        }

        private static ByteBuffer buffer(int values) {
            return ByteBuffer.allocate(4 * values).order(ByteOrder.LITTLE_ENDIAN);
        }

        private static String string(JsonObject json, String name) {
            JsonElement value = json.get(name);
            if (value == null || !value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
                throw new JsonParseException("window tokens: expected a string " + name + ", found " + value);
            }
            return value.getAsString();
        }

        private static ByteBuffer decoded(JsonObject json, String name, int values) {
            String text = string(json, name);
            if (text.length() > 8 * values + 8) { // Base64 of 4 bytes a value: checked before decoding
                throw new JsonParseException("window tokens: " + name + " too long for " + values + " cells");
            }
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(text);
            } catch (IllegalArgumentException e) {
                throw new JsonParseException("window tokens: " + name + " is not Base64: " + e.getMessage(), e);
            }
            if (bytes.length != 4 * values) {
                throw new JsonParseException("window tokens: expected " + 4 * values + " bytes of " + name
                        + ", found " + bytes.length);
            }
            return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        }
    }

    static final class SelectionAdapter implements JsonSerializer<TokenSelection>, JsonDeserializer<TokenSelection> {

        @Override
        public JsonElement serialize(TokenSelection selection, Type type, JsonSerializationContext context) {
            JsonArray windows = new JsonArray();
            for (int[] cells : selection.cells()) {
                windows.add(new JsonPrimitive(Arrays.stream(cells).mapToObj(Integer::toString)
                        .collect(Collectors.joining(" "))));
            }
            return windows;
        }

        @Override
        public TokenSelection deserialize(JsonElement element, Type type, JsonDeserializationContext context) {
            if (!element.isJsonArray()) {
                throw new JsonParseException("token selection: expected one line of cells per window, found "
                        + element);
            }
            List<int[]> windows = new ArrayList<>();
            for (JsonElement line : element.getAsJsonArray()) {
                if (!line.isJsonPrimitive() || !line.getAsJsonPrimitive().isString()) {
                    throw new JsonParseException("token selection: expected a line of cell indices, found " + line);
                }
                String text = line.getAsString().strip();
                try {
                    windows.add(text.isEmpty() ? new int[0]
                            : Arrays.stream(text.split(" +")).mapToInt(Integer::parseInt).toArray());
                } catch (NumberFormatException e) {
                    throw new JsonParseException("token selection: expected cell indices, found "
                            + new JsonPrimitive(text), e);
                }
            }
            try {
                return new TokenSelection(windows);
            } catch (IllegalArgumentException e) {
                throw new JsonParseException("token selection: " + e.getMessage(), e);
            }
        }
    }
}

package com.arpgstudio.inference.runtime;

import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Parsing the JSON of user files (settings, config.json, edit records, PNG text). Gson parses any
 * depth without recursion, but its accessors and printers recurse ({@code [[[...[1]...]]]} read
 * as a number unwraps one array per call; {@code toString} writes one level per call), so a file
 * of a few thousand nested brackets would end in a StackOverflowError far from the parser. This
 * refuses such nesting at once, as a parse error.
 */
public final class UserJson {

    /** Deeper than any file of this app nests (settings and records: 4 levels). */
    public static final int MAX_DEPTH = 64;

    private UserJson() {}

    /**
     * Reads a JSON file of this kind through {@link UserFiles#readText} (a regular file within its
     * size cap, UTF-8) and parses it as {@link #parse} does.
     */
    public static JsonElement read(Path file, UserFiles.Kind kind) throws IOException {
        return parse(UserFiles.readText(file, kind));
    }

    /** Parses leniently (as {@link JsonParser#parseString}); a syntax error or deeper nesting is a {@link JsonParseException}. */
    public static JsonElement parse(String text) {
        JsonElement root = JsonParser.parseString(text);
        requireShallow(root);
        return root;
    }

    private record Level(JsonElement element, int depth) {}

    private static void requireShallow(JsonElement root) {
        Deque<Level> pending = new ArrayDeque<>();
        pending.push(new Level(root, 1));
        while (!pending.isEmpty()) {
            Level level = pending.pop();
            if (level.depth() > MAX_DEPTH) {
                throw new JsonParseException("expected JSON nested at most " + MAX_DEPTH + " levels deep, found deeper");
            }
            if (level.element().isJsonArray()) {
                level.element().getAsJsonArray().forEach(e -> pending.push(new Level(e, level.depth() + 1)));
            } else if (level.element().isJsonObject()) {
                level.element().getAsJsonObject().entrySet()
                        .forEach(e -> pending.push(new Level(e.getValue(), level.depth() + 1)));
            }
        }
    }
}

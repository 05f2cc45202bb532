package com.arpgstudio.inference.runtime;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The text of a TorchScript resource, read by the tests that check which weights its code reads. */
public final class ScriptText {

    private ScriptText() {}

    /** The source of the resource {@code resource} beside {@code owner}. */
    public static String of(Class<?> owner, String resource) throws IOException {
        try (InputStream in = owner.getResourceAsStream(resource)) {
            assertNotNull(in, "no resource " + resource);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The text of one method of a script, from its def to the next. */
    public static String method(String source, String name) {
        int start = source.indexOf("  def " + name + "(");
        assertTrue(start >= 0, "no method " + name);
        int end = source.indexOf("  def ", start + 1);
        return source.substring(start, end < 0 ? source.length() : end);
    }

    /** The keys {@code code} reads from the dict {@code dict}: each {@code dict["key"]}. */
    public static Set<String> readKeys(String code, String dict) {
        Set<String> keys = new TreeSet<>();
        Matcher matcher = Pattern.compile("\\b" + dict + "\\[\"(\\w+)\"\\]").matcher(code);
        while (matcher.find()) {
            keys.add(matcher.group(1));
        }
        return keys;
    }
}

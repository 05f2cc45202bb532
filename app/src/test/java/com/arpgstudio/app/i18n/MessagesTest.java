package com.arpgstudio.app.i18n;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class MessagesTest {

    private static final Pattern LITERAL_KEY = Pattern.compile("Messages\\.text\\(\"([A-Za-z0-9_.]+)\"[,)]");
    /** A text in quotes, with a letter, handed to a control, a dialog, a tooltip or a status line. */
    private static final Pattern LITERAL_TEXT = Pattern.compile("(\\.set(Text|Title|HeaderText|ContentText|PromptText)"
            + "|new (Label|Button|ToggleButton|CheckBox|RadioButton|Tooltip|MenuItem|Menu|CheckMenuItem|RadioMenuItem"
            + "|TitledPane|Text|Alert|ButtonType|ExtensionFilter|Failure)|message\\.set)\\(\\s*\"[^\"]*\\p{L}");

    @Test
    void everyKeyTheEditorAsksForIsInTheBundleAndEveryPatternParses() throws IOException {
        ResourceBundle bundle = Messages.bundle();
        List<String> missing = new ArrayList<>();
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher keys = LITERAL_KEY.matcher(Files.readString(source));
                while (keys.find()) {
                    if (!bundle.containsKey(keys.group(1))) {
                        missing.add(source.getFileName() + ": " + keys.group(1));
                    }
                }
            }
        }
        assertEquals(List.of(), missing);
        for (String key : bundle.keySet()) {
            new MessageFormat(bundle.getString(key)); // throws on a broken pattern (an unpaired ' or brace)
        }
    }

    @Test
    void noControlDialogOrStatusLineIsGivenALiteralText() throws IOException {
        List<String> literal = new ArrayList<>();
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher texts = LITERAL_TEXT.matcher(Files.readString(source));
                while (texts.find()) {
                    literal.add(source.getFileName() + ": " + texts.group());
                }
            }
        }
        assertEquals(List.of(), literal);
    }

    @Test
    void choicesAndNumbersReadAsPlainText() {
        assertEquals("Opened a.png (3000\u00d72000)", Messages.text("status.opened", "a.png", 3000, 2000));
        assertEquals("Document 12345 MB", Messages.text("status.document", 12345L), "numbers without grouping");
        assertEquals("seed 1234567", Messages.text("reroll.node.detail", 1234567L));
        assertEquals("Don't Save", Messages.text("ask.dontSave"));
    }
}

package com.arpgstudio.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The editor's classes depend downwards only: the window (the root package) on components, components
 * on view models, never the other way. A component is a class of the canvas, window or actions
 * package, a tool or layer of the canvas, or elsewhere a class that uses JavaFX nodes (controls,
 * layouts, the canvas, scenes, stages); a view model is a class of the editing, document or i18n
 * package, or elsewhere one without JavaFX nodes. A test may use what the class it tests may use.
 */
class ImportGraphTest {

    private enum Layer { VIEW_MODEL, COMPONENT, WINDOW }

    private record Source(String name, String pkg, String text) {}

    private static final String ROOT = "com.arpgstudio.app";
    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern APP_IMPORT = Pattern.compile("^import (com\\.arpgstudio\\.app\\.[\\w.]+);", Pattern.MULTILINE);
    private static final Pattern NODES = Pattern.compile("^import javafx\\.(stage|scene\\.(control|layout|canvas|shape|text"
            + "|Node|Parent|Scene|Group|image\\.ImageView))", Pattern.MULTILINE);
    private static final Pattern CANVAS_PART = Pattern.compile("implements (CanvasTool|PointerTool|CanvasOverlay)\\b");
    private static final Pattern COMMENT = Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);

    private static Map<String, Source> sources(String tree) throws IOException {
        Map<String, Source> sources = new TreeMap<>();
        try (Stream<Path> files = Files.walk(Path.of(tree))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String text = Files.readString(file);
                Matcher pkg = PACKAGE.matcher(text);
                assertTrue(pkg.find(), file + " names its package");
                String name = pkg.group(1) + "." + file.getFileName().toString().replace(".java", "");
                sources.put(name, new Source(name, pkg.group(1), text));
            }
        }
        return sources;
    }

    private static Layer layer(Source source) {
        String pkg = source.pkg();
        if (pkg.equals(ROOT)) {
            return Layer.WINDOW;
        }
        if (pkg.endsWith(".canvas") || pkg.endsWith(".window") || pkg.endsWith(".actions")
                || CANVAS_PART.matcher(source.text()).find()) {
            return Layer.COMPONENT;
        }
        if (pkg.endsWith(".editing") || pkg.endsWith(".document") || pkg.endsWith(".i18n")) {
            return Layer.VIEW_MODEL;
        }
        return NODES.matcher(source.text()).find() ? Layer.COMPONENT : Layer.VIEW_MODEL;
    }

    /** The classes of {@code main} that {@code source} names: imported, or of its own package and used by name. */
    private static List<Source> uses(Source source, Map<String, Source> main) {
        List<Source> used = new ArrayList<>();
        Matcher imports = APP_IMPORT.matcher(source.text());
        while (imports.find()) {
            String name = imports.group(1);
            while (!main.containsKey(name) && name.lastIndexOf('.') > 0) { // a nested type: its outer class
                name = name.substring(0, name.lastIndexOf('.'));
            }
            if (main.containsKey(name)) {
                used.add(main.get(name));
            }
        }
        String body = COMMENT.matcher(source.text().replaceAll("(?m)^import .*$", "")).replaceAll("");
        for (Source other : main.values()) {
            String simple = other.name().substring(other.pkg().length() + 1);
            if (other.pkg().equals(source.pkg()) && !other.name().equals(source.name())
                    && Pattern.compile("\\b" + simple + "\\b").matcher(body).find()) {
                used.add(other);
            }
        }
        return used;
    }

    @Test
    void theWindowUsesComponentsAndComponentsUseViewModelsNeverTheOtherWay() throws IOException {
        Map<String, Source> main = sources("src/main/java");
        List<String> upwards = new ArrayList<>();
        for (Source source : main.values()) {
            for (Source used : uses(source, main)) {
                if (layer(used).compareTo(layer(source)) > 0) {
                    upwards.add(source.name() + " (" + layer(source) + ") uses " + used.name() + " (" + layer(used) + ")");
                }
            }
        }
        for (Source test : sources("src/test/java").values()) {
            Source subject = main.get(test.name().replaceFirst("Test$", ""));
            Layer allowed = subject != null ? layer(subject) : test.pkg().equals(ROOT) ? Layer.WINDOW : Layer.COMPONENT;
            for (Source used : uses(test, main)) {
                if (layer(used).compareTo(allowed) > 0) {
                    upwards.add(test.name() + " (tests a " + allowed + ") uses " + used.name() + " (" + layer(used) + ")");
                }
            }
        }
        assertEquals(List.of(), upwards);
        assertTrue(main.values().stream().map(ImportGraphTest::layer).distinct().count() == 3, "all three layers found");
    }
}

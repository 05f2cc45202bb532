package com.arpgstudio.app.models;

import com.arpgstudio.app.i18n.Messages;
import com.arpgstudio.inference.runtime.Texts;
import com.arpgstudio.inference.runtime.UserFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Class names a model conditions on (line i+1 = class i), and the choices the class list shows:
 * "none" (the null class) first, then "id · name".
 */
public final class ClassLabels {

    public static final String IMAGENET_RESOURCE = "/com/arpgstudio/ui/labels/imagenet-classes.txt";

    /** One entry of the class list; id null is "none" (the null class, as in the sampling settings). */
    public record Choice(Integer id, String name) {
        @Override
        public String toString() {
            return id == null ? name : id + " · " + name;
        }
    }

    private ClassLabels() {}

    /** The 1000 ImageNet names the released ARPG weights are numbered by. */
    public static List<String> imagenet() {
        try (InputStream in = ClassLabels.class.getResourceAsStream(IMAGENET_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + IMAGENET_RESOURCE);
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The names of a model's {@code count} classes: its class names file when that is a readable
     * list of exactly {@code count} names (read as {@link UserFiles.Kind#CLASS_NAMES}: a regular
     * file of at most 1 MiB of UTF-8), else the ImageNet names for 1000 classes, else "class i".
     */
    public static List<String> forModel(Path file, int count) {
        if (file != null) {
            try {
                List<String> names = parse(UserFiles.readText(file, UserFiles.Kind.CLASS_NAMES));
                if (names.size() == count) {
                    return names;
                }
            } catch (NoSuchFileException e) {
                // no names beside the model
            } catch (IOException e) {
                LoggerFactory.getLogger(ClassLabels.class).warn("class names not used: {}", e.getMessage());
            }
        }
        if (count == 1000) {
            return imagenet();
        }
        List<String> numbered = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            numbered.add(Messages.text("model.numberedClass", i));
        }
        return numbered;
    }

    /** One name a line, stripped, control characters escaped (they came from a file); trailing empty lines dropped. */
    static List<String> parse(String text) {
        List<String> names = new ArrayList<>();
        text.lines().forEach(line -> names.add(Texts.escaped(line.strip())));
        while (!names.isEmpty() && names.get(names.size() - 1).isEmpty()) {
            names.remove(names.size() - 1);
        }
        return List.copyOf(names);
    }

    /** "none" followed by every class of the model. */
    public static List<Choice> choices(List<String> classNames) {
        List<Choice> choices = new ArrayList<>(classNames.size() + 1);
        choices.add(new Choice(null, "none"));
        for (int i = 0; i < classNames.size(); i++) {
            choices.add(new Choice(i, classNames.get(i)));
        }
        return choices;
    }
}

package com.arpgstudio.app.models;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

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
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<String> read(InputStream in) throws IOException {
        List<String> names = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                names.add(line.strip());
            }
        }
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

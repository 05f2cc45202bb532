package com.arpgstudio.app.settings;

import javafx.beans.property.ObjectProperty;
import javafx.event.ActionEvent;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.Region;
import javafx.util.StringConverter;

/**
 * Editable fields whose typed text always counts: when the field loses focus, and before an
 * action reads the values (a shortcut or a tool bar button leaves the focus in the field).
 */
public final class Spinners {

    private Spinners() {}

    /** Makes {@code spinner} editable and keeps its value bound both ways to {@code value}. */
    public static <T> void bindEditable(Spinner<T> spinner, ObjectProperty<T> value) {
        spinner.setEditable(true);
        SpinnerValueFactory<T> factory = spinner.getValueFactory();
        factory.setConverter(keepingTheValueOnUnreadableText(factory));
        // Bidirectional bindings are weak: the adapter lives as long as the spinner.
        spinner.getProperties().put(Spinners.class, value);
        factory.valueProperty().bindBidirectional(value);
        spinner.focusedProperty().addListener((obs, was, focused) -> {
            if (!focused) {
                commitTyped(spinner);
            }
        });
        // Enter commits as well; an unreadable text should not stay in the field until it loses focus
        spinner.getEditor().addEventHandler(ActionEvent.ACTION, e -> commitTyped(spinner));
        // The spinner's skin passes every key on to its text field, whose copy reaches the scene's
        // accelerators, and lets the original Enter go on as well: Ctrl+Enter would run Generate
        // twice. The copy (targeted at the text field) has done its work; the original stops here.
        spinner.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (e.getTarget() == spinner && e.getCode() == KeyCode.ENTER
                    && (e.isShortcutDown() || e.isControlDown() || e.isAltDown() || e.isMetaDown())) {
                e.consume();
            }
        });
    }

    /**
     * A narrow editable whole-number field of {@code min..max} bound both ways to {@code value}
     * (as {@link #bindEditable}), kept at its preferred width in a narrow panel.
     */
    public static Spinner<Integer> wholeNumbers(String id, int min, int max, ObjectProperty<Integer> value,
                                                String tooltip) {
        Spinner<Integer> spinner = new Spinner<>(min, max, value.get());
        spinner.setId(id);
        spinner.setPrefWidth(80);
        spinner.setMinWidth(Region.USE_PREF_SIZE);
        spinner.setTooltip(new Tooltip(tooltip));
        bindEditable(spinner, value);
        return spinner;
    }

    /** Commits the text typed into the focused spinner or formatted field (the seed), if any. */
    public static void commitFocused(Scene scene) {
        Node focused = scene == null ? null : scene.getFocusOwner();
        for (Node node = focused; node != null; node = node.getParent()) {
            if (node instanceof Spinner<?> spinner) {
                commitTyped(spinner);
                return;
            }
        }
        if (focused instanceof TextField field && field.getTextFormatter() != null) {
            field.commitValue();
        }
    }

    /** The typed text becomes the value; an unreadable text gives the field the current value back. */
    static <T> void commitTyped(Spinner<T> spinner) {
        spinner.commitValue();
        SpinnerValueFactory<T> factory = spinner.getValueFactory();
        spinner.getEditor().setText(factory.getConverter().toString(factory.getValue()));
    }

    /**
     * The factory's converter, except that a text it cannot read (empty, or not a number) reads as
     * the current value: the spinner commits its text itself when it loses focus, and would throw
     * from that focus change, or set the value to null.
     */
    private static <T> StringConverter<T> keepingTheValueOnUnreadableText(SpinnerValueFactory<T> factory) {
        StringConverter<T> exact = factory.getConverter();
        return new StringConverter<>() {
            @Override
            public String toString(T value) {
                return exact.toString(value);
            }

            @Override
            public T fromString(String text) {
                try {
                    T typed = exact.fromString(text);
                    return typed == null ? factory.getValue() : typed;
                } catch (RuntimeException unreadable) {
                    return factory.getValue();
                }
            }
        };
    }
}

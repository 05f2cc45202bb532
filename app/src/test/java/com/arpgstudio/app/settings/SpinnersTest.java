package com.arpgstudio.app.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.arpgstudio.app.FxToolkit;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.event.ActionEvent;
import javafx.scene.Scene;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * Text typed into a bound spinner that is no number, or nothing at all, leaves the value as it
 * was and puts it back in the field, whether the focus leaves, Enter or an action commits the text.
 */
@ExtendWith(ApplicationExtension.class)
class SpinnersTest {

    private final ObjectProperty<Integer> steps = new SimpleObjectProperty<>(64);
    private final ObjectProperty<Double> temperature = new SimpleObjectProperty<>(1.0);
    private Spinner<Integer> stepsSpinner;
    private Spinner<Double> temperatureSpinner;
    private TextField elsewhere;

    @Start
    void start(Stage stage) {
        stepsSpinner = Spinners.wholeNumbers("steps", 1, 1024, steps, "steps");
        temperatureSpinner = new Spinner<>(new SpinnerValueFactory.DoubleSpinnerValueFactory(0.05, 5, 1, 0.05));
        Spinners.bindEditable(temperatureSpinner, temperature);
        elsewhere = new TextField();
        stage.setScene(new Scene(new VBox(stepsSpinner, temperatureSpinner, elsewhere), 300, 200));
        stage.show();
    }

    /** Types {@code text} into {@code spinner}, then moves the focus away (the FX thread's errors fail the test). */
    private void typeAndLeave(Spinner<?> spinner, String text) {
        FxToolkit.run(() -> {
            spinner.requestFocus();
            spinner.getEditor().setText(text);
            elsewhere.requestFocus();
        });
    }

    @Test
    void textThatIsNoNumberKeepsTheValueWhenTheFocusLeaves() {
        typeAndLeave(stepsSpinner, "abc");
        typeAndLeave(temperatureSpinner, "1.x");

        assertEquals(64, steps.get());
        assertEquals("64", FxToolkit.call(() -> stepsSpinner.getEditor().getText()));
        assertEquals(1.0, temperature.get());
        assertEquals("1", FxToolkit.call(() -> temperatureSpinner.getEditor().getText()));
    }

    @Test
    void anEmptyFieldKeepsTheValue() {
        typeAndLeave(stepsSpinner, "");

        assertEquals(64, steps.get());
        assertEquals("64", FxToolkit.call(() -> stepsSpinner.getEditor().getText()));
    }

    @Test
    void enterPutsTheValueBackInPlaceOfTextThatIsNoNumber() {
        FxToolkit.run(() -> {
            stepsSpinner.requestFocus();
            stepsSpinner.getEditor().setText("abc");
            stepsSpinner.getEditor().fireEvent(new ActionEvent());
        });

        assertEquals(64, steps.get());
        assertEquals("64", FxToolkit.call(() -> stepsSpinner.getEditor().getText()));
    }

    @Test
    void anActionCommitsTheTypedNumberOrPutsTheValueBack() {
        FxToolkit.run(() -> {
            stepsSpinner.requestFocus();
            stepsSpinner.getEditor().setText("32");
            Spinners.commitFocused(stepsSpinner.getScene());
        });
        assertEquals(32, steps.get());

        FxToolkit.run(() -> {
            stepsSpinner.getEditor().setText("lots");
            Spinners.commitFocused(stepsSpinner.getScene());
        });
        assertEquals(32, steps.get());
        assertEquals("32", FxToolkit.call(() -> stepsSpinner.getEditor().getText()));
    }
}

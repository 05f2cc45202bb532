package com.arpgstudio.app.window;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.arpgstudio.app.FxToolkit;
import com.arpgstudio.app.editing.EditorViewModel;
import java.util.List;
import javafx.scene.Scene;
import javafx.scene.control.DialogPane;
import javafx.scene.layout.Pane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

@ExtendWith(ApplicationExtension.class)
class FailureDialogsTest {

    private FailureDialogs failures;
    private Stage first;

    @Start
    void start(Stage stage) {
        stage.setScene(new Scene(new Pane(), 200, 100));
        stage.show();
        failures = new FailureDialogs(stage);
        first = new Stage();
        first.initOwner(stage);
        first.setScene(new Scene(new Pane(), 100, 50));
        first.show();
    }

    private List<String> dialogHeaders(FxRobot robot) {
        return robot.lookup(".dialog-pane").queryAllAs(DialogPane.class).stream()
                .map(pane -> FxToolkit.call(pane::getHeaderText)).sorted().toList();
    }

    @Test
    void failuresWaitForTheWindowToCloseThenOpenEach(FxRobot robot) {
        robot.interact(() -> {
            failures.after(first);
            failures.accept(new EditorViewModel.Failure("Opening a failed", "a", null));
            failures.accept(new EditorViewModel.Failure("Opening b failed", "b", null));
        });
        assertEquals(List.of(), dialogHeaders(robot), "nothing beside the open window");

        robot.interact(first::close);
        assertEquals(List.of("Opening a failed", "Opening b failed"), dialogHeaders(robot));
        robot.interact(() -> failures.accept(new EditorViewModel.Failure("Saving failed", "c", null)));
        assertEquals(3, dialogHeaders(robot).size(), "later failures open at once");
    }
}

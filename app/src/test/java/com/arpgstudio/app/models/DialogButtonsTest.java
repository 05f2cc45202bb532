package com.arpgstudio.app.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.arpgstudio.app.FxToolkit;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.scene.control.Button;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import org.junit.jupiter.api.Test;

class DialogButtonsTest {

    @Test
    void theDialogsButtonsComeFirstAndCloseLastAnsweringEscape() throws Exception {
        FxToolkit.start();
        AtomicInteger closed = new AtomicInteger();
        FxToolkit.run(() -> {
            Button add = new Button("Add");
            Button folder = new Button("Folder");
            HBox row = DialogButtons.row("a-close", "Close", closed::incrementAndGet, add, folder);
            assertEquals(4, row.getChildren().size());
            assertSame(add, row.getChildren().get(0));
            assertSame(folder, row.getChildren().get(1));
            assertEquals(Priority.ALWAYS, HBox.getHgrow(row.getChildren().get(2)), "the space between grows");
            Button close = (Button) row.getChildren().get(3);
            assertEquals("a-close", close.getId());
            assertEquals("Close", close.getText());
            assertTrue(close.isCancelButton(), "Escape presses it");
            close.fire();
        });
        assertEquals(1, closed.get());
    }
}

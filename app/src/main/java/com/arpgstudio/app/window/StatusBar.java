package com.arpgstudio.app.window;

import com.arpgstudio.app.i18n.Messages;
import com.arpgstudio.app.document.Document;
import com.arpgstudio.app.editing.EditorViewModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.util.Duration;

/**
 * The status bar: the last message (it takes the room that is left and is cut first), then the
 * image size, what the document holds, model, device, the process's memory and the last run's time
 * (cut from the right where the window is narrower than these fields).
 */
public final class StatusBar extends HBox {

    public static final String STYLE_CLASS = "status-bar";

    public StatusBar(EditorViewModel model) {
        Label message = new Label();
        message.setId("status-message");
        message.textProperty().bind(model.messageProperty());
        message.setMinWidth(0);
        message.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(message, Priority.ALWAYS);
        Tooltip whole = new Tooltip();
        whole.textProperty().bind(model.messageProperty());
        message.setTooltip(whole);
        Label size = field("status-size", Bindings.createStringBinding(() -> {
            Document doc = model.documentProperty().get();
            return doc == null ? "" : Messages.text("status.size", doc.width(), doc.height());
        }, model.documentProperty(), model.history().editRecordProperty(), model.history().documentBytesProperty(),
                model.history().canUndoProperty()));
        Label documentMemory = field("status-document", Bindings.createStringBinding(
                () -> model.documentProperty().get() == null ? ""
                        : Messages.text("status.document", model.history().documentBytesProperty().get() + (1 << 19) >> 20),
                model.documentProperty(), model.history().documentBytesProperty()));
        documentMemory.setTooltip(new Tooltip(Messages.text("status.document.tooltip")));
        Label modelName = field("status-model", Bindings.createStringBinding(
                () -> Messages.text("status.model", model.modelStatus().modelNameProperty().get()), model.modelStatus().modelNameProperty()));
        Label device = field("status-device", Bindings.createStringBinding(
                () -> Messages.text("status.device", model.modelStatus().deviceNameProperty().get()), model.modelStatus().deviceNameProperty()));
        Label memory = new Label(memoryText());
        memory.setId("status-memory");
        memory.setMinWidth(Region.USE_PREF_SIZE);
        Timeline memoryTicker = new Timeline(new KeyFrame(Duration.seconds(2), e -> memory.setText(memoryText())));
        memoryTicker.setCycleCount(Timeline.INDEFINITE);
        memoryTicker.play();
        Label lastRun = field("status-last-run", Bindings.createStringBinding(
                () -> Messages.text("status.lastRun", model.generation().lastRunTimeProperty().get()), model.generation().lastRunTimeProperty()));
        getChildren().addAll(List.of(message, size, documentMemory, modelName, device, memory, lastRun));
        setId("status-bar");
        getStyleClass().add(STYLE_CLASS);
        setAlignment(Pos.CENTER_LEFT);
        // The fields keep their width, so their sum would be the window's minimum width: a long
        // model or device name pushed the side panel out of the window. The last fields are cut instead.
        setMinWidth(0);
    }

    /** A field that keeps its width (the message gives way first). */
    private static Label field(String id, javafx.beans.value.ObservableValue<String> text) {
        Label field = new Label();
        field.setId(id);
        field.textProperty().bind(text);
        field.setMinWidth(Region.USE_PREF_SIZE);
        return field;
    }

    /** Heap in use / maximum, and the process's resident memory (native tensors included) on Linux. */
    static String memoryText() {
        Runtime rt = Runtime.getRuntime();
        long usedMb = (rt.totalMemory() - rt.freeMemory()) >> 20;
        String text = Messages.text("status.memory", usedMb, rt.maxMemory() >> 20);
        Path status = Path.of("/proc/self/status");
        if (Files.isReadable(status)) {
            try {
                for (String line : Files.readAllLines(status)) {
                    if (line.startsWith("VmRSS:")) {
                        long kb = Long.parseLong(line.replaceAll("\\D", ""));
                        text += Messages.text("status.resident", kb >> 10);
                    }
                }
            } catch (IOException | NumberFormatException e) {
                // Resident memory is a bonus; the heap figure stands alone.
            }
        }
        return text;
    }
}

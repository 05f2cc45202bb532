package com.arpgstudio.app.window;

import static com.arpgstudio.app.window.Panes.formLabel;

import com.arpgstudio.app.i18n.Messages;
import com.arpgstudio.app.canvas.OutpaintFrame;
import com.arpgstudio.app.editing.EditorViewModel;
import com.arpgstudio.app.settings.Spinners;
import javafx.beans.property.IntegerProperty;
import javafx.scene.control.Button;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.util.converter.IntegerStringConverter;

/** Outpaint: the pixels to add on each edge (as the edge handles set them), and Reset. */
public final class OutpaintPane extends TitledPane {

    public OutpaintPane(EditorViewModel model) {
        GridPane amounts = new GridPane();
        amounts.setHgap(8);
        amounts.setVgap(6);
        amounts.addRow(0, formLabel(Messages.text("outpaint.left")), spinner("outpaint-left", model.outpaint().leftProperty()),
                formLabel(Messages.text("outpaint.right")), spinner("outpaint-right", model.outpaint().rightProperty()));
        amounts.addRow(1, formLabel(Messages.text("outpaint.top")), spinner("outpaint-top", model.outpaint().topProperty()),
                formLabel(Messages.text("outpaint.bottom")), spinner("outpaint-bottom", model.outpaint().bottomProperty()));
        Button reset = new Button(Messages.text("outpaint.reset"));
        reset.setId("outpaint-reset");
        reset.setOnAction(e -> model.outpaint().reset());
        Panes.init(this, Messages.text("outpaint.pane"),
                new VBox(8, amounts, Panes.hint(Messages.text("outpaint.hint", OutpaintFrame.SNAP)), reset), "pane-outpaint");
    }

    private static Spinner<Integer> spinner(String id, IntegerProperty amount) {
        SpinnerValueFactory.IntegerSpinnerValueFactory amounts = new SpinnerValueFactory.IntegerSpinnerValueFactory(0,
                16384, amount.get(), OutpaintFrame.SNAP);
        amounts.setConverter(new IntegerStringConverter() {
            @Override
            public Integer fromString(String text) {
                Integer typed = super.fromString(text);
                return typed == null ? null : OutpaintFrame.snap(typed); // as a drag of the handle gives it
            }
        });
        Spinner<Integer> spinner = new Spinner<>(amounts);
        spinner.setId(id);
        spinner.setPrefWidth(90);
        Spinners.bindEditable(spinner, amount.asObject());
        return spinner;
    }
}

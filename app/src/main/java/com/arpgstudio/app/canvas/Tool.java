package com.arpgstudio.app.canvas;

import com.arpgstudio.app.i18n.Messages;
import com.arpgstudio.app.document.Document;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import javafx.scene.input.KeyCode;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignB;
import org.kordamp.ikonli.materialdesign2.MaterialDesignE;
import org.kordamp.ikonli.materialdesign2.MaterialDesignL;
import org.kordamp.ikonli.materialdesign2.MaterialDesignS;

/**
 * The mask tools: each with its name (bundle key), the key that chooses it, its icon and the
 * {@link PointerTool} that does its drags. A new mask tool is one constant here and its class; the
 * menu, the tool bar, the key and the shortcut list follow.
 */
public enum Tool {
    BRUSH("tool.brush", KeyCode.B, MaterialDesignB.BRUSH, (document, settings) -> new MaskBrush(document, settings, true)),
    ERASER("tool.eraser", KeyCode.E, MaterialDesignE.ERASER, (document, settings) -> new MaskBrush(document, settings, false)),
    RECTANGLE("tool.rectangle", KeyCode.M, MaterialDesignS.SELECTION_DRAG, RectangleSelection::new),
    LASSO("tool.lasso", KeyCode.L, MaterialDesignL.LASSO, LassoSelection::new);

    private final String nameKey;
    private final KeyCode key;
    private final Ikon icon;
    private final BiFunction<Supplier<Document>, ToolSettings, PointerTool> factory;

    Tool(String nameKey, KeyCode key, Ikon icon, BiFunction<Supplier<Document>, ToolSettings, PointerTool> factory) {
        this.nameKey = nameKey;
        this.key = key;
        this.icon = icon;
        this.factory = factory;
    }

    public String title() {
        return Messages.text(nameKey);
    }

    /** The single key that chooses it. */
    public KeyCode key() {
        return key;
    }

    /** The icon of its tool bar button. */
    public Ikon icon() {
        return icon;
    }

    PointerTool create(Supplier<Document> document, ToolSettings settings) {
        return factory.apply(document, settings);
    }
}

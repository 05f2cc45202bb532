package com.arpgstudio.app.canvas;

import com.arpgstudio.app.i18n.Messages;
import com.arpgstudio.app.document.Document;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import javafx.scene.input.KeyCode;

/**
 * The mask tools: each with its name (bundle key), the key that chooses it, its icon and the
 * {@link PointerTool} that does its drags. A new mask tool is one constant here and its class; the
 * menu, the tool bar, the key and the shortcut list follow.
 */
public enum Tool {
    BRUSH("tool.brush", KeyCode.B, "mdi2b-brush", (document, settings) -> new MaskBrush(document, settings, true)),
    ERASER("tool.eraser", KeyCode.E, "mdi2e-eraser", (document, settings) -> new MaskBrush(document, settings, false)),
    RECTANGLE("tool.rectangle", KeyCode.M, "mdi2s-selection-drag", RectangleSelection::new),
    LASSO("tool.lasso", KeyCode.L, "mdi2l-lasso", LassoSelection::new);

    private final String nameKey;
    private final KeyCode key;
    private final String icon;
    private final BiFunction<Supplier<Document>, ToolSettings, PointerTool> factory;

    Tool(String nameKey, KeyCode key, String icon, BiFunction<Supplier<Document>, ToolSettings, PointerTool> factory) {
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

    /** The Ikonli icon literal of its tool bar button. */
    public String icon() {
        return icon;
    }

    PointerTool create(Supplier<Document> document, ToolSettings settings) {
        return factory.apply(document, settings);
    }
}

package com.arpgstudio.app.canvas;

/** The mask tools of the canvas. */
public enum Tool {
    BRUSH("Brush", "B"),
    ERASER("Eraser", "E"),
    RECTANGLE("Rectangle selection", "M"),
    LASSO("Lasso selection", "L");

    private final String title;
    private final String key;

    Tool(String title, String key) {
        this.title = title;
        this.key = key;
    }

    public String title() {
        return title;
    }

    /** The single-key shortcut that selects it. */
    public String key() {
        return key;
    }
}

package com.arpgstudio.app;

import java.util.List;

/** Every keyboard shortcut of the editor, as Help > Keyboard shortcuts lists them. */
public final class Shortcuts {

    /** One line of the shortcuts dialog. */
    public record Shortcut(String group, String keys, String action) {}

    private Shortcuts() {}

    public static List<Shortcut> all() {
        return List.of(
                new Shortcut("File", "Ctrl+O", "Open an image"),
                new Shortcut("File", "Ctrl+V", "Paste an image (or image file) from the clipboard"),
                new Shortcut("File", "Ctrl+S", "Save (PNG with the edit record)"),
                new Shortcut("File", "Ctrl+Shift+S", "Save As…"),
                new Shortcut("File", "Ctrl+E", "Export PNG…"),
                new Shortcut("File", "Ctrl+Q", "Quit"),
                new Shortcut("Edit", "Ctrl+Z", "Undo"),
                new Shortcut("Edit", "Ctrl+Shift+Z / Ctrl+Y", "Redo"),
                new Shortcut("Generate", "Ctrl+Enter", "Generate: fill the mask, or the pending outpaint area"),
                new Shortcut("Generate", "Ctrl+Shift+X", "Expand 2x (double the resolution)"),
                new Shortcut("Generate", "Esc", "Cancel the running generation, or discard variants"),
                new Shortcut("Generate", "Enter", "Apply the chosen variant"),
                new Shortcut("Generate", "Left / Right", "Previous / next variant"),
                new Shortcut("Mask", "B", "Brush"),
                new Shortcut("Mask", "E", "Eraser"),
                new Shortcut("Mask", "M", "Rectangle selection"),
                new Shortcut("Mask", "L", "Lasso selection"),
                new Shortcut("Mask", "[ / ]", "Smaller / larger brush"),
                new Shortcut("Mask", "Alt+wheel", "Brush size"),
                new Shortcut("Mask", "Alt+drag", "Rectangle or lasso subtracts from the mask (adds in subtract mode)"),
                new Shortcut("Mask", "X", "Switch selections between add and subtract"),
                new Shortcut("Mask", "Ctrl+I", "Invert the mask"),
                new Shortcut("Mask", "Ctrl+D", "Clear the mask"),
                new Shortcut(Messages.text("reroll.pane"), "G", Messages.text("reroll.brush.tooltip")),
                new Shortcut(Messages.text("reroll.pane"), "P", Messages.text("reroll.pin.tooltip")),
                new Shortcut(Messages.text("reroll.pane"), "R", Messages.text("reroll.run.tooltip")),
                new Shortcut("View", "Ctrl+Shift+C", Messages.text("reroll.showConfidence")),
                new Shortcut("View", "Wheel", "Zoom at the pointer"),
                new Shortcut("View", "+ / -", "Zoom in / out"),
                new Shortcut("View", "Ctrl+0", "Fit the image in the window"),
                new Shortcut("View", "Ctrl+1", "Actual size (100%)"),
                new Shortcut("View", "Space+drag, middle drag", "Pan"),
                new Shortcut("View", "\\ (hold)", "Compare: show the image before the last edit"),
                new Shortcut("View", "Ctrl+T", "Switch light / dark theme"),
                new Shortcut("Help", "F1", "Keyboard shortcuts"));
    }
}

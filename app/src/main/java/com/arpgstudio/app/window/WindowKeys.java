package com.arpgstudio.app.window;

import com.arpgstudio.app.actions.ActionRegistry;
import com.arpgstudio.app.canvas.EditorCanvas;
import com.arpgstudio.app.canvas.Tool;
import com.arpgstudio.app.editing.EditorViewModel;
import java.util.function.Consumer;
import javafx.scene.Scene;
import javafx.scene.control.Control;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;

/**
 * The window's keys besides the menu accelerators: held keys (Space pans, {@code \} compares, Alt
 * flips selections), the variant keys while results are shown, and the plain keys of the tools and
 * actions, none of them while a text field has the focus.
 */
public final class WindowKeys {

    private final Scene scene;
    private final EditorViewModel model;
    private final EditorCanvas canvas;

    private WindowKeys(Scene scene, EditorViewModel model, EditorCanvas canvas) {
        this.scene = scene;
        this.model = model;
        this.canvas = canvas;
    }

    public static void install(Scene scene, EditorViewModel model, EditorCanvas canvas, ActionRegistry actions,
                               Consumer<Tool> chooseTool) {
        WindowKeys keys = new WindowKeys(scene, model, canvas);
        scene.addEventFilter(KeyEvent.KEY_PRESSED, keys::pressedFirst);
        scene.addEventFilter(KeyEvent.KEY_RELEASED, keys::released);
        scene.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (keys.typing()) {
                return;
            }
            for (Tool tool : Tool.values()) {
                if (tool.key() == e.getCode() && !e.isShortcutDown() && !e.isAltDown()) {
                    chooseTool.accept(tool);
                    e.consume();
                    return;
                }
            }
            if (actions.handleKey(e)) {
                e.consume();
            }
        });
    }

    private void pressedFirst(KeyEvent e) {
        if (typing()) {
            return;
        }
        if (variantKey(e)) {
            e.consume();
        } else if (e.getCode() == KeyCode.SPACE && !(scene.getFocusOwner() instanceof Control)) {
            canvas.setSpaceDown(true);
            e.consume();
        } else if (e.getCode() == KeyCode.BACK_SLASH && !e.isShortcutDown()) {
            model.history().compareProperty().set(true);
            e.consume();
        } else if (e.getCode() == KeyCode.ALT) {
            canvas.setAltDown(true);
        }
    }

    private void released(KeyEvent e) {
        if (e.getCode() == KeyCode.SPACE) {
            canvas.setSpaceDown(false);
        } else if (e.getCode() == KeyCode.BACK_SLASH) {
            model.history().compareProperty().set(false);
        } else if (e.getCode() == KeyCode.ALT) {
            canvas.setAltDown(false);
        }
    }

    /**
     * Esc, Enter and Left/Right while a generation runs or variants are shown: taken before the
     * focused control sees them, so Enter applies the variant shown even after a click on its
     * thumbnail (a button that would otherwise take the key).
     */
    private boolean variantKey(KeyEvent e) {
        if (e.isShortcutDown() || e.isAltDown() || e.isShiftDown()) {
            return false;
        }
        boolean choosing = model.variants().choosingProperty().get();
        switch (e.getCode()) {
            case ESCAPE -> {
                if (model.generation().generatingProperty().get()) {
                    model.cancel();
                } else if (choosing) {
                    model.variants().discard();
                } else {
                    return false;
                }
            }
            case ENTER -> {
                if (!choosing) {
                    return false;
                }
                model.variants().applyChosen();
            }
            case LEFT, RIGHT -> {
                if (model.variants().images().isEmpty()) {
                    return false;
                }
                int step = e.getCode() == KeyCode.LEFT ? -1 : 1;
                int n = model.variants().images().size();
                model.variants().choose((model.variants().selectedProperty().get() + step + n) % n);
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    private boolean typing() {
        return scene.getFocusOwner() instanceof TextInputControl;
    }
}

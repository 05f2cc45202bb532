package com.arpgstudio.app.actions;

import com.arpgstudio.app.i18n.Messages;
import java.util.Locale;

/**
 * What the mouse and held keys do that no menu offers (the canvas and the variant strip handle
 * them); listed with the actions under Help > Keyboard shortcuts. Texts: {@code gesture.<name>}
 * (the keys) and {@code gesture.<name>.help}.
 */
public enum Gesture {
    CANCEL_OR_DISCARD(ActionId.Menu.EDIT),
    APPLY_VARIANT(ActionId.Menu.EDIT),
    NEXT_VARIANT(ActionId.Menu.EDIT),
    BRUSH_SIZE(ActionId.Menu.MASK),
    SUBTRACT_DRAG(ActionId.Menu.MASK),
    ZOOM_AT_POINTER(ActionId.Menu.VIEW),
    PAN(ActionId.Menu.VIEW),
    HOLD_COMPARE(ActionId.Menu.VIEW);

    private final ActionId.Menu menu;

    Gesture(ActionId.Menu menu) {
        this.menu = menu;
    }

    public ActionId.Menu menu() {
        return menu;
    }

    public String keysText() {
        return Messages.text(bundleKey());
    }

    public String help() {
        return Messages.text(bundleKey() + ".help");
    }

    private String bundleKey() {
        return "gesture." + name().toLowerCase(Locale.ROOT).replace("_", "");
    }
}

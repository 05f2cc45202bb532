package com.arpgstudio.app.actions;

import com.arpgstudio.app.canvas.Tool;
import java.util.ArrayList;
import java.util.List;

/** Every key and gesture of the editor, as Help > Keyboard shortcuts lists them: from the actions, tools and gestures. */
public final class Shortcuts {

    /** One line of the shortcuts dialog. */
    public record Shortcut(String group, String keys, String action) {}

    private Shortcuts() {}

    public static List<Shortcut> all() {
        List<Shortcut> all = new ArrayList<>();
        for (ActionId.Menu menu : ActionId.Menu.values()) {
            if (menu == ActionId.Menu.MASK) {
                for (Tool tool : Tool.values()) {
                    all.add(new Shortcut(menu.title(), tool.key().getName(), tool.title()));
                }
            }
            for (ActionId id : ActionId.values()) {
                if (id.menu() == menu && id.keys().length > 0) {
                    all.add(new Shortcut(menu.title(), id.keysText(), id.help()));
                }
            }
            for (Gesture gesture : Gesture.values()) {
                if (gesture.menu() == menu) {
                    all.add(new Shortcut(menu.title(), gesture.keysText(), gesture.help()));
                }
            }
        }
        return all;
    }
}

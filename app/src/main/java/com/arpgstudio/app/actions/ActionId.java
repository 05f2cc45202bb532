package com.arpgstudio.app.actions;

import com.arpgstudio.app.i18n.Messages;
import java.util.Locale;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignA;
import org.kordamp.ikonli.materialdesign2.MaterialDesignB;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignD;
import org.kordamp.ikonli.materialdesign2.MaterialDesignE;
import org.kordamp.ikonli.materialdesign2.MaterialDesignF;
import org.kordamp.ikonli.materialdesign2.MaterialDesignI;
import org.kordamp.ikonli.materialdesign2.MaterialDesignM;
import org.kordamp.ikonli.materialdesign2.MaterialDesignN;
import org.kordamp.ikonli.materialdesign2.MaterialDesignP;
import org.kordamp.ikonli.materialdesign2.MaterialDesignR;
import org.kordamp.ikonli.materialdesign2.MaterialDesignS;
import org.kordamp.ikonli.materialdesign2.MaterialDesignT;
import org.kordamp.ikonli.materialdesign2.MaterialDesignU;

/**
 * Every command of the editor, once: its menu, the section of the menu it sits in (a separator
 * between sections), its icon (for a tool bar button) and its keys. Its label is the bundle key
 * {@code action.<name>} (with the menu mnemonic), its description {@code action.<name>.help}
 * (tooltips and the shortcut list). The menus, the tool bar, the tooltips, the key handling and
 * Help > Keyboard shortcuts are built from these; adding a command is a constant here, its two
 * texts and its handler ({@link ActionRegistry#on}).
 *
 * <p>Keys with Ctrl (Shortcut) or a function key are menu accelerators; a plain key (a letter,
 * a bracket) is taken by the window only while no text field has the focus.
 */
public enum ActionId {
    OPEN(Menu.FILE, 0, MaterialDesignF.FOLDER_OPEN, "Shortcut+O"),
    PASTE(Menu.FILE, 0, null, "Shortcut+V"),
    SAVE(Menu.FILE, 1, MaterialDesignC.CONTENT_SAVE, "Shortcut+S"),
    SAVE_AS(Menu.FILE, 1, null, "Shortcut+Shift+S"),
    EXPORT(Menu.FILE, 1, MaterialDesignE.EXPORT, "Shortcut+E"),
    QUIT(Menu.FILE, 2, null, "Shortcut+Q"),

    UNDO(Menu.EDIT, 0, MaterialDesignU.UNDO, "Shortcut+Z"),
    REDO(Menu.EDIT, 0, MaterialDesignR.REDO, "Shortcut+Shift+Z", "Shortcut+Y"),
    COPY(Menu.EDIT, 0, MaterialDesignC.CONTENT_COPY, "Shortcut+C"),
    GENERATE(Menu.EDIT, 1, MaterialDesignA.AUTO_FIX, "Shortcut+Enter"),
    EXPAND(Menu.EDIT, 1, MaterialDesignA.ARROW_EXPAND_ALL, "Shortcut+Shift+X"),
    CANCEL(Menu.EDIT, 1, MaterialDesignC.CLOSE_CIRCLE_OUTLINE),
    REROLL(Menu.EDIT, 2, MaterialDesignD.DICE_5_OUTLINE, "R"),
    REROLL_UNSURE(Menu.EDIT, 2, MaterialDesignD.DICE_5_OUTLINE),

    TOGGLE_SUBTRACT(Menu.MASK, 1, null, "X"),
    SMALLER_BRUSH(Menu.MASK, 1, null, "Open Bracket"),
    LARGER_BRUSH(Menu.MASK, 1, null, "Close Bracket"),
    REROLL_BRUSH(Menu.MASK, 1, MaterialDesignB.BRUSH_VARIANT, "G"),
    PIN_BRUSH(Menu.MASK, 1, MaterialDesignP.PIN_OUTLINE, "P"),
    INVERT_MASK(Menu.MASK, 2, MaterialDesignI.INVERT_COLORS, "Shortcut+I"),
    CLEAR_MASK(Menu.MASK, 2, MaterialDesignS.SELECTION_OFF, "Shortcut+D"),
    GROW_MASK(Menu.MASK, 2, MaterialDesignA.ARROW_EXPAND_ALL),
    SHRINK_MASK(Menu.MASK, 2, MaterialDesignA.ARROW_COLLAPSE_ALL),
    SAVE_MASK(Menu.MASK, 3, null),
    LOAD_MASK(Menu.MASK, 3, null),

    ZOOM_IN(Menu.VIEW, 0, MaterialDesignM.MAGNIFY_PLUS_OUTLINE, "Ignore Shift+Plus", "Ignore Shift+Equals", "Add"),
    ZOOM_OUT(Menu.VIEW, 0, MaterialDesignM.MAGNIFY_MINUS_OUTLINE, "Minus", "Subtract"),
    FIT(Menu.VIEW, 0, MaterialDesignF.FIT_TO_SCREEN_OUTLINE, "Shortcut+0"),
    ACTUAL_SIZE(Menu.VIEW, 0, MaterialDesignN.NUMERIC_1_BOX_OUTLINE, "Shortcut+1"),
    COMPARE(Menu.VIEW, 1, MaterialDesignC.COMPARE),
    CONFIDENCE(Menu.VIEW, 1, null, "Shortcut+Shift+C"),
    DARK_THEME(Menu.VIEW, 1, MaterialDesignT.THEME_LIGHT_DARK, "Shortcut+T"),

    MANAGE_MODELS(Menu.MODEL, 0, null),

    SHORTCUTS(Menu.HELP, 0, null, "F1"),
    OPEN_LOG_FOLDER(Menu.HELP, 0, null);

    /** The menus of the menu bar, in order. */
    public enum Menu {
        FILE, EDIT, MASK, VIEW, MODEL, HELP;

        public String label() {
            return Messages.text("menu." + name().toLowerCase(Locale.ROOT));
        }

        /** The menu's name without its mnemonic (the shortcut list's Area column). */
        public String title() {
            return label().replace("_", "");
        }
    }

    private final Menu menu;
    private final int section;
    private final Ikon icon;
    private final KeyCombination[] keys;

    ActionId(Menu menu, int section, Ikon icon, String... keys) {
        this.menu = menu;
        this.section = section;
        this.icon = icon;
        this.keys = new KeyCombination[keys.length];
        for (int i = 0; i < keys.length; i++) {
            this.keys[i] = KeyCombination.valueOf(keys[i]);
        }
    }

    public Menu menu() {
        return menu;
    }

    /** Actions of one menu with different sections are parted by a separator. */
    public int section() {
        return section;
    }

    /** The icon of its button, or null (a menu item only). */
    public Ikon icon() {
        return icon;
    }

    /** Its keys, the first one shown in the menu; empty without. */
    public KeyCombination[] keys() {
        return keys.clone();
    }

    /** The menu label, with its mnemonic. */
    public String label() {
        return Messages.text(bundleKey());
    }

    /** What it does, in a sentence (tooltips, the shortcut list). */
    public String help() {
        return Messages.text(bundleKey() + ".help");
    }

    /** Its keys as people read them ("Ctrl+Shift+Z / Ctrl+Y"); empty without. */
    public String keysText() {
        StringBuilder text = new StringBuilder();
        for (KeyCombination key : keys) {
            text.append(text.length() == 0 ? "" : " / ").append(key.getDisplayText());
        }
        return text.toString();
    }

    /** The tooltip of its button: the description and the keys. */
    public String tooltip() {
        return keys.length == 0 ? help() : Messages.text("tooltip.keys", help(), keysText());
    }

    /** The id of its menu item ({@code menu-<name>}, lower case with dashes). */
    public String menuId() {
        return "menu-" + name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** A key without modifiers that types a character (not a function key): not an accelerator while typing. */
    static boolean plain(KeyCombination key) {
        return key.getShortcut() == KeyCombination.ModifierValue.UP && key.getControl() == KeyCombination.ModifierValue.UP
                && key.getAlt() == KeyCombination.ModifierValue.UP && key.getMeta() == KeyCombination.ModifierValue.UP
                && !(key instanceof KeyCodeCombination code && code.getCode().isFunctionKey());
    }

    private String bundleKey() {
        return "action." + name().toLowerCase(Locale.ROOT).replace("_", "");
    }
}

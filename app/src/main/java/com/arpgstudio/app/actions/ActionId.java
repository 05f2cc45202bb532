package com.arpgstudio.app.actions;

import com.arpgstudio.app.i18n.Messages;
import com.arpgstudio.app.reroll.RerollControls;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.binding.BooleanExpression;
import javafx.beans.property.BooleanProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.scene.input.Clipboard;
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
 * between sections), its icon (for a tool bar button), what it does and when it is disabled (a
 * {@link Command} over the window's {@link ActionTargets}) and its keys. Its label is the bundle key
 * {@code action.<name>} (with the menu mnemonic), its description {@code action.<name>.help}
 * (tooltips and the shortcut list). The menus, the tool bar, the tooltips, the key handling and
 * Help > Keyboard shortcuts are built from these; adding a command is a constant here and its two
 * texts.
 *
 * <p>Keys with Ctrl (Shortcut) or a function key are menu accelerators; a plain key (a letter,
 * a bracket) is taken by the window only while no text field has the focus.
 */
public enum ActionId {
    OPEN(Menu.FILE, 0, MaterialDesignF.FOLDER_OPEN, run(t -> t.files().chooseAndOpen()), "Shortcut+O"),
    PASTE(Menu.FILE, 0, null, run(t -> t.files().paste()), "Shortcut+V"),
    SAVE(Menu.FILE, 1, MaterialDesignC.CONTENT_SAVE, run(t -> t.files().save()).disabledWhen(ActionId::noDocument), "Shortcut+S"),
    SAVE_AS(Menu.FILE, 1, null, run(t -> t.files().saveAs()).disabledWhen(ActionId::noDocument), "Shortcut+Shift+S"),
    EXPORT(Menu.FILE, 1, MaterialDesignE.EXPORT, run(t -> t.files().export()).disabledWhen(ActionId::noDocument), "Shortcut+E"),
    QUIT(Menu.FILE, 2, null, run(t -> t.files().quit()), "Shortcut+Q"),

    UNDO(Menu.EDIT, 0, MaterialDesignU.UNDO, run(t -> t.model().undo())
            .disabledWhen(t -> t.model().history().canUndoProperty().not().or(generating(t))), "Shortcut+Z"),
    REDO(Menu.EDIT, 0, MaterialDesignR.REDO, run(t -> t.model().redo())
            .disabledWhen(t -> t.model().history().canRedoProperty().not().or(generating(t))), "Shortcut+Shift+Z", "Shortcut+Y"),
    COPY(Menu.EDIT, 0, MaterialDesignC.CONTENT_COPY, run(t -> t.model().copy(Clipboard.getSystemClipboard()))
            .disabledWhen(ActionId::noDocument), "Shortcut+C"),
    GENERATE(Menu.EDIT, 1, MaterialDesignA.AUTO_FIX, run(t -> {
        t.window().commitTypedValues();
        t.model().generate();
    }).disabledWhen(ActionId::busy), "Shortcut+Enter"),
    EXPAND(Menu.EDIT, 1, MaterialDesignA.ARROW_EXPAND_ALL, run(t -> {
        t.window().commitTypedValues();
        t.model().expand();
    }).disabledWhen(ActionId::busy), "Shortcut+Shift+X"),
    CANCEL(Menu.EDIT, 1, MaterialDesignC.CLOSE_CIRCLE_OUTLINE, run(t -> t.model().cancel())
            .disabledWhen(t -> generating(t).not())),
    REROLL(Menu.EDIT, 2, MaterialDesignD.DICE_5_OUTLINE, run(t -> t.model().reroll(false)).disabledWhen(ActionId::busy), "R"),
    REROLL_UNSURE(Menu.EDIT, 2, MaterialDesignD.DICE_5_OUTLINE, run(t -> t.model().reroll(true)).disabledWhen(ActionId::busy)),

    TOGGLE_SUBTRACT(Menu.MASK, 1, null, run(t -> flip(t.tools().subtractProperty())), "X"),
    SMALLER_BRUSH(Menu.MASK, 1, null, run(t -> t.tools().shrinkBrush()), "Open Bracket"),
    LARGER_BRUSH(Menu.MASK, 1, null, run(t -> t.tools().growBrush()), "Close Bracket"),
    REROLL_BRUSH(Menu.MASK, 1, MaterialDesignB.BRUSH_VARIANT,
            run(t -> t.model().rerollControls().brushProperty().set(RerollControls.Brush.REROLL)), "G"),
    PIN_BRUSH(Menu.MASK, 1, MaterialDesignP.PIN_OUTLINE,
            run(t -> t.model().rerollControls().brushProperty().set(RerollControls.Brush.PIN)), "P"),
    INVERT_MASK(Menu.MASK, 2, MaterialDesignI.INVERT_COLORS, run(t -> t.model().invertMask())
            .disabledWhen(ActionId::noDocument), "Shortcut+I"),
    CLEAR_MASK(Menu.MASK, 2, MaterialDesignS.SELECTION_OFF, run(t -> t.model().clearMask())
            .disabledWhen(ActionId::noDocument), "Shortcut+D"),
    GROW_MASK(Menu.MASK, 2, MaterialDesignA.ARROW_EXPAND_ALL, run(t -> t.model().maskAdjustments().grow())
            .disabledWhen(ActionId::noDocument)),
    SHRINK_MASK(Menu.MASK, 2, MaterialDesignA.ARROW_COLLAPSE_ALL, run(t -> t.model().maskAdjustments().shrink())
            .disabledWhen(ActionId::noDocument)),
    SAVE_MASK(Menu.MASK, 3, null, run(t -> t.files().saveMask()).disabledWhen(ActionId::noDocument)),
    LOAD_MASK(Menu.MASK, 3, null, run(t -> t.files().loadMask()).disabledWhen(ActionId::noDocument)),

    ZOOM_IN(Menu.VIEW, 0, MaterialDesignM.MAGNIFY_PLUS_OUTLINE, run(t -> t.view().zoomIn()),
            "Ignore Shift+Plus", "Ignore Shift+Equals", "Add"),
    ZOOM_OUT(Menu.VIEW, 0, MaterialDesignM.MAGNIFY_MINUS_OUTLINE, run(t -> t.view().zoomOut()), "Minus", "Subtract"),
    FIT(Menu.VIEW, 0, MaterialDesignF.FIT_TO_SCREEN_OUTLINE, run(t -> t.view().fit()), "Shortcut+0"),
    ACTUAL_SIZE(Menu.VIEW, 0, MaterialDesignN.NUMERIC_1_BOX_OUTLINE, run(t -> t.view().actualSize()), "Shortcut+1"),
    COMPARE(Menu.VIEW, 1, MaterialDesignC.COMPARE, toggle(t -> t.model().history().compareProperty())),
    CONFIDENCE(Menu.VIEW, 1, null, toggle(t -> t.model().rerollControls().showConfidenceProperty()), "Shortcut+Shift+C"),
    DARK_THEME(Menu.VIEW, 1, MaterialDesignT.THEME_LIGHT_DARK, toggle(t -> t.window().darkThemeProperty()), "Shortcut+T"),

    MANAGE_MODELS(Menu.MODEL, 0, null, run(t -> t.window().manageModels())),

    SHORTCUTS(Menu.HELP, 0, null, run(t -> t.window().showShortcuts()), "F1"),
    OPEN_LOG_FOLDER(Menu.HELP, 0, null, run(t -> t.window().openLogFolder())
            .disabledWhen(t -> t.window().logFolderUnavailable()));

    /**
     * How an action runs, in terms of the window's {@link ActionTargets}: a command, or a switch of
     * a property (a check menu item, a toggle button); and when it is disabled (never, without).
     */
    public record Command(Consumer<ActionTargets> handler, Function<ActionTargets, BooleanProperty> selected,
            Function<ActionTargets, ObservableBooleanValue> disabled) {

        /** This command, disabled (menu item, button and key) while {@code when} is true. */
        Command disabledWhen(Function<ActionTargets, ObservableBooleanValue> when) {
            return new Command(handler, selected, when);
        }
    }

    private static Command run(Consumer<ActionTargets> handler) {
        return new Command(handler, null, null);
    }

    private static Command toggle(Function<ActionTargets, BooleanProperty> selected) {
        return new Command(t -> flip(selected.apply(t)), selected, null);
    }

    private static void flip(BooleanProperty property) {
        property.set(!property.get());
    }

    private static ObservableBooleanValue noDocument(ActionTargets targets) {
        return targets.model().documentProperty().isNull();
    }

    private static BooleanExpression generating(ActionTargets targets) {
        return targets.model().generation().generatingProperty();
    }

    /** Generating, or nothing to edit. */
    private static ObservableBooleanValue busy(ActionTargets targets) {
        return generating(targets).or(targets.model().documentProperty().isNull());
    }

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
    private final Command command;
    private final KeyCombination[] keys;

    ActionId(Menu menu, int section, Ikon icon, Command command, String... keys) {
        this.menu = menu;
        this.section = section;
        this.icon = icon;
        this.command = command;
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

    /** What it does and when it is disabled. */
    public Command command() {
        return command;
    }

    /** Its keys, the first one shown in the menu; empty without. */
    public KeyCombination[] keys() {
        return keys.clone();
    }

    /** The menu label, with its mnemonic. */
    public String label() {
        return Messages.text(bundleKey());
    }

    /** Where it is in the menu bar, as texts name it ("Mask > Save mask as PNG…"). */
    public String menuPath() {
        return Messages.text("menu.path", menu.title(), label().replace("_", ""));
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

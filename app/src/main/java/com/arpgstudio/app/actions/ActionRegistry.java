package com.arpgstudio.app.actions;

import java.util.EnumMap;
import java.util.Map;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * Every {@link ActionId} wired to the window's {@link ActionTargets}, and the controls built from
 * it: menu items (with accelerators), tool bar buttons (with tooltips), the plain keys. Each
 * action is declared once, in {@code ActionId}, and every place that offers it follows.
 */
public final class ActionRegistry {

    private static final String ICON_BUTTON = "icon-button";

    private final ActionTargets targets;
    private final Map<ActionId, ObservableBooleanValue> disabled = new EnumMap<>(ActionId.class);
    private final Map<ActionId, BooleanProperty> toggles = new EnumMap<>(ActionId.class);

    /** Every action, wired to what it acts on in this window. */
    public ActionRegistry(ActionTargets targets) {
        this.targets = targets;
        for (ActionId id : ActionId.values()) {
            ActionId.Command command = id.command();
            if (command.selected() != null) {
                toggles.put(id, command.selected().apply(targets));
            }
            if (command.disabled() != null) {
                disabled.put(id, command.disabled().apply(targets));
            }
        }
    }

    /** Runs {@code id} unless it is disabled now. */
    public void fire(ActionId id) {
        ObservableBooleanValue off = disabled.get(id);
        if (off == null || !off.get()) {
            id.command().handler().accept(targets);
        }
    }

    /** The menu of the menu bar with every action of {@code menu}, sections parted by separators. */
    public Menu menu(ActionId.Menu menu) {
        Menu built = new Menu(menu.label());
        built.setId("menu-" + menu.name().toLowerCase(java.util.Locale.ROOT));
        int section = -1;
        for (ActionId id : ActionId.values()) {
            if (id.menu() != menu) {
                continue;
            }
            if (section >= 0 && id.section() != section) {
                built.getItems().add(new SeparatorMenuItem());
            }
            section = id.section();
            built.getItems().add(menuItem(id));
        }
        return built;
    }

    /** A menu item for {@code id}: its label and its first key (an accelerator, or a {@link KeyHint} for a plain key). */
    public MenuItem menuItem(ActionId id) {
        BooleanProperty selected = toggles.get(id);
        KeyCombination[] keys = id.keys();
        String label = id.label();
        MenuItem item;
        if (selected != null) {
            CheckMenuItem check = new CheckMenuItem(label);
            check.selectedProperty().bindBidirectional(selected);
            item = check;
        } else {
            item = new MenuItem(label);
            item.setOnAction(e -> fire(id));
        }
        item.setId(id.menuId());
        if (keys.length > 0) {
            item.setAccelerator(ActionId.plain(keys[0]) ? new KeyHint(keys[0]) : keys[0]);
        }
        bindDisabled(id, item.disableProperty());
        return item;
    }

    /** A tool bar button showing the action's icon, with its tooltip. */
    public Button button(ActionId id, String nodeId) {
        Button button = new Button(null, new FontIcon(id.icon()));
        button.getStyleClass().add(ICON_BUTTON);
        return wire(id, nodeId, button);
    }

    /** A button with the action's icon and {@code text} beside it. */
    public Button labelledButton(ActionId id, String nodeId, String text) {
        return wire(id, nodeId, new Button(text, new FontIcon(id.icon())));
    }

    /** A toggle button for an action that switches a property ({@link ActionId.Command#selected}). */
    public ToggleButton toggleButton(ActionId id, String nodeId) {
        ToggleButton button = new ToggleButton(null, new FontIcon(id.icon()));
        button.setId(nodeId);
        button.setTooltip(new Tooltip(id.tooltip()));
        button.selectedProperty().bindBidirectional(toggles.get(id));
        bindDisabled(id, button.disableProperty());
        return button;
    }

    /**
     * Fires the action whose plain key (no modifier) {@code e} is; the window calls it only while no
     * text field has the focus. Keys with modifiers are the menu's accelerators (the alternatives
     * after the first one are taken here too).
     */
    public boolean handleKey(KeyEvent e) {
        for (ActionId id : ActionId.values()) {
            KeyCombination[] keys = id.keys();
            for (int i = 0; i < keys.length; i++) {
                boolean viaMenu = i == 0 && !ActionId.plain(keys[i]);
                if (!viaMenu && keys[i].match(e)) {
                    fire(id);
                    return true;
                }
            }
        }
        return false;
    }

    private <B extends ButtonBase> B wire(ActionId id, String nodeId, B button) {
        button.setId(nodeId);
        button.setTooltip(new Tooltip(id.tooltip()));
        button.setOnAction(e -> fire(id));
        bindDisabled(id, button.disableProperty());
        return button;
    }

    private void bindDisabled(ActionId id, BooleanProperty disable) {
        ObservableBooleanValue off = disabled.get(id);
        if (off != null) {
            disable.bind(Bindings.createBooleanBinding(off::get, off));
        }
    }
}

package com.arpgstudio.app.editing;

import com.arpgstudio.inference.edit.Preview;
import com.arpgstudio.inference.edit.Rect;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/**
 * What the canvas shows over the image before it is applied (a running edit's preview, a variant,
 * a result of the tree), and the listeners told which pixels changed, so the canvas redraws only those.
 */
final class CanvasPreview {

    private final ReadOnlyObjectWrapper<Preview> preview = new ReadOnlyObjectWrapper<>();
    private final List<EditorViewModel.PreviewListener> listeners = new CopyOnWriteArrayList<>();

    void addListener(EditorViewModel.PreviewListener listener) {
        listeners.add(listener);
    }

    /**
     * Shows {@code shown} (null: none); {@code changed} is where its pixels changed when it replaces
     * itself, otherwise both placements, the old and the new, are redrawn.
     */
    void show(Preview shown, Rect changed) {
        Preview before = preview.get();
        preview.set(shown);
        Rect area = shown == before ? changed
                : (before == null ? Rect.EMPTY : before.region()).union(shown == null ? Rect.EMPTY : shown.region());
        if (!area.isEmpty()) {
            listeners.forEach(l -> l.previewChanged(shown, area));
        }
    }

    ReadOnlyObjectProperty<Preview> previewProperty() {
        return preview.getReadOnlyProperty();
    }
}

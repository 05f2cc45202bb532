package com.arpgstudio.app.editing;

import com.arpgstudio.app.document.Document;
import com.arpgstudio.app.i18n.Messages;
import com.arpgstudio.app.reroll.VariantTree;
import com.arpgstudio.inference.arpg.SamplingSettings;
import com.arpgstudio.inference.edit.ArgbImage;
import com.arpgstudio.inference.edit.EditRecord;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The open document's history as the window shows it: undo and redo (the re-rolls of a shown
 * result first, then the document's own edits), the edit records, the image before the last edit
 * to compare with, and whether the image was changed since it was saved (with the window title).
 * {@link #refresh} brings it up to date after any change of the document.
 */
public final class EditHistory {

    private final Supplier<Document> document;
    private final StringProperty message;
    private final Variants variants;
    private final Predicate<Document> unsaved;
    private final BooleanSupplier generating;

    private final ObservableList<String> editRecords = FXCollections.observableArrayList();

    /** {@code unsaved} tells whether a document's image differs from its file; no undo while {@code generating}. */
    EditHistory(Supplier<Document> document, StringProperty message, Variants variants, Predicate<Document> unsaved,
                BooleanSupplier generating) {
        this.document = document;
        this.message = message;
        this.variants = variants;
        this.unsaved = unsaved;
        this.generating = generating;
        VariantTree tree = variants.tree();
        tree.canUndoStepProperty().addListener(o -> refresh());
        tree.canRedoStepProperty().addListener(o -> refresh());
        compare.addListener((obs, was, on) -> refreshCompare());
    }

    void refresh() {
        Document doc = document.get();
        VariantTree tree = variants.tree();
        canUndo.set(doc != null && (doc.history().canUndo() || tree.canUndoStepProperty().get()));
        canRedo.set(doc != null && (doc.history().canRedo() || tree.canRedoStepProperty().get()));
        modified.set(doc != null && unsaved.test(doc));
        editRecord.set(doc == null ? "" : doc.lastEditRecord().orElse(""));
        documentBytes.set(doc == null ? 0 : doc.memoryBytes());
        List<String> records = doc == null ? List.of() : doc.editRecords();
        if (!records.equals(editRecords)) {
            editRecords.setAll(records);
        }
        String name = doc == null ? null
                : doc.file().map(f -> f.getFileName().toString()).orElse(Messages.text("title.untitled"));
        title.set(name == null ? Messages.text("app.title")
                : Messages.text(modified.get() ? "title.modified" : "title.document", name));
    }

    /**
     * Undoes the latest re-roll of a shown result (showing the result it came from), else the
     * document's latest change.
     */
    void undo() {
        Document doc = document.get();
        if (doc == null || generating.getAsBoolean()) {
            return;
        }
        VariantTree tree = variants.tree();
        if (tree.canUndoStepProperty().get()) {
            variants.show(tree.undoStep());
            message.set(Messages.text("reroll.undone"));
        } else if (doc.undo()) {
            markAppliedNode(doc);
            message.set(Messages.text("status.undone"));
        }
    }

    void redo() {
        Document doc = document.get();
        if (doc == null || generating.getAsBoolean()) {
            return;
        }
        VariantTree tree = variants.tree();
        if (tree.canRedoStepProperty().get()) {
            variants.show(tree.redoStep());
            message.set(Messages.text("reroll.redone"));
        } else if (doc.redo()) {
            markAppliedNode(doc);
            message.set(Messages.text("status.redone"));
        }
    }

    /** After undo or redo: the tree's result the image now is (a fill or re-roll undone back to), if any. */
    private void markAppliedNode(Document doc) {
        VariantTree tree = variants.tree();
        tree.setApplied(tree.find(doc.lastEditRecord().orElse(null), doc.image()));
    }

    private void refreshCompare() {
        Document doc = document.get();
        if (!compare.get() || doc == null) {
            compareImage.set(null);
            return;
        }
        compareImage.set(doc.imageBeforeLastEdit().orElse(null));
        if (compareImage.get() == null) {
            message.set(Messages.text("status.nothingToCompare"));
        }
    }

    /** One line for an edit record: "inpaint · seed 1234 · 64 steps · class 207". */
    public static String describeRecord(String json) {
        try {
            EditRecord record = EditRecord.fromJson(json);
            SamplingSettings s = record.settings();
            return Messages.text("records.line", record.operation().name().toLowerCase(Locale.ROOT), s.seed(), s.steps())
                    + (s.classId() == null ? "" : Messages.text("records.line.class", s.classId()))
                    + (s.variants() > 1 ? Messages.text("records.line.variants", s.variants()) : "");
        } catch (RuntimeException e) {
            return Messages.text("records.unreadable");
        }
    }

    private final ReadOnlyBooleanWrapper canUndo = new ReadOnlyBooleanWrapper();

    public ReadOnlyBooleanProperty canUndoProperty() {
        return canUndo.getReadOnlyProperty();
    }

    private final ReadOnlyBooleanWrapper canRedo = new ReadOnlyBooleanWrapper();

    public ReadOnlyBooleanProperty canRedoProperty() {
        return canRedo.getReadOnlyProperty();
    }

    private final ReadOnlyBooleanWrapper modified = new ReadOnlyBooleanWrapper();

    public ReadOnlyBooleanProperty modifiedProperty() {
        return modified.getReadOnlyProperty();
    }

    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper(Messages.text("app.title"));

    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    private final ReadOnlyStringWrapper editRecord = new ReadOnlyStringWrapper("");

    public ReadOnlyStringProperty editRecordProperty() {
        return editRecord.getReadOnlyProperty();
    }

    private final ReadOnlyLongWrapper documentBytes = new ReadOnlyLongWrapper();

    /** Bytes the open document holds (image, mask, undo history); 0 without one. */
    public ReadOnlyLongProperty documentBytesProperty() {
        return documentBytes.getReadOnlyProperty();
    }

    private final ObservableList<String> editRecordsView = FXCollections.unmodifiableObservableList(editRecords);

    /** The records of the edits that made the image (and those its file came with), oldest first. */
    public ObservableList<String> editRecords() {
        return editRecordsView;
    }

    private final BooleanProperty compare = new SimpleBooleanProperty();

    /** On: the canvas shows the image before the last edit. */
    public BooleanProperty compareProperty() {
        return compare;
    }

    private final ReadOnlyObjectWrapper<ArgbImage> compareImage = new ReadOnlyObjectWrapper<>();

    public ReadOnlyObjectProperty<ArgbImage> compareImageProperty() {
        return compareImage.getReadOnlyProperty();
    }
}

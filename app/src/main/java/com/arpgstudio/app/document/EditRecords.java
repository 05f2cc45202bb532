package com.arpgstudio.app.document;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The records of the edits that made a document's image (JSON, oldest first), at most
 * {@value #MAX} (the oldest go first): a saved file carries them all. An edit pushes its record
 * when applied or redone and pops it when undone.
 */
final class EditRecords {

    static final int MAX = 50;

    private final List<String> records = new ArrayList<>();

    /** Adds {@code json} as the newest record (nothing for null: an edit without one). */
    void push(String json) {
        if (json != null) {
            records.add(json);
            if (records.size() > MAX) {
                records.remove(0);
            }
        }
    }

    /** Removes the newest record if it is {@code json} (an undone edit's). */
    void pop(String json) {
        if (json != null && !records.isEmpty() && records.get(records.size() - 1).equals(json)) {
            records.remove(records.size() - 1);
        }
    }

    Optional<String> last() {
        return records.isEmpty() ? Optional.empty() : Optional.of(records.get(records.size() - 1));
    }

    List<String> all() {
        return List.copyOf(records);
    }
}

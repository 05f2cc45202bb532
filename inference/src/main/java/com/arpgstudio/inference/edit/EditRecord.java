package com.arpgstudio.inference.edit;

import com.arpgstudio.inference.arpg.SamplingSettings;
import com.arpgstudio.inference.runtime.AtomicFiles;
import com.arpgstudio.inference.runtime.UserFileException;
import com.arpgstudio.inference.runtime.UserFiles;
import com.arpgstudio.inference.runtime.UserJson;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A small JSON description of an edit, enough to repeat it exactly: with the same input image (and
 * mask) and the same models, {@link Editor#replay} produces pixels whose digests equal
 * {@link #outputs()}. Image pixels are not stored, only their size and SHA-256, and the result's
 * tokens compactly (about 4 KB per window and variant), so a record stays small; the paths the
 * command line read the images from are kept as a convenience.
 *
 * @param format       version of this layout
 * @param operation    the edit
 * @param settings     sampling settings (class, seed of the first variant, variant count)
 * @param seeds        the seed of every variant (derived from the settings, written out for readers)
 * @param options      the other knobs
 * @param margins      outpainting margins, or null
 * @param input        the input image, or null for generation
 * @param mask         the mask, or null
 * @param windows      the windows, in the order they ran
 * @param notes        what the plan told the user
 * @param generator    the ARPG weights
 * @param tokenizer    the VQ weights
 * @param outputs      SHA-256 of every variant's pixels ({@link PixelDigest})
 * @param measurements numbers measured on the result (expansion: PSNR against the input...)
 * @param imagePath    where the input image was read from, if it was a file
 * @param maskPath     where the mask was read from, if it was a file
 * @param reroll       re-rolls: the fill's tokens it started from and which of them it generated again
 * @param tokens       per variant, the tokens of the result with their confidence (so that a part of it
 *                     can be re-rolled later); null for expansion
 */
public record EditRecord(
        int format,
        Operation operation,
        SamplingSettings settings,
        List<Long> seeds,
        EditOptions options,
        Margins margins,
        PixelsInfo input,
        PixelsInfo mask,
        List<Window> windows,
        List<String> notes,
        ModelIdentity generator,
        ModelIdentity tokenizer,
        List<String> outputs,
        Map<String, Double> measurements,
        String imagePath,
        String maskPath,
        RerollSource reroll,
        List<FillTokens> tokens) {

    /**
     * 3: the settings hold the detail passes' temperature ratio (format 2 drew them at the default ratio); 2: the
     * class is part of the settings (format 1 kept it beside them). Records of every format are read.
     */
    public static final int FORMAT = 3;

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping()
            .registerTypeAdapter(WindowTokens.class, new TokensJson.WindowAdapter())
            .registerTypeAdapter(TokenSelection.class, new TokensJson.SelectionAdapter())
            .create();

    /** Size and SHA-256 of an image or mask. */
    public record PixelsInfo(int width, int height, String sha256) {

        public static PixelsInfo of(ArgbImage image) {
            return new PixelsInfo(image.width(), image.height(), PixelDigest.of(image));
        }

        public static PixelsInfo of(PixelMask mask) {
            return new PixelsInfo(mask.width(), mask.height(), PixelDigest.of(mask));
        }
    }

    public EditRecord withPaths(String image, String maskFile) {
        return new EditRecord(format, operation, settings, seeds, options, margins, input, mask, windows,
                notes, generator, tokenizer, outputs, measurements, image, maskFile, reroll, tokens);
    }

    /** The windows as a plan, for a replay. */
    public WindowPlan plan() {
        return new WindowPlan(windows, notes == null ? List.of() : notes);
    }

    public String toJson() {
        return GSON.toJson(this);
    }

    /** Parses a record, refusing other formats and records missing what a replay needs. */
    public static EditRecord fromJson(String json) {
        EditRecord record;
        try {
            // read as text: from a tree Gson would take 2.5 steps as 2
            record = GSON.fromJson(GSON.toJson(upgraded(UserJson.parse(json))), EditRecord.class);
        } catch (JsonParseException e) {
            throw new EditException(EditException.Reason.RECORD_MISMATCH, "unreadable edit record: " + e.getMessage());
        } catch (RuntimeException e) { // a value a part's constructor refuses (Gson wraps it)
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new EditException(EditException.Reason.RECORD_MISMATCH, "edit record: " + cause.getMessage());
        }
        if (record == null) {
            throw new EditException(EditException.Reason.RECORD_MISMATCH, "the edit record is empty");
        }
        if (record.format != FORMAT) {
            throw new EditException(EditException.Reason.RECORD_MISMATCH,
                    "edit record format: expected " + FORMAT + ", found " + record.format);
        }
        if (record.operation == null || record.settings == null || record.options == null || record.windows == null
                || record.windows.contains(null) || record.notes != null && record.notes.contains(null)) {
            throw new EditException(EditException.Reason.RECORD_MISMATCH,
                    "edit record: expected operation, settings, options and windows, found some missing");
        }
        boolean needsImage = record.operation != Operation.GENERATE;
        if (needsImage != (record.input != null)) {
            throw new EditException(EditException.Reason.RECORD_MISMATCH, "edit record: expected "
                    + (needsImage ? "the input image's size and hash" : "no input image") + " for " + record.operation
                    + ", found " + (record.input == null ? "none" : record.input));
        }
        boolean needsMask = record.operation == Operation.INPAINT || record.operation == Operation.REROLL;
        if (needsMask != (record.mask != null)) {
            throw new EditException(EditException.Reason.RECORD_MISMATCH, "edit record: expected "
                    + (needsMask ? "the mask's size and hash" : "no mask") + " for "
                    + record.operation + ", found " + (record.mask == null ? "none" : record.mask));
        }
        if ((record.operation == Operation.REROLL) != (record.reroll != null)) {
            throw new EditException(EditException.Reason.RECORD_MISMATCH, "edit record: expected "
                    + (record.operation == Operation.REROLL ? "the re-rolled fill's tokens" : "no re-roll") + " for "
                    + record.operation);
        }
        if (record.tokens != null && (record.tokens.stream().anyMatch(java.util.Objects::isNull)
                || record.outputs != null && record.tokens.size() != record.outputs.size())) {
            throw new EditException(EditException.Reason.RECORD_MISMATCH, "edit record: expected the tokens of "
                    + (record.outputs == null ? "every" : record.outputs.size()) + " variants, found "
                    + record.tokens.size());
        }
        if (record.operation == Operation.OUTPAINT && record.margins == null) {
            throw new EditException(EditException.Reason.RECORD_MISMATCH,
                    "edit record: expected the margins of OUTPAINT, found none");
        }
        record.options.validate();
        return record;
    }

    /**
     * An earlier format's record as this format's: format 1's class moved into its settings, and the detail
     * temperature ratio formats 1 and 2 drew with put in ({@link SamplingSettings#DEFAULT_DETAIL_TEMPERATURE_RATIO}).
     */
    private static JsonElement upgraded(JsonElement root) {
        if (root != null && root.isJsonObject()) {
            JsonObject record = root.getAsJsonObject();
            JsonElement format = record.get("format");
            JsonElement settings = record.get("settings");
            if (format == null || !format.isJsonPrimitive() || !format.getAsJsonPrimitive().isNumber()
                    || settings == null || !settings.isJsonObject()) {
                return root;
            }
            double version = format.getAsDouble();
            if (version == 1) {
                JsonElement classId = record.remove("classId");
                if (classId != null) {
                    settings.getAsJsonObject().add("classId", classId);
                }
            }
            if (version == 1 || version == 2) {
                settings.getAsJsonObject().addProperty("detailTemperatureRatio",
                        SamplingSettings.DEFAULT_DETAIL_TEMPERATURE_RATIO);
                record.addProperty("format", FORMAT);
            }
        }
        return root;
    }

    /** Writes the record atomically (a temporary file moved into place). */
    public void write(Path path) throws IOException {
        byte[] json = (toJson() + "\n").getBytes(StandardCharsets.UTF_8);
        AtomicFiles.writeUserFile(path, temp -> Files.write(temp, json));
    }

    /**
     * Reads a record file through {@link UserFiles} (a regular file within the record's size cap);
     * a path that is not one, or content that is not a record (or not UTF-8 text), is an EditException.
     */
    public static EditRecord read(Path path) throws IOException {
        String text;
        try {
            text = UserFiles.readText(path, UserFiles.Kind.EDIT_RECORD);
        } catch (UserFileException e) {
            throw new EditException(EditException.Reason.RECORD_MISMATCH, e.getMessage());
        }
        return fromJson(text);
    }
}

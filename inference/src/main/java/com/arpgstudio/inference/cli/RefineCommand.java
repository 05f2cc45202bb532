package com.arpgstudio.inference.cli;

import com.arpgstudio.inference.arpg.SamplingSettings;
import com.arpgstudio.inference.edit.ArgbImage;
import com.arpgstudio.inference.edit.EditException;
import com.arpgstudio.inference.edit.EditRecord;
import com.arpgstudio.inference.edit.EditRequest;
import com.arpgstudio.inference.edit.FillTokens;
import com.arpgstudio.inference.edit.ImageDecoder;
import com.arpgstudio.inference.edit.PixelDigest;
import com.arpgstudio.inference.edit.PixelMask;
import com.arpgstudio.inference.edit.TokenSelection;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "refine", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Re-roll part of a fill: generate again the tokens of a recorded result (inpaint, outpaint, "
                + "generate or an earlier refine) under a mask, every other token kept as it is and used as "
                + "context. Pixels outside the mask (and the feather around it) stay identical.")
final class RefineCommand extends EditCommand {

    @Option(names = "--image", required = true, paramLabel = "FILE",
            description = "A result of the recorded edit (any of its variants), as it was written.")
    Path image;

    @Option(names = "--record", required = true, paramLabel = "FILE.json",
            description = "The record the result was written with (--record of inpaint, outpaint, generate, refine).")
    Path recordFile;

    @Option(names = "--mask", required = true, paramLabel = "FILE",
            description = "White (or opaque) pixels mark the part to re-roll; the image's size.")
    Path mask;

    @Option(names = "--pin", paramLabel = "FILE",
            description = "White (or opaque) pixels mark tokens to keep even under the mask; the image's size.")
    Path pin;

    @Option(names = "--out-record", paramLabel = "FILE.json",
            description = "Also write the re-roll's JSON record (replay it with `arpg replay`, refine it again).")
    Path outRecord;

    @Mixin
    SamplingOptions sampling;

    @Mixin
    PasteOptions paste;

    @Override
    Path recordOutput() {
        return outRecord;
    }

    @Override
    public Integer call() {
        EditRecord recorded = readRecord(recordFile);
        if (recorded.tokens() == null) {
            throw new CliException(ExitCode.RECORD_MISMATCH, "the record " + recordFile + " keeps no tokens ("
                    + recorded.operation() + "): refine re-rolls results of inpaint, outpaint, generate and refine");
        }
        ImageDecoder.Decoded decoded = readImage(image);
        ArgbImage pixels = decoded.image();
        int variant = recorded.outputs() == null ? -1 : recorded.outputs().indexOf(PixelDigest.of(pixels));
        if (variant < 0) {
            throw new CliException(ExitCode.RECORD_MISMATCH, "the image " + image + " is none of the results the "
                    + "record " + recordFile + " describes (its pixels match none of their hashes)");
        }
        FillTokens fill = recorded.tokens().get(variant);
        PixelMask brush = readMask(mask);
        PixelMask pins = pin == null ? null : readMask(pin);
        for (PixelMask m : pin == null ? new PixelMask[] {brush} : new PixelMask[] {brush, pins}) {
            if (m.width() != pixels.width() || m.height() != pixels.height()) {
                throw new EditException(EditException.Reason.MASK_SIZE_MISMATCH, "mask size: expected "
                        + pixels.width() + "x" + pixels.height() + " like the image, found " + m.width() + "x"
                        + m.height());
            }
        }
        TokenSelection selection = fill.under(brush, pins);
        // the class of the fill unless --class says otherwise
        SamplingSettings settings = sampling.settings(modelOptions.recommendedSettings());
        if (!spec.commandLine().getParseResult().hasMatchedOption("--class")) {
            settings = settings.withClassId(recorded.settings().classId());
        }
        // the feather of the fill unless --feather says otherwise
        EditRequest request = EditRequest.reroll(pixels, fill, selection, brush, settings)
                .withOptions(paste.options(recorded.options().featherPixels()));
        return execute(request(request, decoded, image, mask));
    }
}

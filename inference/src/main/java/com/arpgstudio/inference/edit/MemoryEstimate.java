package com.arpgstudio.inference.edit;

import com.arpgstudio.inference.arpg.SamplingSettings;
import com.arpgstudio.inference.runtime.DeviceOutOfMemoryException;

/**
 * The device memory one window of an edit needs at its peak, by part, in bytes: what
 * {@link Editor} checks against a {@code DeviceMemoryLimit} before the window is generated. An
 * estimate from the shapes the engine allocates (see {@link TokenFiller#fillMemory} and
 * {@link ImageCodec#decodeBytes}), not a measurement; libtorch's allocator keeps some slack besides.
 *
 * @param weights  the generator's and tokenizer's weights, loaded once
 * @param kvCache  the generation's KV cache, alive for the whole window
 * @param step     the largest generation step's activations and logits
 * @param decode   a full decode of every variant (previews between steps and the result)
 */
public record MemoryEstimate(long weights, long kvCache, long step, long decode) {

    /**
     * The estimate for generating a window of {@code columns x rows} tokens, {@code known} of them
     * given and {@code fill} generated, for {@code variants} variants at once.
     */
    public static MemoryEstimate of(EditModels models, SamplingSettings settings, int variants, int known, int fill,
                                    int columns, int rows) {
        TokenFiller.FillMemory generation = models.generator().fillMemory(variants, known, fill, settings);
        return new MemoryEstimate(models.generator().weightBytes() + models.tokenizer().weightBytes(), generation.kvCache(),
                generation.stepPeak(), models.tokenizer().decodeBytes(variants, columns, rows));
    }

    /** Weights and KV cache stay for the whole window; a step and a decode (run between steps) never overlap. */
    public long total() {
        return weights + kvCache + Math.max(step, decode);
    }

    /** The parts, for messages: "weights 24 MiB, KV cache 3 MiB, ...". */
    public String describe() {
        return "weights " + DeviceOutOfMemoryException.mib(weights) + ", KV cache "
                + DeviceOutOfMemoryException.mib(kvCache) + ", a generation step "
                + DeviceOutOfMemoryException.mib(step) + ", decoding " + DeviceOutOfMemoryException.mib(decode);
    }
}

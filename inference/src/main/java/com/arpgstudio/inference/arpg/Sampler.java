package com.arpgstudio.inference.arpg;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;

/**
 * Draws tokens from logits: temperature, top-k and top-p filtering as the official
 * {@code top_k_top_p_filtering}, then inverse-CDF sampling with uniforms supplied by the caller
 * (drawn from each row's seeded generator), so the same seed gives the same tokens on the same
 * device. DJL has no multinomial; this needs one cumulative sum and one comparison on the device
 * and brings back only the chosen indices.
 */
public final class Sampler {

    private Sampler() {}

    /** {@code logits / max(temperature, 1e-5)}. */
    public static NDArray applyTemperature(NDArray logits, double temperature) {
        double divisor = temperatureDivisor(temperature);
        return divisor == 1.0 ? logits : logits.div(divisor);
    }

    /** What the logits are divided by: {@code max(temperature, 1e-5)}, exactly 1 for temperature 1 (no division). */
    static double temperatureDivisor(double temperature) {
        return temperature == 1.0 ? 1.0 : Math.max(temperature, 1e-5);
    }

    /**
     * The official {@code top_k_top_p_filtering}: logits outside the top k, then outside the
     * nucleus of probability {@code topP}, become -inf. Ties with the k-th (or the last kept)
     * logit are all kept, where the official code keeps them by sort position.
     *
     * @param logits (..., V) float32
     * @param topK 0 for no top-k filtering
     * @param topP 1 for no nucleus filtering
     * @return (..., V) float32, a new array
     */
    public static NDArray filter(NDArray logits, int topK, double topP) {
        int last = logits.getShape().dimension() - 1;
        long vocab = logits.getShape().getLastDimension();
        NDArray filtered = logits;
        if (topK > 0) {
            int k = (int) Math.min(Math.max(topK, 1), vocab);
            // indices_to_remove = logits < torch.topk(logits, top_k)[0][..., -1, None]
            NDArray kth = filtered.topK(k, last, true, true).get(0).get("..., {}:", k - 1);  // (..., 1)
            filtered = NDArrays.where(filtered.lt(kth), negativeInfinity(filtered), filtered);
        }
        if (topP < 1.0) {
            NDArray sorted = filtered.sort(last).flip(last);                             // descending
            NDArray cumulative = sorted.softmax(last).cumSum(last);
            // sorted_indices_to_remove = cumulative_probs > top_p, shifted right by one (the first
            // token always stays): the kept tokens are a prefix of the sorted ones.
            NDArray shifted = cumulative.getManager().zeros(sorted.getShape().slice(0, last).add(1), DataType.FLOAT32)
                    .concat(cumulative.get("..., :-1"), last);
            NDArray kept = shifted.lte(topP);
            NDArray threshold = NDArrays.where(kept, sorted, positiveInfinity(sorted)).min(new int[] {last}, true);
            filtered = NDArrays.where(filtered.lt(threshold), negativeInfinity(filtered), filtered);
        }
        return filtered == logits ? logits.duplicate() : filtered;
    }

    /**
     * Inverse-CDF sampling: for each row of probabilities the first index whose cumulative
     * probability exceeds {@code u * total} (never a filtered, zero-probability token).
     *
     * @param logits (B, Q, V) float32, already filtered and divided by the temperature
     * @param uniforms (B, Q) float32 in [0, 1)
     * @return (B, Q) int64 token ids
     */
    public static NDArray sample(NDArray logits, NDArray uniforms) {
        int last = logits.getShape().dimension() - 1;
        NDArray cumulative = logits.softmax(last).cumSum(last);                        // (B, Q, V)
        NDArray total = cumulative.get("..., -1:");                                       // (B, Q, 1)
        NDArray target = uniforms.expandDims(last).mul(total);                          // (B, Q, 1)
        // tokens whose cumulative probability is at most the target lie before the chosen one
        NDArray index = cumulative.lte(target).sum(new int[] {last}).toType(DataType.INT64, false);
        return index.minimum(logits.getShape().getLastDimension() - 1);
    }

    /** The most likely token: what sampling with top-k 1 always picks. (B, Q, V) to (B, Q) int64. */
    public static NDArray greedy(NDArray logits) {
        return logits.argMax(logits.getShape().dimension() - 1);
    }

    /**
     * How sure the model was of each chosen token: its probability under the distribution the
     * sampler drew from before top-k and top-p (the softmax of the tempered logits), and that
     * distribution's entropy in nats. Truncation is left out on purpose: it renormalises the kept
     * tokens, so greedy decoding would always report certainty.
     *
     * @param logits (B, Q, V) float32, divided by the temperature, not filtered
     * @param picked (B, Q) int64 chosen tokens
     * @return (2, B, Q) float32: probabilities, then entropies
     */
    public static NDArray confidence(NDArray logits, NDArray picked) {
        int last = logits.getShape().dimension() - 1;
        NDArray probabilities = logits.softmax(last);                                   // (B, Q, V)
        NDArray chosen = probabilities.gather(picked.expandDims(last), last).squeeze(last); // (B, Q)
        // -sum(p log p), with 0 log 0 = 0 (a probability that underflowed to 0)
        NDArray entropy = probabilities.xlogy(probabilities).sum(new int[] {last}).neg();  // (B, Q)
        return NDArrays.stack(new NDList(chosen, entropy));
    }

    private static NDArray negativeInfinity(NDArray like) {
        return like.getManager().full(like.getShape(), Float.NEGATIVE_INFINITY, like.getDataType());
    }

    private static NDArray positiveInfinity(NDArray like) {
        return like.getManager().full(like.getShape(), Float.POSITIVE_INFINITY, like.getDataType());
    }

}

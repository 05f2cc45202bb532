package com.arpgstudio.inference.arpg;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * The per-generation state of the two-pass decoder: keys and values of every token fed so far,
 * for each self-decoder block and for the shared cross-decoder context ({@code layers.to_k/to_v}).
 * Allocated once at full capacity and written in place; the official code grows its cache with
 * {@code torch.cat} every step instead.
 *
 * <p>All of it is one array, (self blocks + 1, 2, B, H, capacity, head_dim): the scripted passes
 * take it whole and make every block's views with a few operations per pass; the op-by-op port
 * reads and writes it through the (B, H, capacity, head_dim) views of {@link Layer}. Heads before
 * slots, so one head's keys of one row are contiguous: attention as batched matrix products over
 * (B * H) reads them in place, and flash attention takes the (B, S, H, head_dim) view as it is.
 */
public final class KvCache implements AutoCloseable {

    /** Keys and values of one attention, (B, H, capacity, head_dim) views of the cache, keys already rotated. */
    public record Layer(NDArray keys, NDArray values) {

        /** Writes (B, H, T, head_dim) keys and values at token slots {@code [start, start + T)}. */
        void write(long start, NDArray newKeys, NDArray newValues) {
            NDIndex slots = new NDIndex(":, :, {}:{}", start, start + newKeys.getShape().get(2));
            keys.set(slots, newKeys);
            values.set(slots, newValues);
        }

        /** Views of the first {@code length} slots: keys and values, (B, H, length, head_dim) each. */
        NDArray[] upTo(long length) {
            NDIndex filled = new NDIndex(":, :, 0:{}", length);
            return new NDArray[] {keys.get(filled), values.get(filled)};
        }
    }

    /** Grids' worth of tokens a cache may hold at most: a padded batch's rows, the prefill and each step padded. */
    static final int MAX_PADDED_LENGTHS = 4;

    private final NDArray slots;            // (self blocks + 1, 2, B, H, capacity, head_dim)
    private final List<Layer> selfLayers;
    private final Layer context;
    private final int batch;
    private final int capacity;
    private int length;

    /**
     * A cache for {@code batch} rows of up to {@code capacity} tokens each (the class token
     * included); a padded batch of rows of different lengths ({@link Generator}) may need up to
     * {@value #MAX_PADDED_LENGTHS} grids' worth.
     */
    public KvCache(ArpgConfig config, NDManager manager, DataType dataType, int batch, int capacity) {
        if (capacity < 1 || capacity > MAX_PADDED_LENGTHS * (config.blockSize() + 1)) {
            throw new IllegalArgumentException("expected a capacity in [1, " + MAX_PADDED_LENGTHS
                    * (config.blockSize() + 1) + "], found " + capacity);
        }
        int selfBlocks = config.nLayer() / 2;
        this.slots = manager.zeros(new Shape(selfBlocks + 1, 2, batch, config.nHead(), capacity, config.headDim()),
                dataType);
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i <= selfBlocks; i++) {
            layers.add(new Layer(slots.get(new NDIndex("{}, 0", i)), slots.get(new NDIndex("{}, 1", i))));
        }
        this.selfLayers = List.copyOf(layers.subList(0, selfBlocks));
        this.context = layers.get(selfBlocks);
        this.batch = batch;
        this.capacity = capacity;
    }

    public Layer selfLayer(int index) {
        return selfLayers.get(index);
    }

    /** The cross-decoder context: rotated keys and values of the normed self-decoder output. */
    public Layer context() {
        return context;
    }

    /** Takes the cache's arrays out of the caller's {@link ai.djl.ndarray.NDScope}, for a cache that outlives it. */
    void keepBeyondScope() {
        NDScope.unregister(slots);
        for (Layer layer : selfLayers) {
            NDScope.unregister(layer.keys(), layer.values());
        }
        NDScope.unregister(context.keys(), context.values());
    }

    /** The whole cache, (self blocks + 1, 2, B, H, capacity, head_dim). */
    NDArray slots() {
        return slots;
    }
    public int batch() {
        return batch;
    }

    /** Tokens cached so far. */
    public int length() {
        return length;
    }

    public int capacity() {
        return capacity;
    }

    /** Checks that {@code tokens} more fit. */
    void reserve(int tokens) {
        if (length + tokens > capacity) {
            throw new IllegalStateException("KV cache full: expected room for " + tokens + " more tokens, found "
                    + (capacity - length) + " of " + capacity);
        }
    }

    /** Marks {@code tokens} more slots as filled, once every layer has written them. */
    void advance(int tokens) {
        reserve(tokens);
        length += tokens;
    }

    @Override
    public void close() {
        for (Layer layer : selfLayers) {
            layer.keys().close();
            layer.values().close();
        }
        context.keys().close();
        context.values().close();
        slots.close();
    }
}

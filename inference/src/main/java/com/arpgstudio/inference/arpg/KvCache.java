package com.arpgstudio.inference.arpg;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
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
 */
public final class KvCache implements AutoCloseable {

    /** Keys and values of one attention, (B, H, capacity, head_dim) each, keys already rotated. */
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

    private final List<Layer> selfLayers;
    private final Layer context;
    private final int batch;
    private final int capacity;
    private int length;

    /** A cache for {@code batch} rows of up to {@code capacity} tokens each (the class token included). */
    public KvCache(ArpgConfig config, NDManager manager, DataType dataType, int batch, int capacity) {
        if (capacity < 1 || capacity > config.blockSize() + 1) {
            throw new IllegalArgumentException("expected a capacity in [1, " + (config.blockSize() + 1)
                    + "], found " + capacity);
        }
        Shape shape = new Shape(batch, config.nHead(), capacity, config.headDim());
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < config.nLayer() / 2; i++) {
            layers.add(new Layer(manager.zeros(shape, dataType), manager.zeros(shape, dataType)));
        }
        this.selfLayers = List.copyOf(layers);
        this.context = new Layer(manager.zeros(shape, dataType), manager.zeros(shape, dataType));
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

    /** Every array: keys then values of each self-decoder block, then of the context. */
    List<NDArray> arrays() {
        List<NDArray> arrays = new ArrayList<>();
        for (Layer layer : selfLayers) {
            arrays.add(layer.keys());
            arrays.add(layer.values());
        }
        arrays.add(context.keys());
        arrays.add(context.values());
        return arrays;
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
    }
}

package com.arpgstudio.inference.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/**
 * libtorch's CUDA graphs through {@link CudaGraphs}: a capture records, a replay reads its inputs
 * where they lie, and a capture that fails is reported and leaves everything usable. GPU only:
 * run with {@code -Darpg.device=gpu}. The captured code uses operations between arrays only: DJL
 * uploads a Java number operand to the device first, a copy that a capture does not allow.
 */
class CudaGraphsTest {

    private static NDManager gpuManager() {
        assumeTrue("gpu".equalsIgnoreCase(System.getProperty("arpg.device")) && DjlRuntime.gpuAvailable(),
                "needs -Darpg.device=gpu and a CUDA GPU");
        return DjlRuntime.newManager(Device.gpu());
    }

    @Test
    void aReplayRecomputesFromTheInputsInPlace() {
        try (NDManager manager = gpuManager()) {
            NDArray input = manager.create(new float[] {1, 2, 3, 4});
            CudaGraphs graphs = CudaGraphs.bind(0);
            CudaGraphs.Captured<NDArray> captured = graphs.capture(graphs.newPool(), () -> input.mul(input).add(input),
                    NDArray::close);
            try (CudaGraphs.Graph graph = captured.graph()) {
                assertArrayEquals(new float[] {2, 6, 12, 20}, captured.warmUp().toFloatArray());
                graph.replay();
                assertArrayEquals(new float[] {2, 6, 12, 20}, captured.result().toFloatArray());
                input.set(new NDIndex(":"), manager.create(new float[] {10, 20, 30, 40}));
                graph.replay();
                assertArrayEquals(new float[] {110, 420, 930, 1640}, captured.result().toFloatArray());
            }
        }
    }

    @Test
    void aFailedCaptureIsReportedAndLeavesTheStreamAndAllocatorUsable() {
        try (NDManager manager = gpuManager()) {
            NDArray input = manager.create(new float[] {1, 2, 3});
            CudaGraphs graphs = CudaGraphs.bind(0);
            // copying to the host waits for the stream: not allowed while it captures
            assertThrows(CudaGraphs.CaptureException.class,
                    () -> graphs.capture(graphs.newPool(), () -> input.add(input).toFloatArray(), values -> { }));
            assertArrayEquals(new float[] {2, 4, 6}, input.mul(2).toFloatArray());
            // libtorch's random generator is out of capture mode again
            assertEquals(1000, manager.randomNormal(new Shape(1000)).toFloatArray().length);
            CudaGraphs.Captured<NDArray> captured = graphs.capture(graphs.newPool(), () -> input.mul(input),
                    NDArray::close);
            try (CudaGraphs.Graph graph = captured.graph()) {
                graph.replay();
                assertArrayEquals(new float[] {1, 4, 9}, captured.result().toFloatArray());
            }
        }
    }
}

package com.arpgstudio.inference.edit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.arpgstudio.inference.ReferenceFixtures;
import com.arpgstudio.inference.arpg.SamplingSettings;
import com.arpgstudio.inference.arpg.StepListener;
import com.arpgstudio.inference.runtime.Cancellation;
import com.arpgstudio.inference.runtime.DeviceMemoryLimit;
import com.arpgstudio.inference.runtime.DeviceOutOfMemoryException;
import com.arpgstudio.inference.runtime.Devices;
import com.arpgstudio.inference.runtime.DjlRuntime;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Out of device memory, on the fixture models: libtorch failing to allocate in the middle of a
 * generation, and an edit refused up front by the device memory limit. Either way the caller gets
 * a {@link DeviceOutOfMemoryException} with advice, the inputs are untouched, no native array is
 * left behind and the next edit works.
 */
class EditMemoryFaultsTest {

    /** The error libtorch itself raises when an allocation fails: ask it for 1 PiB of float32. */
    static EngineException libtorchOutOfMemory() {
        try (NDManager manager = DjlRuntime.newManager(Device.cpu())) {
            manager.zeros(new Shape(1L << 48));
            throw new AssertionError("libtorch allocated 1 PiB");
        } catch (EngineException e) {
            return e;
        }
    }

    /** The real filler, with a hook run after each of its steps (inside the generation loop) and a count of fills. */
    private static final class HookedFiller implements TokenFiller {
        final TokenFiller real;
        final List<int[]> fills = new ArrayList<>(); // {rows, known, fill} per call
        Runnable afterStep = () -> { };
        int stepToFault = -1;

        HookedFiller(TokenFiller real) {
            this.real = real;
        }

        @Override
        public int gridColumns() {
            return real.gridColumns();
        }

        @Override
        public int gridRows() {
            return real.gridRows();
        }

        @Override
        public int numClasses() {
            return real.numClasses();
        }

        @Override
        public int stepCount(int fill, SamplingSettings settings) {
            return real.stepCount(fill, settings);
        }

        @Override
        public long weightBytes() {
            return real.weightBytes();
        }

        @Override
        public FillMemory fillMemory(int rows, int known, int fill, SamplingSettings settings) {
            return real.fillMemory(rows, known, fill, settings);
        }

        @Override
        public Filled fill(SamplingSettings settings, List<Row> rows, StepListener listener,
                           Cancellation cancellation) {
            fills.add(new int[] {rows.size(), rows.get(0).knownPositions().length, rows.get(0).fillPositions().length});
            return real.fill(settings, rows, event -> {
                listener.onStep(event);
                if (event.step() == stepToFault) {
                    afterStep.run();
                }
            }, cancellation);
        }
    }

    private record Scene(ArgbImage image, PixelMask mask, int[] imageBefore, PixelMask maskBefore) {
        static Scene of(EditModels models) {
            int size = models.generator().gridColumns() * models.tokenizer().patchSize() / 2;
            ArgbImage image = FakeModels.picture(size, size);
            PixelMask mask = PixelMask.ofRect(size, size, new Rect(size / 4, size / 4, size / 2, size / 2));
            return new Scene(image, mask, image.pixels().clone(), mask.copy());
        }

        EditRequest inpaint(SamplingSettings settings) {
            return EditRequest.inpaint(image, mask, settings.withClassId(0));
        }

        void assertUntouched(String when) {
            assertArrayEquals(imageBefore, image.pixels(), "input image " + when);
            assertTrue(mask.minus(maskBefore).isEmpty() && maskBefore.minus(mask).isEmpty(), "mask " + when);
        }
    }

    @ReferenceFixtures.Needed
    @Test
    void libtorchRunningOutOfMemoryMidGenerationIsReportedAndFreesTheRun() throws IOException {
        EngineException real = libtorchOutOfMemory();
        assertTrue(Devices.isOutOfMemory(real), "libtorch's own message is recognised: " + real.getMessage());
        try (LoadedModels loaded = FixtureModels.load()) {
            HookedFiller filler = new HookedFiller(loaded.models().generator());
            EditModels models = new EditModels(filler, loaded.models().tokenizer(), loaded.models().generatorWeights(),
                    loaded.models().tokenizerWeights());
            Editor editor = new Editor(models, PreviewPolicy.ADAPTIVE);
            Scene scene = Scene.of(models);
            SamplingSettings settings = SamplingSettings.DEFAULTS.withSteps(4).withSeed(11).withVariants(2);
            List<Integer> steps = new ArrayList<>();
            EditResult clean = editor.run(scene.inpaint(settings), new EditListener() {
                @Override
                public void onStep(Step step) {
                    steps.add(step.step());
                }
            }, Cancellation.none());
            int arrays = DjlRuntime.liveArrays();

            // a real allocation failure raised by libtorch inside the generation loop, while the run's
            // KV cache and last tokens are alive, after each step in turn
            filler.afterStep = () -> {
                throw libtorchOutOfMemory();
            };
            for (int step = 0; step < steps.size(); step++) {
                filler.stepToFault = step;
                DeviceOutOfMemoryException e = assertThrows(DeviceOutOfMemoryException.class,
                        () -> editor.run(scene.inpaint(settings), EditListener.NONE, Cancellation.none()),
                        "out of memory after step " + step);
                assertTrue(e.getCause() instanceof EngineException && Devices.isOutOfMemory(e.getCause()), e.toString());
                assertFalse(e.refusedBeforeStart());
                assertEquals(2, e.variants());
                assertTrue(e.getMessage().contains("fewer variants") && e.getMessage().contains("nothing was changed"),
                        e.getMessage());
                scene.assertUntouched("after running out of memory at step " + step);
                assertEquals(arrays, DjlRuntime.liveArrays(), "native arrays left at step " + step);
            }

            filler.stepToFault = -1;
            EditResult again = editor.run(scene.inpaint(settings), EditListener.NONE, Cancellation.none());
            for (int v = 0; v < 2; v++) {
                assertTrue(clean.images().get(v).samePixels(again.images().get(v)), "variant " + v + " after the faults");
            }
            assertEquals(arrays, DjlRuntime.liveArrays(), "native arrays after the next edit");
        }
    }

    @ReferenceFixtures.Needed
    @Test
    void theDeviceMemoryLimitRefusesAnEditBeforeItStarts() throws IOException {
        try (LoadedModels loaded = FixtureModels.load()) {
            HookedFiller filler = new HookedFiller(loaded.models().generator());
            RecordingCodec codec = new RecordingCodec(loaded.models().tokenizer());
            EditModels models = new EditModels(filler, codec, loaded.models().generatorWeights(), loaded.models().tokenizerWeights());
            Scene scene = Scene.of(models);
            SamplingSettings one = SamplingSettings.DEFAULTS.withSteps(4).withSeed(2);
            SamplingSettings many = one.withVariants(SamplingSettings.MAX_VARIANTS);

            EditResult unlimited = new Editor(models, PreviewPolicy.CODES_ONLY).run(scene.inpaint(one),
                    EditListener.NONE, Cancellation.none());
            int[] window = filler.fills.get(0);
            MemoryEstimate needOne = MemoryEstimate.of(models, one, 1, window[1], window[2], codec.columns, codec.rows);
            MemoryEstimate needMany = MemoryEstimate.of(models, many, many.variants(), window[1], window[2],
                    codec.columns, codec.rows);
            assertTrue(needOne.weights() > 0 && needOne.kvCache() > 0 && needOne.step() > 0 && needOne.decode() > 0,
                    needOne.describe());
            assertEquals(needOne.weights(), needMany.weights(), "the weights do not grow with variants");
            assertTrue(needMany.kvCache() == 16 * needOne.kvCache() && needMany.decode() > 8 * needOne.decode(),
                    needOne.describe() + " / " + needMany.describe());

            long limitMiB = (needOne.total() + needMany.total()) / 2 >> 20;
            assertTrue((limitMiB << 20) > needOne.total() && (limitMiB << 20) < needMany.total(),
                    "a limit in MiB between one variant's " + needOne.total() + " and 16's " + needMany.total());
            Editor limited = new Editor(models, PreviewPolicy.CODES_ONLY,
                    DeviceMemoryLimit.ofMiB(limitMiB, "the test's limit"));
            int arrays = DjlRuntime.liveArrays();
            int fillsBefore = filler.fills.size();
            List<Integer> steps = new ArrayList<>();
            DeviceOutOfMemoryException refused = assertThrows(DeviceOutOfMemoryException.class,
                    () -> limited.run(scene.inpaint(many), new EditListener() {
                        @Override
                        public void onStep(Step step) {
                            steps.add(step.step());
                        }
                    }, Cancellation.none()));
            assertTrue(refused.refusedBeforeStart());
            String message = refused.getMessage();
            for (String part : new String[] {"16 variants", "fewer variants", "smaller area", "CPU",
                    limitMiB + " MiB", "the test's limit", "KV cache"}) {
                assertTrue(message.contains(part), "'" + part + "' in: " + message);
            }
            assertEquals(fillsBefore, filler.fills.size(), "no generation started");
            assertTrue(steps.isEmpty(), "no step ran");
            scene.assertUntouched("after the refusal");
            assertEquals(arrays, DjlRuntime.liveArrays(), "native arrays after the refusal");

            EditResult fewer = limited.run(scene.inpaint(one), EditListener.NONE, Cancellation.none());
            assertTrue(unlimited.image().samePixels(fewer.image()), "one variant fits the limit and gives the same result");
        }
    }

    /** The real codec, remembering the last decoded grid's size. */
    private static final class RecordingCodec implements ImageCodec {
        final ImageCodec real;
        int columns;
        int rows;

        RecordingCodec(ImageCodec real) {
            this.real = real;
        }

        @Override
        public int patchSize() {
            return real.patchSize();
        }

        @Override
        public int[] encode(ArgbImage image) {
            return real.encode(image);
        }

        @Override
        public List<ArgbImage> decode(List<int[]> codes, int columns, int rows) {
            this.columns = columns;
            this.rows = rows;
            return real.decode(codes, columns, rows);
        }

        @Override
        public long weightBytes() {
            return real.weightBytes();
        }

        @Override
        public long decodeBytes(int images, int columns, int rows) {
            return real.decodeBytes(images, columns, rows);
        }

        @Override
        public void preparePreviews(int[] codes) {
            real.preparePreviews(codes);
        }

        @Override
        public ArgbImage preview(int code) {
            return real.preview(code);
        }
    }

    @Test
    void aRealLibtorchAllocationFailureIsTheSameException() {
        EngineException real = libtorchOutOfMemory();
        DeviceOutOfMemoryException mapped = assertThrows(DeviceOutOfMemoryException.class,
                () -> Devices.mapOutOfMemory(3, () -> {
                    throw real;
                }));
        assertSame(real, mapped.getCause());
        assertTrue(mapped.getMessage().startsWith("The computer ran out of memory while generating 3 variants"),
                mapped.getMessage());
    }
}

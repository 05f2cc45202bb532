package com.arpgstudio.inference.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Files written by real torch.save (torch 1.13, see torch/make_cases.py beside them): views with
 * offsets and strides, every supported dtype, tied weights, protocol 4, the legacy format, and a
 * training checkpoint with an Adam state, an argparse.Namespace and numpy's RNG state. Each must
 * give exactly the contiguous tensors the script wrote to expected.safetensors.
 */
class TorchFilesTest {

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(TorchFilesTest.class.getResource("torch/" + name).toURI());
    }

    private static void assertSameTensor(StoredTensor expected, StoredTensor actual) throws IOException {
        assertEquals(expected.dtype(), actual.dtype(), actual.name());
        assertArrayEquals(expected.shape(), actual.shape(), actual.name());
        if (expected.dtype().isFloating()) {
            assertArrayEquals(expected.toFloats(), actual.toFloats(), actual.name());
        } else {
            assertArrayEquals(expected.toLongs(), actual.toLongs(), actual.name());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"views.pt", "views_protocol4.pt", "views_legacy.pt"})
    void viewsAndDtypesMatchTorch(String file) throws Exception {
        StateDict expected = StateDict.open(resource("expected.safetensors"));
        StateDict actual = StateDict.open(resource(file));
        List<String> viewNames = new ArrayList<>();
        for (String name : expected.names()) {
            if (!name.startsWith("model.") && !name.startsWith("ema.")) {
                viewNames.add(name);
            }
        }
        assertEquals(viewNames, List.copyOf(actual.names()));
        for (String name : viewNames) {
            assertSameTensor(expected.get(name), actual.get(name));
        }
    }

    @Test
    void sectionsOfATrainingCheckpoint() throws Exception {
        assertEquals(List.of("model", "ema", "optimizer"), StateDict.open(resource("training.pt")).sections());
        assertEquals(List.of(), StateDict.open(resource("views.pt")).sections());
        assertEquals(List.of(), StateDict.open(resource("views_legacy.pt")).sections());
        assertEquals(List.of(), StateDict.open(resource("expected.safetensors")).sections());
    }

    @Test
    void foreignGlobalsOfATrainingCheckpointAreListed() throws Exception {
        // argparse.Namespace and numpy's RNG state are inert data; numpy.ndarray is named as an argument only
        assertEquals(List.of(new StateDict.ForeignGlobal("argparse.Namespace", true),
                        new StateDict.ForeignGlobal("numpy.core.multiarray._reconstruct", true),
                        new StateDict.ForeignGlobal("numpy.ndarray", true),
                        new StateDict.ForeignGlobal("numpy.dtype", true)),
                StateDict.open(resource("training.pt")).foreignGlobals());
        assertEquals(List.of(), StateDict.open(resource("views.pt")).foreignGlobals());
    }

    @Test
    void trainingCheckpointGivesTheModelOrTheEma() throws Exception {
        StateDict expected = StateDict.open(resource("expected.safetensors"));
        for (String section : new String[] {"model", "ema"}) {
            StateDict actual = section.equals("model") ? StateDict.open(resource("training.pt"))
                    : StateDict.open(resource("training.pt"), section);
            List<String> names = new ArrayList<>();
            for (String name : expected.names()) {
                if (name.startsWith(section + ".")) {
                    names.add(name.substring(section.length() + 1));
                }
            }
            assertEquals(names, List.copyOf(actual.names()), section);
            for (String name : names) {
                assertSameTensor(expected.get(section + "." + name), actual.get(name));
            }
        }
    }
}

package com.arpgstudio.inference.arpg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.arpgstudio.inference.ReferenceFixtures;
import com.arpgstudio.inference.checkpoint.ModelConfigs;
import com.arpgstudio.inference.vq.VqConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArpgConfigTest {

    @Test
    void deeplyNestedOrBrokenConfigFilesAreRefusedWithAMessage(@TempDir Path dir)
            throws Exception {
        Path nested = dir.resolve("config.json");
        Files.writeString(nested, "{\"arpg\": " + "[".repeat(20000) + "]".repeat(20000) + "}");
        IOException arpg = assertThrows(IOException.class, () -> ArpgConfig.fromJson(nested));
        assertTrue(arpg.getMessage().contains("nested"), arpg.getMessage());
        assertThrows(IOException.class, () -> VqConfig.readJson(nested));
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\"dim\": [1, ");
        assertThrows(IOException.class, () -> ArpgConfig.fromJson(broken));
        assertThrows(IOException.class, () -> VqConfig.readJson(broken));
    }

    @ReferenceFixtures.Needed
    @Test
    void weightsAndConfigJsonGiveTheSameConfig() throws Exception {
        ArpgConfig fromJson = ReferenceFixture.config();
        ArpgConfig fromWeights = ArpgConfig.fromWeights(ReferenceFixture.tensors("arpg.safetensors"),
                ModelConfigs.readConfig(ReferenceFixtures.file("config.json")));
        assertEquals(fromJson.dim(), fromWeights.dim());
        assertEquals(fromJson.nLayer(), fromWeights.nLayer());
        assertEquals(fromJson.nHead(), fromWeights.nHead());
        assertEquals(fromJson.vocabSize(), fromWeights.vocabSize());
        assertEquals(fromJson.numClasses(), fromWeights.numClasses());
        assertEquals(fromJson.blockSize(), fromWeights.blockSize());
        assertEquals(fromJson.ffnHiddenDim(), fromWeights.ffnHiddenDim());
    }

    @Test
    void arpgLHasTheOfficialShapes() {
        ArpgConfig l = ArpgConfig.arpgL();
        assertEquals(64, l.headDim());
        assertEquals(16, l.gridSize());
        assertEquals(2816, l.ffnHiddenDim());   // find_multiple(int(2 * 4096 / 3), 256)
        assertEquals(16384 + 1 + 1000 + 1 + 1, l.embeddingRows());
        assertEquals(16384, l.maskTokenId());
        assertEquals(16384 + 1001, l.nullClassTokenId());
    }

    @Test
    void badShapesAreRejectedWithTheReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ArpgConfig(64, 4, 4, 512, 10, 200, 1, 10000, 1e-5, 256, null));
        assertTrue(e.getMessage().contains("square block_size"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ArpgConfig.arpgL().classTokenId(1000));
    }
}

package com.arpgstudio.app.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.arpgstudio.inference.runtime.DownloadException;
import com.arpgstudio.inference.runtime.DownloadProgress;
import com.arpgstudio.inference.runtime.ModelDownload;
import com.arpgstudio.inference.runtime.ModelEntry;
import com.arpgstudio.inference.runtime.ModelFile;
import com.arpgstudio.inference.runtime.ModelShape;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ModelRowTest {

    private static final Path MODELS = Path.of("/data/models");
    private static final URI HUB = URI.create("https://huggingface.co/x");

    private static ModelEntry released(boolean present, long partial) {
        ModelFile arpg = new ModelFile("arpg_300m.pt", MODELS.resolve("arpg_300m.pt"), 1_280_000_000L, present,
                HUB, null, partial);
        ModelFile vq = new ModelFile("vq.pt", MODELS.resolve("vq.pt"), 288_000_000L, present, HUB, null, 0);
        return new ModelEntry("arpg-l", "ARPG-L", ModelEntry.Source.RELEASED, arpg, vq, null, null,
                new ModelShape(16, 16, 1000), present ? "" : "not downloaded");
    }

    @Test
    void aMissingReleasedModelShowsItsDownloadSizeAndPartialBytes() {
        ModelRow row = new ModelRow(released(false, 0), MODELS);

        assertEquals("Not downloaded", row.status());
        assertEquals("256 px window (16×16 tokens), 1000 classes · download 1.57 GB · models folder", row.details());
        assertTrue(row.isDownloadable());
        assertFalse(row.isUsable());

        row.update(released(false, 412_000_000));
        assertEquals("Partly downloaded (412.0 MB); Download resumes it", row.status());
        assertTrue(row.isRemovable(), "partial files can be deleted");
    }

    @Test
    void progressShowsBytesSpeedAndTimeLeftThenTheFailureInWords() {
        ModelRow row = new ModelRow(released(false, 0), MODELS);
        row.downloadStarted();
        assertFalse(row.isDownloadable());

        row.downloadProgress(new ModelDownload.Progress(new DownloadProgress("arpg_300m.pt", 500_000_000,
                1_280_000_000L, 20e6), 1, 2, 788_000_000, 1_568_000_000));

        assertEquals("788.0 MB of 1.57 GB (file 2 of 2), 20.0 MB/s, 0:39 left", row.status());
        assertEquals(788.0 / 1568, row.progress(), 1e-9);

        row.downloadProgress(new ModelDownload.Progress(new DownloadProgress("arpg_300m.pt", 500_000_000,
                1_280_000_000L, 0, "connection lost; trying again in 2 s (1 of 5)"), 1, 2, 788_000_000,
                1_568_000_000));
        assertEquals("connection lost; trying again in 2 s (1 of 5)", row.status());

        row.downloadEnded(new DownloadException(DownloadException.Reason.NO_SPACE, "needs 1 GB, has 2 MB"));
        assertEquals("Download failed: not enough disk space.\nneeds 1 GB, has 2 MB", row.problem());
        assertFalse(row.isDownloading());
        assertEquals(-1, row.progress());
    }

    @Test
    void aPresentModelIsReadyOrInUse() {
        ModelRow row = new ModelRow(released(true, 0), MODELS);

        assertEquals("Ready", row.status());
        assertTrue(row.details().contains("1.57 GB on disk"), row.details());
        row.setCurrent(true);
        assertEquals("In use", row.status());
        assertFalse(row.isRemovable());
    }

    @Test
    void clockTimesHaveHoursOnlyWhenNeeded() {
        assertEquals("0:39", ModelRow.clock(Duration.ofSeconds(39)));
        assertEquals("1:02:03", ModelRow.clock(Duration.ofSeconds(3723)));
    }
}

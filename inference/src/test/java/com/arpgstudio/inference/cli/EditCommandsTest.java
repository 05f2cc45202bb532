package com.arpgstudio.inference.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.arpgstudio.inference.ReferenceFixtures;
import com.arpgstudio.inference.arpg.Guidance;
import com.arpgstudio.inference.arpg.SamplingSettings;
import com.arpgstudio.inference.arpg.Schedule;
import com.arpgstudio.inference.edit.ArgbImage;
import com.arpgstudio.inference.fuzz.Mutations;
import com.arpgstudio.inference.edit.EditOptions;
import com.arpgstudio.inference.edit.EditRecord;
import com.arpgstudio.inference.edit.PixelMask;
import com.arpgstudio.inference.edit.Rect;
import com.arpgstudio.inference.runtime.AppDirectories;
import com.arpgstudio.inference.runtime.SettingsStore;
import com.google.gson.JsonPrimitive;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The editing subcommands on the fixture models: results, records, and every documented exit status. */
@ReferenceFixtures.Needed
@ExtendWith(PrivateArpgHome.class)
class EditCommandsTest {

    private static final String MODEL =
            ReferenceFixtures.dir().toString();

    @TempDir
    Path dir;

    record Run(int status, String err) {}

    private Run arpg(String... args) {
        CommandLine cli = ArpgCli.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        cli.setOut(new PrintWriter(new StringWriter()));
        int status = cli.execute(args);
        return new Run(status, err.toString());
    }

    private Path image(String name, int width, int height) throws Exception {
        int[] px = new int[width * height];
        for (int i = 0; i < px.length; i++) {
            px[i] = 0xff000000 | (i % width) * 255 / width << 16 | (i / width) * 255 / height << 8 | 90;
        }
        Path path = dir.resolve(name);
        ImageIO.write(new ArgbImage(width, height, px).toBufferedImage(), "png", path.toFile());
        return path;
    }

    private Path mask(String name, int width, int height, Rect painted) throws Exception {
        Path path = dir.resolve(name);
        ImageIO.write(PixelMask.ofRect(width, height, painted).toImage().toBufferedImage(), "png", path.toFile());
        return path;
    }

    /** A PNG whose header claims 40000 x 40000 pixels: refused from the header, never decoded. */
    private Path hugePngHeader() throws Exception {
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        png.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        java.nio.ByteBuffer ihdr = java.nio.ByteBuffer.allocate(13).putInt(40000).putInt(40000)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(png, "IHDR", ihdr.array());
        chunk(png, "IEND", new byte[0]);
        Path path = dir.resolve("huge.png");
        Files.write(path, png.toByteArray());
        return path;
    }

    private static void chunk(java.io.ByteArrayOutputStream out, String type, byte[] data) throws Exception {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(type.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        crc.update(data);
        out.write(java.nio.ByteBuffer.allocate(4).putInt(data.length).array());
        out.write(type.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        out.write(data);
        out.write(java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    private String[] edit(String command, String... rest) {
        List<String> args = new ArrayList<>(List.of(command, "--model", MODEL, "--device", "cpu", "--steps", "4",
                "--seed", "3", "--quiet"));
        args.addAll(List.of(rest));
        return args.toArray(String[]::new);
    }

    @Test
    void inpaintWritesTheResultAndARecordThatReplaysIdentically() throws Exception {
        Path in = image("in.png", 80, 64);
        Path mask = mask("mask.png", 80, 64, new Rect(20, 16, 30, 20));
        Path out = dir.resolve("out.png");
        Path record = dir.resolve("edit.json");
        Run run = arpg(edit("inpaint", "--image", in.toString(), "--mask", mask.toString(), "--out", out.toString(),
                "--class", "2", "--variants", "2", "--record", record.toString()));
        assertEquals(0, run.status(), run.err());
        assertEquals(80, ImageIO.read(out.toFile()).getWidth());
        assertTrue(Files.exists(dir.resolve("out-1.png")), "the second variant");
        EditRecord written = EditRecord.read(record);
        assertEquals(in.toAbsolutePath().toString(), written.imagePath());
        assertEquals(List.of(3L, 4L), written.seeds());

        Run replay = arpg("replay", record.toString(), "--model", MODEL, "--device", "cpu", "--quiet", "--out",
                dir.resolve("again.png").toString());
        assertEquals(0, replay.status(), replay.err());
        assertTrue(replay.err().contains("identical"), replay.err());
        assertTrue(ArgbImage.of(ImageIO.read(out.toFile())).samePixels(
                ArgbImage.of(ImageIO.read(dir.resolve("again.png").toFile()))));
    }

    /** Options not given take the model's recommended settings (its config.json); given ones win. */
    @Test
    void theModelsRecommendedSettingsAreTheDefaultsOfEveryOptionNotGiven() throws Exception {
        Path model = Files.createDirectories(dir.resolve("model"));
        for (String name : new String[] {"arpg.safetensors", "vq.safetensors"}) {
            Files.copy(Path.of(MODEL).resolve(name), model.resolve(name));
        }
        String config = Files.readString(Path.of(MODEL).resolve("config.json")).trim();
        Files.writeString(model.resolve("config.json"), config.substring(0, config.length() - 1)
                + ", \"sampling\": {\"steps\": 3, \"guidanceScale\": 1.5, \"temperature\": 0.9, \"topK\": 100,"
                + " \"detailTemperatureRatio\": 1.4}}");
        Path in = image("in.png", 64, 64);
        Path mask = mask("mask.png", 64, 64, new Rect(16, 16, 20, 20));
        Path record = dir.resolve("edit.json");
        List<String> args = new ArrayList<>(List.of("inpaint", "--model", model.toString(), "--device", "cpu", "--quiet",
                "--seed", "3", "--image", in.toString(), "--mask", mask.toString(), "--out",
                dir.resolve("out.png").toString(), "--record", record.toString()));
        Run recommended = arpg(args.toArray(String[]::new));
        assertEquals(0, recommended.status(), recommended.err());
        assertEquals(new SamplingSettings(null, 3, 1.5, Guidance.LINEAR, Schedule.ARCCOS, 0.9, 100, 1.0, 1.4, 3L, 1),
                EditRecord.read(record).settings());

        args.addAll(List.of("--cfg", "2.5", "--top-k", "0", "--detail-temperature-ratio", "1.6"));
        Run given = arpg(args.toArray(String[]::new));
        assertEquals(0, given.status(), given.err());
        assertEquals(new SamplingSettings(null, 3, 2.5, Guidance.LINEAR, Schedule.ARCCOS, 0.9, 0, 1.0, 1.6, 3L, 1),
                EditRecord.read(record).settings());
    }

    /**
     * {@code --confidence} writes 1 - p as grey over the generated cells; {@code refine} re-rolls the
     * part of a recorded result under a mask, leaving every pixel outside it and its feather
     * identical, and its own record replays identically.
     */
    @Test
    void refineRerollsThePartUnderTheMaskAndConfidenceMapsShowTheDoubt() throws Exception {
        Path in = image("in.png", 80, 64);
        Path mask = mask("mask.png", 80, 64, new Rect(20, 16, 30, 20));
        Path record = dir.resolve("edit.json");
        Run fill = arpg(edit("inpaint", "--image", in.toString(), "--mask", mask.toString(), "--out",
                dir.resolve("out.png").toString(), "--class", "2", "--variants", "2", "--record", record.toString(),
                "--confidence", dir.resolve("conf.png").toString()));
        assertEquals(0, fill.status(), fill.err());
        EditRecord written = EditRecord.read(record);
        ArgbImage conf = ArgbImage.of(ImageIO.read(dir.resolve("conf-1.png").toFile()));
        assertEquals(80, conf.width());
        assertEquals(64, conf.height());
        float[] probabilities = written.tokens().get(1).probabilityMap(80, 64);
        for (int i = 0; i < probabilities.length; i++) {
            int grey = conf.pixels()[i] & 0xff;
            int expected = Float.isNaN(probabilities[i]) ? 0 : Math.round(255 * (1 - probabilities[i]));
            assertEquals(expected, grey, "pixel " + i);
        }
        assertEquals(0, conf.get(0, 0) & 0xff, "nothing generated in the corner: black");
        assertTrue((conf.get(35, 26) & 0xff) > 0, "the fill's middle: grey");

        Path variant = dir.resolve("out-1.png");
        Path part = mask("part.png", 80, 64, new Rect(24, 18, 12, 10));
        Path again = dir.resolve("again.png");
        Path againRecord = dir.resolve("again.json");
        Run refine = arpg(edit("refine", "--image", variant.toString(), "--record", record.toString(), "--mask",
                part.toString(), "--out", again.toString(), "--out-record", againRecord.toString()));
        assertEquals(0, refine.status(), refine.err());
        ArgbImage before = ArgbImage.of(ImageIO.read(variant.toFile()));
        ArgbImage after = ArgbImage.of(ImageIO.read(again.toFile()));
        int feather = written.options().featherPixels();
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 80; x++) {
                double dx = Math.max(0, Math.max(24 - x, x - 35));
                double dy = Math.max(0, Math.max(18 - y, y - 27));
                if (Math.hypot(dx, dy) >= feather) {
                    assertEquals(before.get(x, y), after.get(x, y), "pixel " + x + "," + y + " outside the part");
                }
            }
        }
        assertTrue(!before.samePixels(after), "the part was re-rolled");
        assertEquals(2, EditRecord.read(againRecord).settings().classId(), "the fill's class by default");

        Run replay = arpg("replay", againRecord.toString(), "--model", MODEL, "--device", "cpu", "--quiet", "--out",
                dir.resolve("replayed.png").toString());
        assertEquals(0, replay.status(), replay.err());
        assertTrue(after.samePixels(ArgbImage.of(ImageIO.read(dir.resolve("replayed.png").toFile()))));

        Run notAResult = arpg(edit("refine", "--image", in.toString(), "--record", record.toString(), "--mask",
                part.toString(), "--out", dir.resolve("x.png").toString()));
        assertEquals(ExitCode.RECORD_MISMATCH.status(), notAResult.status(), notAResult.err());
        Path outside = mask("outside.png", 80, 64, new Rect(70, 0, 10, 10));
        Run nothing = arpg(edit("refine", "--image", variant.toString(), "--record", record.toString(), "--mask",
                outside.toString(), "--out", dir.resolve("x.png").toString()));
        assertEquals(ExitCode.EMPTY_MASK.status(), nothing.status(), nothing.err());
        assertTrue(!Files.exists(dir.resolve("x.png")));
    }

    @Test
    void brokenRecordsAreRefusedByNameAndWriteNothing() throws Exception {
        Path in = image("in.png", 64, 64);
        Path mask = mask("mask.png", 64, 64, new Rect(16, 16, 24, 24));
        Path record = dir.resolve("good.json");
        Run made = arpg(edit("inpaint", "--image", in.toString(), "--mask", mask.toString(), "--out",
                dir.resolve("first.png").toString(), "--record", record.toString()));
        assertEquals(0, made.status(), made.err());
        String json = Files.readString(record);
        com.google.gson.JsonObject good = com.google.gson.JsonParser.parseString(json).getAsJsonObject();

        java.util.Map<String, byte[]> broken = new java.util.LinkedHashMap<>();
        broken.put("empty.json", new byte[0]);
        broken.put("brace.json", "{".getBytes());
        broken.put("half.json", json.substring(0, json.length() / 2).getBytes());
        broken.put("array.json", "[1, 2]".getBytes());
        broken.put("latin1.json", new byte[] {'{', '"', (byte) 0xff, (byte) 0xfe, '"', ':', '1', '}'});
        com.google.gson.JsonObject unknownOperation = good.deepCopy();
        unknownOperation.addProperty("operation", "PAINT");
        broken.put("operation.json", unknownOperation.toString().getBytes());
        com.google.gson.JsonObject noInput = good.deepCopy();
        noInput.remove("input");
        broken.put("no-input.json", noInput.toString().getBytes());
        com.google.gson.JsonObject noMask = good.deepCopy();
        noMask.remove("mask");
        broken.put("no-mask.json", noMask.toString().getBytes());
        com.google.gson.JsonObject badSteps = good.deepCopy();
        badSteps.getAsJsonObject("settings").addProperty("steps", -1);
        broken.put("steps.json", badSteps.toString().getBytes());
        com.google.gson.JsonObject stringSteps = good.deepCopy();
        stringSteps.getAsJsonObject("settings").addProperty("steps", "many");
        broken.put("string-steps.json", stringSteps.toString().getBytes());
        com.google.gson.JsonObject nulPath = good.deepCopy();
        nulPath.addProperty("imagePath", "in\u0000.png"); // a path no file system accepts
        broken.put("nul-path.json", nulPath.toString().getBytes());

        Path out = dir.resolve("replayed.png");
        for (var entry : broken.entrySet()) {
            Path file = dir.resolve(entry.getKey());
            Files.write(file, entry.getValue());
            Run replay = arpg("replay", file.toString(), "--model", MODEL, "--device", "cpu", "--quiet", "--out",
                    out.toString());
            assertTrue(replay.status() != 0 && replay.status() != ExitCode.INTERNAL_ERROR.status(),
                    entry.getKey() + ": status " + replay.status() + "\n" + replay.err());
            assertTrue(replay.err().contains(entry.getKey()), entry.getKey() + " named in: " + replay.err());
            assertTrue(!Files.exists(out), entry.getKey() + " wrote no output");
        }
    }

    @Test
    void outpaintExpandAndGenerateWriteTheirSizes() throws Exception {
        Path in = image("in.png", 48, 32);
        assertEquals(0, arpg(edit("outpaint", "--image", in.toString(), "--right", "32", "--top", "16", "--out",
                dir.resolve("o.png").toString())).status());
        assertEquals(80, ImageIO.read(dir.resolve("o.png").toFile()).getWidth());
        assertEquals(48, ImageIO.read(dir.resolve("o.png").toFile()).getHeight());
        Run expand = arpg(edit("expand", "--image", in.toString(), "--out", dir.resolve("e.png").toString()));
        assertEquals(0, expand.status(), expand.err());
        assertTrue(expand.err().contains("psnr_downscaled_vs_input"), expand.err());
        assertEquals(96, ImageIO.read(dir.resolve("e.png").toFile()).getWidth());
        assertEquals(0, arpg(edit("generate", "--class", "1", "--out", dir.resolve("g.png").toString())).status());
        assertEquals(256, ImageIO.read(dir.resolve("g.png").toFile()).getHeight());
    }

    @Test
    void aBadSettingIsReportedOnceWhenTheModelIsResolvedFromTheSettingsAndTheFileIsBackedUp() throws Exception {
        Path settings = AppDirectories.current().settingsFile();
        Files.createDirectories(settings.getParent());
        String pair = "{\"name\": \"fixture\", \"generatorPath\": " + json(ReferenceFixtures.file("arpg.safetensors"))
                + ", \"tokenizerPath\": " + json(ReferenceFixtures.file("vq.safetensors")) + "}";
        Files.writeString(settings, "{\"userModels\": [" + pair + "], \"windowBatch\": \"many\"}");
        String[] generate = {"generate", "--model", "user:fixture", "--device", "cpu", "--steps", "4", "--seed", "3",
                "--quiet", "--class", "1", "--out", dir.resolve("g.png").toString()};

        Run run = arpg(generate);

        assertEquals(0, run.status(), run.err());
        List<String> warnings = run.err().lines().filter(line -> line.startsWith("arpg: settings: ")).toList();
        assertEquals(2, warnings.size(), "the bad value and where the file was kept, once each: " + run.err());
        assertTrue(warnings.get(0).startsWith("arpg: settings: setting 'windowBatch' = \"many\" is not usable"),
                run.err());
        try (Stream<Path> files = Files.list(settings.getParent())) {
            Path backup = files.filter(f -> f.getFileName().toString().startsWith("settings.json.broken-"))
                    .findFirst().orElseThrow();
            assertTrue(warnings.get(1).contains(backup.toString()), run.err());
        }
        assertEquals("fixture", SettingsStore.open().get().userModels().get(0).name(), "the good values are kept");
        Run again = arpg(generate);
        assertEquals(0, again.status(), again.err());
        assertTrue(!again.err().contains("arpg: settings:"), "the repaired file has nothing to report: " + again.err());
    }

    private static String json(Path path) {
        return new JsonPrimitive(path.toAbsolutePath().toString()).toString();
    }

    @Test
    void failuresHaveStableStatusesAndMessages() throws Exception {
        Path in = image("in.png", 64, 64);
        Path out = dir.resolve("x.png");
        Path goodMask = mask("m.png", 64, 64, new Rect(0, 0, 10, 10));

        Run missing = arpg(edit("inpaint", "--image", dir.resolve("nope.png").toString(), "--mask",
                goodMask.toString(), "--out", out.toString()));
        assertEquals(ExitCode.MISSING_FILE.status(), missing.status());
        assertTrue(missing.err().contains("nope.png does not exist"), missing.err());

        Path text = dir.resolve("text.png");
        Files.writeString(text, "not an image");
        Run unreadable = arpg(edit("inpaint", "--image", text.toString(), "--mask", goodMask.toString(), "--out",
                out.toString()));
        assertEquals(ExitCode.UNREADABLE_IMAGE.status(), unreadable.status(), unreadable.err());

        Run mismatch = arpg(edit("inpaint", "--image", in.toString(), "--mask",
                mask("small.png", 32, 64, new Rect(0, 0, 5, 5)).toString(), "--out", out.toString()));
        assertEquals(ExitCode.MASK_SIZE_MISMATCH.status(), mismatch.status(), mismatch.err());

        Run empty = arpg(edit("inpaint", "--image", in.toString(), "--mask",
                mask("empty.png", 64, 64, new Rect(0, 0, 0, 0)).toString(), "--out", out.toString()));
        assertEquals(ExitCode.EMPTY_MASK.status(), empty.status(), empty.err());

        Path junk = dir.resolve("arpg.safetensors");
        Files.writeString(junk, "junk");
        Run badModel = arpg("inpaint", "--model", junk.toString(), "--tokenizer", junk.toString(), "--image",
                in.toString(), "--mask", goodMask.toString(), "--out", out.toString());
        assertEquals(ExitCode.BAD_MODEL.status(), badModel.status(), badModel.err());
        Run noModel = arpg("inpaint", "--model", dir.resolve("absent").toString(), "--image", in.toString(),
                "--mask", goodMask.toString(), "--out", out.toString());
        assertEquals(ExitCode.MISSING_FILE.status(), noModel.status(), noModel.err());

        Run huge = arpg(edit("expand", "--image", hugePngHeader().toString(), "--out", out.toString()));
        assertEquals(ExitCode.IMAGE_TOO_LARGE.status(), huge.status(), huge.err());
        assertTrue(huge.err().contains("40000x40000"), huge.err());

        Run overLimit = arpg(edit("inpaint", "--image", in.toString(), "--mask", goodMask.toString(), "--out",
                out.toString(), "--memory-limit-mib", "1"));
        assertEquals(ExitCode.DEVICE_OUT_OF_MEMORY.status(), overLimit.status(), overLimit.err());
        assertTrue(overLimit.err().contains("above the limit of 1 MiB set by --memory-limit-mib"), overLimit.err());
        SettingsStore.open().update(s -> s.edit().deviceMemoryLimitMiB(1).build());
        Run settingsLimit = arpg(edit("inpaint", "--image", in.toString(), "--mask", goodMask.toString(), "--out",
                out.toString()));
        assertEquals(ExitCode.DEVICE_OUT_OF_MEMORY.status(), settingsLimit.status(), settingsLimit.err());
        assertTrue(settingsLimit.err().contains("set by the setting deviceMemoryLimitMiB"), settingsLimit.err());
        SettingsStore.open().update(s -> s.edit().deviceMemoryLimitMiB(0).build());

        Run badClass = arpg(edit("generate", "--class", "cat", "--out", out.toString()));
        assertEquals(ExitCode.INVALID_SETTINGS.status(), badClass.status(), badClass.err());
        Run usage = arpg("inpaint", "--image", in.toString());
        assertEquals(ExitCode.USAGE.status(), usage.status());
        assertTrue(!Files.exists(out), "no failed command wrote an output");
    }

    @Test
    void specialOutputsAreRefusedBeforeAnyWorkAndLeftAsTheyWere() throws Exception {
        Path in = image("in.png", 32, 32);
        Path mask = mask("mask.png", 32, 32, new Rect(8, 8, 8, 8));
        Path fifo = Mutations.special(dir.resolve("out.png"), Mutations.Special.FIFO);
        Run run = arpg(edit("inpaint", "--image", in.toString(), "--mask", mask.toString(), "--out", fifo.toString()));
        assertEquals(ExitCode.OUTPUT_FAILED.status(), run.status(), run.err());
        assertTrue(run.err().contains("named pipe"), run.err());
        assertTrue(Files.exists(fifo) && !Files.isRegularFile(fifo), "the pipe is still a pipe");
        Path device = Files.createSymbolicLink(dir.resolve("record.json"), Path.of("/dev/null"));
        run = arpg(edit("inpaint", "--image", in.toString(), "--mask", mask.toString(), "--out",
                dir.resolve("ok.png").toString(), "--record", device.toString()));
        assertEquals(ExitCode.OUTPUT_FAILED.status(), run.status(), run.err());
        assertTrue(run.err().contains("character device") && Files.isSymbolicLink(device), run.err());
        assertTrue(!Files.exists(dir.resolve("ok.png")), "nothing was written");
        Path record = Mutations.special(dir.resolve("edit.json"), Mutations.Special.FIFO);
        run = arpg("replay", record.toString(), "--model", MODEL, "--out", dir.resolve("again.png").toString());
        assertEquals(ExitCode.RECORD_MISMATCH.status(), run.status(), run.err());
        assertTrue(run.err().contains("named pipe"), run.err());
    }

    @Test
    void aFolderIsEditedWithOneModelLoadAndABrokenImageDoesNotStopTheRest() throws Exception {
        Path images = Files.createDirectories(dir.resolve("images"));
        Path masks = Files.createDirectories(dir.resolve("masks"));
        Files.move(image("a.png", 32, 32), images.resolve("a.png"));
        Files.move(mask("a.png", 32, 32, new Rect(8, 8, 8, 8)), masks.resolve("a.png"));
        // a phone photo stored on its side (48 x 32, EXIF orientation 6): upright it is 32 x 48
        java.awt.image.BufferedImage side = new java.awt.image.BufferedImage(48, 32, java.awt.image.BufferedImage.TYPE_INT_RGB);
        Files.write(images.resolve("b.jpg"), com.arpgstudio.inference.edit.PhotoFiles.jpegWithExif(side,
                com.arpgstudio.inference.edit.PhotoFiles.exif(6)));
        Files.move(mask("b.png", 32, 48, new Rect(8, 8, 8, 8)), masks.resolve("b.png"));
        Files.writeString(images.resolve("c.png"), "not an image");
        Files.move(mask("c.png", 32, 32, new Rect(8, 8, 8, 8)), masks.resolve("c.png"));
        Path outDir = dir.resolve("results");
        Run run = arpg(edit("inpaint", "--image", images.toString(), "--mask", masks.toString(), "--out", outDir.toString()));
        assertEquals(ExitCode.UNREADABLE_IMAGE.status(), run.status(), run.err());
        assertTrue(run.err().contains("[1/3] a.png: wrote") && run.err().contains("[2/3] b.jpg: wrote")
                && run.err().contains("[3/3] c.png: error:"), run.err());
        assertTrue(run.err().contains("3 images: 2 written, 1 failed"), run.err());
        assertEquals(32, ImageIO.read(outDir.resolve("a.png").toFile()).getWidth());
        java.awt.image.BufferedImage upright = ImageIO.read(outDir.resolve("b.jpg").toFile());
        assertEquals(32, upright.getWidth(), "saved upright, as a JPEG again");
        assertEquals(48, upright.getHeight());
        assertTrue(!Files.exists(outDir.resolve("c.png")));
        Run same = arpg(edit("expand", "--image", images.toString(), "--out", images.toString()));
        assertEquals(ExitCode.USAGE.status(), same.status(), "never written over the inputs: " + same.err());
    }

    /**
     * {@code --feather} sets the band over which the fill fades into the image: 0 writes only the
     * masked pixels, 20 reaches pixels the default 8 never does; the record keeps it and a replay
     * repeats it; a value out of range is refused before any work.
     */
    @Test
    void featherIsAnOptionThatTheRecordKeepsAndReplayRepeats() throws Exception {
        Path in = image("in.png", 80, 64);
        Rect hole = new Rect(30, 24, 16, 12);
        Path mask = mask("mask.png", 80, 64, hole);
        Path record = dir.resolve("wide.json");
        Map<Integer, ArgbImage> results = new java.util.HashMap<>();
        for (int feather : new int[] {0, 20}) {
            Path out = dir.resolve("feather" + feather + ".png");
            Run run = arpg(edit("inpaint", "--image", in.toString(), "--mask", mask.toString(), "--out", out.toString(),
                    "--feather", Integer.toString(feather), "--record", record.toString()));
            assertEquals(0, run.status(), run.err());
            results.put(feather, ArgbImage.of(ImageIO.read(out.toFile())));
        }
        ArgbImage original = ArgbImage.of(ImageIO.read(in.toFile()));
        int reachedPastDefault = 0;
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 80; x++) {
                double d = Math.hypot(Math.max(0, Math.max(hole.x() - x, x - hole.right() + 1)),
                        Math.max(0, Math.max(hole.y() - y, y - hole.bottom() + 1)));
                if (d > 0) {
                    assertEquals(original.get(x, y), results.get(0).get(x, y), "feather 0 writes only the mask");
                }
                if (d >= 20) {
                    assertEquals(original.get(x, y), results.get(20).get(x, y), "beyond a feather of 20");
                }
                if (d > EditOptions.DEFAULT_FEATHER_PIXELS && results.get(20).get(x, y) != original.get(x, y)) {
                    reachedPastDefault++;
                }
            }
        }
        assertTrue(reachedPastDefault > 100, "a feather of 20 blends pixels 8 to 20 away: " + reachedPastDefault);
        assertEquals(20, EditRecord.read(record).options().featherPixels());
        Run replay = arpg("replay", record.toString(), "--model", MODEL, "--device", "cpu", "--quiet", "--out",
                dir.resolve("again.png").toString());
        assertEquals(0, replay.status(), replay.err());
        assertTrue(results.get(20).samePixels(ArgbImage.of(ImageIO.read(dir.resolve("again.png").toFile()))));

        Path refused = dir.resolve("refused.png");
        Run tooWide = arpg(edit("inpaint", "--image", in.toString(), "--mask", mask.toString(), "--out",
                refused.toString(), "--feather", Integer.toString(EditOptions.MAX_FEATHER_PIXELS + 1)));
        assertEquals(ExitCode.INVALID_SETTINGS.status(), tooWide.status(), tooWide.err());
        assertTrue(tooWide.err().contains("--feather: expected 0..64 pixels, found 65"), tooWide.err());
        assertTrue(!Files.exists(refused));
    }
}

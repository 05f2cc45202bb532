package com.arpgstudio.inference.edit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.twelvemonkeys.imageio.metadata.CompoundDirectory;
import com.twelvemonkeys.imageio.metadata.Directory;
import com.twelvemonkeys.imageio.metadata.Entry;
import com.twelvemonkeys.imageio.metadata.tiff.IFD;
import com.twelvemonkeys.imageio.metadata.tiff.TIFF;
import com.twelvemonkeys.imageio.metadata.tiff.TIFFEntry;
import com.twelvemonkeys.imageio.metadata.tiff.TIFFReader;
import com.twelvemonkeys.imageio.metadata.tiff.TIFFWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.FileImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Saving in the original format, with what the format can keep. */
class ImageEncoderTest {

    @TempDir
    Path dir;

    private static Directory directory(byte[] exif) throws Exception {
        Directory read = new TIFFReader().read(new MemoryCacheImageInputStream(new ByteArrayInputStream(exif)));
        return read;
    }

    @Test
    void savingAsJpegKeepsTheCameraAndDateAndDropsOrientationAndThumbnail() throws Exception {
        Path photo = Files.write(dir.resolve("photo.jpg"), PhotoFiles.jpegWithExif(PhotoFiles.quadrants(64, 32),
                PhotoFiles.exif(6)));
        ImageDecoder.Decoded opened = ImageDecoder.read(photo);
        Path saved = dir.resolve("saved.jpg");
        ImageEncoder.write(opened.image(), saved, opened.format().forSaving(),
                ImageEncoder.Options.defaults().withExif(opened.exif()));
        byte[] exif;
        try (ImageInputStream in = new FileImageInputStream(saved.toFile())) {
            exif = ImageStructure.check(in, "").exif();
        }
        assertNotNull(exif, "the saved JPEG has an EXIF block");
        Directory written = directory(exif);
        assertTrue(!(written instanceof CompoundDirectory compound) || compound.directoryCount() == 1, "no thumbnail IFD");
        assertEquals(PhotoFiles.CAMERA, written.getEntryById(TIFF.TAG_MODEL).getValue());
        assertEquals(PhotoFiles.DATE, written.getEntryById(TIFF.TAG_DATE_TIME).getValue());
        assertNull(written.getEntryById(TIFF.TAG_ORIENTATION), "no orientation: the pixels are upright");
        ImageDecoder.Decoded reopened = ImageDecoder.read(saved);
        assertEquals(32, reopened.image().width(), "saved upright, opened as saved");
        assertTrue(reopened.notes().isEmpty(), reopened.notes().toString());
    }

    @Test
    void pngKeepsExifAndTextAndTiffAndBmpRoundTrip() throws Exception {
        ArgbImage image = ArgbImage.of(PhotoFiles.quadrants(20, 10));
        Path png = dir.resolve("out.png");
        ImageEncoder.write(image, png, ImageFormat.PNG, ImageEncoder.Options.defaults().withExif(PhotoFiles.exif(1))
                .withPngText("arpg-studio:edit-record", "{\"format\":1}"));
        ImageDecoder.Decoded decoded = ImageDecoder.read(png);
        assertEquals("{\"format\":1}", decoded.pngText("arpg-studio:edit-record"));
        assertEquals(PhotoFiles.CAMERA, directory(decoded.exif()).getEntryById(TIFF.TAG_MODEL).getValue());
        assertTrue(image.samePixels(decoded.image()));
        for (ImageFormat format : new ImageFormat[] {ImageFormat.TIFF, ImageFormat.BMP}) {
            Path file = dir.resolve("out." + format.extensions().get(0));
            ImageEncoder.write(image, file, format, ImageEncoder.Options.defaults());
            ImageDecoder.Decoded back = ImageDecoder.read(file);
            assertEquals(format, back.format());
            assertTrue(image.samePixels(back.image()), format + " is lossless");
        }
    }

    /** A TIFF keeps the camera and date as fields of its own directory, upright (orientation 1 at most), lossless. */
    @Test
    void savingAsTiffKeepsTheCameraAndDateAndDropsOrientation() throws Exception {
        Path photo = Files.write(dir.resolve("photo.jpg"), PhotoFiles.jpegWithExif(PhotoFiles.quadrants(64, 32),
                PhotoFiles.exif(6)));
        ImageDecoder.Decoded opened = ImageDecoder.read(photo);
        Path saved = dir.resolve("saved.tif");
        ImageEncoder.write(opened.image(), saved, ImageFormat.TIFF, ImageEncoder.Options.defaults()
                .withExif(opened.exif()));
        Directory written;
        try (ImageInputStream in = new FileImageInputStream(saved.toFile())) {
            Directory read = new TIFFReader().read(in);
            written = read instanceof CompoundDirectory compound ? compound.getDirectory(0) : read;
        }
        assertEquals(PhotoFiles.CAMERA, written.getEntryById(TIFF.TAG_MODEL).getValue());
        assertEquals(PhotoFiles.DATE, written.getEntryById(TIFF.TAG_DATE_TIME).getValue());
        Entry orientation = written.getEntryById(TIFF.TAG_ORIENTATION); // the writer's own, if any: upright
        assertTrue(orientation == null || ((Number) orientation.getValue()).intValue() == 1, String.valueOf(orientation));
        assertEquals(32, ((Number) written.getEntryById(TIFF.TAG_IMAGE_WIDTH).getValue()).intValue(),
                "the pixels' own fields, not the thumbnail's");
        ImageDecoder.Decoded reopened = ImageDecoder.read(saved);
        assertTrue(opened.image().samePixels(reopened.image()), "lossless, upright");
        assertTrue(reopened.notes().isEmpty(), reopened.notes().toString());

        // A photo's EXIF directory (under IFD0) goes along as the TIFF's own EXIF directory.
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        try (ImageOutputStream out = new MemoryCacheImageOutputStream(block)) {
            IFD exifDirectory = new IFD(List.of(new TIFFEntry(EXIF_DATE_ORIGINAL, PhotoFiles.DATE)));
            new TIFFWriter().write(new IFD(List.of(new TIFFEntry(TIFF.TAG_MODEL, PhotoFiles.CAMERA),
                    new TIFFEntry(TIFF.TAG_EXIF_IFD, TIFF.TYPE_LONG, exifDirectory))), out);
        }
        Path withExifDirectory = dir.resolve("exif-directory.tif");
        ImageEncoder.write(opened.image(), withExifDirectory, ImageFormat.TIFF, ImageEncoder.Options.defaults()
                .withExif(block.toByteArray()));
        try (ImageInputStream in = new FileImageInputStream(withExifDirectory.toFile())) {
            Directory read = new TIFFReader().read(in);
            Directory ifd0 = read instanceof CompoundDirectory compound ? compound.getDirectory(0) : read;
            Directory exif = (Directory) ifd0.getEntryById(TIFF.TAG_EXIF_IFD).getValue();
            assertEquals(PhotoFiles.DATE, exif.getEntryById(EXIF_DATE_ORIGINAL).getValue());
        }
        assertTrue(opened.image().samePixels(ImageDecoder.read(withExifDirectory).image()));
    }

    /** EXIF's DateTimeOriginal, in the EXIF directory. */
    private static final int EXIF_DATE_ORIGINAL = 0x9003;

    @Test
    void jpegQualityDefaultsTo92AndIsASetting() throws Exception {
        ArgbImage image = ArgbImage.of(PhotoFiles.quadrants(64, 64));
        Path best = dir.resolve("best.jpg");
        Path usual = dir.resolve("usual.jpg");
        Path poor = dir.resolve("poor.jpg");
        ImageEncoder.write(image, best, ImageFormat.JPEG, ImageEncoder.Options.defaults().withJpegQuality(1f));
        ImageEncoder.write(image, usual, ImageFormat.JPEG, ImageEncoder.Options.defaults());
        ImageEncoder.write(image, poor, ImageFormat.JPEG, ImageEncoder.Options.defaults().withJpegQuality(0.3f));
        assertEquals(0.92f, ImageEncoder.Options.defaults().jpegQuality());
        assertTrue(Files.size(best) > Files.size(usual) && Files.size(usual) > Files.size(poor));
        assertThrows(IllegalArgumentException.class, () -> ImageEncoder.Options.defaults().withJpegQuality(0f));
        assertThrows(IllegalArgumentException.class, () -> ImageEncoder.write(image, dir.resolve("x.gif"),
                ImageFormat.GIF, ImageEncoder.Options.defaults()));
    }
}

package com.arpgstudio.inference.edit;

import com.twelvemonkeys.imageio.metadata.Entry;
import com.twelvemonkeys.imageio.metadata.tiff.TIFF;
import com.twelvemonkeys.imageio.metadata.tiff.TIFFEntry;
import com.twelvemonkeys.imageio.metadata.tiff.TIFFWriter;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** Photos as cameras write them, made here: JPEGs with an EXIF block (orientation, camera, date). */
public final class PhotoFiles {

    static final String CAMERA = "Test Camera X100";
    static final String DATE = "2024:05:17 10:20:30";

    private PhotoFiles() {}

    /** Four quadrants of solid colours (red, green / blue, white), w x h: every turn and mirror tells apart. */
    static BufferedImage quadrants(int w, int h) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean right = x >= w / 2;
                boolean bottom = y >= h / 2;
                image.setRGB(x, y, bottom ? (right ? 0xffffff : 0x0000ff) : (right ? 0x00ff00 : 0xff0000));
            }
        }
        return image;
    }

    /** An EXIF block: camera model, date, this orientation, and an IFD1 (a thumbnail's directory). */
    public static byte[] exif(int orientation) throws IOException {
        List<Entry> ifd0 = new ArrayList<>();
        ifd0.add(new TIFFEntry(TIFF.TAG_MODEL, CAMERA));
        ifd0.add(new TIFFEntry(TIFF.TAG_DATE_TIME, DATE));
        ifd0.add(new TIFFEntry(TIFF.TAG_ORIENTATION, TIFF.TYPE_SHORT, orientation));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            TIFFWriter writer = new TIFFWriter();
            writer.writeTIFFHeader(out);
            long first = writer.writeIFD(ifd0, out); // where IFD0 starts; its next-IFD pointer follows its entries
            long ifd1 = out.getStreamPosition();
            out.seek(first + 2 + 12L * ifd0.size());
            writer.writeOffset(out, ifd1);
            out.seek(ifd1);
            writer.writeIFD(List.of(new TIFFEntry(TIFF.TAG_IMAGE_WIDTH, TIFF.TYPE_SHORT, 8),
                    new TIFFEntry(TIFF.TAG_IMAGE_HEIGHT, TIFF.TYPE_SHORT, 8)), out);
            writer.writeOffset(out, 0); // no IFD after the thumbnail's
        }
        return bytes.toByteArray();
    }

    /** The JPEG of {@code image} with an APP1 EXIF segment right after SOI. */
    public static byte[] jpegWithExif(BufferedImage image, byte[] exif) throws IOException {
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        ImageIO.write(image, "jpeg", plain);
        byte[] jpeg = plain.toByteArray();
        byte[] id = "Exif\0\0".getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer out = ByteBuffer.allocate(jpeg.length + 4 + id.length + exif.length);
        out.put(jpeg, 0, 2).put((byte) 0xff).put((byte) 0xe1).putShort((short) (2 + id.length + exif.length))
                .put(id).put(exif).put(jpeg, 2, jpeg.length - 2);
        return out.array();
    }
}

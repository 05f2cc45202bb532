package com.arpgstudio.inference.edit;

import com.arpgstudio.inference.runtime.Texts;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import javax.imageio.stream.ImageInputStream;

/**
 * What an image file is, told by its first bytes (never its name) as one of the {@link ImageFormat}s,
 * and a walk over its structure before any decoder sees it, so that the work and memory a decoder spends on a file are bounded
 * whatever the file says: a decoder is only chosen for the formats the app supports; a PNG's
 * chunks must lie within the file, its text, profile and private chunks (inflated where
 * compressed) add up to at most {@link #MAX_METADATA_BYTES}; a JPEG has at most
 * {@link #MAX_SCANS} scans (the decoder also bounds scans times pixels, {@link #MAX_SCAN_PIXELS}:
 * a progressive JPEG re-decodes the whole image in every scan); a GIF's extension blocks before
 * its first frame, a BMP's embedded profile, a TIFF's first directory and a WebP's chunks count
 * against the same metadata budget, and a BMP that wraps a JPEG or PNG is refused. The walk reads
 * each byte of the file at most once, and keeps the EXIF block and ICC profile it passes.
 */
final class ImageStructure {

    /**
     * What the walk learned: the format; for a JPEG, whether it is progressive (it then keeps every
     * coefficient), its components and scans; the EXIF block and ICC profile the file carries
     * (null when none), and a TIFF's own orientation tag (0 when none).
     */
    record Summary(ImageFormat format, boolean progressive, int components, int scans, byte[] exif, byte[] icc,
                   int tiffOrientation) {}

    /** Text, colour profiles, EXIF and private chunks together: far above any real file's. */
    static final long MAX_METADATA_BYTES = 16L << 20;
    /** Chunks or marker segments besides the pixel data; real files have a few dozen. */
    static final int MAX_SEGMENTS = 4096;
    /** libjpeg's progressive scripts use 10 scans for colour, mozjpeg's a few more. */
    static final int MAX_SCANS = 100;
    /**
     * Pixels decoded over all scans: 16 scans of an 8192 x 8192 image, about 1.6 times the work of
     * a usual 10-scan progressive JPEG of the largest size opened.
     */
    static final long MAX_SCAN_PIXELS = 16L * 8192 * 8192;

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private final ImageInputStream in;
    private final String what;
    private final long length;
    private long metadata;
    private int segments;
    private ImageFormat format;
    private byte[] exif;
    private java.io.ByteArrayOutputStream icc;
    private int tiffOrientation;
    private boolean progressive;
    private int components;
    private int scans;

    private ImageStructure(ImageInputStream in, String what) throws IOException {
        this.in = in;
        this.what = what;
        this.length = in.length();
    }

    /**
     * Tells the format and walks the structure; the stream is left at its start. {@code what}
     * begins every message ("Cannot open x.png: ").
     */
    static Summary check(ImageInputStream in, String what) throws IOException {
        ImageStructure walk = new ImageStructure(in, what);
        try {
            walk.check();
        } catch (EOFException e) {
            // cut short: the decoder reports it as truncated
        } finally {
            in.seek(0);
        }
        return new Summary(walk.format, walk.progressive, walk.components, walk.scans, walk.exif,
                walk.icc == null ? null : walk.icc.toByteArray(), walk.tiffOrientation);
    }

    private void check() throws IOException {
        byte[] head = new byte[12];
        in.seek(0);
        int n = in.read(head);
        if (n >= 8 && startsWith(head, PNG_SIGNATURE)) {
            format = ImageFormat.PNG;
            png();
        } else if (n >= 3 && (head[0] & 0xff) == 0xff && (head[1] & 0xff) == 0xd8 && (head[2] & 0xff) == 0xff) {
            format = ImageFormat.JPEG;
            jpeg();
        } else if (n >= 6 && (startsWith(head, "GIF87a".getBytes(StandardCharsets.US_ASCII))
                || startsWith(head, "GIF89a".getBytes(StandardCharsets.US_ASCII)))) {
            format = ImageFormat.GIF;
            gif();
        } else if (n >= 2 && head[0] == 'B' && head[1] == 'M') {
            format = ImageFormat.BMP;
            bmp();
        } else if (n >= 4 && (head[0] == 'I' && head[1] == 'I' && head[2] == 42 && head[3] == 0
                || head[0] == 'M' && head[1] == 'M' && head[2] == 0 && head[3] == 42)) {
            format = ImageFormat.TIFF;
            tiff(head[0] == 'I');
        } else if (n >= 12 && startsWith(head, "RIFF".getBytes(StandardCharsets.US_ASCII))
                && new String(head, 8, 4, StandardCharsets.US_ASCII).equals("WEBP")) {
            format = ImageFormat.WEBP;
            webp();
        } else {
            throw new ImageInputException(what + "not a PNG, JPEG, TIFF, WebP, BMP or GIF image (its content is checked, not its extension)");
        }
    }

    private void png() throws IOException {
        long at = 8;
        while (true) {
            if (at + 8 > length) {
                return; // cut short: the decoder says so
            }
            in.seek(at);
            long chunkLength = in.readUnsignedInt();
            byte[] typeBytes = new byte[4];
            in.readFully(typeBytes);
            String type = new String(typeBytes, StandardCharsets.ISO_8859_1);
            if (chunkLength > Integer.MAX_VALUE || at + 12 + chunkLength > length) {
                throw new ImageInputException(what + "the png file is truncated or damaged: its chunk " + Texts.printable(type)
                        + " at byte " + at + " claims " + chunkLength + " bytes, but the file ends after "
                        + (length - at - 8));
            }
            switch (type) {
                case "IDAT", "IHDR", "PLTE", "tRNS", "IEND" -> { }
                case "zTXt" -> compressedChunk(type, at + 8, chunkLength, 1);
                case "iCCP" -> {
                    icc = new java.io.ByteArrayOutputStream();
                    compressedChunk(type, at + 8, chunkLength, 1);
                }
                case "iTXt" -> {
                    if (compressedText(at + 8, chunkLength)) {
                        compressedChunk(type, at + 8, chunkLength, 2);
                    } else {
                        countMetadata("PNG " + type, chunkLength);
                    }
                }
                case "eXIf" -> exif = bytes(at + 8, chunkLength, "PNG eXIf");
                default -> countMetadata("PNG " + Texts.printable(type), chunkLength);
            }
            if (!type.equals("IDAT")) {
                countSegment("PNG chunks");
            }
            if (type.equals("IEND")) {
                return;
            }
            at += 12 + chunkLength;
        }
    }

    /** Whether an iTXt chunk (keyword, NUL, compression flag...) says its text is compressed. */
    private boolean compressedText(long data, long chunkLength) throws IOException {
        in.seek(data);
        for (long i = 0; i < Math.min(chunkLength, 80); i++) {
            if (in.read() == 0) {
                return in.read() == 1;
            }
        }
        return false;
    }

    /**
     * A chunk whose content after its keyword (and {@code flags} bytes) is zlib data: inflated
     * here, stopping as soon as the metadata budget is spent, so a small chunk that inflates to
     * gigabytes costs only the budget.
     */
    private void compressedChunk(String type, long data, long chunkLength, int flags) throws IOException {
        countMetadata("PNG " + type, chunkLength);
        byte[] bytes = new byte[(int) chunkLength];
        in.seek(data);
        in.readFully(bytes);
        int start = 0;
        while (start < bytes.length && bytes[start] != 0) {
            start++;
        }
        start += 1 + flags;
        if (type.equals("iTXt")) { // language tag and translated keyword, each NUL-terminated
            for (int k = 0; k < 2; k++) {
                while (start < bytes.length && bytes[start] != 0) {
                    start++;
                }
                start++;
            }
        }
        if (start >= bytes.length) {
            return; // malformed: the decoder refuses it
        }
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(bytes, start, bytes.length - start);
            byte[] out = new byte[64 << 10];
            while (!inflater.finished() && !inflater.needsInput() && !inflater.needsDictionary()) {
                int got = inflater.inflate(out);
                countMetadata("PNG " + type + " (inflated)", got);
                if (type.equals("iCCP")) {
                    icc.write(out, 0, got);
                }
                if (got == 0 && inflater.needsInput()) {
                    break;
                }
            }
        } catch (DataFormatException e) {
            throw new ImageInputException(what + "the PNG's compressed " + type + " chunk is damaged (" + e.getMessage() + ")");
        } finally {
            inflater.end();
        }
    }

    private void jpeg() throws IOException {
        long at = 2;
        while (at + 4 <= length) {
            in.seek(at);
            if (in.read() != 0xff) {
                return; // damaged: the decoder says how
            }
            int marker = in.read();
            while (marker == 0xff) { // fill bytes
                marker = in.read();
                at++;
            }
            if (marker == 0xd9 || marker < 0) { // EOI: later data (a second image) is never decoded
                break;
            }
            if (marker >= 0xd0 && marker <= 0xd7 || marker == 0x01) {
                at += 2;
                continue;
            }
            int segmentLength = in.readUnsignedShort();
            countSegment("JPEG marker segments");
            if (marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc) { // SOFn
                int precision = in.read();
                if (precision != 8 && marker != 0xc3) {
                    throw new ImageInputException(what + "the JPEG uses " + precision
                            + " bits a sample; this editor opens 8 bits a sample: save it as 8-bit");
                }
                in.skipBytes(4); // height, width: the decoder checks them against the pixel limit
                components = in.read();
                progressive = marker == 0xc2 || marker == 0xc6 || marker == 0xca || marker == 0xce;
            } else if (marker >= 0xe0 && marker <= 0xef || marker == 0xfe) { // APPn, COM
                countMetadata("JPEG APP and comment segments", segmentLength);
                if (marker == 0xe1 || marker == 0xe2) {
                    appSegment(marker, at + 4, segmentLength - 2);
                }
            }
            at += 2 + segmentLength;
            if (marker == 0xda) { // SOS: entropy-coded data follows, up to the next marker
                scans++;
                if (scans > MAX_SCANS) {
                    throw new ImageInputException(what + "the JPEG has more than " + MAX_SCANS
                            + " scans; real progressive JPEGs have about 10");
                }
                at = nextMarker(at);
            }
        }
    }

    /** Keeps the first EXIF block (APP1 "Exif\0\0") and the ICC profile's chunks (APP2 "ICC_PROFILE\0", in file order). */
    private void appSegment(int marker, long data, int length) throws IOException {
        String exifId = "Exif\0\0";
        String iccId = "ICC_PROFILE\0";
        byte[] id = new byte[Math.min(length, 14)];
        in.seek(data);
        in.readFully(id);
        String head = new String(id, StandardCharsets.ISO_8859_1);
        if (marker == 0xe1 && exif == null && head.startsWith(exifId)) {
            exif = bytes(data + exifId.length(), length - exifId.length(), null);
        } else if (marker == 0xe2 && head.startsWith(iccId) && length > iccId.length() + 2) {
            if (icc == null) {
                icc = new java.io.ByteArrayOutputStream();
            }
            icc.writeBytes(bytes(data + iccId.length() + 2, length - iccId.length() - 2, null));
        }
    }

    /** {@code length} bytes at {@code at}, counted against the metadata budget when {@code where} is given. */
    private byte[] bytes(long at, long length, String where) throws IOException {
        if (where != null) {
            countMetadata(where, length);
        }
        byte[] out = new byte[(int) length];
        in.seek(at);
        in.readFully(out);
        return out;
    }

    /**
     * A TIFF's first directory (the only image decoded): its entries and their values must lie in
     * the file, and count against the metadata budget; its orientation and ICC profile are kept.
     */
    private void tiff(boolean littleEndian) throws IOException {
        in.setByteOrder(littleEndian ? java.nio.ByteOrder.LITTLE_ENDIAN : java.nio.ByteOrder.BIG_ENDIAN);
        try {
            in.seek(4);
            long ifd = in.readUnsignedInt();
            if (ifd < 8 || ifd > length - 2) {
                throw new ImageInputException(what + "the TIFF's first directory lies outside the file");
            }
            in.seek(ifd);
            int count = in.readUnsignedShort();
            if (count > MAX_SEGMENTS || ifd + 2 + 12L * count > length) {
                throw new ImageInputException(what + "the TIFF's first directory claims " + count
                        + " entries, more than the file holds or than " + MAX_SEGMENTS);
            }
            for (int i = 0; i < count; i++) {
                in.seek(ifd + 2 + 12L * i);
                int tag = in.readUnsignedShort();
                int type = in.readUnsignedShort();
                long values = in.readUnsignedInt();
                long size = values * (type < ExifData.TYPE_SIZES.length ? ExifData.TYPE_SIZES[type] : 1);
                long valueAt = size <= 4 ? ifd + 2 + 12L * i + 8 : in.readUnsignedInt();
                if (valueAt + size > length) {
                    throw new ImageInputException(what + "the TIFF tag " + tag + " claims " + size
                            + " bytes beyond the end of the file");
                }
                if (tag == 273 || tag == 279 || tag == 324 || tag == 325) { // strip and tile offsets and sizes
                    continue;
                }
                countMetadata("TIFF tags", size);
                if (tag == 0x0112 && type == 3) {
                    in.seek(valueAt);
                    tiffOrientation = in.readUnsignedShort();
                } else if (tag == 34675) { // ICC profile
                    icc = new java.io.ByteArrayOutputStream();
                    icc.writeBytes(bytes(valueAt, size, null));
                }
            }
        } finally {
            in.setByteOrder(java.nio.ByteOrder.BIG_ENDIAN);
        }
    }

    /** A WebP's RIFF chunks: within the file, counted; its EXIF and ICCP chunks kept. */
    private void webp() throws IOException {
        in.setByteOrder(java.nio.ByteOrder.LITTLE_ENDIAN);
        try {
            long at = 12;
            while (at + 8 <= length) {
                in.seek(at);
                byte[] fourCc = new byte[4];
                in.readFully(fourCc);
                String type = new String(fourCc, StandardCharsets.ISO_8859_1);
                long size = in.readUnsignedInt();
                if (at + 8 + size > length) {
                    throw new ImageInputException(what + "the WebP chunk " + Texts.printable(type) + " claims " + size
                            + " bytes, more than the file holds");
                }
                countSegment("WebP chunks");
                switch (type) {
                    case "VP8 ", "VP8L", "VP8X", "ALPH", "ANIM", "ANMF" -> { }
                    case "EXIF" -> {
                        byte[] block = bytes(at + 8, size, "WebP EXIF");
                        exif = block.length > 6 && new String(block, 0, 6, StandardCharsets.ISO_8859_1).equals("Exif\0\0")
                                ? java.util.Arrays.copyOfRange(block, 6, block.length) : block;
                    }
                    case "ICCP" -> {
                        icc = new java.io.ByteArrayOutputStream();
                        icc.writeBytes(bytes(at + 8, size, "WebP ICCP"));
                    }
                    default -> countMetadata("WebP " + Texts.printable(type), size);
                }
                at += 8 + size + (size & 1);
            }
        } finally {
            in.setByteOrder(java.nio.ByteOrder.BIG_ENDIAN);
        }
    }

    /** The offset of the first marker after entropy-coded data (FF followed by neither 00 nor a restart). */
    private long nextMarker(long from) throws IOException {
        in.seek(from);
        byte[] buffer = new byte[64 << 10];
        long base = from;
        int previous = 0;
        while (true) {
            int n = in.read(buffer);
            if (n <= 0) {
                return length;
            }
            for (int i = 0; i < n; i++) {
                int b = buffer[i] & 0xff;
                if (previous == 0xff && b != 0 && b != 0xff && (b < 0xd0 || b > 0xd7)) {
                    return base + i - 1;
                }
                previous = b;
            }
            base += n;
        }
    }

    private void gif() throws IOException {
        in.seek(10);
        int flags = in.read();
        long at = 13 + ((flags & 0x80) != 0 ? 3L << ((flags & 7) + 1) : 0);
        while (at < length) {
            in.seek(at);
            int block = in.read();
            if (block != 0x21) {
                return; // the first image descriptor (0x2c), the trailer, or damage for the decoder to report
            }
            in.read(); // the extension's label
            at += 2;
            while (true) { // sub-blocks: a length byte and that many bytes, until a zero length
                in.seek(at);
                int size = in.read();
                if (size <= 0) {
                    at++;
                    break;
                }
                countMetadata("GIF extension blocks", size);
                at += 1 + size;
            }
            countSegment("GIF extension blocks");
        }
    }

    private void bmp() throws IOException {
        if (length < 14 + 40) {
            return;
        }
        in.setByteOrder(java.nio.ByteOrder.LITTLE_ENDIAN);
        try {
            in.seek(14);
            long headerSize = in.readUnsignedInt();
            if (headerSize < 40) {
                return; // the OS/2 header: no compression field, no profile
            }
            in.seek(30);
            long compression = in.readUnsignedInt();
            if (compression == 4 || compression == 5) {
                throw new ImageInputException(what + "the BMP wraps a " + (compression == 4 ? "JPEG" : "PNG")
                        + " image, which this editor does not open; open the " + (compression == 4 ? "JPEG" : "PNG")
                        + " itself");
            }
            if (headerSize >= 124) { // BITMAPV5HEADER: an embedded colour profile's size
                in.seek(14 + 116);
                countMetadata("BMP colour profile", in.readUnsignedInt());
            }
        } finally {
            in.setByteOrder(java.nio.ByteOrder.BIG_ENDIAN);
        }
    }

    private void countMetadata(String where, long bytes) throws ImageInputException {
        metadata += bytes;
        if (metadata > MAX_METADATA_BYTES) {
            throw new ImageInputException(what + "the file carries more than " + (MAX_METADATA_BYTES >> 20)
                    + " MiB of metadata (" + where + "); real images carry a few hundred KB at most");
        }
    }

    private void countSegment(String kind) throws ImageInputException {
        if (++segments > MAX_SEGMENTS) {
            throw new ImageInputException(what + "the file has more than " + MAX_SEGMENTS + " " + kind
                    + "; real images have a few dozen");
        }
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

}

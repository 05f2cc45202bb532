package com.arpgstudio.inference.edit;

import com.twelvemonkeys.imageio.metadata.CompoundDirectory;
import com.twelvemonkeys.imageio.metadata.Directory;
import com.twelvemonkeys.imageio.metadata.Entry;
import com.twelvemonkeys.imageio.metadata.tiff.IFD;
import com.twelvemonkeys.imageio.metadata.tiff.TIFFReader;
import com.twelvemonkeys.imageio.metadata.tiff.TIFFWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * A photo's EXIF block (the TIFF-structured bytes a JPEG keeps after {@code Exif\0\0}, a PNG in
 * eXIf, a WebP in EXIF): the orientation it gives, and the block to write into a saved copy,
 * without the orientation (the pixels are saved upright) and without the thumbnail (it shows the
 * picture before the edit). Its structure is checked first (entries and their values within the
 * block, at most {@link #MAX_ENTRIES} entries, no directory visited twice), so a hostile block is
 * dropped rather than read; it is then rewritten by TwelveMonkeys' TIFF metadata writer.
 */
public final class ExifData {

    static final int MAX_ENTRIES = 4096;
    private static final int TAG_ORIENTATION = 0x0112;
    private static final Set<Integer> SUB_DIRECTORIES = Set.of(0x8769, 0x8825, 0xa005); // EXIF, GPS, interoperability
    /** Bytes of one value of each TIFF field type (BYTE, ASCII, SHORT, LONG, RATIONAL... IFD8). */
    static final int[] TYPE_SIZES = {0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8, 4, 0, 0, 8, 8, 8};

    private final byte[] block;
    private final Orientation orientation;

    private ExifData(byte[] block, Orientation orientation) {
        this.block = block;
        this.orientation = orientation;
    }

    /** The EXIF block, or null when it is not a well-formed TIFF structure. */
    static ExifData parse(byte[] block) {
        if (block == null || block.length < 8) {
            return null;
        }
        ByteBuffer in = ByteBuffer.wrap(block);
        if (block[0] == 'I' && block[1] == 'I') {
            in.order(ByteOrder.LITTLE_ENDIAN);
        } else if (block[0] != 'M' || block[1] != 'M') {
            return null;
        }
        if ((in.getShort(2) & 0xffff) != 42) {
            return null;
        }
        int[] orientation = {1};
        int[] entries = {0};
        Set<Long> visited = new HashSet<>();
        long ifd0 = in.getInt(4) & 0xffffffffL;
        if (!walk(in, ifd0, 0, orientation, entries, visited)) {
            return null;
        }
        return new ExifData(block, Orientation.ofExif(orientation[0]));
    }

    /** Checks one directory and its sub-directories (and, for IFD0, the thumbnail's IFD1). */
    private static boolean walk(ByteBuffer in, long offset, int depth, int[] orientation, int[] entries, Set<Long> visited) {
        if (offset < 8 || offset > in.capacity() - 2 || !visited.add(offset) || depth > 2) {
            return false;
        }
        int count = in.getShort((int) offset) & 0xffff;
        long end = offset + 2 + 12L * count;
        if (end > in.capacity() || (entries[0] += count) > MAX_ENTRIES) {
            return false;
        }
        for (int i = 0; i < count; i++) {
            int at = (int) offset + 2 + 12 * i;
            int tag = in.getShort(at) & 0xffff;
            int type = in.getShort(at + 2) & 0xffff;
            long values = in.getInt(at + 4) & 0xffffffffL;
            long size = type < TYPE_SIZES.length ? values * TYPE_SIZES[type] : -1;
            if (size < 0) {
                return false;
            }
            long valueAt = size <= 4 ? at + 8 : in.getInt(at + 8) & 0xffffffffL;
            if (valueAt + size > in.capacity()) {
                return false;
            }
            if (depth == 0 && tag == TAG_ORIENTATION && type == 3 && values >= 1) {
                orientation[0] = in.getShort(at + 8) & 0xffff;
            }
            if (SUB_DIRECTORIES.contains(tag) && values == 1 && (type == 4 || type == 13)
                    && !walk(in, in.getInt(at + 8) & 0xffffffffL, depth + 1, orientation, entries, visited)) {
                return false;
            }
        }
        long next = end + 4 <= in.capacity() ? in.getInt((int) end) & 0xffffffffL : 0; // a last IFD may lack it
        return depth != 0 || next == 0 || walk(in, next, 1, new int[1], entries, visited); // IFD1: the thumbnail
    }

    /** How the stored pixels must be turned to be seen upright. */
    public Orientation orientation() {
        return orientation;
    }

    /** The block for a saved copy: IFD0 (and its EXIF and GPS directories) without orientation; no thumbnail. */
    public byte[] withoutOrientationAndThumbnail() throws IOException {
        Directory directory = new TIFFReader().read(new MemoryCacheImageInputStream(new ByteArrayInputStream(block)));
        Directory first = directory instanceof CompoundDirectory compound ? compound.getDirectory(0) : directory;
        List<Entry> kept = new ArrayList<>();
        for (Entry entry : first) {
            if (!Integer.valueOf(TAG_ORIENTATION).equals(entry.getIdentifier())) {
                kept.add(entry);
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            new TIFFWriter().write(new IFD(kept), out);
        }
        return bytes.toByteArray();
    }
}

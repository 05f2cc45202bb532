package com.arpgstudio.inference.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The entries of a zip archive, read through its central directory (ZIP64 included). torch.save
 * writes local headers with zero sizes and a data descriptor, which {@code ZipInputStream} cannot
 * follow, so sizes come from the central directory and only the local header's name and extra
 * lengths are read to find where an entry's data starts. Stored entries can then be memory-mapped
 * range by range.
 */
final class ZipArchive {

    /** One entry: where its data lies in the file and how it is stored. */
    record Entry(String name, int method, long dataOffset, long compressedSize, long size) {
        boolean stored() {
            return method == METHOD_STORED;
        }
    }

    static final int METHOD_STORED = 0;
    static final int METHOD_DEFLATED = 8;

    private static final int EOCD_SIGNATURE = 0x06054b50;
    private static final int ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
    private static final int ZIP64_EOCD_SIGNATURE = 0x06064b50;
    private static final int CENTRAL_SIGNATURE = 0x02014b50;
    private static final int LOCAL_SIGNATURE = 0x04034b50;
    private static final int EOCD_SIZE = 22;
    private static final int MAX_COMMENT = 0xffff;
    /** A checkpoint has one entry per storage; the largest released files have a few thousand. */
    static final int MAX_ENTRIES = 1_000_000;
    /** Deflate cannot expand data by more than about 1032:1. */
    private static final long MAX_DEFLATE_RATIO = 1032;
    static final long MAX_CENTRAL_DIRECTORY_BYTES = 256L * 1024 * 1024;

    private final Path file;
    private final long fileSize;
    private final Map<String, Entry> entries;

    private ZipArchive(Path file, long fileSize, Map<String, Entry> entries) {
        this.file = file;
        this.fileSize = fileSize;
        this.entries = Collections.unmodifiableMap(entries);
    }

    static ZipArchive open(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return read(file, channel);
        }
    }

    Path file() {
        return file;
    }

    Map<String, Entry> entries() {
        return entries;
    }

    /** The whole (small) entry in memory, inflated if deflated; larger than {@code maxBytes} is an error. */
    byte[] readSmall(Entry entry, int maxBytes) throws IOException {
        if (entry.size() > maxBytes) {
            throw new CheckpointException(file + ": entry '" + entry.name() + "' has " + entry.size()
                    + " bytes, more than the " + maxBytes + " allowed for it");
        }
        if (entry.compressedSize() > maxCompressedSize(entry.size())) {
            throw new CheckpointException(file + ": entry '" + entry.name() + "' declares " + entry.compressedSize()
                    + " compressed bytes for " + entry.size() + " bytes; no zip method needs more than "
                    + maxCompressedSize(entry.size()));
        }
        byte[] raw;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate((int) entry.compressedSize());
            readFully(channel, buffer, entry.dataOffset());
            raw = buffer.array();
        }
        if (entry.stored()) {
            return raw;
        }
        if (entry.method() != METHOD_DEFLATED) {
            throw new CheckpointException(file + ": entry '" + entry.name() + "' uses compression method "
                    + entry.method() + "; expected stored (0) or deflated (8)");
        }
        if (entry.size() > MAX_DEFLATE_RATIO * entry.compressedSize() + 64) {
            throw new CheckpointException(file + ": entry '" + entry.name() + "' claims " + entry.size()
                    + " bytes from " + entry.compressedSize() + " deflated bytes, more than deflate can expand to");
        }
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(raw);
            byte[] out = new byte[(int) entry.size()];
            int n = 0;
            while (n < out.length) {
                int got = inflater.inflate(out, n, out.length - n);
                if (got == 0 && (inflater.finished() || inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                n += got;
            }
            if (n != out.length) {
                throw new CheckpointException(file + ": entry '" + entry.name() + "' inflates to " + n
                        + " bytes, expected " + out.length);
            }
            return out;
        } catch (DataFormatException e) {
            throw new CheckpointException(file + ": entry '" + entry.name() + "' is corrupt: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }

    /**
     * The most bytes {@code size} bytes take stored or deflated: deflate's worst case is stored
     * blocks, 5 bytes of header per 65535 bytes (zlib's deflateBound is below this).
     */
    static long maxCompressedSize(long size) {
        return size + 5 * (size / 65535 + 1) + 64;
    }

    private static ZipArchive read(Path file, FileChannel channel) throws IOException {
        long fileSize = channel.size();
        if (fileSize < EOCD_SIZE) {
            throw new CheckpointException(file + ": expected a zip archive of at least " + EOCD_SIZE
                    + " bytes, found " + fileSize);
        }
        int tailLength = (int) Math.min(fileSize, EOCD_SIZE + MAX_COMMENT);
        ByteBuffer tail = littleEndian(tailLength);
        readFully(channel, tail, fileSize - tailLength);
        int eocd = -1;
        for (int i = tailLength - EOCD_SIZE; i >= 0; i--) {
            if (tail.getInt(i) == EOCD_SIGNATURE) {
                eocd = i;
                break;
            }
        }
        if (eocd < 0) {
            throw new CheckpointException(file + ": no zip end-of-central-directory record found (truncated file?)");
        }
        long eocdPosition = fileSize - tailLength + eocd;
        long entryCount = tail.getShort(eocd + 10) & 0xffffL;
        long directorySize = tail.getInt(eocd + 12) & 0xffffffffL;
        long directoryOffset = tail.getInt(eocd + 16) & 0xffffffffL;
        if (entryCount == 0xffff || directorySize == 0xffffffffL || directoryOffset == 0xffffffffL) {
            long[] zip64 = readZip64End(file, channel, eocdPosition, fileSize);
            entryCount = zip64[0];
            directorySize = zip64[1];
            directoryOffset = zip64[2];
        }
        if (entryCount > MAX_ENTRIES || directorySize > MAX_CENTRAL_DIRECTORY_BYTES) {
            throw new CheckpointException(file + ": zip central directory of " + entryCount + " entries, "
                    + directorySize + " bytes exceeds the limits (" + MAX_ENTRIES + " entries, "
                    + MAX_CENTRAL_DIRECTORY_BYTES + " bytes)");
        }
        if (directoryOffset < 0 || directoryOffset + directorySize > eocdPosition) {
            throw new CheckpointException(file + ": zip central directory [" + directoryOffset + ", +"
                    + directorySize + ") does not lie before its end record at " + eocdPosition);
        }
        ByteBuffer directory = littleEndian((int) directorySize);
        readFully(channel, directory, directoryOffset);
        Map<String, Entry> entries = new LinkedHashMap<>();
        int at = 0;
        for (long i = 0; i < entryCount; i++) {
            Entry entry = centralEntry(file, channel, fileSize, directoryOffset, directory, at);
            if (entries.put(entry.name(), entry) != null) {
                throw new CheckpointException(file + ": duplicate zip entry '" + entry.name() + "'");
            }
            at += 46 + (directory.getShort(at + 28) & 0xffff) + (directory.getShort(at + 30) & 0xffff)
                    + (directory.getShort(at + 32) & 0xffff);
        }
        return new ZipArchive(file, fileSize, entries);
    }

    /** entry count, central directory size and offset from the ZIP64 end record. */
    private static long[] readZip64End(Path file, FileChannel channel, long eocdPosition, long fileSize)
            throws IOException {
        if (eocdPosition < 20) {
            throw new CheckpointException(file + ": zip end record asks for ZIP64 but has no ZIP64 locator");
        }
        ByteBuffer locator = littleEndian(20);
        readFully(channel, locator, eocdPosition - 20);
        if (locator.getInt(0) != ZIP64_LOCATOR_SIGNATURE) {
            throw new CheckpointException(file + ": zip end record asks for ZIP64 but has no ZIP64 locator");
        }
        long recordPosition = locator.getLong(8);
        if (recordPosition < 0 || recordPosition > eocdPosition - 20 - 56) {
            throw new CheckpointException(file + ": ZIP64 end record offset " + recordPosition
                    + " is outside the file (" + fileSize + " bytes)");
        }
        ByteBuffer record = littleEndian(56);
        readFully(channel, record, recordPosition);
        if (record.getInt(0) != ZIP64_EOCD_SIGNATURE) {
            throw new CheckpointException(file + ": expected a ZIP64 end record at " + recordPosition);
        }
        long count = record.getLong(32);
        long size = record.getLong(40);
        long offset = record.getLong(48);
        if (count < 0 || size < 0 || offset < 0) {
            throw new CheckpointException(file + ": ZIP64 end record has out-of-range values");
        }
        return new long[] {count, size, offset};
    }

    private static Entry centralEntry(Path file, FileChannel channel, long fileSize, long directoryOffset,
                                      ByteBuffer directory, int at) throws IOException {
        if (at < 0 || at + 46 > directory.capacity() || directory.getInt(at) != CENTRAL_SIGNATURE) {
            throw new CheckpointException(file + ": corrupt zip central directory at byte " + (directoryOffset + at));
        }
        int method = directory.getShort(at + 10) & 0xffff;
        long compressedSize = directory.getInt(at + 20) & 0xffffffffL;
        long size = directory.getInt(at + 24) & 0xffffffffL;
        int nameLength = directory.getShort(at + 28) & 0xffff;
        int extraLength = directory.getShort(at + 30) & 0xffff;
        int commentLength = directory.getShort(at + 32) & 0xffff;
        long localOffset = directory.getInt(at + 42) & 0xffffffffL;
        if (at + 46L + nameLength + extraLength + commentLength > directory.capacity()) {
            throw new CheckpointException(file + ": zip central directory entry at byte "
                    + (directoryOffset + at) + " runs past the directory");
        }
        byte[] nameBytes = new byte[nameLength];
        directory.get(at + 46, nameBytes);
        String name = new String(nameBytes, StandardCharsets.UTF_8);
        // ZIP64 extra field (id 1): 8-byte values, in this order, for each field saturated above.
        int extra = at + 46 + nameLength;
        int extraEnd = extra + extraLength;
        while (extra + 4 <= extraEnd) {
            int id = directory.getShort(extra) & 0xffff;
            int length = directory.getShort(extra + 2) & 0xffff;
            int data = extra + 4;
            if (data + length > extraEnd) {
                throw new CheckpointException(file + ": zip entry '" + name + "' has a corrupt extra field");
            }
            if (id == 1) {
                int field = data;
                if (size == 0xffffffffL) {
                    size = zip64Field(file, name, directory, field, data + length);
                    field += 8;
                }
                if (compressedSize == 0xffffffffL) {
                    compressedSize = zip64Field(file, name, directory, field, data + length);
                    field += 8;
                }
                if (localOffset == 0xffffffffL) {
                    localOffset = zip64Field(file, name, directory, field, data + length);
                }
            }
            extra = data + length;
        }
        if (localOffset > fileSize - 30) {
            throw new CheckpointException(file + ": zip entry '" + name + "' has local header offset "
                    + localOffset + " outside the file (" + fileSize + " bytes)");
        }
        ByteBuffer local = littleEndian(30);
        readFully(channel, local, localOffset);
        if (local.getInt(0) != LOCAL_SIGNATURE) {
            throw new CheckpointException(file + ": zip entry '" + name + "': expected a local header at "
                    + localOffset);
        }
        long dataOffset = localOffset + 30 + (local.getShort(26) & 0xffff) + (local.getShort(28) & 0xffff);
        if (compressedSize > fileSize || dataOffset > fileSize - compressedSize) {
            throw new CheckpointException(file + ": zip entry '" + name + "' data [" + dataOffset + ", +"
                    + compressedSize + ") lies outside the file (" + fileSize + " bytes)");
        }
        if (method == METHOD_STORED && compressedSize != size) {
            throw new CheckpointException(file + ": stored zip entry '" + name + "' has compressed size "
                    + compressedSize + " but size " + size);
        }
        return new Entry(name, method, dataOffset, compressedSize, size);
    }

    private static long zip64Field(Path file, String name, ByteBuffer directory, int at, int end)
            throws CheckpointException {
        if (at + 8 > end) {
            throw new CheckpointException(file + ": zip entry '" + name + "' lacks a ZIP64 size or offset");
        }
        long value = directory.getLong(at);
        if (value < 0) {
            throw new CheckpointException(file + ": zip entry '" + name + "' has ZIP64 value " + value);
        }
        return value;
    }

    private static ByteBuffer littleEndian(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                throw new CheckpointException("unexpected end of file at byte " + at);
            }
            at += n;
        }
        buffer.flip();
    }
}

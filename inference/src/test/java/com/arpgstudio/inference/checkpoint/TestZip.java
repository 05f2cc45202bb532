package com.arpgstudio.inference.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Writes zip archives the way torch.save does (stored entries, zero sizes in local headers, a
 * data descriptor), optionally with ZIP64 records for every entry, and optionally with an entry
 * placed far into the file (leaving a sparse hole before it).
 */
final class TestZip {

    private record Item(String name, byte[] data, long placeAt) {}

    private final List<Item> items = new ArrayList<>();
    private boolean zip64;

    TestZip add(String name, byte[] data) {
        items.add(new Item(name, data, -1));
        return this;
    }

    /** Adds an entry whose local header starts at {@code position} (a hole is left before it). */
    TestZip addAt(long position, String name, byte[] data) {
        items.add(new Item(name, data, position));
        return this;
    }

    TestZip zip64(boolean on) {
        zip64 = on;
        return this;
    }

    void write(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer central = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
            long at = 0;
            for (Item item : items) {
                if (item.placeAt() >= 0) {
                    at = item.placeAt();
                }
                byte[] name = item.name().getBytes(StandardCharsets.UTF_8);
                CRC32 crc = new CRC32();
                crc.update(item.data());
                ByteBuffer local = ByteBuffer.allocate(30 + name.length).order(ByteOrder.LITTLE_ENDIAN);
                local.putInt(0x04034b50).putShort((short) 45).putShort((short) 0x08).putShort((short) 0)
                        .putInt(0).putInt(0).putInt(0).putInt(0) // time/date, crc, sizes: in the descriptor
                        .putShort((short) name.length).putShort((short) 0).put(name).flip();
                at += write(channel, local, at);
                at += write(channel, ByteBuffer.wrap(item.data()), at);
                long localOffset = at - item.data().length - 30 - name.length;
                ByteBuffer descriptor = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
                descriptor.putInt(0x08074b50).putInt((int) crc.getValue());
                if (zip64) {
                    descriptor.putLong(item.data().length).putLong(item.data().length);
                } else {
                    descriptor.putInt(item.data().length).putInt(item.data().length);
                }
                descriptor.flip();
                at += write(channel, descriptor, at);
                boolean big = zip64 || localOffset >= 0xffffffffL;
                central.putInt(0x02014b50).putShort((short) 45).putShort((short) 45).putShort((short) 0x08)
                        .putShort((short) 0).putInt(0).putInt((int) crc.getValue())
                        .putInt(big ? -1 : item.data().length).putInt(big ? -1 : item.data().length)
                        .putShort((short) name.length).putShort((short) (big ? 28 : 0)).putShort((short) 0)
                        .putShort((short) 0).putShort((short) 0).putInt(0).putInt(big ? -1 : (int) localOffset)
                        .put(name);
                if (big) {
                    central.putShort((short) 1).putShort((short) 24).putLong(item.data().length)
                            .putLong(item.data().length).putLong(localOffset);
                }
            }
            central.flip();
            long directoryOffset = at;
            long directorySize = central.remaining();
            at += write(channel, central, at);
            boolean zip64End = zip64 || at >= 0xffffffffL;
            if (zip64End) {
                long recordOffset = at;
                ByteBuffer record = ByteBuffer.allocate(56 + 20).order(ByteOrder.LITTLE_ENDIAN);
                record.putInt(0x06064b50).putLong(44).putShort((short) 45).putShort((short) 45).putInt(0).putInt(0)
                        .putLong(items.size()).putLong(items.size()).putLong(directorySize).putLong(directoryOffset);
                record.putInt(0x07064b50).putInt(0).putLong(recordOffset).putInt(1).flip();
                at += write(channel, record, at);
            }
            ByteBuffer end = ByteBuffer.allocate(22).order(ByteOrder.LITTLE_ENDIAN);
            end.putInt(0x06054b50).putShort((short) 0).putShort((short) 0)
                    .putShort((short) (zip64End ? -1 : items.size())).putShort((short) (zip64End ? -1 : items.size()))
                    .putInt(zip64End ? -1 : (int) directorySize).putInt(zip64End ? -1 : (int) directoryOffset)
                    .putShort((short) 0).flip();
            write(channel, end, at);
        }
    }

    private static int write(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        int n = buffer.remaining();
        long at = position;
        while (buffer.hasRemaining()) {
            at += channel.write(buffer, at);
        }
        return n;
    }

    /** A torch.save-like checkpoint: PREFIX/data.pkl, PREFIX/byteorder, then storages PREFIX/data/KEY. */
    static TestZip checkpoint(String prefix, byte[] pickle, String byteorder) {
        TestZip zip = new TestZip().add(prefix + "/data.pkl", pickle);
        if (byteorder != null) {
            zip.add(prefix + "/byteorder", byteorder.getBytes(StandardCharsets.US_ASCII));
        }
        return zip.add(prefix + "/version", "3\n".getBytes(StandardCharsets.US_ASCII));
    }
}

package com.arpgstudio.inference.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Damaged versions of a user file for the fuzz tests: truncations, flipped bits and huge numbers
 * written over the bytes, aimed mostly at where a format keeps its structure (a safetensors JSON
 * header, a zip's local headers and central directory, the pickle entry, PNG chunk headers, JPEG
 * marker segments), and JSON with absurd numbers, swapped value types, broken punctuation or deep
 * nesting. Every mutation is described, so a failing case can be told from the test's message.
 *
 * <p>Besides damage, hostile shapes: files built to cost time or memory (dict keys with one hash
 * code, stride-0 views of a tiny storage, huge declared sizes, repeated JPEG scans, compressed PNG
 * chunks that inflate to gigabytes), to use a class a checkpoint may not, to drive a terminal with
 * the names they carry, and special files (pipes, folders, links to devices, loops, huge sparse
 * files) where a file is expected.
 */
public final class Mutations {

    /** A damaged file and what was done to it. */
    public record Mutant(byte[] bytes, String description) {}

    private static final long[] HUGE = {0xffffffffL, 0x7fffffffL, 0x80000000L, 0xffffL, 0, -1L, Long.MAX_VALUE, 1L << 40};
    private static final String[] ABSURD_NUMBERS = {"99999999999999999999", "-1", "0", "9223372036854775807",
            "4294967296", "2147483648", "1e3", "2.5", "-0", "1e309", "NaN", "1e-320"};
    private static final String[] OTHER_VALUES = {"null", "\"\"", "\"x\"", "[]", "{}", "true", "[1,[2]]",
            "{\"a\":{}}", "\"\\u0000\"", "\"" + "\\\\".repeat(3) + "\"", "\"/dev/null\"", "-1", "1e309"};
    private static final Pattern JSON_NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?");
    // possessive: a long string (the Base64 tokens of a record) must not recurse once per character
    private static final Pattern JSON_VALUE = Pattern.compile(
            "\"(?:[^\"\\\\]++|\\\\.)*+\"|-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?|true|false|null");
    private static final String PUNCTUATION = "{}[],:\"";

    private Mutations() {}

    /**
     * One byte-level change at {@code at}: the file cut there, 1 to 8 bytes with a bit flipped, or
     * a huge 4- or 8-byte little-endian number written over it.
     */
    public static Mutant at(byte[] original, int at, Random random) {
        byte[] bytes = original.clone();
        switch (random.nextInt(3)) {
            case 0 -> {
                return new Mutant(Arrays.copyOf(original, at), "truncate at " + at);
            }
            case 1 -> {
                int n = 1 + random.nextInt(8);
                for (int k = 0; k < n && at + k < bytes.length; k++) {
                    bytes[at + k] ^= (byte) (1 << random.nextInt(8));
                }
                return new Mutant(bytes, "flip " + n + " bytes at " + at);
            }
            default -> {
                long value = HUGE[random.nextInt(HUGE.length)];
                int width = random.nextBoolean() ? 4 : 8;
                for (int k = 0; k < width && at + k < bytes.length; k++) {
                    bytes[at + k] = (byte) (value >>> (8 * k));
                }
                return new Mutant(bytes, "write " + Long.toHexString(value) + " (" + width + " bytes) at " + at);
            }
        }
    }

    /** A byte-level change anywhere in the file. */
    public static Mutant anywhere(byte[] original, Random random) {
        return at(original, random.nextInt(Math.max(1, original.length)), random);
    }

    /**
     * A checkpoint of any format StateDict reads: a safetensors file (8-byte header length, JSON
     * header), a PyTorch zip archive, or a legacy pickle file, told apart by their first bytes.
     */
    public static Mutant checkpoint(byte[] original, Random random) {
        if (isSafetensors(original)) {
            return safetensors(original, random);
        }
        List<Integer> localHeaders = new ArrayList<>();
        int directory = original.length;
        for (int i = 0; i + 4 <= original.length; i++) {
            if (original[i] == 'P' && original[i + 1] == 'K') {
                if (original[i + 2] == 3 && original[i + 3] == 4) {
                    localHeaders.add(i);
                } else if (original[i + 2] == 1 && original[i + 3] == 2 && directory == original.length) {
                    directory = i;
                }
            }
        }
        if (localHeaders.isEmpty()) { // a legacy file: pickles, then raw storages
            return anywhere(original, random);
        }
        // the first entry is data.pkl, which torch.save writes first
        int firstEntryEnd = localHeaders.size() > 1 ? localHeaders.get(1) : original.length;
        int at = switch (random.nextInt(20)) {
            case 0 -> random.nextInt(original.length);
            case 1, 2, 3, 4 -> Math.min(original.length - 1,
                    localHeaders.get(random.nextInt(localHeaders.size())) + random.nextInt(100));
            case 5, 6, 7, 8, 9, 10, 11 -> directory + random.nextInt(original.length - directory);
            default -> random.nextInt(firstEntryEnd);
        };
        return at(original, at, random);
    }

    private static boolean isSafetensors(byte[] bytes) {
        if (bytes.length < 9) {
            return false;
        }
        long headerLength = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        return headerLength > 0 && headerLength <= bytes.length - 8 && bytes[8] == '{';
    }

    /** Aimed at the length and the JSON header; a quarter rewrite one number of the header (a shape or an offset). */
    private static Mutant safetensors(byte[] original, Random random) {
        int headerLength = (int) ByteBuffer.wrap(original).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (random.nextInt(4) == 0) {
            String header = new String(original, 8, headerLength, StandardCharsets.UTF_8);
            Mutant json = replaceNumber(header, random);
            byte[] text = json.bytes();
            int dataLength = original.length - 8 - headerLength;
            boolean keepLength = random.nextInt(4) == 0; // else the length field follows the new header
            ByteBuffer out = ByteBuffer.allocate(8 + text.length + dataLength).order(ByteOrder.LITTLE_ENDIAN);
            out.putLong(keepLength ? headerLength : text.length).put(text).put(original, 8 + headerLength, dataLength);
            return new Mutant(out.array(), "header: " + json.description() + (keepLength ? ", old length kept" : ""));
        }
        int at = switch (random.nextInt(10)) {
            case 0 -> random.nextInt(original.length);
            case 1 -> random.nextInt(8);
            default -> random.nextInt(8 + headerLength);
        };
        return at(original, at, random);
    }

    /**
     * A JSON document: a number made absurd or shifted, a value replaced by one of another type, a
     * punctuation mark dropped or doubled, deep nesting, the text cut short, or a byte-level change
     * (which may leave invalid UTF-8).
     */
    public static Mutant json(byte[] original, Random random) {
        String text = new String(original, StandardCharsets.UTF_8);
        return switch (random.nextInt(10)) {
            case 0, 1, 2 -> replaceNumber(text, random);
            case 3, 4 -> replaceValue(text, random);
            case 5 -> punctuation(text, random);
            case 6 -> nest(text, random);
            case 7 -> new Mutant(Arrays.copyOf(original, random.nextInt(original.length)), "truncate");
            default -> anywhere(original, random);
        };
    }

    private static Mutant replaceNumber(String text, Random random) {
        List<int[]> numbers = matches(JSON_NUMBER, text);
        if (numbers.isEmpty()) {
            return replaceValue(text, random);
        }
        int[] pick = numbers.get(random.nextInt(numbers.size()));
        String found = text.substring(pick[0], pick[1]);
        String replacement;
        if (random.nextBoolean()) {
            replacement = ABSURD_NUMBERS[random.nextInt(ABSURD_NUMBERS.length)];
        } else {
            double value = Double.parseDouble(found);
            long shifted = (long) value + random.nextInt(9) - 4;
            replacement = random.nextBoolean() ? Long.toString(shifted) : Long.toString((long) (value * (2 + random.nextInt(1000))));
        }
        return splice(text, pick, replacement, "number " + found + " at " + pick[0] + " -> " + replacement);
    }

    private static Mutant replaceValue(String text, Random random) {
        List<int[]> values = matches(JSON_VALUE, text);
        if (values.isEmpty()) {
            return punctuation(text, random);
        }
        int[] pick = values.get(random.nextInt(values.size()));
        String replacement = OTHER_VALUES[random.nextInt(OTHER_VALUES.length)];
        return splice(text, pick, replacement, "value " + abbreviate(text.substring(pick[0], pick[1])) + " at " + pick[0]
                + " -> " + replacement);
    }

    private static Mutant punctuation(String text, Random random) {
        List<Integer> marks = new ArrayList<>();
        for (int i = 0; i < text.length(); i++) {
            if (PUNCTUATION.indexOf(text.charAt(i)) >= 0) {
                marks.add(i);
            }
        }
        if (marks.isEmpty()) {
            return new Mutant(text.getBytes(StandardCharsets.UTF_8), "unchanged (no punctuation)");
        }
        int at = marks.get(random.nextInt(marks.size()));
        boolean drop = random.nextBoolean();
        String changed = text.substring(0, at) + (drop ? "" : text.substring(at, at + 1)) + text.substring(at);
        return new Mutant(changed.getBytes(StandardCharsets.UTF_8), (drop ? "drop " : "double ") + text.charAt(at) + " at " + at);
    }

    /** A value replaced by thousands of nested arrays (a stack-depth attack on a recursive reader). */
    private static Mutant nest(String text, Random random) {
        List<int[]> values = matches(JSON_VALUE, text);
        if (values.isEmpty()) {
            return punctuation(text, random);
        }
        int[] pick = values.get(random.nextInt(values.size()));
        int depth = 1000 + random.nextInt(20_000);
        return splice(text, pick, "[".repeat(depth) + "]".repeat(depth), depth + " nested arrays at " + pick[0]);
    }

    private static List<int[]> matches(Pattern pattern, String text) {
        List<int[]> found = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            found.add(new int[] {m.start(), m.end()});
        }
        return found;
    }

    private static Mutant splice(String text, int[] range, String replacement, String description) {
        String changed = text.substring(0, range[0]) + replacement + text.substring(range[1]);
        return new Mutant(changed.getBytes(StandardCharsets.UTF_8), description);
    }

    private static String abbreviate(String s) {
        return s.length() <= 24 ? s : s.substring(0, 21) + "...";
    }

    /**
     * A PNG: mostly at a chunk's length, type or first data bytes (IHDR's size, bit depth and colour
     * type, a text chunk's keyword and flags, IDAT's zlib header), else anywhere. Java's reader does
     * not check chunk CRCs, so every change reaches the parser.
     */
    public static Mutant png(byte[] original, Random random) {
        List<Integer> chunks = new ArrayList<>();
        for (int at = 8; at + 8 <= original.length; ) {
            chunks.add(at);
            long length = ByteBuffer.wrap(original, at, 4).getInt() & 0xffffffffL;
            at += (int) Math.min(Integer.MAX_VALUE - at, 12 + length);
        }
        if (chunks.isEmpty() || random.nextInt(5) == 0) {
            return anywhere(original, random);
        }
        int chunk = chunks.get(random.nextInt(chunks.size()));
        return at(original, Math.min(original.length - 1, chunk + random.nextInt(24)), random);
    }

    /** A JPEG: mostly within a marker segment's first bytes (SOF sizes and components, DHT, DQT, SOS), else anywhere. */
    public static Mutant jpeg(byte[] original, Random random) {
        List<Integer> markers = new ArrayList<>();
        for (int i = 0; i + 1 < original.length; i++) {
            int next = original[i + 1] & 0xff;
            if ((original[i] & 0xff) == 0xff && next != 0 && next != 0xff) {
                markers.add(i);
            }
        }
        if (markers.isEmpty() || random.nextInt(5) == 0) {
            return anywhere(original, random);
        }
        int marker = markers.get(random.nextInt(markers.size()));
        return at(original, Math.min(original.length - 1, marker + random.nextInt(20)), random);
    }

    // Hostile shapes: whole files made to cost time or memory, or to abuse what is printed,
    // rather than damaged ones. The targeted tests use them with the sizes of the attack; the
    // fuzz tests mix them in with random sizes.

    /** 16 two-character blocks with one Java hash code ("Aa" and "BB"): 2^16 strings of 32 characters, one hash. */
    private static String collidingString(int i) {
        StringBuilder s = new StringBuilder(32);
        for (int bit = 15; bit >= 0; bit--) {
            s.append((i >> bit & 1) == 0 ? "Aa" : "BB");
        }
        return s.toString();
    }

    /**
     * A torch.save zip whose pickle is one dict of {@code keys} entries, all with the same Java
     * hash code and of mixed types (strings, integers, 1-tuples), then a state dict beside it.
     */
    public static Mutant collidingKeys(int keys, Random random) {
        int hash = collidingString(0).hashCode();
        Pickler p = new Pickler().proto().emptyDict().mark().str("junk").emptyDict().mark();
        for (int i = 0; i < keys; i++) {
            switch (random.nextInt(3)) {
                case 0 -> p.str(collidingString(i % (1 << 16)));
                case 1 -> p.int64(((long) (i + 1) << 32) | ((i + 1) ^ hash) & 0xffffffffL); // Long.hashCode == hash
                default -> p.mark().str(collidingString(i % (1 << 16))).op('t');
            }
            p.op('N');
        }
        p.op('u');
        p.str("state_dict").emptyDict().mark().str("w").tensor("FloatStorage", "0", 1, 0, new long[] {1}, new long[] {1})
                .op('u').op('u').op('.');
        return new Mutant(torchZip(p.bytes(), Map.of("0", new byte[4])), keys + " dict keys with one hash code");
    }

    /** A torch.save zip of {@code tensors} tensors of this shape, all stride-0 views of one 4-byte storage. */
    public static Mutant strideZeroViews(int tensors, long[] shape) {
        Pickler p = new Pickler().proto().emptyDict().mark();
        for (int i = 0; i < tensors; i++) {
            p.str("layers." + i + ".weight").tensor("FloatStorage", "0", 1, 0, shape, new long[shape.length]);
        }
        p.op('u').op('.');
        return new Mutant(torchZip(p.bytes(), Map.of("0", new byte[4])), tensors + " stride-0 views of shape "
                + Arrays.toString(shape) + " over one 4-byte storage");
    }

    /** The ways a pickle can use a class: call it, instantiate it (two opcodes), give it state. */
    public enum Use { REDUCE, NEWOBJ, NEWOBJ_EX, BUILD }

    /** A torch.save zip whose pickle uses {@code module.name} so, beside a valid state dict. */
    public static Mutant foreignGlobal(String module, String name, Use use) {
        Pickler p = new Pickler().proto().emptyDict().mark()
                .str("w").tensor("FloatStorage", "0", 1, 0, new long[] {1}, new long[] {1}).str("x").global(module, name);
        switch (use) {
            case REDUCE -> p.mark().str("echo pwned").op('t').op('R');
            case NEWOBJ -> p.op(')').op(0x81);
            case NEWOBJ_EX -> p.op(')').emptyDict().op(0x92);
            case BUILD -> p.op(')').op(0x81).emptyDict().op('b');
        }
        p.op('u').op('.');
        return new Mutant(torchZip(p.bytes(), Map.of("0", new byte[4])), use + " of " + module + "." + name);
    }

    /** Names that would drive a terminal: set its title, clear the screen, start a fake line, reverse text. */
    public static final List<String> TERMINAL_ATTACKS = List.of("\u001b]0;pwned\u0007", "\u001b[2J\u001b[H",
            "\r\nOK: checkpoint verified\n", "w\u202eexe.pt", "\u009b31m", "bell\u0007", "nul\u0000x");

    /** A safetensors file whose tensor names, and a torch zip whose global and key names, carry terminal attacks. */
    public static Mutant terminalNames(Random random) {
        String attack = TERMINAL_ATTACKS.get(random.nextInt(TERMINAL_ATTACKS.size()));
        if (random.nextBoolean()) {
            Pickler p = new Pickler().proto().emptyDict().mark()
                    .str("w" + attack).tensor("FloatStorage", "0", 1, 0, new long[] {1}, new long[] {1})
                    .str("x").str("numpy" + attack).str("dtype").op(0x93).op('u').op('.'); // STACK_GLOBAL
            return new Mutant(torchZip(p.bytes(), Map.of("0", new byte[4])), "terminal codes in names (torch zip)");
        }
        String header = "{\"w" + jsonEscape(attack) + "\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}";
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(8 + json.length + 4).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(json.length).put(json).putFloat(1f);
        return new Mutant(out.array(), "terminal codes in names (safetensors)");
    }

    private static String jsonEscape(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            out.append(c < 0x20 || c >= 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return out.toString();
    }

    /** One of the checkpoint shapes above with random sizes, small enough for a fuzz case. */
    public static Mutant hostileCheckpoint(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> collidingKeys(1000 + random.nextInt(20_000), random);
            case 1 -> strideZeroViews(1 + random.nextInt(2000), new long[] {1 + random.nextInt(4096), 1 + random.nextInt(4096)});
            case 2 -> foreignGlobal(random.nextBoolean() ? "posix" : "builtins", random.nextBoolean() ? "system" : "eval",
                    Use.values()[random.nextInt(Use.values().length)]);
            default -> terminalNames(random);
        };
    }

    /**
     * Writes, sparsely, a zip checkpoint whose data.pkl (deflated, a few bytes) declares
     * {@code compressedSize} compressed bytes; the file is that long, all but its ends a hole.
     */
    public static void hugeDeclaredCompressedSize(Path file, long compressedSize) throws IOException {
        byte[] name = "archive/data.pkl".getBytes(StandardCharsets.US_ASCII);
        byte[] pickle = new Pickler().proto().emptyDict().op('.').bytes();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.SPARSE)) {
            ByteBuffer local = ByteBuffer.allocate(30 + name.length).order(ByteOrder.LITTLE_ENDIAN);
            local.putInt(0x04034b50).putShort((short) 20).putShort((short) 0).putShort((short) 8).putInt(0).putInt(0)
                    .putInt((int) compressedSize).putInt(pickle.length).putShort((short) name.length).putShort((short) 0)
                    .put(name).flip();
            channel.write(local, 0);
            long directory = 30 + name.length + compressedSize;
            ByteBuffer central = ByteBuffer.allocate(46 + name.length + 22).order(ByteOrder.LITTLE_ENDIAN);
            central.putInt(0x02014b50).putShort((short) 20).putShort((short) 20).putShort((short) 0).putShort((short) 8)
                    .putInt(0).putInt(0).putInt((int) compressedSize).putInt(pickle.length)
                    .putShort((short) name.length).putShort((short) 0).putShort((short) 0).putShort((short) 0)
                    .putShort((short) 0).putInt(0).putInt(0).put(name);
            central.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) 1).putShort((short) 1)
                    .putInt(46 + name.length).putInt((int) directory).putShort((short) 0).flip();
            channel.write(central, directory);
        }
    }

    /** A torch.save-like zip: archive/data.pkl, archive/byteorder, archive/data/KEY, all stored. */
    public static byte[] torchZip(byte[] pickle, Map<String, byte[]> storages) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            storedEntry(zip, "archive/data.pkl", pickle);
            storedEntry(zip, "archive/byteorder", "little".getBytes(StandardCharsets.US_ASCII));
            for (Map.Entry<String, byte[]> storage : new java.util.TreeMap<>(storages).entrySet()) {
                storedEntry(zip, "archive/data/" + storage.getKey(), storage.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void storedEntry(ZipOutputStream zip, String name, byte[] data) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(data.length);
        entry.setCompressedSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        entry.setCrc(crc.getValue());
        zip.putNextEntry(entry);
        zip.write(data);
        zip.closeEntry();
    }

    /** Pickle opcodes, written by hand (protocol 2, as torch.save writes them). */
    private static final class Pickler {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Pickler op(int... ops) {
            for (int op : ops) {
                out.write(op);
            }
            return this;
        }

        Pickler proto() {
            return op(0x80, 2);
        }

        Pickler mark() {
            return op('(');
        }

        Pickler emptyDict() {
            return op('}');
        }

        Pickler str(String text) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            op('X').int32(bytes.length);
            out.write(bytes, 0, bytes.length);
            return this;
        }

        Pickler int32(int value) {
            for (int i = 0; i < 4; i++) {
                out.write(value >>> (8 * i));
            }
            return this;
        }

        Pickler int64(long value) {
            op(0x8a, 8);
            for (int i = 0; i < 8; i++) {
                out.write((int) (value >>> (8 * i)));
            }
            return this;
        }

        Pickler ints(long[] values) {
            mark();
            for (long v : values) {
                int64(v);
            }
            return op('t');
        }

        Pickler global(String module, String name) {
            byte[] bytes = (module + "\n" + name + "\n").getBytes(StandardCharsets.UTF_8);
            op('c');
            out.write(bytes, 0, bytes.length);
            return this;
        }

        /** _rebuild_tensor_v2(storage, offset, size, stride, False, OrderedDict()). */
        Pickler tensor(String storageType, String key, long storageNumel, long offset, long[] size, long[] stride) {
            global("torch._utils", "_rebuild_tensor_v2").mark();
            mark().str("storage").global("torch", storageType).str(key).str("cpu").int64(storageNumel).op('t').op('Q');
            int64(offset).ints(size).ints(stride).op(0x89);
            return global("collections", "OrderedDict").op(')').op('R').op('t').op('R');
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }

    /**
     * A progressive JPEG (as {@code progressive}, from Java's writer) whose frame header is made to
     * claim {@code width x height} and whose last scan is repeated {@code repeats} more times.
     */
    public static Mutant repeatedScans(byte[] progressive, int repeats, int width, int height) {
        int lastScan = -1;
        int frame = -1;
        for (int i = 0; i + 1 < progressive.length; i++) {
            if ((progressive[i] & 0xff) == 0xff) {
                int marker = progressive[i + 1] & 0xff;
                if (marker == 0xda) {
                    lastScan = i;
                } else if (marker == 0xc2 && frame < 0) {
                    frame = i;
                }
            }
        }
        if (lastScan < 0 || frame < 0) {
            throw new IllegalArgumentException("not a progressive JPEG");
        }
        int end = progressive.length - 2; // EOI
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(progressive, 0, end);
        for (int r = 0; r < repeats; r++) {
            out.write(progressive, lastScan, end - lastScan);
        }
        out.write(progressive, end, 2);
        byte[] bytes = out.toByteArray();
        ByteBuffer.wrap(bytes, frame + 5, 4).putShort((short) height).putShort((short) width);
        return new Mutant(bytes, width + "x" + height + " progressive JPEG with its last scan " + repeats + " more times");
    }

    /**
     * The PNG with a compressed chunk inserted after IHDR: zTXt or compressed iTXt text, or an
     * iCCP profile, that inflates to {@code inflatedBytes} zero bytes.
     */
    public static Mutant compressedChunk(byte[] png, String type, long inflatedBytes) {
        ByteArrayOutputStream zlib = new ByteArrayOutputStream();
        Deflater deflater = new Deflater(9);
        byte[] zeros = new byte[1 << 20];
        byte[] buffer = new byte[1 << 16];
        for (long left = inflatedBytes; left > 0; left -= zeros.length) {
            deflater.setInput(zeros, 0, (int) Math.min(zeros.length, left));
            while (!deflater.needsInput()) {
                zlib.write(buffer, 0, deflater.deflate(buffer));
            }
        }
        deflater.finish();
        while (!deflater.finished()) {
            zlib.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        String prefix = switch (type) {
            case "zTXt", "iCCP" -> "Comment\0\0";
            case "iTXt" -> "Comment\0\1\0\0\0";
            default -> throw new IllegalArgumentException(type);
        };
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        data.writeBytes(prefix.getBytes(StandardCharsets.ISO_8859_1));
        data.writeBytes(zlib.toByteArray());
        byte[] chunk = pngChunk(type, data.toByteArray());
        int afterHeader = 8 + 25;
        ByteBuffer out = ByteBuffer.allocate(png.length + chunk.length);
        out.put(png, 0, afterHeader).put(chunk).put(png, afterHeader, png.length - afterHeader);
        return new Mutant(out.array(), type + " chunk inflating to " + inflatedBytes + " bytes");
    }

    private static byte[] pngChunk(String type, byte[] data) {
        ByteBuffer chunk = ByteBuffer.allocate(12 + data.length);
        chunk.putInt(data.length).put(type.getBytes(StandardCharsets.US_ASCII)).put(data);
        CRC32 crc = new CRC32();
        crc.update(chunk.array(), 4, 4 + data.length);
        chunk.putInt((int) crc.getValue());
        return chunk.array();
    }

    /** One of the image shapes above with random sizes, small enough for a fuzz case (or refused at once). */
    public static Mutant hostileImage(byte[] png, byte[] progressiveJpeg, Random random) {
        return switch (random.nextInt(3)) {
            case 0 -> {
                boolean wide = random.nextBoolean();
                boolean tall = random.nextBoolean();
                // 8192 x 8192 only with enough scans to be refused: fewer would be a real (seconds-long) decode
                yield repeatedScans(progressiveJpeg, wide && tall ? 10 + random.nextInt(290) : random.nextInt(300),
                        wide ? 8192 : 16 + random.nextInt(256), tall ? 8192 : 16 + random.nextInt(256));
            }
            case 1 -> compressedChunk(png, List.of("zTXt", "iTXt", "iCCP").get(random.nextInt(3)),
                    random.nextInt(64) << 20);
            default -> wrappedInBmp(png);
        };
    }

    /** A BMP header whose compression says "the pixels are a PNG" (BI_PNG), with the PNG after it. */
    public static Mutant wrappedInBmp(byte[] png) {
        ByteBuffer bmp = ByteBuffer.allocate(54 + png.length).order(ByteOrder.LITTLE_ENDIAN);
        bmp.put((byte) 'B').put((byte) 'M').putInt(54 + png.length).putInt(0).putInt(54);
        bmp.putInt(40).putInt(48).putInt(40).putShort((short) 1).putShort((short) 0);
        bmp.putInt(5).putInt(png.length).putInt(2835).putInt(2835).putInt(0).putInt(0).put(png);
        return new Mutant(bmp.array(), "a PNG wrapped in a BMP header");
    }

    /** What may stand where a file is expected. */
    public enum Special { FIFO, FOLDER, LINK_TO_DEV_ZERO, DANGLING_LINK, LINK_LOOP, SPARSE_3_GB }

    /**
     * Puts a special file where {@code target} is expected (removing what was there): a named pipe,
     * a folder, a link to /dev/zero, a link to nothing, a link to itself, or a 3 GB sparse file.
     */
    public static Path special(Path target, Special kind) throws IOException {
        Files.deleteIfExists(target);
        switch (kind) {
            case FIFO -> {
                try {
                    Process mkfifo = new ProcessBuilder("mkfifo", target.toString()).inheritIO().start();
                    if (mkfifo.waitFor() != 0) {
                        throw new IOException("mkfifo " + target + " failed");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
            }
            case FOLDER -> Files.createDirectory(target);
            case LINK_TO_DEV_ZERO -> Files.createSymbolicLink(target, Path.of("/dev/zero"));
            case DANGLING_LINK -> Files.createSymbolicLink(target, target.resolveSibling("nothing-here"));
            case LINK_LOOP -> Files.createSymbolicLink(target, target.getFileName());
            case SPARSE_3_GB -> {
                try (FileChannel channel = FileChannel.open(target, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE, StandardOpenOption.SPARSE)) {
                    channel.write(ByteBuffer.wrap(new byte[] {'{'}), 0);
                    channel.write(ByteBuffer.wrap(new byte[] {'}'}), 3_000_000_000L);
                }
            }
        }
        return target;
    }

    /**
     * One fuzz case's file: one time in {@code oneIn} a random {@link Special} in its place, else the
     * mutant's bytes (what was there is removed first); the case's description.
     */
    public static String writeCase(Path file, Random random, int oneIn, java.util.function.Supplier<Mutant> mutant)
            throws IOException {
        if (random.nextInt(oneIn) == 0) {
            Special kind = anySpecial(random);
            special(file, kind);
            return kind.toString();
        }
        Mutant made = mutant.get();
        Files.deleteIfExists(file);
        Files.write(file, made.bytes());
        return made.description();
    }

    /** A random {@link Special}. */
    public static Special anySpecial(Random random) {
        return Special.values()[random.nextInt(Special.values().length)];
    }
}

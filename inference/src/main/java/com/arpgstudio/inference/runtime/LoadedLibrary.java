package com.arpgstudio.inference.runtime;

import com.sun.jna.Function;
import com.sun.jna.Library;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A native library this process has already loaded (libtorch's, through DJL), for calling the
 * functions DJL does not expose: exported ones through the dynamic linker, internal ones (local
 * symbols of the file's own symbol table) at their address in the loaded image. Linux only: found
 * through {@code /proc/self/maps}; elsewhere nothing is found.
 */
public final class LoadedLibrary {

    /** The most bytes of section headers, symbols or symbol names read from a library file. */
    private static final long MAX_TABLE_BYTES = 64L << 20;
    private static final int SHT_SYMTAB = 2;
    private static final int SHT_DYNSYM = 11;
    private static final int SYMBOL_BYTES = 24;
    /** dlopen flags: RTLD_LAZY | RTLD_NOLOAD, a handle of the library already loaded, never a second copy. */
    private static final int ALREADY_LOADED = 0x1 | 0x4;

    private final Path path;
    private final long base;
    private final NativeLibrary library;

    private LoadedLibrary(Path path, long base) {
        this.path = path;
        this.base = base;
        this.library = NativeLibrary.getInstance(path.toString(), Map.of(Library.OPTION_OPEN_FLAGS, ALREADY_LOADED));
    }

    /**
     * The loaded library whose file name matches, if this process has mapped one (the first found).
     *
     * @param fileName tested on the mapped file's name, such as {@code "libc10_cuda.so"}
     */
    public static Optional<LoadedLibrary> find(Predicate<String> fileName) {
        Path maps = Path.of("/proc/self/maps");
        if (!Files.isRegularFile(maps)) {
            return Optional.empty();
        }
        try {
            for (String line : Files.readAllLines(maps)) {
                String[] fields = line.trim().split("\\s+");
                // the mapping of the file's first page gives the load address symbols are relative to
                if (fields.length >= 6 && fields[5].startsWith("/") && Long.parseLong(fields[2], 16) == 0) {
                    Path file = Path.of(fields[5]);
                    if (fileName.test(file.getFileName().toString()) && Files.isRegularFile(file)) {
                        return Optional.of(new LoadedLibrary(file,
                                Long.parseUnsignedLong(fields[0].split("-")[0], 16)));
                    }
                }
            }
            return Optional.empty();
        } catch (IOException | RuntimeException | UnsatisfiedLinkError e) {
            return Optional.empty();
        }
    }

    /** The loaded library named exactly {@code fileName}. */
    public static Optional<LoadedLibrary> named(String fileName) {
        return find(fileName::equals);
    }

    public Path path() {
        return path;
    }

    /**
     * An exported function, looked up by its (mangled) name through the dynamic linker.
     *
     * @throws UnsatisfiedLinkError when the library does not export it
     */
    public Function exported(String symbol) {
        return library.getFunction(symbol);
    }

    /**
     * The addresses of the named symbols (exported or local) in the loaded image, read from the
     * file's symbol tables; names not found are absent from the result.
     */
    public Map<String, Pointer> symbols(Collection<String> names) throws IOException {
        Map<String, Pointer> found = new HashMap<>();
        symbolValues(path, List.copyOf(names)).forEach((name, value) -> found.put(name, new Pointer(base + value)));
        return found;
    }

    /**
     * Whether the virtual table of the C++ object at {@code object} holds every one of
     * {@code functions} among its first {@code slots} entries: the check that an internal method
     * found by name is the one this very object's class uses before it is called on the object.
     */
    public static boolean virtualTableHolds(Pointer object, Collection<Pointer> functions, int slots) {
        Pointer table = object.getPointer(0);
        List<Pointer> entries = new ArrayList<>();
        for (int slot = 0; slot < slots; slot++) {
            entries.add(table.getPointer(8L * slot));
        }
        return entries.containsAll(functions);
    }

    /** Values of the named symbols in an ELF64 little-endian file's symbol tables (.symtab and .dynsym). */
    private static Map<String, Long> symbolValues(Path file, List<String> names) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer header = read(channel, 0, 64);
            if (header.getInt(0) != 0x464c457f || header.get(4) != 2 || header.get(5) != 1) {
                throw new IOException(file + " is not a 64-bit little-endian ELF file");
            }
            long sectionTable = header.getLong(0x28);
            int entrySize = Short.toUnsignedInt(header.getShort(0x3A));
            int sections = Short.toUnsignedInt(header.getShort(0x3C));
            ByteBuffer table = read(channel, sectionTable, (long) entrySize * sections);
            Map<String, Long> found = new HashMap<>();
            for (int s = 0; s < sections; s++) {
                int at = s * entrySize;
                int type = table.getInt(at + 4);
                if (type != SHT_SYMTAB && type != SHT_DYNSYM) {
                    continue;
                }
                ByteBuffer symbols = read(channel, table.getLong(at + 0x18), table.getLong(at + 0x20));
                int link = table.getInt(at + 0x28) * entrySize;
                ByteBuffer strings = read(channel, table.getLong(link + 0x18), table.getLong(link + 0x20));
                for (int symbol = 0; symbol + SYMBOL_BYTES <= symbols.limit(); symbol += SYMBOL_BYTES) {
                    long value = symbols.getLong(symbol + 8);
                    if (value != 0) {
                        String name = cString(strings, symbols.getInt(symbol));
                        if (names.contains(name)) {
                            found.put(name, value);
                        }
                    }
                }
            }
            return found;
        }
    }

    private static ByteBuffer read(FileChannel channel, long position, long length) throws IOException {
        if (position < 0 || length < 0 || length > MAX_TABLE_BYTES || position + length > channel.size()) {
            throw new IOException("expected a table of at most " + MAX_TABLE_BYTES + " bytes inside the file, found "
                    + length + " bytes at " + position);
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) length).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new IOException("unexpected end of file at " + (position + buffer.position()));
            }
        }
        return buffer.flip();
    }

    private static String cString(ByteBuffer buffer, int start) {
        if (start < 0 || start >= buffer.limit()) {
            return "";
        }
        int end = start;
        while (end < buffer.limit() && buffer.get(end) != 0) {
            end++;
        }
        byte[] bytes = new byte[end - start];
        buffer.get(start, bytes);
        return new String(bytes, StandardCharsets.US_ASCII);
    }
}

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a macOS .icns file whose entries are PNG images (the format macOS reads since 10.7 for
 * every entry type used here), so no Apple tool is needed on Linux.
 *
 * <p>Run: {@code java jpackage/icons/Icns.java OUT.icns TYPE=PNG...}, e.g. {@code ic07=icon-128.png}.
 * Layout: "icns", total length (u32 big-endian), then per entry: type (4 ASCII bytes), entry length
 * including its 8-byte header (u32 big-endian), PNG bytes.
 */
public final class Icns {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            throw new IllegalArgumentException("expected OUT.icns and at least one TYPE=PNG, found " + args.length + " arguments");
        }
        ByteArrayOutputStream entries = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(entries);
        for (int i = 1; i < args.length; i++) {
            String[] typeAndFile = args[i].split("=", 2);
            if (typeAndFile.length != 2 || typeAndFile[0].length() != 4) {
                throw new IllegalArgumentException("expected TYPE=PNG with a 4-letter type, found " + args[i]);
            }
            byte[] png = Files.readAllBytes(Path.of(typeAndFile[1]));
            if (png.length < PNG_SIGNATURE.length || !java.util.Arrays.equals(png, 0, 8, PNG_SIGNATURE, 0, 8)) {
                throw new IllegalArgumentException("expected a PNG file, found other bytes in " + typeAndFile[1]);
            }
            out.writeBytes(typeAndFile[0]);
            out.writeInt(8 + png.length);
            out.write(png);
        }
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        DataOutputStream header = new DataOutputStream(file);
        header.writeBytes("icns");
        header.writeInt(8 + entries.size());
        entries.writeTo(file);

        Path target = Path.of(args[0]);
        Path temp = Files.createTempFile(target.toAbsolutePath().getParent(), "icns", ".tmp");
        Files.write(temp, file.toByteArray());
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}

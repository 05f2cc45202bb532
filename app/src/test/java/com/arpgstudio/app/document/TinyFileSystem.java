package com.arpgstudio.app.document;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A real, tiny tmpfs mounted for a test, to make "disk full" and "read-only file system" happen for
 * real rather than through a stub. Needs root (mount); tests using it are skipped elsewhere.
 */
final class TinyFileSystem implements AutoCloseable {

    private final Path dir;

    private TinyFileSystem(Path dir) {
        this.dir = dir;
    }

    static TinyFileSystem mount(Path dir, int kib) throws IOException, InterruptedException {
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=" + kib + "k", "tmpfs", dir.toString()) == 0,
                "mounting a tmpfs needs root");
        return new TinyFileSystem(dir);
    }

    void remountReadOnly() throws IOException, InterruptedException {
        if (run("mount", "-o", "remount,ro", dir.toString()) != 0) {
            throw new IOException("cannot remount " + dir + " read-only");
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run("umount", dir.toString());
    }

    private static int run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        return process.waitFor();
    }
}

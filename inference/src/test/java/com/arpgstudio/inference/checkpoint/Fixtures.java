package com.arpgstudio.inference.checkpoint;

import java.nio.file.Path;

/** The reference fixture folder, from {@code -Darpg.reference}. */
final class Fixtures {

    static final Path DIR = Path.of(System.getProperty("arpg.reference", "../shared/fixtures/arpg-reference"));

    private Fixtures() {}

    static Path file(String name) {
        return DIR.resolve(name);
    }
}

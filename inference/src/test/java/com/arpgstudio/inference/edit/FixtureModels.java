package com.arpgstudio.inference.edit;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Path;

/** The reference fixture's tiny models (folder from {@code -Darpg.reference}), loaded on the CPU. */
final class FixtureModels {

    private FixtureModels() {}

    static Path folder() {
        return Path.of(System.getProperty("arpg.reference", "../shared/fixtures/arpg-reference"));
    }

    static LoadedModels load() throws IOException {
        return LoadedModels.load(ModelFiles.resolve(folder(), null), Device.cpu());
    }
}

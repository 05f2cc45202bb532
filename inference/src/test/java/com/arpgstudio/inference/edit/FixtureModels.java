package com.arpgstudio.inference.edit;

import ai.djl.Device;
import com.arpgstudio.inference.ReferenceFixtures;
import com.arpgstudio.inference.runtime.Settings;
import java.io.IOException;

/** The reference fixture's tiny models (folder from {@code -Darpg.reference}), loaded on the CPU. */
final class FixtureModels {

    private FixtureModels() {}

    static LoadedModels load() throws IOException {
        return LoadedModels.load(ModelFiles.resolve(ReferenceFixtures.dir(), null, Settings.defaults()), Device.cpu());
    }
}

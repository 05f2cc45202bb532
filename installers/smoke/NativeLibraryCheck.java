import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.arpgstudio.inference.runtime.DjlRuntime;

/**
 * Run by installers/smoke-test.sh with the packaged runtime and the packaged class path: proves
 * that the jlink'ed runtime has every module DJL and JNA need and that libtorch comes out of the
 * app's own jars (extracted to DJL's cache) with no network.
 */
public final class NativeLibraryCheck {

    public static void main(String[] args) {
        Engine engine = DjlRuntime.engine();
        try (NDManager manager = DjlRuntime.newManager(Device.cpu())) {
            NDArray a = manager.arange(6f).reshape(2, 3); // (2, 3)
            float sum = a.matMul(a.transpose()).sum().getFloat(); // (2, 2) -> ()
            if (sum != 5f + 14f + 14f + 50f) {
                throw new AssertionError("expected 83 from a 2x3 Gram matrix, found " + sum);
            }
        }
        System.out.println("libtorch " + engine.getVersion() + " on " + engine.defaultDevice()
                + ", GPUs: " + engine.getGpuCount() + ", offline=" + System.getProperty("ai.djl.offline"));
        boolean model = NativeLibraryCheck.class.getResource(
                "/com/arpgstudio/inference/models/default/arpg.safetensors") != null;
        System.out.println("embedded default model: " + (model ? "present" : "absent"));
    }
}

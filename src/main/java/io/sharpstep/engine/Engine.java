package io.sharpstep.engine;

import io.sharpstep.core.DeviceInfo;
import io.sharpstep.core.DeviceKind;
import io.sharpstep.core.SharpStepException;
import io.sharpstep.engine.pack.ModelPack;
import io.sharpstep.engine.pack.BicubicManifest;
import io.sharpstep.engine.pack.DirectManifest;
import io.sharpstep.engine.pack.LatentManifest;
import io.sharpstep.engine.pack.PackManifest;
import io.sharpstep.engine.ort.DirectModel;
import io.sharpstep.engine.ort.OrtRuntime;
import io.sharpstep.engine.ort.Unet;
import io.sharpstep.engine.ort.VaeDecoder;
import io.sharpstep.engine.ort.VaeEncoder;

/**
 * Opens an {@link Upscaler} for a pack: settles the device (CUDA, or CPU with the reason), creates each
 * graph's session once and checks it against its role's contract. With {@link DeviceKind#AUTO}, a pack that
 * fails to load on CUDA is loaded again on the CPU, and the reason kept.
 */
public final class Engine {
    private Engine() {
    }

    /** The CUDA device numbers this installation can use (empty without CUDA support or a GPU). Slow-ish. */
    public static java.util.List<Integer> cudaDevices() {
        return OrtRuntime.cudaDevices();
    }

    public static Upscaler open(ModelPack pack, UpscaleOptions options) {
        if (pack.manifest() instanceof BicubicManifest) {
            return new BicubicUpscaler(pack);
        }
        DeviceInfo device = OrtRuntime.resolve(options.device());
        try {
            return openOn(pack, options, device);
        } catch (SharpStepException e) {
            if (device.used() != DeviceKind.CUDA || options.device().kind() != DeviceKind.AUTO
                    || isContractError(e)) {
                throw e;
            }
            DeviceInfo cpu = DeviceInfo.cpu("CUDA failed: " + e.getMessage() + " — running on CPU");
            return openOn(pack, options, cpu);
        }
    }

    /** A pack that breaks its contract breaks it on every device: no point in trying the CPU. */
    private static boolean isContractError(SharpStepException e) {
        return e.kind() == SharpStepException.Kind.PACK;
    }

    private static Upscaler openOn(ModelPack pack, UpscaleOptions options, DeviceInfo device) {
        PackManifest manifest = pack.manifest();
        if (manifest instanceof DirectManifest m) {
            return new DirectPipeline(pack, m, device, options, new DirectModel(pack, device));
        }
        if (manifest instanceof LatentManifest m) {
            return openLatent(pack, m, options, device);
        }
        return new BicubicUpscaler(pack);
    }

    private static Upscaler openLatent(ModelPack pack, LatentManifest m, UpscaleOptions options, DeviceInfo device) {
        VaeEncoder encoder = null;
        Unet unet = null;
        try {
            encoder = new VaeEncoder(pack, device);
            unet = new Unet(pack, device);
            VaeDecoder decoder = new VaeDecoder(pack, device);
            return new LatentPipeline(pack, m, device, options, encoder, unet, decoder);
        } catch (RuntimeException e) {
            closeAll(encoder, unet, e);
            throw e;
        }
    }
    private static void closeAll(VaeEncoder encoder, Unet unet, RuntimeException failure) {
        for (AutoCloseable c : new AutoCloseable[] {unet, encoder}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    failure.addSuppressed(e);
                }
            }
        }
    }
}

package io.sharpstep.install;

import java.nio.file.Path;
import java.nio.file.Paths;

/** The committed tiny install fixtures of models/fixtures/make_install_fixtures.py. */
public final class InstallFixtures {
    public static final Path ROOT = Paths.get("src", "test", "resources", "install").toAbsolutePath();
    public static final Path SOURCES = ROOT.resolve("sources");
    public static final Path SD = SOURCES.resolve("sd21");

    private InstallFixtures() {
    }

    public static TemplateSet templates() {
        return TemplateSet.fromFolder(ROOT.resolve("templates").resolve("ci"));
    }

    static Path pythonPack(String precision) {
        return ROOT.resolve("packs").resolve("ci-" + precision);
    }

    /** The source files of one variant ("" for fp32, ".fp16"). */
    static SourceWeights.Paths paths(String variant) {
        return new SourceWeights.Paths(SD.resolve("unet/diffusion_pytorch_model" + variant + ".safetensors"),
                SD.resolve("vae/diffusion_pytorch_model" + variant + ".safetensors"),
                SD.resolve("text_encoder/model" + variant + ".safetensors"), SOURCES.resolve("osediff.pkl"));
    }
}

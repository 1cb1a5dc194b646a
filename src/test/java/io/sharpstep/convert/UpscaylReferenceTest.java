package io.sharpstep.convert;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Checks the converted Real-ESRGAN packs against the upstream real-esrgan-ncnn-vulkan binary on crops of
 * real photos. Runs only where the npm tarball, a Vulkan driver (mesa llvmpipe is enough), the
 * mate-backgrounds photos and the converted packs exist; otherwise it is skipped with the reason.
 */
class UpscaylReferenceTest {

    private static final double LIMIT_255 = 2.0;

    @Test
    void x4fastMatchesUpscaylBinOn64pxCrop() throws Exception {
        check("realesrgan-x4fast", "GreenMeadow.jpg", 64);
    }

    @Test
    void x4plusMatchesUpscaylBinOn32pxCrop() throws Exception {
        check("realesrgan-x4plus", "Wood.jpg", 32);
    }

    private static void check(String model, String photo, int size) throws Exception {
        String why = ReferenceCheck.unavailableReason(model);
        assumeTrue(why == null, () -> "skipped: " + why);
        Path work = Files.createDirectories(Path.of("target", "reference-check"));
        UpscaylBin ref = UpscaylBin.extract(Path.of("target", "upscayl"));
        ReferenceCheck.Diff d = ReferenceCheck.compare(ref, model, ReferenceCheck.PHOTOS.resolve(photo), size, work);
        System.out.printf(Locale.ROOT, "%s on %s %dx%d: mean |ours - upscayl-bin| = %.3f/255 mirror-padded like "
                + "upscayl-bin, %.3f/255 plain (zero-padded border)%n", model, photo, size, size, d.padded(), d.plain());
        assertTrue(d.padded() <= LIMIT_255, model + " differs from upscayl-bin by " + d.padded() + "/255 on average");
    }
}

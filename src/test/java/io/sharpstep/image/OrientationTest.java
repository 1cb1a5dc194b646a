package io.sharpstep.image;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * All eight EXIF orientations: a file whose stored pixels are the picture turned the way a camera stores it,
 * tagged accordingly, must read as the upright picture, just as ImageMagick's -auto-orient shows it.
 */
class OrientationTest {
    @TempDir
    Path dir;

    @Test
    void everyOrientationReadsUpright() throws IOException {
        ExternalTools.assumeConvert();
        ExternalTools.assumeExiftool();
        Path upright = TestImages.writePng(dir, "upright.png");
        String[][] stored = {{"1"}, {"2", "-flop"}, {"3", "-rotate", "180"}, {"4", "-flip"}, {"5", "-transpose"},
                {"6", "-rotate", "270"}, {"7", "-transverse"}, {"8", "-rotate", "90"}};
        for (String[] s : stored) {
            Path f = dir.resolve("o" + s[0] + ".tif");
            Object[] args = new Object[s.length + 1];
            args[0] = upright;
            System.arraycopy(s, 1, args, 1, s.length - 1);
            args[s.length] = f;
            ExternalTools.convert(args);
            ExternalTools.exiftool("-overwrite_original", "-Orientation#=" + s[0], f);
            Path shown = dir.resolve("shown" + s[0] + ".png");
            ExternalTools.convert(f, "-auto-orient", shown);
            LoadedImage img = ImageFiles.read(f, Long.MAX_VALUE);
            LoadedImage ref = ImageFiles.read(shown, Long.MAX_VALUE);
            assertEquals(TestImages.W, img.width(), "orientation " + s[0]);
            assertEquals(TestImages.H, img.height(), "orientation " + s[0]);
            for (int y = 0; y < TestImages.H; y += 3) {
                for (int x = 0; x < TestImages.W; x += 3) {
                    assertEquals(TestImages.red(x, y), TestImages.red(img.rgbImage(), x, y),
                            "orientation " + s[0] + " at " + x + "," + y);
                    assertEquals(TestImages.red(ref.rgbImage(), x, y), TestImages.red(img.rgbImage(), x, y), "as ImageMagick");
                }
            }
        }
    }
}

package io.sharpstep.convert;

/** Test helper: image comparison on the BT.601 luma (Y) channel, as BasicSR reports PSNR/SSIM. */
final class Metrics {

    private Metrics() {
    }

    /** Mean absolute difference over all channels of two same-size images, in 0..255 units (8-bit). */
    static double meanAbsDiff255(Images a, Images b) {
        check(a, b);
        double s = 0;
        for (int i = 0; i < a.data().length; i++) {
            s += Math.abs(Images.q(a.data()[i]) - Images.q(b.data()[i]));
        }
        return s / a.data().length;
    }

    /** @return Y in [16,235] (BT.601, MATLAB rgb2ycbcr) of the 8-bit image, with {@code border} px cropped */
    static double[][] luma(Images im, int border) {
        int w = im.w();
        int h = im.h();
        int n = w * h;
        double[][] y = new double[h - 2 * border][w - 2 * border];
        for (int r = border; r < h - border; r++) {
            for (int c = border; c < w - border; c++) {
                int i = r * w + c;
                y[r - border][c - border] = 16 + (65.481 * Images.q(im.data()[i]) + 128.553 * Images.q(im.data()[n + i])
                        + 24.966 * Images.q(im.data()[2 * n + i])) / 255.0;
            }
        }
        return y;
    }

    static double psnr(double[][] a, double[][] b) {
        double mse = 0;
        int n = 0;
        for (int r = 0; r < a.length; r++) {
            for (int c = 0; c < a[0].length; c++) {
                double d = a[r][c] - b[r][c];
                mse += d * d;
                n++;
            }
        }
        mse /= n;
        return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(255.0 * 255.0 / mse);
    }

    /** SSIM with an 11x11 Gaussian window (sigma 1.5), valid region, as in BasicSR. */
    static double ssim(double[][] a, double[][] b) {
        double c1 = Math.pow(0.01 * 255, 2);
        double c2 = Math.pow(0.03 * 255, 2);
        double[] g = new double[11];
        double gs = 0;
        for (int i = 0; i < 11; i++) {
            gs += g[i] = Math.exp(-(i - 5) * (i - 5) / (2 * 1.5 * 1.5));
        }
        int h = a.length;
        int w = a[0].length;
        double total = 0;
        int count = 0;
        for (int r = 0; r + 11 <= h; r++) {
            for (int c = 0; c + 11 <= w; c++) {
                double ma = 0, mb = 0, saa = 0, sbb = 0, sab = 0;
                for (int i = 0; i < 11; i++) {
                    for (int j = 0; j < 11; j++) {
                        double k = g[i] * g[j] / (gs * gs);
                        double x = a[r + i][c + j];
                        double y = b[r + i][c + j];
                        ma += k * x;
                        mb += k * y;
                        saa += k * x * x;
                        sbb += k * y * y;
                        sab += k * x * y;
                    }
                }
                double va = saa - ma * ma;
                double vb = sbb - mb * mb;
                double cov = sab - ma * mb;
                total += ((2 * ma * mb + c1) * (2 * cov + c2)) / ((ma * ma + mb * mb + c1) * (va + vb + c2));
                count++;
            }
        }
        return total / count;
    }

    private static void check(Images a, Images b) {
        if (a.w() != b.w() || a.h() != b.h()) {
            throw new IllegalArgumentException(a.w() + "x" + a.h() + " vs " + b.w() + "x" + b.h());
        }
    }
}

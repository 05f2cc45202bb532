package com.arpgstudio.inference.edit;

/** Image quality numbers used to check edits: PSNR and high-frequency energy. */
public final class ImageMetrics {

    private ImageMetrics() {}

    /** Peak signal-to-noise ratio over the RGB channels, in dB (infinite for identical images). */
    public static double psnr(ArgbImage a, ArgbImage b) {
        if (a.width() != b.width() || a.height() != b.height()) {
            throw new IllegalArgumentException("expected images of one size, found " + a + " and " + b);
        }
        double sum = 0;
        for (int i = 0; i < a.pixels().length; i++) {
            int p = a.pixels()[i];
            int q = b.pixels()[i];
            for (int shift = 0; shift <= 16; shift += 8) {
                double d = ((p >> shift) & 0xff) - ((q >> shift) & 0xff);
                sum += d * d;
            }
        }
        double mse = sum / (3.0 * a.pixels().length);
        return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(255.0 * 255.0 / mse);
    }

    /** Mean squared 4-neighbour Laplacian of the luminance: how much fine detail an image holds. */
    public static double highFrequencyEnergy(ArgbImage image) {
        int w = image.width();
        int h = image.height();
        if (w < 3 || h < 3) {
            return 0;
        }
        float[] luma = new float[w * h];
        for (int i = 0; i < luma.length; i++) {
            int p = image.pixels()[i];
            luma[i] = 0.299f * ((p >> 16) & 0xff) + 0.587f * ((p >> 8) & 0xff) + 0.114f * (p & 0xff);
        }
        double sum = 0;
        for (int y = 1; y < h - 1; y++) {
            for (int x = 1; x < w - 1; x++) {
                int i = y * w + x;
                double lap = 4 * luma[i] - luma[i - 1] - luma[i + 1] - luma[i - w] - luma[i + w];
                sum += lap * lap;
            }
        }
        return sum / ((double) (w - 2) * (h - 2));
    }
}

package dev.pixelprivacy.dl4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import dev.pixelprivacy.core.image.ImageBatch;
import dev.pixelprivacy.core.image.RgbImage;
import dev.pixelprivacy.core.io.ImageConversions;
import dev.pixelprivacy.core.model.ClassifierLoss;
import dev.pixelprivacy.core.transform.ImageSize;
import dev.pixelprivacy.core.transform.Resize;
import dev.pixelprivacy.core.transform.ResizeKernel;
import dev.pixelprivacy.dl4j.onnx.OnnxModel;
import dev.pixelprivacy.dl4j.testing.Fixtures;
import java.io.IOException;
import java.io.InputStream;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class AntialiasedPreprocessingTest {

    private static float[] uniform(int n, double lo, double hi, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (lo + (hi - lo) * r.nextDouble());
        }
        return a;
    }

    /** The fraction of pixels at which some channel of an NCHW gradient of one image is nonzero. */
    static double nonzeroFraction(float[] g, int w, int h) {
        int n = w * h;
        int count = 0;
        for (int p = 0; p < n; p++) {
            if (g[p] != 0f || g[n + p] != 0f || g[2 * n + p] != 0f) {
                count++;
            }
        }
        return (double) count / n;
    }

    @Test
    void pullBackIsTheAdjointOfApply() {
        // apply is affine (resize, channel order, normalisation): <A x1 - A x2, g> = <x1 - x2, A^T g>
        Preprocessing p = Preprocessing.builder().size(13, 9).resize(Preprocessing.ResizeRule.ANTIALIASED)
                .kernel(ResizeKernel.LANCZOS).channelOrder(Preprocessing.ChannelOrder.BGR).scale(255f)
                .mean(100f, 110f, 120f).std(50f, 60f, 70f).build();
        int w = 47;
        int h = 31;
        ImageBatch x1 = ImageBatch.wrap(2, w, h, uniform(2 * 3 * w * h, 0, 1, 1));
        ImageBatch x2 = ImageBatch.wrap(2, w, h, uniform(2 * 3 * w * h, 0, 1, 2));
        float[] g = uniform(2 * 3 * 13 * 9, -1, 1, 3);
        float[] a1 = p.apply(x1);
        float[] a2 = p.apply(x2);
        double lhs = 0;
        for (int i = 0; i < g.length; i++) {
            lhs += (double) (a1[i] - a2[i]) * g[i];
        }
        float[] back = p.pullBack(g, 2, w, h);
        double rhs = 0;
        for (int i = 0; i < back.length; i++) {
            rhs += (double) (x1.data()[i] - x2.data()[i]) * back[i];
        }
        assertThat(rhs).isCloseTo(lhs, offset(1e-5 * Math.abs(lhs)));
        assertThat(p.inputShape(2, w, h)).containsExactly(2, 3, 9, 13);
        assertThat(p.toString()).contains("13x9 lanczos");
    }

    @Test
    void imagenet256AtItsOwnSizeIsUnchangedFromTheOldRule() {
        // the paper's protocol feeds 256x256 images: no resize under either rule
        Preprocessing old = Preprocessing.builder().size(256, 256).resize(Preprocessing.ResizeRule.BILINEAR)
                .mean(dev.pixelprivacy.core.model.ImageNetStatistics.meansFloat())
                .std(dev.pixelprivacy.core.model.ImageNetStatistics.stdsFloat()).build();
        ImageBatch x = ImageBatch.wrap(1, 256, 256, uniform(3 * 256 * 256, 0, 1, 4));
        assertThat(Preprocessing.imagenet256().apply(x)).containsExactly(old.apply(x));
        float[] g = uniform(3 * 256 * 256, -1, 1, 5);
        assertThat(Preprocessing.imagenet256().pullBack(g, 1, 256, 256)).containsExactly(old.pullBack(g, 1, 256, 256));
        assertThat(Preprocessing.imagenet256().resizeRule()).isEqualTo(Preprocessing.ResizeRule.ANTIALIASED);
    }

    @Test
    void fullResolutionGradientReachesEveryPixelOnlyWithAntialiasing() {
        int w = 2000;
        int h = 1500;
        float[] g = uniform(3 * 256 * 256, -1, 1, 6);
        Preprocessing old = Preprocessing.builder().size(256, 256).resize(Preprocessing.ResizeRule.BILINEAR).build();
        double before = nonzeroFraction(old.pullBack(g, 1, w, h), w, h);
        double after = nonzeroFraction(Preprocessing.imagenet256().pullBack(g, 1, w, h), w, h);
        // non-antialiased bilinear reads 2 of about 7.8 columns and 2 of 5.9 rows: under 9% of the pixels
        assertThat(before).isLessThan(0.09);
        assertThat(after).isEqualTo(1.0);
    }

    static RgbImage photo() throws IOException {
        try (InputStream in = AntialiasedPreprocessingTest.class.getResourceAsStream("coffee.jpg")) {
            return ImageConversions.toRgbImage(ImageIO.read(in));
        }
    }

    /** {mean, max} of |a - b| in 8-bit levels. */
    static double[] levels(float[] a, float[] b) {
        double sum = 0;
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            double d = Math.abs(a[i] - b[i]) * 255.0;
            sum += d;
            max = Math.max(max, d);
        }
        return new double[] {sum / a.length, max};
    }

    /**
     * FGSM at 4/255 on a 2250x1500 photo against the resnet18 fixture (256x256 input), then the
     * difference from the clean photo after a downscale to 256x256 with each platform kernel. Measured
     * (mean / max in 8-bit levels; the photo is skimage's 600x400 "coffee" enlarged bicubically, as no
     * 2000x1500 photo ships with the tests): with the old non-antialiased rule 7.8% of the pixels carry
     * a perturbation and after the downscale area gives 0.31 / 0.40, antialiased bilinear 0.26 / 0.37,
     * Lanczos 0.30 / 0.38; with the antialiased rule every pixel does and area gives 2.85 / 4.0,
     * bilinear 2.30 / 4.0, Lanczos 2.91 / 6.2.
     */
    @Test
    void fgsmAtFullResolutionSurvivesPlatformDownscales() throws Exception {
        RgbImage small = photo();
        ImageSize full = new ImageSize(2250, 1500);
        RgbImage x = Resize.to(full.width(), full.height(), ResizeKernel.BICUBIC).apply(small);
        float eps = 4f / 255f;
        Fixtures.Fixture f = Fixtures.load("resnet18_places");
        Preprocessing old = Preprocessing.builder().size(256, 256).resize(Preprocessing.ResizeRule.BILINEAR)
                .mean(dev.pixelprivacy.core.model.ImageNetStatistics.meansFloat())
                .std(dev.pixelprivacy.core.model.ImageNetStatistics.stdsFloat()).build();
        double[][] stats = new double[2][];
        double[] fraction = new double[2];
        Preprocessing[] rules = {old, Preprocessing.imagenet256()};
        for (int r = 0; r < 2; r++) {
            try (OnnxThreatModel tm = new OnnxThreatModel(OnnxModel.load(f.model()), rules[r])) {
                float[] g = tm.lossGradientAtPrediction(ImageBatch.of(x), ClassifierLoss.CROSS_ENTROPY).gradient().data();
                fraction[r] = nonzeroFraction(g, full.width(), full.height());
                float[] adv = x.copyOfData();
                for (int i = 0; i < adv.length; i++) {
                    adv[i] = Math.min(1f, Math.max(0f, adv[i] + eps * Math.signum(g[i])));
                }
                double[] s = new double[6];
                ResizeKernel[] kernels = {ResizeKernel.AREA, ResizeKernel.BILINEAR, ResizeKernel.LANCZOS};
                for (int k = 0; k < kernels.length; k++) {
                    Resize down = Resize.to(256, 256, kernels[k]);
                    double[] d = levels(down.forward(adv, full), down.forward(x.data(), full));
                    s[2 * k] = d[0];
                    s[2 * k + 1] = d[1];
                }
                stats[r] = s;
            }
        }
        String what = "nonzero fractions " + java.util.Arrays.toString(fraction) + "; mean/max after area, bilinear, lanczos: old "
                + java.util.Arrays.toString(stats[0]) + ", antialiased " + java.util.Arrays.toString(stats[1]);
        assertThat(fraction[0]).as(what).isLessThan(0.1);
        assertThat(fraction[1]).as(what).isGreaterThan(0.999);
        for (int k = 0; k < 3; k++) {
            // the perturbation survives: its mean after the downscale is at least half of eps (4 levels),
            // and at least five times what the old rule's sparse lattice kept
            assertThat(stats[1][2 * k]).as(what).isGreaterThan(2.0).isGreaterThan(5 * stats[0][2 * k]);
        }
    }
}

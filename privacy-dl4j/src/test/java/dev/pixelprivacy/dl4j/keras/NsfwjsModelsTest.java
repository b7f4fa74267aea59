package dev.pixelprivacy.dl4j.keras;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pixelprivacy.dl4j.onnx.OnnxModel;
import dev.pixelprivacy.dl4j.onnx.OnnxNetwork;
import dev.pixelprivacy.dl4j.testing.Fixtures;
import dev.pixelprivacy.dl4j.tools.Npy;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * nsfwjs@4.4.0's trained models straight from the npm package (fetched by the test command), read from
 * the package's own {@code .min.js} bundles. InceptionV3 has no oracle on purpose: it must give
 * nsfwjs's own top-1 class (Neutral, as nsfwjs reports for all seven sample photographs) because the
 * importer is right. The photographs are the oracle's seven, as nsfwjs prepares them for 224x224,
 * brought to InceptionV3's 299x299 with the same {@code resizeBilinear(alignCorners = true)}.
 */
class NsfwjsModelsTest {
    private static final int N = 7;
    private static final int NEUTRAL = 2;

    @TempDir
    Path dir;

    @Test
    void inceptionV3FromThePackageGivesNsfwjsTopClass() throws Exception {
        Path json = dev.pixelprivacy.dl4j.testing.Nsfwjs.extract("inception_v3", dir.resolve("inception_v3"));
        OnnxModel m = KerasImport.defaults().load(json);
        assertThat(m.declaredInputShape()).containsExactly(-1, 3, 299, 299);
        float[] x224 = Npy.read(Fixtures.kerasDir().resolve("nsfw_mobilenet_v2.input.npy")).data();
        float[] x = Fixtures.nhwcToNchw(resizeAlignCorners(x224, N, 224, 299, 3), N, 299, 299, 3);
        try (OnnxNetwork net = m.network(new long[] {N, 3, 299, 299}, null)) {
            float[] p = net.output(x);
            for (int i = 0; i < N; i++) {
                int best = 0;
                double sum = 0;
                for (int k = 0; k < 5; k++) {
                    sum += p[i * 5 + k];
                    if (p[i * 5 + k] > p[i * 5 + best]) {
                        best = k;
                    }
                }
                assertThat(sum).as("photo %d sums to one", i).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
                assertThat(best).as("photo %d top-1", i).isEqualTo(NEUTRAL);
            }
        }
    }

    @Test
    void inceptionV3WrittenAsKerasHdf5ImportsToTheSameNetwork() throws Exception {
        Path json = dev.pixelprivacy.dl4j.testing.Nsfwjs.extract("inception_v3", dir.resolve("inception_v3"));
        Path h5 = dir.resolve("nsfw_inception_v3.h5");
        TfjsToHdf5.convert(json, h5);
        assertThat(ModelFormat.detect(h5)).isEqualTo(ModelFormat.KERAS_HDF5);
        float[] x224 = java.util.Arrays.copyOf(Npy.read(Fixtures.kerasDir().resolve("nsfw_mobilenet_v2.input.npy")).data(), 224 * 224 * 3);
        float[] x = Fixtures.nhwcToNchw(resizeAlignCorners(x224, 1, 224, 299, 3), 1, 299, 299, 3);
        float[] fromJson;
        try (OnnxNetwork net = KerasImport.defaults().load(json).network(new long[] {1, 3, 299, 299}, null)) {
            fromJson = net.output(x);
        }
        try (OnnxNetwork net = KerasImport.defaults().load(h5).network(new long[] {1, 3, 299, 299}, null)) {
            assertThat(net.output(x)).containsExactly(fromJson);
        }
    }

    @Test
    void mobileNetV2FromThePackageIsTheFixturesNetwork() throws Exception {
        Path json = dev.pixelprivacy.dl4j.testing.Nsfwjs.extract("mobilenet_v2", dir.resolve("mobilenet_v2"));
        OnnxModel m = KerasImport.defaults().load(json);
        float[] nhwc = java.util.Arrays.copyOf(Npy.read(Fixtures.kerasDir().resolve("nsfw_mobilenet_v2.input.npy")).data(), 224 * 224 * 3);
        try (OnnxNetwork net = m.network(new long[] {1, 3, 224, 224}, null)) {
            float[] p = net.output(Fixtures.nhwcToNchw(nhwc, 1, 224, 224, 3));
            float[] tfjs = java.util.Arrays.copyOf(Npy.read(Fixtures.kerasDir().resolve("nsfw_mobilenet_v2.output.npy")).data(), 5);
            assertThat(Fixtures.maxAbsRelative(p, tfjs)).isLessThan(1e-4);
        }
    }

    /** tf.image.resizeBilinear(alignCorners = true) of square NHWC images: source = out * (in - 1) / (out - 1). */
    static float[] resizeAlignCorners(float[] x, int n, int in, int out, int c) {
        float[] r = new float[n * out * out * c];
        double scale = (double) (in - 1) / (out - 1);
        for (int b = 0; b < n; b++) {
            for (int oy = 0; oy < out; oy++) {
                double sy = oy * scale;
                int y0 = (int) Math.floor(sy);
                int y1 = Math.min(y0 + 1, in - 1);
                double fy = sy - y0;
                for (int ox = 0; ox < out; ox++) {
                    double sx = ox * scale;
                    int x0 = (int) Math.floor(sx);
                    int x1 = Math.min(x0 + 1, in - 1);
                    double fx = sx - x0;
                    for (int k = 0; k < c; k++) {
                        double top = x[((b * in + y0) * in + x0) * c + k] * (1 - fx) + x[((b * in + y0) * in + x1) * c + k] * fx;
                        double bot = x[((b * in + y1) * in + x0) * c + k] * (1 - fx) + x[((b * in + y1) * in + x1) * c + k] * fx;
                        r[((b * out + oy) * out + ox) * c + k] = (float) (top * (1 - fy) + bot * fy);
                    }
                }
            }
        }
        return r;
    }
}

package dev.pixelprivacy.dl4j.keras;

/**
 * Naive channels-last reference implementations of the Keras layers, in doubles, written from
 * TensorFlow's definitions (not from the importer): {@code same} padding puts floor(total / 2) before
 * and the rest after; average pooling divides by the samples inside the input.
 */
final class NhwcReference {
    private NhwcReference() {}

    /** A tensor [n, h, w, c], row-major. */
    record T(int n, int h, int w, int c, double[] v) {
        static T of(float[] f, int n, int h, int w, int c) {
            double[] d = new double[f.length];
            for (int i = 0; i < d.length; i++) {
                d[i] = f[i];
            }
            return new T(n, h, w, c, d);
        }

        double at(int b, int y, int x, int k) {
            return v[((b * h + y) * w + x) * c + k];
        }

        /** @return the values [n, c, h, w] as floats, the importer's layout */
        float[] nchw() {
            float[] r = new float[v.length];
            for (int b = 0; b < n; b++) {
                for (int k = 0; k < c; k++) {
                    for (int y = 0; y < h; y++) {
                        for (int x = 0; x < w; x++) {
                            r[((b * c + k) * h + y) * w + x] = (float) at(b, y, x, k);
                        }
                    }
                }
            }
            return r;
        }

        /** @return the values in Keras's own order as floats */
        float[] flat() {
            float[] r = new float[v.length];
            for (int i = 0; i < r.length; i++) {
                r[i] = (float) v[i];
            }
            return r;
        }
    }

    /** @return begin pad of one axis for TF's padding mode */
    static int padBegin(int in, int k, int s, int d, boolean same) {
        if (!same) {
            return 0;
        }
        int out = (in + s - 1) / s;
        int total = Math.max(0, (out - 1) * s + (k - 1) * d + 1 - in);
        return total / 2;
    }

    static int outSize(int in, int k, int s, int d, boolean same) {
        return same ? (in + s - 1) / s : (in - ((k - 1) * d + 1)) / s + 1;
    }

    /** Conv2D, kernel [kh, kw, ci, co] (groups 1). */
    static T conv(T x, float[] kernel, int kh, int kw, int co, float[] bias, int s, int d, boolean same) {
        int oh = outSize(x.h, kh, s, d, same);
        int ow = outSize(x.w, kw, s, d, same);
        int pt = padBegin(x.h, kh, s, d, same);
        int pl = padBegin(x.w, kw, s, d, same);
        double[] r = new double[x.n * oh * ow * co];
        for (int b = 0; b < x.n; b++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    for (int o = 0; o < co; o++) {
                        double acc = bias == null ? 0 : bias[o];
                        for (int i = 0; i < kh; i++) {
                            for (int j = 0; j < kw; j++) {
                                int y = oy * s + i * d - pt;
                                int xx = ox * s + j * d - pl;
                                if (y < 0 || y >= x.h || xx < 0 || xx >= x.w) {
                                    continue;
                                }
                                for (int a = 0; a < x.c; a++) {
                                    acc += x.at(b, y, xx, a) * kernel[((i * kw + j) * x.c + a) * co + o];
                                }
                            }
                        }
                        r[((b * oh + oy) * ow + ox) * co + o] = acc;
                    }
                }
            }
        }
        return new T(x.n, oh, ow, co, r);
    }

    /** DepthwiseConv2D, kernel [kh, kw, c, m]; output channel c * m + j. */
    static T depthwise(T x, float[] kernel, int kh, int kw, int m, float[] bias, int s, int d, boolean same) {
        int oh = outSize(x.h, kh, s, d, same);
        int ow = outSize(x.w, kw, s, d, same);
        int pt = padBegin(x.h, kh, s, d, same);
        int pl = padBegin(x.w, kw, s, d, same);
        int co = x.c * m;
        double[] r = new double[x.n * oh * ow * co];
        for (int b = 0; b < x.n; b++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    for (int ch = 0; ch < x.c; ch++) {
                        for (int mm = 0; mm < m; mm++) {
                            double acc = bias == null ? 0 : bias[ch * m + mm];
                            for (int i = 0; i < kh; i++) {
                                for (int j = 0; j < kw; j++) {
                                    int y = oy * s + i * d - pt;
                                    int xx = ox * s + j * d - pl;
                                    if (y >= 0 && y < x.h && xx >= 0 && xx < x.w) {
                                        acc += x.at(b, y, xx, ch) * kernel[((i * kw + j) * x.c + ch) * m + mm];
                                    }
                                }
                            }
                            r[((b * oh + oy) * ow + ox) * co + ch * m + mm] = acc;
                        }
                    }
                }
            }
        }
        return new T(x.n, oh, ow, co, r);
    }

    /** MaxPooling2D or AveragePooling2D (the average over samples inside the input). */
    static T pool(T x, int k, int s, boolean same, boolean max) {
        int oh = outSize(x.h, k, s, 1, same);
        int ow = outSize(x.w, k, s, 1, same);
        int pt = padBegin(x.h, k, s, 1, same);
        int pl = padBegin(x.w, k, s, 1, same);
        double[] r = new double[x.n * oh * ow * x.c];
        for (int b = 0; b < x.n; b++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    for (int ch = 0; ch < x.c; ch++) {
                        double acc = max ? Double.NEGATIVE_INFINITY : 0;
                        int count = 0;
                        for (int i = 0; i < k; i++) {
                            for (int j = 0; j < k; j++) {
                                int y = oy * s + i - pt;
                                int xx = ox * s + j - pl;
                                if (y >= 0 && y < x.h && xx >= 0 && xx < x.w) {
                                    double v = x.at(b, y, xx, ch);
                                    acc = max ? Math.max(acc, v) : acc + v;
                                    count++;
                                }
                            }
                        }
                        r[((b * oh + oy) * ow + ox) * x.c + ch] = max ? acc : acc / count;
                    }
                }
            }
        }
        return new T(x.n, oh, ow, x.c, r);
    }

    /** A function of one value, applied elementwise. */
    interface F {
        double f(double v);
    }

    static T map(T x, F f) {
        double[] r = new double[x.v.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = f.f(x.v[i]);
        }
        return new T(x.n, x.h, x.w, x.c, r);
    }

    /** Per-channel a * x + b (BatchNormalization in inference, Rescaling). */
    static T affine(T x, double[] a, double[] bb) {
        double[] r = new double[x.v.length];
        for (int i = 0; i < r.length; i++) {
            int ch = i % x.c;
            r[i] = a[ch] * x.v[i] + bb[ch];
        }
        return new T(x.n, x.h, x.w, x.c, r);
    }

    /** Softmax over the channel (last) axis. */
    static T softmax(T x) {
        double[] r = new double[x.v.length];
        for (int p = 0; p < x.v.length / x.c; p++) {
            double m = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < x.c; k++) {
                m = Math.max(m, x.v[p * x.c + k]);
            }
            double sum = 0;
            for (int k = 0; k < x.c; k++) {
                sum += Math.exp(x.v[p * x.c + k] - m);
            }
            for (int k = 0; k < x.c; k++) {
                r[p * x.c + k] = Math.exp(x.v[p * x.c + k] - m) / sum;
            }
        }
        return new T(x.n, x.h, x.w, x.c, r);
    }

    /** Global pooling to [n, 1, 1, c]. */
    static T global(T x, boolean max) {
        double[] r = new double[x.n * x.c];
        for (int b = 0; b < x.n; b++) {
            for (int ch = 0; ch < x.c; ch++) {
                double acc = max ? Double.NEGATIVE_INFINITY : 0;
                for (int y = 0; y < x.h; y++) {
                    for (int xx = 0; xx < x.w; xx++) {
                        acc = max ? Math.max(acc, x.at(b, y, xx, ch)) : acc + x.at(b, y, xx, ch);
                    }
                }
                r[b * x.c + ch] = max ? acc : acc / (x.h * x.w);
            }
        }
        return new T(x.n, 1, 1, x.c, r);
    }

    /** Dense on [n, 1, 1, in] (flattened) with kernel [in, out]. */
    static T dense(T x, float[] kernel, float[] bias, int out) {
        int in = x.h * x.w * x.c;
        double[] r = new double[x.n * out];
        for (int b = 0; b < x.n; b++) {
            for (int o = 0; o < out; o++) {
                double acc = bias[o];
                for (int i = 0; i < in; i++) {
                    acc += x.v[b * in + i] * kernel[i * out + o];
                }
                r[b * out + o] = acc;
            }
        }
        return new T(x.n, 1, 1, out, r);
    }

    /** ZeroPadding2D. */
    static T zeroPad(T x, int top, int bottom, int left, int right) {
        int oh = x.h + top + bottom;
        int ow = x.w + left + right;
        double[] r = new double[x.n * oh * ow * x.c];
        for (int b = 0; b < x.n; b++) {
            for (int y = 0; y < x.h; y++) {
                for (int xx = 0; xx < x.w; xx++) {
                    for (int ch = 0; ch < x.c; ch++) {
                        r[((b * oh + y + top) * ow + xx + left) * x.c + ch] = x.at(b, y, xx, ch);
                    }
                }
            }
        }
        return new T(x.n, oh, ow, x.c, r);
    }

    /** Concatenation along the channel axis. */
    static T concatChannels(T a, T b) {
        int c = a.c + b.c;
        double[] r = new double[a.n * a.h * a.w * c];
        for (int p = 0; p < a.n * a.h * a.w; p++) {
            System.arraycopy(a.v, p * a.c, r, p * c, a.c);
            System.arraycopy(b.v, p * b.c, r, p * c + a.c, b.c);
        }
        return new T(a.n, a.h, a.w, c, r);
    }

    /** Elementwise combination of two tensors of one shape. */
    interface F2 {
        double f(double a, double b);
    }

    static T zip(T a, T b, F2 f) {
        double[] r = new double[a.v.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = f.f(a.v[i], b.v[i]);
        }
        return new T(a.n, a.h, a.w, a.c, r);
    }
}

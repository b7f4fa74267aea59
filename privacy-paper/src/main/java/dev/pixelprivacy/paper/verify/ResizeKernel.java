package dev.pixelprivacy.paper.verify;

import com.twelvemonkeys.image.ResampleOp;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The resampling filters a {@link PlatformChain} resize may use, each one of TwelveMonkeys'
 * {@link ResampleOp} filters (Schumacher's "General filtered image rescaling", Graphics Gems III, as
 * TwelveMonkeys implements it). Each filters when it shrinks: halving a real photo, the box filter gives
 * Pillow's BOX to one level, and Lanczos and bilinear stay within an RMS of 8 and 4 levels of Pillow's
 * antialiased filters of the same names ({@code PlatformChainTest}).
 */
public enum ResizeKernel {
    /** Lanczos, 3 lobes: what most image libraries and many platforms use to shrink photos. */
    LANCZOS("lanczos", ResampleOp.FILTER_LANCZOS),
    /** The triangle filter: bilinear with antialiasing (PIL's BILINEAR when shrinking). */
    BILINEAR("bilinear", ResampleOp.FILTER_TRIANGLE),
    /** Catmull-Rom cubic (a = -0.5): bicubic with antialiasing (PIL's BICUBIC). */
    BICUBIC("bicubic", ResampleOp.FILTER_CATROM),
    /** The box filter: area averaging when shrinking (OpenCV's INTER_AREA, PIL's BOX). */
    AREA("area", ResampleOp.FILTER_BOX);

    private final String token;
    private final int filter;

    ResizeKernel(String token, int filter) {
        this.token = token;
        this.filter = filter;
    }

    /** @return the name in a chain spec, e.g. {@code lanczos} */
    public String token() {
        return token;
    }

    /** @return the {@link ResampleOp} filter constant */
    int resampleFilter() {
        return filter;
    }

    /**
     * @param token a kernel's name, any case
     * @return the kernel
     * @throws IllegalArgumentException naming the token and the known kernels
     */
    public static ResizeKernel parse(String token) {
        for (ResizeKernel k : values()) {
            if (k.token.equals(token.toLowerCase(Locale.ROOT))) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown resize kernel '" + token + "'; known: "
                + Arrays.stream(values()).map(ResizeKernel::token).collect(Collectors.joining(", ")));
    }
}

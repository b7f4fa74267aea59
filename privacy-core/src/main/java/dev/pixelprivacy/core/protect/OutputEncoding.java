package dev.pixelprivacy.core.protect;

/** What the protected image is turned into before it is reported (and written). */
public enum OutputEncoding {
    /** Keep floats: for in-memory use and for comparing against the rounded form. */
    FLOAT,
    /** Round every sample to the nearest of 256 levels, as an 8-bit PNG stores it (the default). */
    PNG_8BIT
}

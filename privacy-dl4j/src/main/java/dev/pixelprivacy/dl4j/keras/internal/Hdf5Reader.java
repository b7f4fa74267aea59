package dev.pixelprivacy.dl4j.keras.internal;

import static org.bytedeco.hdf5.global.hdf5.H5Aclose;
import static org.bytedeco.hdf5.global.hdf5.H5Aexists_by_name;
import static org.bytedeco.hdf5.global.hdf5.H5Aget_space;
import static org.bytedeco.hdf5.global.hdf5.H5Aget_type;
import static org.bytedeco.hdf5.global.hdf5.H5Aopen_by_name;
import static org.bytedeco.hdf5.global.hdf5.H5Aread;
import static org.bytedeco.hdf5.global.hdf5.H5Dclose;
import static org.bytedeco.hdf5.global.hdf5.H5Dget_space;
import static org.bytedeco.hdf5.global.hdf5.H5Dopen2;
import static org.bytedeco.hdf5.global.hdf5.H5Dread;
import static org.bytedeco.hdf5.global.hdf5.H5Eset_auto2;
import static org.bytedeco.hdf5.global.hdf5.H5F_ACC_RDONLY;
import static org.bytedeco.hdf5.global.hdf5.H5Fclose;
import static org.bytedeco.hdf5.global.hdf5.H5Fopen;
import static org.bytedeco.hdf5.global.hdf5.H5Lexists;
import static org.bytedeco.hdf5.global.hdf5.H5P_DEFAULT;
import static org.bytedeco.hdf5.global.hdf5.H5S_ALL;
import static org.bytedeco.hdf5.global.hdf5.H5Sclose;
import static org.bytedeco.hdf5.global.hdf5.H5Sget_simple_extent_dims;
import static org.bytedeco.hdf5.global.hdf5.H5Sget_simple_extent_ndims;
import static org.bytedeco.hdf5.global.hdf5.H5T_C_S1_g;
import static org.bytedeco.hdf5.global.hdf5.H5T_NATIVE_FLOAT_g;
import static org.bytedeco.hdf5.global.hdf5.H5T_STRING;
import static org.bytedeco.hdf5.global.hdf5.H5Tclose;
import static org.bytedeco.hdf5.global.hdf5.H5Tcopy;
import static org.bytedeco.hdf5.global.hdf5.H5Tget_class;
import static org.bytedeco.hdf5.global.hdf5.H5Tget_size;
import static org.bytedeco.hdf5.global.hdf5.H5Tis_variable_str;
import static org.bytedeco.hdf5.global.hdf5.H5Tset_size;
import static org.bytedeco.hdf5.global.hdf5.H5open;

import dev.pixelprivacy.dl4j.onnx.OnnxImportException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Reads what a Keras HDF5 file holds, through the HDF5 C library (JavaCPP's preset, the release
 * DeepLearning4J's model import uses): string attributes (fixed or variable length, scalar or 1-D) and
 * float datasets. The HDF5 library is built without thread safety, so every call holds one lock.
 * Read-only; close it to release the file handle.
 */
public final class Hdf5Reader implements AutoCloseable {
    /** The one lock of every call into the HDF5 library (built without thread safety). */
    static final Object LOCK = new Object();
    private static boolean initialised;

    private final String source;
    private long file;

    private Hdf5Reader(String source, long file) {
        this.source = source;
        this.file = file;
    }

    /**
     * @param path an HDF5 file
     * @return a reader of it
     * @throws IOException if the HDF5 library cannot open it
     */
    public static Hdf5Reader open(Path path) throws IOException {
        synchronized (LOCK) {
            initialise();
            long f = H5Fopen(path.toAbsolutePath().toString(), H5F_ACC_RDONLY(), H5P_DEFAULT);
            if (f < 0) {
                throw new IOException("the HDF5 library cannot open " + path);
            }
            return new Hdf5Reader(path.toString(), f);
        }
    }

    /** Starts the library once, with its error printing to stderr off (errors come back as return codes). Hold LOCK. */
    static void initialise() {
        if (!initialised) {
            H5open();
            H5Eset_auto2(0, null, null);
            initialised = true;
        }
    }

    /** @return true if the object (group or dataset) at the absolute path exists */
    public boolean exists(String path) {
        synchronized (LOCK) {
            checkOpen();
            // H5Lexists needs each link on the way to exist
            String[] parts = path.split("/");
            StringBuilder p = new StringBuilder();
            for (String s : parts) {
                if (s.isEmpty()) {
                    continue;
                }
                p.append('/').append(s);
                if (H5Lexists(file, p.toString(), H5P_DEFAULT) <= 0) {
                    return false;
                }
            }
            return true;
        }
    }

    /** @return true if the object at {@code objectPath} has the attribute */
    public boolean hasAttribute(String objectPath, String name) {
        synchronized (LOCK) {
            checkOpen();
            return H5Aexists_by_name(file, objectPath, name, H5P_DEFAULT) > 0;
        }
    }

    /**
     * @param objectPath the group or dataset holding the attribute ("/" for the file)
     * @param name the attribute
     * @return its strings (one for a scalar attribute), trailing NULs removed
     */
    public List<String> stringAttribute(String objectPath, String name) {
        synchronized (LOCK) {
            checkOpen();
            long a = H5Aopen_by_name(file, objectPath, name, H5P_DEFAULT, H5P_DEFAULT);
            if (a < 0) {
                throw new OnnxImportException(source + ": no attribute '" + name + "' on '" + objectPath + "'");
            }
            long type = H5Aget_type(a);
            long space = H5Aget_space(a);
            try {
                if (H5Tget_class(type) != H5T_STRING) {
                    throw new OnnxImportException(source + ": attribute '" + name + "' on '" + objectPath
                            + "' is not a string (HDF5 type class " + H5Tget_class(type) + ")");
                }
                int n = (int) count(space);
                List<String> out = new ArrayList<>(n);
                if (H5Tis_variable_str(type) > 0) {
                    long mem = H5Tcopy(H5T_C_S1_g());
                    H5Tset_size(mem, -1L); // H5T_VARIABLE
                    try (PointerPointer<BytePointer> pp = new PointerPointer<>(n)) {
                        check(H5Aread(a, mem, pp), "read attribute '" + name + "'");
                        for (int i = 0; i < n; i++) {
                            BytePointer s = pp.get(BytePointer.class, i);
                            out.add(s == null ? "" : s.getString(StandardCharsets.UTF_8));
                        }
                    } finally {
                        H5Tclose(mem);
                    }
                } else {
                    int size = (int) H5Tget_size(type);
                    try (BytePointer buf = new BytePointer((long) size * n)) {
                        check(H5Aread(a, type, buf), "read attribute '" + name + "'");
                        byte[] all = new byte[size * n];
                        buf.get(all);
                        for (int i = 0; i < n; i++) {
                            int len = 0;
                            while (len < size && all[i * size + len] != 0) {
                                len++;
                            }
                            out.add(new String(all, i * size, len, StandardCharsets.UTF_8));
                        }
                    }
                }
                return out;
            } finally {
                H5Sclose(space);
                H5Tclose(type);
                H5Aclose(a);
            }
        }
    }

    /** A float dataset: its dimensions and its values in row-major order. */
    public record FloatData(long[] shape, float[] values) {
    }

    /**
     * @param path the dataset's absolute path
     * @return its values, converted to float32 by HDF5
     */
    public FloatData floats(String path) {
        synchronized (LOCK) {
            checkOpen();
            long d = H5Dopen2(file, path, H5P_DEFAULT);
            if (d < 0) {
                throw new OnnxImportException(source + ": no dataset '" + path + "'");
            }
            long space = H5Dget_space(d);
            try {
                int rank = H5Sget_simple_extent_ndims(space);
                long[] dims = new long[Math.max(rank, 0)];
                if (rank > 0) {
                    H5Sget_simple_extent_dims(space, dims, null);
                }
                long n = count(space);
                if (n > Integer.MAX_VALUE) {
                    throw new OnnxImportException(source + ": dataset '" + path + "' has " + n + " values, too many");
                }
                float[] v = new float[(int) n];
                try (FloatPointer buf = new FloatPointer(Math.max(1, n))) {
                    check(H5Dread(d, H5T_NATIVE_FLOAT_g(), H5S_ALL, H5S_ALL, H5P_DEFAULT, buf), "read dataset '" + path + "'");
                    buf.get(v);
                }
                return new FloatData(dims, v);
            } finally {
                H5Sclose(space);
                H5Dclose(d);
            }
        }
    }

    private static long count(long space) {
        int rank = H5Sget_simple_extent_ndims(space);
        if (rank <= 0) {
            return 1;
        }
        long[] dims = new long[rank];
        H5Sget_simple_extent_dims(space, dims, null);
        long n = 1;
        for (long x : dims) {
            n *= x;
        }
        return n;
    }

    private void check(int status, String what) {
        if (status < 0) {
            throw new OnnxImportException(source + ": the HDF5 library failed to " + what);
        }
    }

    private void checkOpen() {
        if (file < 0) {
            throw new IllegalStateException("HDF5 reader of " + source + " is closed");
        }
    }

    @Override
    public void close() {
        synchronized (LOCK) {
            if (file >= 0) {
                H5Fclose(file);
                file = -1;
            }
        }
    }
}

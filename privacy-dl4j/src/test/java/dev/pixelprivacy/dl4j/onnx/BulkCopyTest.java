package dev.pixelprivacy.dl4j.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.nd4j.common.util.ArrayUtil;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** {@link OnnxNetwork#copy}'s bulk read against ND4J's own element-by-element one, on the layouts a call returns. */
class BulkCopyTest {

    private static INDArray counting(long... shape) {
        return Nd4j.arange(0, ArrayUtil.prodLong(shape)).castTo(DataType.FLOAT).reshape('c', shape);
    }

    @Test
    void copiesAWholeArray() {
        INDArray a = counting(2, 3, 4, 5);
        assertThat(OnnxNetwork.copy(a)).containsExactly(a.reshape(a.length()).toFloatVector());
    }

    @Test
    void copiesAViewThatStartsInsideALargerBuffer() {
        INDArray big = counting(10, 12);
        INDArray rows = big.get(NDArrayIndex.interval(3, 7), NDArrayIndex.all()); // offset 36, contiguous
        assertThat(rows.offset()).isEqualTo(36);
        float[] expected = new float[48];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = 36 + i;
        }
        assertThat(OnnxNetwork.copy(rows)).containsExactly(expected);
    }

    @Test
    void copiesAStridedViewInRowMajorOrder() {
        INDArray a = counting(3, 4);
        INDArray t = a.transpose(); // f-order view: the bulk read must not be used
        assertThat(OnnxNetwork.copy(t)).containsExactly(0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11);
        INDArray columns = a.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 3));
        assertThat(OnnxNetwork.copy(columns)).containsExactly(1, 2, 5, 6, 9, 10);
    }

    @Test
    void copiesAnotherDataTypeThroughNd4j() {
        INDArray d = counting(2, 3).castTo(DataType.DOUBLE);
        assertThat(OnnxNetwork.copy(d)).containsExactly(0, 1, 2, 3, 4, 5);
    }
}

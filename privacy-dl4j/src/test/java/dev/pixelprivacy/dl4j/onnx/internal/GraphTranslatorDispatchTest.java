package dev.pixelprivacy.dl4j.onnx.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pixelprivacy.dl4j.onnx.OnnxImportException;
import dev.pixelprivacy.dl4j.onnx.OnnxModelBuilder;
import java.util.List;
import onnx.Onnx;
import org.junit.jupiter.api.Test;
import org.nd4j.shade.protobuf.InvalidProtocolBufferException;

/** The supported set the translator reports is exactly the set of operators its dispatch handles. */
class GraphTranslatorDispatchTest {
    private static Onnx.ModelProto oneNode(String op) {
        try {
            return Onnx.ModelProto.parseFrom(new OnnxModelBuilder(13).input("x", 1, 2, 4, 4)
                    .node(op, new String[] {"x"}, "y").output("y").toBytes());
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theReportedSetIsTheDispatchsKeys() {
        assertThat(GraphTranslator.SUPPORTED).containsExactlyInAnyOrderElementsOf(GraphTranslator.dispatched())
                .contains("Conv", "Gemm", "Resize", "Cast");
        assertThat(List.copyOf(GraphTranslator.SUPPORTED)).isSorted();
    }

    @Test
    void everyReportedOperatorReachesItsHandler() {
        for (String op : GraphTranslator.SUPPORTED) {
            try {
                GraphTranslator.translate(oneNode(op), null, new long[] {1, 2, 4, 4}, GraphTranslator.Head.NONE, "y");
            } catch (OnnxImportException e) {
                // a lone node may lack inputs or attributes its handler needs, but it must have been handled
                assertThat(e.getMessage()).as(op).doesNotContain("unsupported operator " + op);
            }
        }
    }

    @Test
    void anOperatorOutsideTheSetIsRefusedNamingTheSet() {
        assertThatThrownBy(() -> GraphTranslator.checkSupported(oneNode("Elu"))).isInstanceOf(OnnxImportException.class)
                .hasMessageContaining("unsupported operator Elu").hasMessageContaining(GraphTranslator.SUPPORTED.toString());
    }
}

package io.sharpstep.engine.pack;

import io.sharpstep.core.TensorShape;

/**
 * One declared input or output of a graph, as its ONNX header or ONNX Runtime describes it.
 *
 * @param name  the tensor's name
 * @param type  its element type
 * @param shape its dimensions, −1 where symbolic (dynamic); null when it is not a tensor or its rank is unknown
 */
public record GraphPort(String name, ElementType type, long[] shape) {
    /** Element types SharpStep tells apart; everything else is OTHER. */
    public enum ElementType {
        FLOAT("float"), FLOAT16("float16"), INT64("int64"), OTHER("another type");

        private final String label;

        ElementType(String label) {
            this.label = label;
        }

        /** The ONNX TensorProto.DataType number's type. */
        public static ElementType ofOnnx(int dataType) {
            return switch (dataType) {
                case 1 -> FLOAT;
                case 10 -> FLOAT16;
                case 7 -> INT64;
                default -> OTHER;
            };
        }

        public boolean floating() {
            return this == FLOAT || this == FLOAT16;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /** E.g. "image [1,3,?,?]". */
    public String describe() {
        return name + " " + (shape == null ? "(not a tensor of known rank)" : TensorShape.format(shape));
    }
}

package dev.gpufit.model.safetensors;

import java.util.List;

/**
 * One entry of a safetensors header.
 *
 * @param name     tensor name, e.g. "model.layers.0.self_attn.q_proj.weight"
 * @param dtype    stored dtype
 * @param shape    logical shape (for F4: elements, two per byte), outermost first
 * @param elements product of the shape (1 for rank 0)
 * @param begin    start offset in the byte buffer after the header (inclusive)
 * @param end      end offset in the byte buffer (exclusive)
 */
public record SafetensorsTensor(
        String name, SafetensorsDtype dtype, List<Long> shape, long elements, long begin, long end) {
    public SafetensorsTensor {
        shape = List.copyOf(shape);
    }

    /** Bytes of tensor data: what this tensor occupies on the device. */
    public long bytes() {
        return end - begin;
    }

    /** Size of dimension {@code i} counted from the end (0 = innermost), or -1 when the rank is smaller. */
    public long dimFromEnd(int i) {
        int k = shape.size() - 1 - i;
        return k >= 0 ? shape.get(k) : -1;
    }
}

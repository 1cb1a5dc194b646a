package io.sharpstep.convert;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The {@code k=v} parameters of one ncnn layer line, as ncnn's ParamDict holds them: scalar ids
 * {@code 0..}, and array ids written as {@code -23300-id=n,v1,...,vn}, stored here under {@code id}.
 * Values are kept as text and interpreted by the getter the layer asks for.
 *
 * @param values parameter id to its value tokens (one token for scalars, n tokens for arrays)
 */
public record NcnnParams(Map<Integer, String[]> values) {

    /** Offset ncnn uses to mark array parameters ({@code -23300 - id}). */
    static final int ARRAY_KEY_BASE = -23300;

    /** Makes an unmodifiable, id-ordered copy. */
    public NcnnParams {
        values = Map.copyOf(new TreeMap<>(values));
    }

    /**
     * @param id  parameter id
     * @param def value when absent
     * @return the integer value (a float token is truncated, as ncnn would read it)
     */
    public int getInt(int id, int def) {
        String[] v = values.get(id);
        if (v == null) {
            return def;
        }
        return isFloat(v[0]) ? (int) Float.parseFloat(v[0]) : Integer.parseInt(v[0]);
    }

    /**
     * @param id  parameter id
     * @param def value when absent
     * @return the float value
     */
    public float getFloat(int id, float def) {
        String[] v = values.get(id);
        return v == null ? def : Float.parseFloat(v[0]);
    }

    /**
     * @param id array parameter id (without the -23300 offset)
     * @return the array values, empty when absent
     */
    public float[] getFloats(int id) {
        String[] v = values.get(id);
        if (v == null) {
            return new float[0];
        }
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Float.parseFloat(v[i]);
        }
        return out;
    }

    /**
     * @param id parameter id
     * @return whether the parameter is present
     */
    public boolean has(int id) {
        return values.containsKey(id);
    }

    /**
     * Fails when the layer carries a parameter id outside {@code known}.
     *
     * @param layer the layer these parameters belong to, for the message
     * @param known ids the converter understands for this layer type
     */
    public void requireOnly(NcnnLayer layer, Set<Integer> known) {
        for (Integer id : values.keySet()) {
            if (!known.contains(id)) {
                throw new ConversionException("Layer " + layer.name() + " of type " + layer.type()
                        + " has parameter " + id + "=" + String.join(",", values.get(id))
                        + ", which this converter does not support.");
            }
        }
    }

    static boolean isFloat(String token) {
        return token.indexOf('.') >= 0 || token.indexOf('e') >= 0 || token.indexOf('E') >= 0;
    }
}

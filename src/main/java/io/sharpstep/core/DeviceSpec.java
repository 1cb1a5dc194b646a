package io.sharpstep.core;

/**
 * A requested device: {@code auto}, {@code cpu}, {@code cuda} or {@code cuda:N}.
 *
 * @param kind  what to use
 * @param index the CUDA device number (0 unless given)
 */
public record DeviceSpec(DeviceKind kind, int index) {
    public static final DeviceSpec AUTO = new DeviceSpec(DeviceKind.AUTO, 0);
    public static final DeviceSpec CPU = new DeviceSpec(DeviceKind.CPU, 0);

    public DeviceSpec {
        if (index < 0) {
            throw new SharpStepException(SharpStepException.Kind.OPTION, "A CUDA device number cannot be negative: " + index + ".");
        }
    }

    /** Parses {@code auto}, {@code cpu}, {@code cuda}, {@code cuda:1}. */
    public static DeviceSpec parse(String text) {
        String t = text == null ? "" : text.trim();
        int colon = t.indexOf(':');
        if (colon < 0) {
            return new DeviceSpec(DeviceKind.lookup(t), 0);
        }
        DeviceKind kind = DeviceKind.lookup(t.substring(0, colon));
        if (kind != DeviceKind.CUDA) {
            throw new SharpStepException(SharpStepException.Kind.OPTION, "Only CUDA devices take a number (cuda:N), not '" + t + "'.");
        }
        try {
            return new DeviceSpec(kind, Integer.parseInt(t.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new SharpStepException(SharpStepException.Kind.OPTION, "Device '" + t + "' is not of the form cuda:N.", e);
        }
    }

    @Override
    public String toString() {
        return kind == DeviceKind.CUDA ? "cuda:" + index : kind.key();
    }
}

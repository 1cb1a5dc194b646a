package io.sharpstep.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Shared {@code lookup(String)} for the enums whose constants carry a user-facing key. */
public final class Choices {
    private Choices() {
    }

    /** An enum constant's word for users: its name in lower case with dashes ({@code ONE_STEP_LATENT} → one-step-latent). */
    public interface Keyed {
        String name();

        default String key() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public static <E extends Enum<E> & Keyed> E lookup(Class<E> type, String what, String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        for (E e : type.getEnumConstants()) {
            if (e.key().equals(v)) {
                return e;
            }
        }
        String allowed = Arrays.stream(type.getEnumConstants()).map(Keyed::key)
                .collect(Collectors.joining(", "));
        throw new SharpStepException(SharpStepException.Kind.OPTION, "Unknown " + what + " '" + value + "': expected one of " + allowed + ".");
    }
}

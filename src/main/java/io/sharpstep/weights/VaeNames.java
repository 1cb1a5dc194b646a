package io.sharpstep.weights;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The VAE's attention parameters under their old diffusers names ({@code query}, {@code key}, {@code value},
 * {@code proj_attn}), which the public SD 2.1 VAE file still uses, mapped to the current ones ({@code to_q},
 * {@code to_k}, {@code to_v}, {@code to_out.0}), as diffusers' loader does for the mid-block attention.
 */
public final class VaeNames {
    private static final Pattern OLD = Pattern.compile(
            "^((?:encoder|decoder)\\.mid_block\\.attentions\\.\\d+)\\.(query|key|value|proj_attn)\\.(weight|bias)$");

    private VaeNames() {
    }

    /** The current name of a VAE state-dict key (unchanged when it is not an old attention name). */
    public static String current(String key) {
        Matcher m = OLD.matcher(key);
        if (!m.matches()) {
            return key;
        }
        String to = switch (m.group(2)) {
            case "query" -> "to_q";
            case "key" -> "to_k";
            case "value" -> "to_v";
            default -> "to_out.0";
        };
        return m.group(1) + "." + to + "." + m.group(3);
    }
}

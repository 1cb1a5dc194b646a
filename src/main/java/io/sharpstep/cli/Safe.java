package io.sharpstep.cli;

/**
 * Makes text safe to print on a terminal: file names and model names come from outside and may hold line
 * breaks, escape sequences or bidirectional overrides that would forge or hide output lines. Such characters
 * are shown escaped ({@code \n}, {@code \x1b}, {@code \u202e}); everything else is printed as it is.
 */
final class Safe {
    private Safe() {
    }

    static String text(Object value) {
        String s = String.valueOf(value);
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String esc = escape(c);
            if (esc != null && b == null) {
                b = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (b != null) {
                b.append(esc != null ? esc : String.valueOf(c));
            }
        }
        return b == null ? s : b.toString();
    }

    private static String escape(char c) {
        switch (c) {
            case '\n':
                return "\\n";
            case '\r':
                return "\\r";
            case '\t':
                return "\\t";
            default:
                break;
        }
        if (c < 0x20 || c == 0x7F) {
            return String.format("\\x%02x", (int) c);
        }
        boolean c1 = c >= 0x80 && c <= 0x9F;
        boolean bidi = c == 0x061C || c == 0x200E || c == 0x200F || c >= 0x202A && c <= 0x202E
                || c >= 0x2066 && c <= 0x2069;
        boolean separator = c == 0x2028 || c == 0x2029;
        return c1 || bidi || separator ? String.format("\\u%04x", (int) c) : null;
    }
}

package io.sharpstep.weights;

import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Unpickler;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Map;
import java.util.function.Function;

/**
 * A pickle reader that never runs anything a file names. A pickle calls "globals" (Python functions and
 * classes) by name; this reader resolves each name only through its own allow-list of Java constructors that
 * build plain data, and stops at the first name off the list. Opcodes that build arbitrary objects by class
 * (INST, OBJ, the extension registry) are refused, and every length a pickle declares is checked against the
 * bytes actually left before anything is allocated.
 */
final class SafePickle extends Unpickler {
    /** Thrown for a pickle that is not allowed or not well formed; the message is a phrase for a sentence. */
    static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Refused(String why) {
            super(why);
        }
    }

    private static final short GLOBAL = 'c';
    private static final short STACK_GLOBAL = 0x93;
    private static final short INST = 'i';
    private static final short OBJ = 'o';
    private static final short EXT1 = 0x82;
    private static final short EXT2 = 0x83;
    private static final short EXT4 = 0x84;
    private static final short PERSID = 'P';

    private final Map<String, IObjectConstructor> allowed;
    private final Function<Object, Object> persistent;

    SafePickle(Map<String, IObjectConstructor> allowed, Function<Object, Object> persistent) {
        this.allowed = Map.copyOf(allowed);
        this.persistent = persistent;
    }

    /** Unpickles {@code bytes}; throws {@link Refused} for anything off the allow-list or malformed. */
    Object read(byte[] bytes) {
        try {
            return load(new ByteArrayInputStream(bytes));
        } catch (Refused e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new Refused("its pickle is damaged (" + e.getClass().getSimpleName() + ")");
        } finally {
            close();
        }
    }

    @Override
    protected Object dispatch(short key) throws PickleException, IOException {
        switch (key) {
            case GLOBAL -> {
                String module = PickleUtils.readline(input);
                String name = PickleUtils.readline(input);
                stack.add(lookup(module, name));
                return NO_RETURN_VALUE;
            }
            case STACK_GLOBAL -> {
                Object name = stack.pop();
                Object module = stack.pop();
                if (!(name instanceof String n) || !(module instanceof String m)) {
                    throw new Refused("its pickle names a global that is not text");
                }
                stack.add(lookup(m, n));
                return NO_RETURN_VALUE;
            }
            case INST, OBJ, EXT1, EXT2, EXT4 -> throw new Refused("its pickle builds objects by class (opcode 0x"
                    + Integer.toHexString(key) + "), which is never allowed");
            case PERSID -> throw new Refused("its pickle uses text persistent ids, which torch never writes");
            case 'T', 'X', 'B', 0x8b -> checkLength(4);
            case 0x8d, 0x8e, 0x96, 0x95 -> checkLength(8);
            default -> {
                // every other opcode reads a bounded amount
            }
        }
        return super.dispatch(key);
    }

    private void checkLength(int width) throws IOException {
        input.mark(16);
        byte[] b = PickleUtils.readbytes(input, width);
        long n = 0;
        for (int i = width - 1; i >= 0; i--) {
            n = (n << 8) | (b[i] & 0xFF);
        }
        int left = input.available();
        input.reset();
        if (n < 0 || n > left) {
            throw new Refused("its pickle declares " + Long.toUnsignedString(n) + " bytes where only " + left
                    + " are left");
        }
    }

    private IObjectConstructor lookup(String module, String name) {
        IObjectConstructor c = allowed.get(module + "." + name);
        if (c == null) {
            throw new Refused("its pickle asks to run " + module + "." + name
                    + ", which is not on SharpStep's list of safe names");
        }
        return c;
    }

    @Override
    protected Object persistentLoad(Object pid) {
        return persistent.apply(pid);
    }
}

package lab;

import java.lang.reflect.Field;
import sun.misc.Unsafe;

/** The sun.misc.Unsafe instance, as libraries obtain it. */
final class Unsafes {
    static final Unsafe U = get();

    private static Unsafe get() {
        try {
            Field f = Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            return (Unsafe) f.get(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Allocates off-heap memory large enough for glibc to serve it with its
     * own mmap, then frees it: the address now points into unmapped memory.
     */
    static long freedAddress() {
        long a = U.allocateMemory(8 << 20);
        U.putLong(a, 42);
        U.freeMemory(a);
        return a;
    }

    private Unsafes() {}
}

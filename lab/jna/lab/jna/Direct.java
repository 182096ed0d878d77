package lab.jna;

import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * A JNA direct-mapped call (Native.register) that passes a NULL pointer
 * to a native function which writes through its first argument.
 */
public class Direct {
    static native void lab_init_header(Pointer header, int length);

    public static void main(String[] args) {
        Native.register(Direct.class, System.getProperty("lab.lib"));
        lab_init_header(Pointer.NULL, 64);
    }
}

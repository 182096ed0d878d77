package lab.jna;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * A JNA callback: native code hands Java an interior pointer of a NULL
 * array (0x8), and the callback reads through it with Pointer.getInt.
 */
public class Callback {
    public interface SampleFn extends com.sun.jna.Callback {
        void invoke(Pointer value);
    }

    public interface Lab extends Library {
        void lab_each_sample(Pointer samples, int n, SampleFn fn);
    }

    public static void main(String[] args) {
        Lab lab = Native.load(System.getProperty("lab.lib"), Lab.class);
        lab.lab_each_sample(null, 1, value -> System.out.println(value.getInt(0)));
    }
}

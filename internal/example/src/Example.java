// An embedded example for `hserr explain --example`: native code gets a
// NULL pointer from Java (an allocation that failed and was not checked)
// and writes a field of the struct it points to.
public class Example {
    static { System.loadLibrary("example"); }
    static native int initHeader(long header, int len);
    public static void main(String[] args) {
        long header = 0; // malloc failed; nobody checked
        System.out.println(initHeader(header, 16));
    }
}

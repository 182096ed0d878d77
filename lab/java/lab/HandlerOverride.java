package lab;

/**
 * A library replaces the JVM's SIGSEGV handler; afterwards an ordinary
 * NullPointerException, which the JVM raises from a SIGSEGV, kills the VM.
 */
public class HandlerOverride {
    int value;

    static int read(HandlerOverride h) {
        return h.value; // implicit null check: the JVM relies on SIGSEGV here
    }

    public static void main(String[] args) {
        Native.installHandler();
        try {
            System.out.println(read(null));
        } catch (NullPointerException e) {
            System.out.println("NPE handled: " + e);
        }
    }
}

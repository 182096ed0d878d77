package lab;

/** A null array reaches native code that calls GetArrayLength on it. */
public class JniMisuse {
    public static void main(String[] args) {
        System.out.println(Native.sum(null));
    }
}

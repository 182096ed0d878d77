package lab;

/** Native code reaches a __builtin_trap() "cannot happen" path. */
public class Trap {
    public static void main(String[] args) {
        System.out.println(Native.checkState(7));
    }
}

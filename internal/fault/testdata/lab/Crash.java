// Crash runs one native crash from libcrash (crash.c) by name.
public class Crash {
    static native void store(long addr, int v);
    static native void mapFailed();
    static native int divide(int a, int b);
    static native void trap();

    public static void main(String[] args) {
        System.load(System.getProperty("crash.lib"));
        switch (args[0]) {
            case "store": store(0L, 42); break;
            case "mapFailed": mapFailed(); break;
            case "divide": System.out.println(divide(7, 0)); break;
            case "trap": trap(); break;
            default: throw new IllegalArgumentException(args[0]);
        }
    }
}

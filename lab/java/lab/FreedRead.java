package lab;

/**
 * Reads off-heap memory after freeing it. args[0] = "warm" first runs the
 * reader on live memory until the JIT compiles it (the lab runs this with
 * C2 only), so the fault is in compiled code; otherwise it runs interpreted.
 */
public class FreedRead {
    static long peek(long address) {
        return Unsafes.U.getLong(address);
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("warm")) {
            long live = Unsafes.U.allocateMemory(64);
            long s = 0;
            for (int i = 0; i < 20_000; i++) {
                s += peek(live);
            }
            System.out.println("warm " + s);
        }
        System.out.println(peek(Unsafes.freedAddress()));
    }
}

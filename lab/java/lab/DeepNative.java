package lab;

/** Unbounded native recursion on a thread with a 512 KiB stack. */
public class DeepNative {
    public static void main(String[] args) throws InterruptedException {
        Thread t = new Thread(null, () -> System.out.println(Native.walk()), "deep-native", 512 * 1024);
        t.start();
        t.join();
    }
}

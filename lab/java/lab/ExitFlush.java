package lab;

/** Arms a native library destructor, then exits normally. */
public class ExitFlush {
    public static void main(String[] args) {
        Native.armExitFlush();
        System.out.println("exiting");
        System.exit(0);
    }
}

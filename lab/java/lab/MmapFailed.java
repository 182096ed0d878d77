package lab;

/** Native code maps a file that does not exist and ignores MAP_FAILED. */
public class MmapFailed {
    public static void main(String[] args) {
        Native.mapRing("/nonexistent/hserr-lab-ring");
    }
}

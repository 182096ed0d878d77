package lab;

import java.util.ArrayList;
import java.util.List;

/** Fills the heap; run with -XX:+CrashOnOutOfMemoryError. */
public class Oome {
    public static void main(String[] args) {
        List<long[]> hold = new ArrayList<>();
        while (true) {
            hold.add(new long[1 << 16]);
        }
    }
}

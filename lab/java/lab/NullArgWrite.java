package lab;

import java.nio.ByteBuffer;

/** Passes a heap ByteBuffer where native code expects a direct one. */
public class NullArgWrite {
    public static void main(String[] args) {
        Native.initHeader(ByteBuffer.allocate(64));
    }
}

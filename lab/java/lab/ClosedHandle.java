package lab;

/** Uses a native handle after close() zeroed it. */
public class ClosedHandle {
    private long handle = 0x1000; // stands in for a real native pointer

    void close() {
        handle = 0;
    }

    int fd() {
        return Native.connFd(handle);
    }

    public static void main(String[] args) {
        ClosedHandle c = new ClosedHandle();
        c.close();
        System.out.println(c.fd());
    }
}

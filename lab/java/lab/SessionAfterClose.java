package lab;

/** Keeps using a native session handle after closing it. */
public class SessionAfterClose {
    private final long handle = Native.sessionOpen();

    void close() {
        Native.sessionClose(handle); // the handle is not cleared
    }

    int fd() {
        return Native.sessionFd(handle);
    }

    public static void main(String[] args) {
        SessionAfterClose s = new SessionAfterClose();
        s.close();
        System.out.println(s.fd());
    }
}

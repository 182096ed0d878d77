package lab;

/** JNI entry points of liblab.so; the lab passes its path as -Dlab.lib. */
final class Native {
    static {
        System.load(System.getProperty("lab.lib"));
    }

    static native void initHeader(java.nio.ByteBuffer buf);
    static native int connFd(long handle);
    static native void mapRing(String path);
    static native int average(int sum, int count);
    static native int checkState(int state);
    static native int sum(int[] values);
    static native long walk();
    static native void copyRecord(int len);
    static native void useFeature(String name);
    static native void installHandler();
    static native long sessionOpen();
    static native void sessionClose(long handle);
    static native int sessionFd(long handle);
    static native void armExitFlush();

    private Native() {}
}

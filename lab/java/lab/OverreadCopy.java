package lab;

/** Native memcpy with a length that runs past its source buffer. */
public class OverreadCopy {
    public static void main(String[] args) {
        Native.copyRecord(1 << 16);
    }
}

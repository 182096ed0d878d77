package lab;

/**
 * Writes a bogus compressed reference into a live object with Unsafe; the
 * next garbage collection follows it and faults inside the collector.
 */
public class CorruptHeap {
    static final class Node {
        Object next;
    }

    public static void main(String[] args) throws Exception {
        Node n = new Node();
        n.next = new Object();
        long off = Unsafes.U.objectFieldOffset(Node.class.getDeclaredField("next"));
        Unsafes.U.putInt(n, off, 0x7ffffff0); // not a reference to any object
        System.gc();
        System.out.println(n.hashCode());
    }
}

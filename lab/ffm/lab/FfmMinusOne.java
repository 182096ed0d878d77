package lab;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import jdk.incubator.foreign.CLinker;
import jdk.incubator.foreign.FunctionDescriptor;
import jdk.incubator.foreign.MemoryAddress;
import jdk.incubator.foreign.MemorySegment;
import jdk.incubator.foreign.ResourceScope;

/**
 * The memfd_secret article's crash on JDK 17's incubator FFM API: mmap
 * of a bad descriptor returns MAP_FAILED (-1), the code wraps it in a
 * MemorySegment unchecked and copies into it.
 */
public class FfmMinusOne {
    public static void main(String[] args) throws Throwable {
        CLinker c = CLinker.getInstance();
        MethodHandle mmap = c.downcallHandle(
                CLinker.systemLookup().lookup("mmap").get(),
                MethodType.methodType(MemoryAddress.class,
                        MemoryAddress.class, long.class, int.class, int.class, int.class, long.class),
                FunctionDescriptor.of(CLinker.C_POINTER,
                        CLinker.C_POINTER, CLinker.C_LONG, CLinker.C_INT, CLinker.C_INT, CLinker.C_INT, CLinker.C_LONG));
        long len = 4096;
        int protRW = 0x3, mapShared = 0x01, badFd = -1;
        MemoryAddress addr = (MemoryAddress) mmap.invokeExact(MemoryAddress.NULL, len, protRW, mapShared, badFd, 0L);
        MemorySegment secret = addr.asSegment(len, ResourceScope.globalScope());
        secret.copyFrom(MemorySegment.ofArray(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}));
    }
}

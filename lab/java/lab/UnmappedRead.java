package lab;

import java.io.RandomAccessFile;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Force-unmaps a MappedByteBuffer (Unsafe.invokeCleaner, as Kafka and
 * ClassGraph do) and then reads it: SIGSEGV in a hole of the memory map.
 */
public class UnmappedRead {
    public static void main(String[] args) throws Exception {
        Path f = Files.createTempFile(Path.of(args[0]), "index", ".dat");
        MappedByteBuffer buf;
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.setLength(1 << 20);
            buf = raf.getChannel().map(FileChannel.MapMode.READ_WRITE, 0, 1 << 20);
        }
        buf.put(0, (byte) 1);
        Unsafes.U.invokeCleaner(buf);
        System.out.println(buf.get(4096));
    }
}

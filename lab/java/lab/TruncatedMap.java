package lab;

import java.io.RandomAccessFile;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;

/**
 * Maps a file, lets it be truncated (as another process might), then
 * checksums the mapping: the pages have no backing store any more (SIGBUS).
 * CRC32 reads through a JVM stub that is not guarded against mapped-file
 * faults, so this is a crash rather than an InternalError.
 */
public class TruncatedMap {
    public static void main(String[] args) throws Exception {
        Path f = Files.createTempFile(Path.of(args[0]), "segment", ".dat");
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.setLength(1 << 16);
            MappedByteBuffer buf = raf.getChannel().map(FileChannel.MapMode.READ_ONLY, 0, 1 << 16);
            raf.setLength(0);
            CRC32 crc = new CRC32();
            crc.update(buf);
            System.out.println(crc.getValue());
        }
    }
}

package dev.weft.cli.plugin;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * UTF-8 bytes written to a {@link PrintWriter}. A character split across two writes is kept until
 * its last byte arrives.
 */
final class WriterOutputStream extends OutputStream {
  private final PrintWriter writer;
  private final CharsetDecoder decoder =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPLACE)
          .onUnmappableCharacter(CodingErrorAction.REPLACE);
  private final ByteBuffer pending = ByteBuffer.allocate(8192);
  private final CharBuffer chars = CharBuffer.allocate(8192);

  WriterOutputStream(PrintWriter writer) {
    this.writer = writer;
  }

  @Override
  public synchronized void write(int b) {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) {
    while (len > 0) {
      int n = Math.min(len, pending.remaining());
      pending.put(b, off, n);
      off += n;
      len -= n;
      decode();
    }
  }

  private void decode() {
    pending.flip();
    while (true) {
      boolean overflow = decoder.decode(pending, chars, false).isOverflow();
      chars.flip();
      writer.append(chars);
      chars.clear();
      if (!overflow) {
        break;
      }
    }
    pending.compact();
  }

  @Override
  public synchronized void flush() {
    writer.flush();
  }
}

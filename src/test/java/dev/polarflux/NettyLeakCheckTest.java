package dev.polarflux;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Test;

/** The leak check itself: a buffer dropped without release is reported. */
class NettyLeakCheckTest {

  @Test
  void bufferDroppedWithoutRelease_isReported() {
    leak();

    assertThat(NettyLeakCheck.collect(20)).isNotEmpty().first().asString().startsWith("ByteBuf");
  }

  @Test
  void releasedBuffer_isNotReported() {
    ByteBuf buf = PooledByteBufAllocator.DEFAULT.buffer(64);
    buf.writeLong(1);
    buf.release();

    assertThat(NettyLeakCheck.collect(2)).isEmpty();
  }

  private static void leak() {
    ByteBuf buf = PooledByteBufAllocator.DEFAULT.buffer(64);
    buf.writeLong(42);
  }
}

package dev.weft.proxy.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.concurrent.atomic.AtomicLong;

/** Connection meters of one peer side of a target: opens, closes, open connections, bytes. */
public final class TcpMetrics {
  final Counter opened;
  final Counter closedOk;
  final Counter closedFailed;
  final Counter readBytes;
  final Counter writeBytes;
  final AtomicLong open = new AtomicLong();

  TcpMetrics(MeterRegistry registry, Tags tags) {
    opened =
        Counter.builder("tcp_open")
            .description("TCP connections opened")
            .tags(tags)
            .register(registry);
    closedOk =
        Counter.builder("tcp_close")
            .description("TCP connections closed")
            .tags(tags.and("classification", "success"))
            .register(registry);
    closedFailed =
        Counter.builder("tcp_close")
            .description("TCP connections closed")
            .tags(tags.and("classification", "failure"))
            .register(registry);
    readBytes =
        Counter.builder("tcp_read_bytes")
            .description("Bytes read from the peer")
            .baseUnit(null)
            .tags(tags)
            .register(registry);
    writeBytes =
        Counter.builder("tcp_write_bytes")
            .description("Bytes written to the peer")
            .tags(tags)
            .register(registry);
    Gauge.builder("tcp_open_connections", open, AtomicLong::get)
        .description("TCP connections open now")
        .tags(tags)
        .register(registry);
  }
}

package dev.crossrole.bench;

import dev.crossrole.policy.Decision;
import dev.crossrole.server.internal.metrics.ServerMetrics;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What the server's meters add to one request, as the edge and {@code Access} record it: the
 * operation's meters found by service and operation, the duration recorded in its histogram, the
 * outcome counted, and one authorization decision counted. {@link #succeeded} is an allowed
 * AssumeRole; {@link #refused} an AccessDenied one, which also counts its error code. The meters
 * are registered in {@link #setup}, as the first request of an operation registers them.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RequestMetrics {
  private ServerMetrics metrics;
  private long nanos;

  @Setup
  public void setup() {
    metrics = ServerMetrics.create();
    metrics.operation("sts", "AssumeRole").succeeded(1);
    metrics.operation("sts", "AssumeRole").failed(403, "AccessDenied", 1);
  }

  @Benchmark
  public void succeeded() {
    metrics.decided(Decision.ALLOWED);
    metrics.operation("sts", "AssumeRole").succeeded(nanos++ & 0xFFFFF);
  }

  @Benchmark
  public void refused() {
    metrics.decided(Decision.IMPLICIT_DENY);
    metrics.operation("sts", "AssumeRole").failed(403, "AccessDenied", nanos++ & 0xFFFFF);
  }
}

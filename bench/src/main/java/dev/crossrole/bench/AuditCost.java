package dev.crossrole.bench;

import dev.crossrole.core.AuditEvent;
import dev.crossrole.core.AuditLog;
import dev.crossrole.core.AuditQuery;
import dev.crossrole.policy.Principal;
import dev.crossrole.server.internal.audit.ApiCall;
import dev.crossrole.server.internal.audit.AuditTrail;
import dev.crossrole.server.internal.query.QueryAnswer;
import dev.crossrole.server.internal.query.XmlResponse;
import dev.crossrole.server.internal.request.Caller;
import dev.crossrole.store.internal.AuditFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What the audit trail adds to one request: the seed story's cross-account AssumeRole (two events,
 * one per account), from the call as the edge hands it over to the events being durable.
 *
 * <p>{@link #recordNowhere} builds the events and hands them to a writer that keeps nothing; {@link
 * #recordInFiles} also appends them to the embedded store's files. Both wait for the writer, as a
 * request's answer does, so both include its hand-over between threads.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class AuditCost {
  private static final String ROLE = "arn:aws:iam::111111111111:role/OURTHINGBUILDROLE";

  private ApiCall call;
  private Path directory;
  private AuditTrail trail;
  private AuditFiles files;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    Caller builder =
        Caller.longTerm(
            Principal.parse("arn:aws:iam::222222222222:user/builder"),
            "222222222222",
            "AKIAEXAMPLEEXAMPLE01");
    call =
        ApiCall.builder(builder, "sts", "AssumeRole")
            .parameters(
                new ApiCall.Parameters.Query(
                    Map.of(
                        "Action", "AssumeRole",
                        "Version", "2011-06-15",
                        "RoleArn", ROLE,
                        "RoleSessionName", "bench",
                        "ExternalId", "some_key_build")))
            .requestId(UUID.randomUUID().toString())
            .receivedAt(Instant.now())
            .sourceIp("127.0.0.1")
            .userAgent(Optional.of("aws-cli/1.44.0 Python/3.12.8 botocore/1.42.0"))
            .region("us-east-1")
            .build()
            .answered(new ApiCall.Answer.Xml(assumeRoleResponse()));
    directory = Files.createTempDirectory("crossrole-audit-bench");
    trail = AuditTrail.keptIn(new Nowhere(), Duration.ofDays(90), Clock.systemUTC(), a -> true);
    files = new AuditFiles(directory);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    trail.close();
    files.close();
    try (var files = Files.walk(directory)) {
      files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
    }
  }

  @Benchmark
  public List<AuditEvent> build() {
    return trail.events(call);
  }

  @Benchmark
  public void buildAndAppend() {
    files.append(trail.events(call));
  }

  private static QueryAnswer assumeRoleResponse() {
    return XmlResponse.result("AssumeRole", XmlResponse.STS_NAMESPACE)
        .open("AssumedRoleUser")
        .element("AssumedRoleId", "AROA3XFRBF535PLBIFPI4:bench")
        .element("Arn", "arn:aws:sts::111111111111:assumed-role/OURTHINGBUILDROLE/bench")
        .close("AssumedRoleUser")
        .open("Credentials")
        .element("AccessKeyId", "ASIAEXAMPLEEXAMPLE02")
        .element("SecretAccessKey", "s".repeat(40))
        .element("SessionToken", "t".repeat(600))
        .element("Expiration", "2026-12-07T20:00:00Z")
        .close("Credentials")
        .element("PackedPolicySize", "6")
        .finish("AssumeRole", "c6104cbe-af31-11e0-8154-cbc7ccf896c7");
  }

  /** A log that keeps nothing: the trail here only builds events. */
  private static final class Nowhere implements AuditLog {
    @Override
    public void append(List<AuditEvent> events) {}

    @Override
    public List<AuditEvent> events(AuditQuery query) {
      return List.of();
    }

    @Override
    public int deleteBefore(Instant cutoff) {
      return 0;
    }
  }
}

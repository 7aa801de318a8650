package dev.crossrole.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crossrole.client.AssumeRequest;
import dev.crossrole.client.AwsConnection;
import dev.crossrole.client.Caching;
import dev.crossrole.client.CredentialSource;
import dev.crossrole.client.RoleAssumer;
import dev.crossrole.client.TemporaryCredentials;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client library against a real server of the seed: the cache answers within the refresh window
 * and assumes again inside it (time told by an injected clock), and never hands one source's or one
 * endpoint's credentials to another.
 */
class RoleAssumerTest {
  @RegisterExtension static final SeedServer seed = new SeedServer();

  @TempDir Path cache;

  private static AssumeRequest request() {
    return AssumeRequest.builder(SeedServer.ROLE).externalId(SeedServer.EXTERNAL_ID).build();
  }

  private RoleAssumer assumer(SeedServer server, String user, Clock clock) {
    return assumer(server.env(user), clock);
  }

  private RoleAssumer assumer(Map<String, String> env, Clock clock) {
    return RoleAssumer.create(
        AwsConnection.builder(env, cache).build(),
        Caching.onDisk(cache, Caching.DEFAULT_REFRESH_WINDOW),
        clock);
  }

  private static Clock at(Instant instant) {
    return Clock.fixed(instant, ZoneOffset.UTC);
  }

  @Test
  void assume_warmCache_sameCredentialsWithoutAnotherCall() {
    Clock now = Clock.systemUTC();
    TemporaryCredentials first = assumer(seed, "builder", now).assume(request());
    TemporaryCredentials second = assumer(seed, "builder", now).assume(request());

    assertThat(second).isEqualTo(first);
    assertThat(first.accessKeyId()).startsWith("ASIA");
  }

  @Test
  void assume_insideRefreshWindow_assumesAgain() {
    Instant start = Instant.now();
    TemporaryCredentials first = assumer(seed, "builder", at(start)).assume(request());
    Instant justOutside = first.expiration().minus(Duration.ofMinutes(16));
    Instant inside = first.expiration().minus(Duration.ofMinutes(14));

    TemporaryCredentials before = assumer(seed, "builder", at(justOutside)).assume(request());
    TemporaryCredentials after = assumer(seed, "builder", at(inside)).assume(request());

    assertThat(before).isEqualTo(first);
    assertThat(after.accessKeyId()).isNotEqualTo(first.accessKeyId());
  }

  @Test
  void refreshingSource_clockMovesIntoWindow_answersNewCredentials() {
    MovableClock clock = new MovableClock(Instant.now());
    CredentialSource source =
        RoleAssumer.create(
                AwsConnection.builder(seed.env("builder"), cache).build(), Caching.off(), clock)
            .source(request());

    TemporaryCredentials first = source.credentials();
    clock.set(first.expiration().minus(Duration.ofMinutes(20)));
    TemporaryCredentials held = source.credentials();
    clock.set(first.expiration().minus(Duration.ofMinutes(10)));
    TemporaryCredentials refreshed = source.credentials();

    assertThat(held).isSameAs(first);
    assertThat(refreshed.accessKeyId()).isNotEqualTo(first.accessKeyId());
  }

  @Test
  void assume_otherSourceKeys_neverTheOthersCredentials() {
    Clock now = Clock.systemUTC();
    TemporaryCredentials builder = assumer(seed, "builder", now).assume(request());
    TemporaryCredentials builder2 = assumer(seed, "builder2", now).assume(request());

    assertThat(builder2.accessKeyId()).isNotEqualTo(builder.accessKeyId());
    assertThat(entries()).hasSize(2);
  }

  @Test
  void assume_sameServerUnderAnotherEndpoint_neverTheOthersCredentials() {
    Clock now = Clock.systemUTC();
    Map<String, String> numeric = seed.env("builder");
    Map<String, String> named = new java.util.HashMap<>(numeric);
    named.put("AWS_ENDPOINT_URL", seed.endpoint().replace("127.0.0.1", "localhost"));

    TemporaryCredentials viaNumeric = assumer(numeric, now).assume(request());
    TemporaryCredentials viaNamed = assumer(named, now).assume(request());

    assertThat(viaNamed.accessKeyId()).isNotEqualTo(viaNumeric.accessKeyId());
  }

  @Test
  void assume_twoServers_eachAnswersItsOwn() throws IOException {
    Clock now = Clock.systemUTC();
    try (SeedServer other = SeedServer.start()) {
      TemporaryCredentials first = assumer(seed, "builder", now).assume(request());
      TemporaryCredentials second = assumer(other, "builder", now).assume(request());

      assertThat(second.accessKeyId()).isNotEqualTo(first.accessKeyId());
      assertThat(entries()).hasSize(2);
    }
  }

  @Test
  void assume_corruptEntry_replacedNotFatal() throws IOException {
    Clock now = Clock.systemUTC();
    TemporaryCredentials first = assumer(seed, "builder", now).assume(request());
    Path entry = entries().get(0);
    Files.writeString(entry, "version=1\naccessKeyId=\u0000garbage");

    TemporaryCredentials second = assumer(seed, "builder", now).assume(request());

    assertThat(second.accessKeyId()).startsWith("ASIA").isNotEqualTo(first.accessKeyId());
    assertThat(assumer(seed, "builder", now).assume(request())).isEqualTo(second);
  }

  private List<Path> entries() {
    try (Stream<Path> files = Files.list(cache.resolve("sts"))) {
      return files.filter(p -> p.toString().endsWith(".creds")).toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A clock the test sets, standing in for the passing of an hour. */
  private static final class MovableClock extends Clock {
    private volatile Instant now;

    MovableClock(Instant now) {
      this.now = now;
    }

    void set(Instant instant) {
      now = instant;
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}

package dev.crossrole.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crossrole.client.ClientException.Kind;
import dev.crossrole.client.internal.EcrClients;
import dev.crossrole.client.internal.OwnerOnlyFiles;
import dev.crossrole.client.internal.SdkFailures;
import dev.crossrole.client.internal.SourceIdentity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecr.EcrClient;

/**
 * Registry logins served on demand and cached on disk (under the cache root's {@code ecr/}, files
 * 0600), the way a docker credential helper needs them: one GetAuthorizationToken per half of a
 * token's life, not one per pull. A cached login is keyed by everything that decides it — the
 * registries asked for, the endpoint and region the SDK resolves, and the source identity (the
 * access key id, or the role and external id and their source) — so a token is never reused for
 * another endpoint or other keys.
 *
 * <p>It answers for a registry whose host is the {@code proxyEndpoint} ECR returns: on AWS {@code
 * ACCOUNT.dkr.ecr.REGION.amazonaws.com} (the account and region are read from the host and asked
 * for), on crossrole the registry's {@code host:port}.
 */
public final class RegistryTokens {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern AWS_REGISTRY =
      Pattern.compile(
          "([0-9]{12})\\.dkr\\.ecr(?:-fips)?\\.([a-z0-9-]+)\\.amazonaws\\.com(?:\\.cn)?");

  private final Path dir;
  private final Clock clock;

  private RegistryTokens(Path dir, Clock clock) {
    this.dir = dir;
    this.clock = clock;
  }

  /** The logins cached under the cache root {@code environment} and {@code home} decide. */
  public static RegistryTokens inCache(Map<String, String> environment, Path home, Clock clock) {
    return new RegistryTokens(CacheDirectory.root(environment, home).resolve("ecr"), clock);
  }

  /** Where the logins are cached. */
  public Path directory() {
    return dir;
  }

  /**
   * The login for {@code serverUrl} ({@code host[:port]}, with or without a scheme or path) when it
   * is a registry {@code settings} reaches; empty for any other registry.
   *
   * @throws ClientException when a login was needed and could not be had
   */
  public Optional<RegistryCredentials> forServer(String serverUrl, EcrSettings settings) {
    String host = RegistryCredentials.hostOf(serverUrl);
    if (host.isEmpty()) {
      return Optional.empty();
    }
    Matcher aws = AWS_REGISTRY.matcher(host);
    EcrSettings asked =
        aws.matches()
            ? settings.withRegistryIds(List.of(aws.group(1))).withRegion(aws.group(2))
            : settings;
    return current(asked).stream().filter(c -> c.host().equals(host)).findFirst();
  }

  /**
   * The logins for {@code settings}: the cached ones until half their life has passed, then fresh
   * ones from ECR.
   */
  public List<RegistryCredentials> current(EcrSettings settings) {
    try (EcrClient ecr = EcrClients.create(settings)) {
      Path file = dir.resolve(digest(key(settings, ecr)) + ".json");
      Optional<Cached> cached = read(file).filter(c -> clock.instant().isBefore(c.refreshAt()));
      if (cached.isPresent()) {
        return cached.get().logins();
      }
      Instant fetchedAt = clock.instant();
      List<RegistryCredentials> logins = EcrLogin.fetch(ecr, settings.registryIds());
      write(file, new Cached(halfLife(fetchedAt, logins), logins));
      return logins;
    } catch (SdkException e) {
      throw SdkFailures.of(e, "GetAuthorizationToken");
    }
  }

  /** The cached logins that have not expired, as {@code host → user name}. */
  public Map<String, String> list() {
    Map<String, String> listed = new TreeMap<>();
    for (Path file : files()) {
      read(file).stream()
          .flatMap(c -> c.logins().stream())
          .filter(l -> clock.instant().isBefore(l.expiresAt()))
          .forEach(l -> listed.put(l.host(), l.username()));
    }
    return listed;
  }

  /** Forgets every cached login for {@code serverUrl}'s host; the next request fetches anew. */
  public void erase(String serverUrl) {
    String host = RegistryCredentials.hostOf(serverUrl);
    for (Path file : files()) {
      Optional<Cached> cached = read(file);
      if (cached.isEmpty()) {
        continue;
      }
      List<RegistryCredentials> kept =
          cached.get().logins().stream().filter(l -> !l.host().equals(host)).toList();
      if (kept.size() == cached.get().logins().size()) {
        continue;
      }
      try {
        if (kept.isEmpty()) {
          Files.deleteIfExists(file);
        } else {
          write(file, new Cached(cached.get().refreshAt(), kept));
        }
      } catch (IOException e) {
        throw ClientException.of(Kind.CONFIGURATION, "cannot remove " + file + ": " + e, e);
      }
    }
  }

  private String key(EcrSettings settings, EcrClient ecr) {
    String identity =
        SourceIdentity.of(settings.connection().withoutEndpointUrl(), () -> resolvedKeyId(ecr));
    return String.join(
        "\n",
        String.join(",", settings.registryIds().stream().sorted().toList()),
        ecr.serviceClientConfiguration().endpointOverride().map(Object::toString).orElse("aws"),
        ecr.serviceClientConfiguration().region().id(),
        identity);
  }

  private static String resolvedKeyId(EcrClient ecr) {
    try {
      return ecr.serviceClientConfiguration()
          .credentialsProvider()
          .resolveIdentity()
          .join()
          .accessKeyId();
    } catch (CompletionException e) {
      if (e.getCause() instanceof SdkException sdk) {
        throw sdk;
      }
      throw e;
    }
  }

  /** Halfway between now and the earliest expiry, as the credential helpers refresh. */
  private static Instant halfLife(Instant now, List<RegistryCredentials> logins) {
    Instant expiry =
        logins.stream()
            .map(RegistryCredentials::expiresAt)
            .min(Comparator.naturalOrder())
            .orElse(now);
    Duration life = Duration.between(now, expiry);
    return life.isNegative() ? now : now.plus(life.dividedBy(2));
  }

  private List<Path> files() {
    List<Path> files = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return files;
    }
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*.json")) {
      stream.forEach(files::add);
    } catch (IOException e) {
      throw ClientException.of(Kind.CONFIGURATION, "cannot list " + dir + ": " + e, e);
    }
    return files;
  }

  /** The cached logins; empty when missing or unreadable (a damaged entry is fetched anew). */
  private static Optional<Cached> read(Path file) {
    try {
      Optional<String> text = OwnerOnlyFiles.read(file);
      if (text.isEmpty()) {
        return Optional.empty();
      }
      JsonNode root = JSON.readTree(text.get());
      List<RegistryCredentials> logins = new ArrayList<>();
      for (JsonNode l : root.path("logins")) {
        logins.add(
            new RegistryCredentials(
                l.get("proxyEndpoint").asText(),
                l.get("username").asText(),
                l.get("password").asText(),
                Instant.parse(l.get("expiresAt").asText())));
      }
      return Optional.of(new Cached(Instant.parse(root.get("refreshAt").asText()), logins));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static void write(Path file, Cached cached) {
    ObjectNode root = JSON.createObjectNode();
    root.put("refreshAt", cached.refreshAt().toString());
    ArrayNode logins = root.putArray("logins");
    for (RegistryCredentials l : cached.logins()) {
      logins
          .addObject()
          .put("proxyEndpoint", l.proxyEndpoint())
          .put("username", l.username())
          .put("password", l.password())
          .put("expiresAt", l.expiresAt().toString());
    }
    try {
      OwnerOnlyFiles.write(file, root.toString());
    } catch (IOException e) {
      throw ClientException.of(Kind.CONFIGURATION, "cannot write " + file + ": " + e, e);
    }
  }

  private static String digest(String key) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  private record Cached(Instant refreshAt, List<RegistryCredentials> logins) {}
}

package dev.crossrole.client;

import com.sun.net.httpserver.HttpServer;
import dev.crossrole.client.internal.ContainerCredentialsHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A loopback HTTP endpoint serving temporary credentials the way AWS SDKs read them in containers:
 * a child process given {@code AWS_CONTAINER_CREDENTIALS_FULL_URI = }{@link #uri()} and {@code
 * AWS_CONTAINER_AUTHORIZATION_TOKEN = }{@link #authorizationToken()} fetches them whenever its SDK
 * wants fresh ones, so a build can outlive one session.
 *
 * <p>It listens on 127.0.0.1 only, on a random port and a random path, and answers only requests
 * that carry the token. Every answer asks the {@link CredentialSource} afresh, which renews the
 * credentials near their expiry; closing the endpoint stops serving them.
 */
public final class ContainerCredentialsEndpoint implements AutoCloseable {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int TOKEN_BYTES = 32;
  private static final int PATH_BYTES = 16;

  private final HttpServer server;
  private final ExecutorService executor;
  private final URI uri;
  private final String token;

  private ContainerCredentialsEndpoint(
      HttpServer server, ExecutorService executor, URI uri, String token) {
    this.server = server;
    this.executor = executor;
    this.uri = uri;
    this.token = token;
  }

  /** Starts serving {@code source}'s credentials on a free loopback port. */
  public static ContainerCredentialsEndpoint start(CredentialSource source) {
    Objects.requireNonNull(source, "source");
    String token = randomText(TOKEN_BYTES);
    String path = "/" + randomText(PATH_BYTES);
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(loopback(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on 127.0.0.1 for the credentials endpoint", e);
    }
    server.createContext("/", new ContainerCredentialsHandler(source, path, token));
    ExecutorService executor =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread thread = new Thread(r, "crossrole-credentials-endpoint");
              thread.setDaemon(true);
              return thread;
            });
    server.setExecutor(executor);
    server.start();
    URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    return new ContainerCredentialsEndpoint(server, executor, uri, token);
  }

  /** The full URI, for {@code AWS_CONTAINER_CREDENTIALS_FULL_URI}. */
  public URI uri() {
    return uri;
  }

  /**
   * The secret the child sends as its Authorization header: {@code
   * AWS_CONTAINER_AUTHORIZATION_TOKEN}.
   */
  public String authorizationToken() {
    return token;
  }

  /** The address the endpoint listens on: 127.0.0.1 and its port. */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  /** Stops serving at once; requests in flight are cut off. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  @Override
  public String toString() {
    return "ContainerCredentialsEndpoint[" + address() + "]";
  }

  private static InetAddress loopback() {
    try {
      // Not InetAddress.getLoopbackAddress(): it may answer ::1, which SDKs accept but the
      // AWS CLI's older releases do not.
      return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String randomText(int bytes) {
    byte[] random = new byte[bytes];
    RANDOM.nextBytes(random);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
  }
}

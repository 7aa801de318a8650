package dev.crossrole.server.internal.edge;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.crossrole.core.AccessAnalysis;
import dev.crossrole.core.IdentityStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The operator's line to a running server: a Unix socket {@code admin.sock} in the data directory,
 * through which {@code crossrole keys rotate} and {@code crossrole access} ask the server that
 * holds the embedded store (which no second process can open) to rotate its token keys or to report
 * who may do what. Only the server's user can connect: the socket is owner-only, in the owner-only
 * data directory. No network port is opened.
 *
 * <p>Protocol: one request line, {@code keys rotate} or {@code keys rotate --revoke-all}, answered
 * with one line, {@code ok KEY-ID SEALS-FROM REVOKED} or {@code error MESSAGE}; or {@code access
 * role|user NAME [ACCOUNT]} ({@code crossrole access}), answered {@code ok JSON} or {@code error
 * MESSAGE}.
 */
public final class AdminSocket implements AutoCloseable {
  /** The socket's file name in the data directory. */
  public static final String FILE_NAME = "admin.sock";

  private final ServerSocketChannel channel;
  private final Path path;
  private final Thread acceptor;

  private AdminSocket(ServerSocketChannel channel, Path path, Thread acceptor) {
    this.channel = channel;
    this.path = path;
    this.acceptor = acceptor;
  }

  /**
   * Listens on {@code dataDirectory/admin.sock}, replacing a socket a previous run left behind;
   * empty (with a line on {@code log}) when the platform or the path's length does not allow it.
   */
  public static Optional<AdminSocket> open(
      Path dataDirectory, TokenKeyRing keys, IdentityStore store, Consumer<String> log) {
    Path path = dataDirectory.toAbsolutePath().resolve(FILE_NAME);
    ServerSocketChannel channel;
    try {
      Files.deleteIfExists(path);
      channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
      channel.bind(UnixDomainSocketAddress.of(path));
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
    } catch (IOException | UnsupportedOperationException e) {
      log.accept(
          "no admin socket ("
              + e.getMessage()
              + "); 'crossrole keys rotate' needs the server stopped or --db");
      return Optional.empty();
    }
    Thread acceptor = new Thread(() -> serve(channel, keys, store), "crossrole-admin-socket");
    acceptor.setDaemon(true);
    AdminSocket socket = new AdminSocket(channel, path, acceptor);
    acceptor.start();
    return Optional.of(socket);
  }

  private static void serve(ServerSocketChannel channel, TokenKeyRing keys, IdentityStore store) {
    while (channel.isOpen()) {
      try (SocketChannel client = channel.accept()) {
        BufferedReader in =
            new BufferedReader(new InputStreamReader(Channels.newInputStream(client), UTF_8));
        OutputStream out = Channels.newOutputStream(client);
        String request = in.readLine();
        out.write((answer(request, keys, store) + "\n").getBytes(UTF_8));
        out.flush();
      } catch (IOException e) {
        // A client that went away, or the socket closed by close(): the loop condition decides.
      }
    }
  }

  private static String answer(String request, TokenKeyRing keys, IdentityStore store) {
    if (request != null && request.startsWith("access ")) {
      return access(request.split(" "), store);
    }
    boolean revokeAll;
    if ("keys rotate".equals(request)) {
      revokeAll = false;
    } else if ("keys rotate --revoke-all".equals(request)) {
      revokeAll = true;
    } else {
      return "error unknown request";
    }
    try {
      TokenKeyRing.Rotation done = keys.rotateNow(revokeAll);
      return "ok " + done.keyId() + " " + done.sealsFrom() + " " + done.revoked();
    } catch (RuntimeException e) {
      return "error " + String.valueOf(e.getMessage()).replace('\n', ' ');
    }
  }

  /** {@code access role|user NAME [ACCOUNT]}: the report as one line of JSON. */
  private static String access(String[] words, IdentityStore store) {
    if (words.length < 3 || words.length > 4 || !List.of("role", "user").contains(words[1])) {
      return "error unknown request";
    }
    try {
      AccessAnalysis.Kind kind =
          words[1].equals("role") ? AccessAnalysis.Kind.ROLE : AccessAnalysis.Kind.USER;
      Optional<String> account = words.length == 4 ? Optional.of(words[3]) : Optional.empty();
      return "ok "
          + AccessJson.of(new AccessAnalysis(store).report(kind, words[2], account, Instant.now()));
    } catch (RuntimeException e) {
      return "error " + String.valueOf(e.getMessage()).replace('\n', ' ');
    }
  }

  /**
   * Sends {@code request} to the server listening in {@code dataDirectory} and returns its answer;
   * empty when none listens there (no socket, or one a stopped server left behind).
   *
   * @throws IOException when the server does not answer
   */
  public static Optional<String> request(Path dataDirectory, String request) throws IOException {
    Path path = dataDirectory.toAbsolutePath().resolve(FILE_NAME);
    if (!Files.exists(path)) {
      return Optional.empty();
    }
    SocketChannel client;
    try {
      client = SocketChannel.open(UnixDomainSocketAddress.of(path));
    } catch (IOException e) {
      // Nothing accepts on it: the server that made it is gone.
      return Optional.empty();
    }
    try (client) {
      OutputStream out = Channels.newOutputStream(client);
      out.write((request + "\n").getBytes(UTF_8));
      out.flush();
      String answer =
          new BufferedReader(new InputStreamReader(Channels.newInputStream(client), UTF_8))
              .readLine();
      if (answer == null) {
        throw new IOException("the server closed the admin socket without answering");
      }
      return Optional.of(answer);
    }
  }

  @Override
  public void close() {
    try {
      channel.close();
      acceptor.join(5_000);
      Files.deleteIfExists(path);
    } catch (IOException e) {
      // The socket file stays; the next start replaces it.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

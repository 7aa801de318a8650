package dev.crossrole.server.internal.edge;

import dev.crossrole.server.HttpLimits;
import dev.crossrole.server.internal.tls.ServerTls;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The Jetty server behind the endpoint, with the limits that keep slow or silent clients from
 * starving the others: an idle timeout, a minimum request data rate, a connection cap; errors Jetty
 * raises itself in AWS's shape; no {@code Server} header. With TLS it speaks HTTP/1.1 over TLS 1.2
 * or 1.3 only.
 *
 * @param server the server, to start and stop
 * @param connector its one connector, for the port it is bound to
 */
public record HttpListener(Server server, ServerConnector connector, HttpLimits limits) {

  /**
   * A server, not yet started, that will listen on {@code host:port} (0 for any free port), over
   * TLS with {@code tls} when given.
   */
  public static HttpListener create(
      String host, int port, HttpLimits limits, Optional<ServerTls> tls) {
    Server server = new Server();
    HttpConfiguration http = new HttpConfiguration();
    // Nothing in an answer says what serves it: AWS names no server software either.
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    ServerConnector connector =
        tls.isPresent()
            ? new ServerConnector(server, tls(tls.get(), http), new HttpConnectionFactory(http))
            : new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost(host);
    connector.setPort(port);
    connector.setIdleTimeout(limits.idleTimeout().toMillis());
    server.addConnector(connector);
    NetworkConnectionLimit cap = new NetworkConnectionLimit(limits.maxConnections(), server);
    // At the cap, the silent connections go first and quickly, making room for new clients.
    cap.setEndPointIdleTimeout(HttpLimits.AT_CAPACITY_IDLE_TIMEOUT.toMillis());
    server.addBean(cap);
    server.setErrorHandler(new HttpErrors());
    server.setStopAtShutdown(false);
    return new HttpListener(server, connector, limits);
  }

  private static SslConnectionFactory tls(ServerTls tls, HttpConfiguration http) {
    // Clients verify the host name themselves; the server answers whatever name they asked for.
    SecureRequestCustomizer secure = new SecureRequestCustomizer();
    secure.setSniHostCheck(false);
    http.addCustomizer(secure);
    // The key store lives in memory only; its password guards nothing on disk.
    byte[] random = new byte[24];
    new SecureRandom().nextBytes(random);
    String password = Base64.getEncoder().encodeToString(random);
    SslContextFactory.Server context = new SslContextFactory.Server();
    context.setKeyStore(tls.keyStore(password.toCharArray()));
    context.setKeyStorePassword(password);
    context.setKeyManagerPassword(password);
    context.setIncludeProtocols(ServerTls.PROTOCOLS.toArray(String[]::new));
    return new SslConnectionFactory(context, HttpVersion.HTTP_1_1.asString());
  }

  /**
   * Serves {@code handler}, whose request bodies must arrive at the minimum data rate: a body read
   * that falls below it fails, as Jetty fails one at the idle timeout.
   */
  public void serve(Handler handler) {
    server.setHandler(new MinimumBodyRate(handler, limits.minRequestDataRate()));
  }
}

package dev.crossrole.server.internal.edge;

import dev.crossrole.server.HttpLimits;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The Jetty server behind the endpoint, with the limits that keep slow or silent clients from
 * starving the others: an idle timeout, a minimum request data rate, a connection cap; errors Jetty
 * raises itself in AWS's shape; no {@code Server} header.
 *
 * @param server the server, to start and stop
 * @param connector its one connector, for the port it is bound to
 */
public record HttpListener(Server server, ServerConnector connector, HttpLimits limits) {

  /** A server, not yet started, that will listen on {@code host:port} (0 for any free port). */
  public static HttpListener create(String host, int port, HttpLimits limits) {
    Server server = new Server();
    HttpConfiguration http = new HttpConfiguration();
    // Nothing in an answer says what serves it: AWS names no server software either.
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
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

  /**
   * Serves {@code handler}, whose request bodies must arrive at the minimum data rate: a body read
   * that falls below it fails, as Jetty fails one at the idle timeout.
   */
  public void serve(Handler handler) {
    server.setHandler(new MinimumBodyRate(handler, limits.minRequestDataRate()));
  }
}

package dev.crossrole.server.internal.edge;

import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Fails the body read of a request whose body arrives slower than a minimum rate, so that a client
 * trickling a byte every few seconds, which never trips the idle timeout, is still cut off. The
 * rate is each request's own average since its handling began, checked whenever the reader waits
 * for more; the reader then gets a timeout, as at the idle timeout. (Jetty's MinimumDataRateHandler
 * counts the bytes of all requests together, so a crowd of tricklers passes it.)
 */
final class MinimumBodyRate extends Handler.Wrapper {
  private final long bytesPerSecond;

  MinimumBodyRate(Handler handler, long bytesPerSecond) {
    super(handler);
    this.bytesPerSecond = bytesPerSecond;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    return super.handle(
        bytesPerSecond > 0 ? new RatedRequest(request) : request, response, callback);
  }

  /** A request that counts the body bytes read and refuses to wait when they come too slowly. */
  private final class RatedRequest extends Request.Wrapper {
    private final long startedNanos = System.nanoTime();
    private long bytesRead;
    private Content.Chunk tooSlow;

    RatedRequest(Request request) {
      super(request);
    }

    @Override
    public Content.Chunk read() {
      if (tooSlow != null) {
        return tooSlow;
      }
      Content.Chunk chunk = super.read();
      if (chunk != null) {
        bytesRead += chunk.remaining();
      }
      return chunk;
    }

    @Override
    public void demand(Runnable demandCallback) {
      long elapsedNanos = Math.max(1, System.nanoTime() - startedNanos);
      // Only once something has come: a client waiting for 100 Continue has sent nothing yet.
      if (bytesRead > 0 && bytesRead * 1_000_000_000L / elapsedNanos < bytesPerSecond) {
        tooSlow =
            Content.Chunk.from(
                new TimeoutException(
                    "request body arrived slower than " + bytesPerSecond + " bytes per second"));
        demandCallback.run();
        return;
      }
      super.demand(demandCallback);
    }
  }
}

package dev.crossrole.server.internal.request;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Callback;

/**
 * Reads a request's body as its bytes arrive, without a thread waiting for them: each chunk is
 * taken when Jetty says one is there, and the reader asks to be called again when none is. A client
 * that goes silent halfway through its body therefore costs a connection, not a worker, and the
 * idle timeout or the minimum data rate ends it.
 *
 * <p>The future completes on the thread that read the last chunk, which is a worker that may block;
 * it fails with a {@link Failure} for every way the client can fail to send a body.
 */
public final class RequestBody implements Runnable {
  /** Why a body could not be read, each the client's fault. */
  public enum Problem {
    /** More bytes than the endpoint takes. */
    TOO_LARGE,
    /** The connection ended before the body did: fewer bytes than {@code Content-Length}. */
    INCOMPLETE,
    /** The client sent nothing for the idle timeout, or sent slower than the minimum data rate. */
    TIMED_OUT
  }

  /** The failure a body read completes with; it carries no stack trace, since it is no defect. */
  public static final class Failure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final Problem problem;

    Failure(Problem problem, String message) {
      super(message, null, false, false);
      this.problem = problem;
    }

    public Problem problem() {
      return problem;
    }
  }

  private final Request request;
  private final int max;
  private final CompletableFuture<byte[]> result = new CompletableFuture<>();
  private byte[] buffer;
  private int size;

  private RequestBody(Request request, int max) {
    this.request = request;
    this.max = max;
    long declared = request.getLength();
    // A declared length within the limit sizes the array once; a chunked or oversized body grows.
    this.buffer = new byte[declared >= 0 && declared <= max ? (int) declared : Math.min(max, 8192)];
  }

  /**
   * The body of {@code request}, at most {@code max} bytes. A larger one fails with {@link
   * Problem#TOO_LARGE} once more than {@code max} bytes have arrived, not at once, so that the
   * client is still sending when the refusal comes rather than finding the connection closed.
   */
  private static CompletableFuture<byte[]> read(Request request, int max) {
    RequestBody reader = new RequestBody(request, max);
    reader.run();
    return reader.result;
  }

  /**
   * Reads the body as {@link #read} does, then calls {@code answer} with the body or the failure to
   * read it. Whatever escapes {@code answer} — a response already committed, or a defect such as a
   * stack overflow — fails {@code callback}, so that Jetty ends the exchange: a future's completion
   * stage would otherwise keep it, and leave the client waiting for an answer that never comes.
   */
  public static void readThen(
      Request request, int max, Callback callback, BiConsumer<byte[], Throwable> answer) {
    read(request, max)
        .whenComplete(
            (body, failure) -> {
              try {
                answer.accept(body, failure);
              } catch (RuntimeException | Error e) {
                callback.failed(e);
              }
            });
  }

  /** Takes every chunk there is, then asks Jetty to call again when there is more. */
  @Override
  public void run() {
    while (true) {
      Content.Chunk chunk = request.read();
      if (chunk == null) {
        request.demand(this);
        return;
      }
      if (Content.Chunk.isFailure(chunk)) {
        result.completeExceptionally(failure(chunk.getFailure()));
        return;
      }
      ByteBuffer bytes = chunk.getByteBuffer();
      int length = bytes.remaining();
      boolean last = chunk.isLast();
      if (length > max - size) {
        chunk.release();
        result.completeExceptionally(
            new Failure(Problem.TOO_LARGE, "Request body must be less than " + max + " bytes"));
        return;
      }
      if (size + length > buffer.length) {
        buffer = Arrays.copyOf(buffer, Math.min(max, Math.max(size + length, buffer.length * 2)));
      }
      bytes.get(buffer, size, length);
      size += length;
      chunk.release();
      if (last) {
        result.complete(size == buffer.length ? buffer : Arrays.copyOf(buffer, size));
        return;
      }
    }
  }

  /**
   * What a failed read means for the client: Jetty reports silence (the idle timeout, the minimum
   * data rate) as a timeout, and a connection that ended early as an end of file.
   */
  private static Failure failure(Throwable cause) {
    if (cause instanceof TimeoutException) {
      return new Failure(
          Problem.TIMED_OUT,
          "Your socket connection to the server was not read from or written to within the"
              + " timeout period.");
    }
    // An early end of file, or chunked framing that broke off: either way the body stops short.
    return new Failure(Problem.INCOMPLETE, "The request body terminated unexpectedly");
  }
}

package dev.crossrole.bench.server;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * An open-loop load driver: replays one pre-signed HTTP/1.1 request at a fixed rate and reports
 * latency percentiles. Request {@code i} is due at {@code start + i / rate}; its latency runs from
 * that due time (not from when it was actually sent) to the last byte of the response, so a stalled
 * server, a full connection pool or a late driver shows up in the figures instead of being hidden
 * (no coordinated omission).
 *
 * <p>Usage: {@code java -XX:+UnlockExperimentalVMOptions -XX:+UseEpsilonGC -Xmx1g -cp
 * bench/target/benchmarks.jar dev.crossrole.bench.server.FixedRateLoad --url http://127.0.0.1:4747/
 * --request FILE.req --rate 1000 --warmup 10 --duration 30 [--connections 32] [--expect TEXT]
 * [--raw FILE]}.
 *
 * <p>It writes HTTP/1.1 on plain sockets, one thread per connection: the request's bytes are built
 * once, and a response is read into a reused buffer (Content-Length, chunked, or until the server
 * closes; a {@code Connection: close} answer or an HTTP/1.0 one without keep-alive makes the next
 * request on that connection open a new one, whose connect time then counts). A free connection
 * takes the next request index and sends it at its due time; when every connection is waiting for
 * an answer, due requests wait for one, and that wait counts in their latency. The connections
 * opened during warm-up stay open for the measured phase. The driver allocates almost nothing per
 * request, so the Epsilon option above (no GC at all) keeps pauses of its own out of the figures,
 * and it needs a few percent of one core at 1,000 requests/s.
 *
 * <p>The request file (written by {@code bench/server-load/sign_request.py}) holds {@code METHOD
 * PATH} on its first line, then {@code Name: value} header lines (the signed {@code Host} among
 * them), an empty line and the body; {@code Content-Length} is added. Only loopback URLs are
 * accepted. Every phase is bounded: {@code rate × seconds} requests, {@code connections}
 * outstanding, 30 s per response, and 10 s of waiting for stragglers after the last due time.
 * {@code --raw FILE} writes each measured request's due time and latency.
 */
public final class FixedRateLoad {
  private static final long DRAIN_NANOS = TimeUnit.SECONDS.toNanos(10);
  private static final int READ_TIMEOUT_MS = 30_000;

  private final InetSocketAddress address;
  private final byte[] request;
  private final byte[] expect;
  private final List<Connection> connections = new ArrayList<>();

  private FixedRateLoad(InetSocketAddress address, byte[] request, byte[] expect, int connections) {
    this.address = address;
    this.request = request;
    this.expect = expect;
    for (int i = 0; i < connections; i++) {
      this.connections.add(new Connection());
    }
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> a = options(args);
    URI url = URI.create(a.getOrDefault("url", ""));
    String host = url.getHost();
    if (!"127.0.0.1".equals(host) && !"localhost".equals(host)) {
      throw new IllegalArgumentException("--url must be a loopback URL, got " + url);
    }
    double rate = Double.parseDouble(a.getOrDefault("rate", "1000"));
    int warmup = Integer.parseInt(a.getOrDefault("warmup", "10"));
    int duration = Integer.parseInt(a.getOrDefault("duration", "30"));
    int connections = Integer.parseInt(a.getOrDefault("connections", "32"));
    if (rate <= 0 || rate > 50_000 || warmup < 0 || warmup > 600 || duration < 1) {
      throw new IllegalArgumentException("rate must be in (0, 50000], warmup 0-600 s, duration ≥1");
    }
    if (duration > 600 || connections < 1 || connections > 1_000) {
      throw new IllegalArgumentException("duration at most 600 s, connections 1-1000");
    }
    Path file = Path.of(a.getOrDefault("request", "request.req"));
    FixedRateLoad load =
        new FixedRateLoad(
            new InetSocketAddress("127.0.0.1", url.getPort() < 0 ? 80 : url.getPort()),
            request(file),
            a.getOrDefault("expect", "").getBytes(StandardCharsets.UTF_8),
            connections);
    System.out.printf(
        Locale.ROOT,
        "fixed-rate load: %s to %s, %.0f requests/s, warm-up %d s, measured %d s, %d connections%n",
        file.getFileName(),
        url,
        rate,
        warmup,
        duration,
        connections);
    if (warmup > 0) {
      Result w = load.run(rate, warmup);
      System.out.println("warm-up:  " + w.summary());
    }
    Result r = load.run(rate, duration);
    load.connections.forEach(Connection::close);
    System.out.println("measured: " + r.summary());
    System.out.println(r.percentiles());
    if (r.failed() > 0) {
      System.out.println("failures: " + r.failures);
    }
    String raw = a.get("raw");
    if (raw != null) {
      StringBuilder out = new StringBuilder("# due_ms latency_ms (-1: failed)\n");
      for (int i = 0; i < r.byIndex.length; i++) {
        out.append(String.format(Locale.ROOT, "%.3f %.3f%n", i * 1e3 / rate, r.byIndex[i] / 1e6));
      }
      Files.writeString(Path.of(raw), out);
    }
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> out = new TreeMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected --name value pairs, got " + args[i]);
      }
      out.put(args[i].substring(2), args[++i]);
    }
    return out;
  }

  /** The bytes of the request in a request file, with Content-Length added. */
  static byte[] request(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    int split = text.indexOf("\n\n");
    if (split < 0) {
      throw new IllegalArgumentException(file + ": no empty line before the body");
    }
    String[] head = text.substring(0, split).split("\n");
    byte[] body = text.substring(split + 2).getBytes(StandardCharsets.UTF_8);
    StringBuilder b = new StringBuilder(head[0].trim()).append(" HTTP/1.1\r\n");
    for (int i = 1; i < head.length; i++) {
      String name = head[i].substring(0, head[i].indexOf(':')).trim();
      if (!name.equalsIgnoreCase("content-length") && !name.equalsIgnoreCase("connection")) {
        b.append(head[i].trim()).append("\r\n");
      }
    }
    if (body.length > 0 || !head[0].startsWith("GET")) {
      b.append("Content-Length: ").append(body.length).append("\r\n");
    }
    b.append("\r\n");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(b.toString().getBytes(StandardCharsets.ISO_8859_1));
    out.writeBytes(body);
    return out.toByteArray();
  }

  /**
   * One phase: {@code rate × seconds} requests, each sent at its due time or when a connection
   * frees.
   */
  private Result run(double rate, int seconds) throws InterruptedException {
    int n = (int) Math.round(rate * seconds);
    double periodNanos = 1e9 / rate;
    long[] latency = new long[n];
    long[] sendDelay = new long[n];
    AtomicInteger next = new AtomicInteger();
    Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
    long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
    long deadline = start + (long) (n * periodNanos) + DRAIN_NANOS;
    List<Thread> workers = new ArrayList<>();
    for (int w = 0; w < connections.size(); w++) {
      Connection c = connections.get(w);
      Thread t =
          new Thread(
              () -> {
                int i;
                while ((i = next.getAndIncrement()) < n) {
                  long due = start + (long) (i * periodNanos);
                  long now;
                  while ((now = System.nanoTime()) < due) {
                    LockSupport.parkNanos(due - now);
                  }
                  if (now > deadline) {
                    latency[i] = -1;
                    failures
                        .computeIfAbsent("not sent: past the drain deadline", k -> new AtomicLong())
                        .incrementAndGet();
                    continue;
                  }
                  sendDelay[i] = now - due;
                  String failure = c.exchange(request, expect);
                  long done = System.nanoTime();
                  if (failure == null) {
                    latency[i] = done - due;
                  } else {
                    // Past the deadline the main thread closes waiting sockets: say so.
                    latency[i] = -1;
                    String why = done > deadline ? "no answer by the drain deadline" : failure;
                    failures.computeIfAbsent(why, k -> new AtomicLong()).incrementAndGet();
                  }
                }
              },
              "load-" + w);
      t.setDaemon(true);
      workers.add(t);
      t.start();
    }
    for (Thread t : workers) {
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      t.join(Math.max(1, left));
    }
    long end = System.nanoTime();
    if (workers.stream().anyMatch(Thread::isAlive)) {
      // Unblocks the reads still waiting; their requests are then counted as failed.
      connections.forEach(Connection::close);
      for (Thread t : workers) {
        t.join(TimeUnit.SECONDS.toMillis(5));
      }
    }
    // Anything neither answered nor failed by now (a worker that never came back) is a failure too.
    long lost = Arrays.stream(latency).filter(l -> l == 0).count();
    if (lost > 0) {
      failures.put("no outcome by the drain deadline", new AtomicLong(lost));
    }
    long[] ok = Arrays.stream(latency).filter(l -> l > 0).sorted().toArray();
    long[] byIndex = Arrays.stream(latency).map(l -> l > 0 ? l : -1_000_000L).toArray();
    long late = Arrays.stream(sendDelay).filter(d -> d > 1_000_000L).count();
    long maxLate = Arrays.stream(sendDelay).max().orElse(0);
    return new Result(n, ok, byIndex, new TreeMap<>(failures), (end - start) / 1e9, late, maxLate);
  }

  /** One keep-alive connection, reopened when the server closes it or an exchange fails. */
  private final class Connection {
    private final byte[] buffer = new byte[256 * 1024];
    // Volatile: the main thread closes a socket still waiting at the drain deadline.
    private volatile Socket socket;
    private InputStream in;
    private OutputStream out;

    /** Sends the request and reads the whole response; null when it is a 200 with the text. */
    String exchange(byte[] req, byte[] expected) {
      try {
        if (socket == null) {
          socket = new Socket();
          socket.setTcpNoDelay(true);
          socket.setSoTimeout(READ_TIMEOUT_MS);
          socket.connect(address, 5_000);
          in = socket.getInputStream();
          out = socket.getOutputStream();
        }
        out.write(req);
        out.flush();
        return readResponse(expected);
      } catch (IOException e) {
        close();
        return e.getClass().getSimpleName();
      } catch (RuntimeException e) {
        // A status line or header this reader cannot parse: count it, never lose the worker.
        close();
        return "unreadable response (" + e.getClass().getSimpleName() + ")";
      }
    }

    private String readResponse(byte[] expected) throws IOException {
      int len = 0;
      int headerEnd = -1;
      while (headerEnd < 0) {
        len = fill(len);
        headerEnd = indexOf(buffer, 0, len, CRLFCRLF);
      }
      String head = new String(buffer, 0, headerEnd, StandardCharsets.ISO_8859_1);
      int status = Integer.parseInt(head.substring(9, 12));
      String lower = head.toLowerCase(Locale.ROOT);
      boolean http10 = lower.startsWith("http/1.0");
      boolean close =
          lower.contains("\r\nconnection: close")
              || (http10 && !lower.contains("\r\nconnection: keep-alive"));
      int bodyStart = headerEnd + 4;
      int bodyEnd;
      int cl = lower.indexOf("\r\ncontent-length:");
      if (status == 204 || status == 304) {
        bodyEnd = bodyStart; // no body by definition (RFC 9112, section 6.3)
      } else if (cl >= 0) {
        int eol = lower.indexOf("\r\n", cl + 2);
        int length =
            Integer.parseInt(lower.substring(cl + 17, eol < 0 ? lower.length() : eol).trim());
        bodyEnd = bodyStart + length;
        while (len < bodyEnd) {
          len = fill(len);
        }
      } else if (lower.contains("\r\ntransfer-encoding: chunked")) {
        bodyEnd = readChunked(bodyStart, len);
      } else {
        close = true;
        try {
          while (true) {
            len = fill(len);
          }
        } catch (EOFException endOfBody) {
          bodyEnd = len;
        }
      }
      if (close) {
        close();
      }
      if (status != 200) {
        return "HTTP " + status;
      }
      if (expected.length > 0 && indexOf(buffer, bodyStart, bodyEnd, expected) < 0) {
        return "200 without the expected text";
      }
      return null;
    }

    /** Reads a chunked body in place; returns where the last chunk's data ends. */
    private int readChunked(int at, int len) throws IOException {
      int pos = at;
      while (true) {
        int eol;
        while ((eol = indexOf(buffer, pos, len, CRLF)) < 0) {
          len = fill(len);
        }
        String size = new String(buffer, pos, eol - pos, StandardCharsets.ISO_8859_1);
        int semicolon = size.indexOf(';');
        int chunk =
            Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
        pos = eol + 2;
        if (chunk == 0) {
          while (indexOf(buffer, pos - 2, len, CRLFCRLF) < 0) {
            len = fill(len);
          }
          return pos;
        }
        while (len < pos + chunk + 2) {
          len = fill(len);
        }
        pos += chunk + 2;
      }
    }

    private int fill(int len) throws IOException {
      if (len == buffer.length) {
        throw new IOException("response larger than " + buffer.length + " bytes");
      }
      int r = in.read(buffer, len, buffer.length - len);
      if (r < 0) {
        throw new EOFException();
      }
      return len + r;
    }

    void close() {
      Socket s = socket;
      if (s != null) {
        try {
          s.close();
        } catch (IOException ignored) {
          // Closing after a failure: nothing more to do.
        }
      }
      socket = null;
    }
  }

  private static final byte[] CRLF = {'\r', '\n'};
  private static final byte[] CRLFCRLF = {'\r', '\n', '\r', '\n'};

  private static int indexOf(byte[] haystack, int from, int to, byte[] needle) {
    outer:
    for (int i = Math.max(0, from); i <= to - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static final class Result {
    final int due;
    final long[] sorted;
    final long[] byIndex;
    final Map<String, AtomicLong> failures;
    final double elapsedSeconds;
    final long sentLate;
    final long maxLateNanos;

    Result(
        int due,
        long[] sorted,
        long[] byIndex,
        Map<String, AtomicLong> failures,
        double elapsedSeconds,
        long sentLate,
        long maxLateNanos) {
      this.due = due;
      this.sorted = sorted;
      this.byIndex = byIndex;
      this.failures = failures;
      this.elapsedSeconds = elapsedSeconds;
      this.sentLate = sentLate;
      this.maxLateNanos = maxLateNanos;
    }

    long failed() {
      return failures.values().stream().mapToLong(AtomicLong::get).sum();
    }

    String summary() {
      return String.format(
          Locale.ROOT,
          "%d due, %d ok, %d failed; all done after %.2f s; ok/s %.1f; sent over 1 ms late: %d,"
              + " at most %.2f ms late",
          due,
          sorted.length,
          failed(),
          elapsedSeconds,
          sorted.length / elapsedSeconds,
          sentLate,
          maxLateNanos / 1e6);
    }

    String percentiles() {
      if (sorted.length == 0) {
        return "latency: no successful requests";
      }
      long over10 = Arrays.stream(sorted).filter(l -> l > 10_000_000L).count();
      return String.format(
          Locale.ROOT,
          "latency ms (from due time, successful requests): min %.3f p50 %.3f p90 %.3f p99 %.3f"
              + " p99.9 %.3f max %.3f; over 10 ms: %d (%.2f%%)",
          sorted[0] / 1e6,
          at(0.50),
          at(0.90),
          at(0.99),
          at(0.999),
          sorted[sorted.length - 1] / 1e6,
          over10,
          100.0 * over10 / sorted.length);
    }

    /** The nearest-rank percentile: the smallest value with at least {@code q} of values ≤ it. */
    private double at(double q) {
      int rank = (int) Math.ceil(q * sorted.length);
      return sorted[Math.max(0, rank - 1)] / 1e6;
    }
  }
}

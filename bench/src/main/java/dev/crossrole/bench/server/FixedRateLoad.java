package dev.crossrole.bench.server;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * An open-loop load driver: replays one pre-signed HTTP request at a fixed rate and reports latency
 * percentiles. Request {@code i} is due at {@code start + i / rate}; its latency runs from that due
 * time (not from when it was actually sent) to the end of the response, so a stalled server or a
 * late driver shows up in the figures instead of being hidden (no coordinated omission).
 *
 * <p>Usage: {@code java -XX:+UnlockExperimentalVMOptions -XX:+UseEpsilonGC -Xmx6g -cp
 * bench/target/benchmarks.jar dev.crossrole.bench.server.FixedRateLoad --url http://127.0.0.1:4747/
 * --request FILE.req --rate 1000 --warmup 10 --duration 30 [--max-in-flight 256] [--expect TEXT]}.
 * Epsilon (no GC) keeps the driver's own pauses out of the figures; the driver allocates about 25
 * KB per request, so 6 GB lasts some 240,000 requests.
 *
 * <p>The request file (written by {@code bench/server-load/sign_request.py}) holds {@code METHOD
 * PATH} on its first line, then {@code Name: value} header lines, an empty line and the body. The
 * {@code Host} header is left to the client, which derives the same value from the URL. Only
 * loopback URLs are accepted. Every phase is bounded: at most {@code rate × seconds} requests, at
 * most {@code max-in-flight} outstanding (a request due while that many are outstanding is counted
 * as not sent), and at most 10 s of waiting for stragglers.
 */
public final class FixedRateLoad {
  private static final Set<String> CLIENT_HEADERS = Set.of("host", "content-length", "connection");
  private static final long DRAIN_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final HttpClient client;
  private final HttpRequest request;
  private final String expect;
  private final int maxInFlight;

  private FixedRateLoad(HttpClient client, HttpRequest request, String expect, int maxInFlight) {
    this.client = client;
    this.request = request;
    this.expect = expect;
    this.maxInFlight = maxInFlight;
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
    int maxInFlight = Integer.parseInt(a.getOrDefault("max-in-flight", "256"));
    if (rate <= 0 || rate > 50_000 || warmup < 0 || warmup > 600 || duration < 1) {
      throw new IllegalArgumentException("rate must be in (0, 50000], warmup 0-600 s, duration ≥1");
    }
    if (duration > 600 || maxInFlight < 1 || maxInFlight > 10_000) {
      throw new IllegalArgumentException("duration at most 600 s, max-in-flight 1-10000");
    }
    HttpRequest request = request(url, Path.of(a.getOrDefault("request", "request.req")));
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    FixedRateLoad load =
        new FixedRateLoad(client, request, a.getOrDefault("expect", ""), maxInFlight);
    System.out.printf(
        Locale.ROOT,
        "fixed-rate load: %s %s, %.0f requests/s, warm-up %d s, measured %d s, max %d in flight%n",
        request.method(),
        url,
        rate,
        warmup,
        duration,
        maxInFlight);
    if (warmup > 0) {
      Result w = load.run(rate, warmup);
      System.out.println("warm-up:  " + w.summary());
    }
    Result r = load.run(rate, duration);
    System.out.println("measured: " + r.summary());
    System.out.println(r.percentiles());
    if (r.failed() > 0) {
      System.out.println("failures: " + r.failures);
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

  /** Reads a request file: {@code METHOD PATH}, header lines, an empty line, the body. */
  static HttpRequest request(URI base, Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    int split = text.indexOf("\n\n");
    if (split < 0) {
      throw new IllegalArgumentException(file + ": no empty line before the body");
    }
    String[] head = text.substring(0, split).split("\n");
    String body = text.substring(split + 2);
    String[] requestLine = head[0].trim().split(" ", 2);
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve(requestLine[1]))
            .timeout(Duration.ofSeconds(30))
            .method(requestLine[0], HttpRequest.BodyPublishers.ofString(body));
    for (int i = 1; i < head.length; i++) {
      int colon = head[i].indexOf(':');
      String name = head[i].substring(0, colon).trim();
      if (!CLIENT_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
        b.header(name, head[i].substring(colon + 1).trim());
      }
    }
    return b.build();
  }

  /** One phase: {@code rate × seconds} requests, each sent at its due time. */
  private Result run(double rate, int seconds) throws InterruptedException {
    int n = (int) Math.round(rate * seconds);
    double periodNanos = 1e9 / rate;
    AtomicLongArray latency = new AtomicLongArray(n);
    Semaphore inFlight = new Semaphore(maxInFlight);
    AtomicLong done = new AtomicLong();
    Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
    long notSent = 0;
    long maxLateNanos = 0;
    long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
    for (int i = 0; i < n; i++) {
      long due = start + (long) (i * periodNanos);
      long now;
      while ((now = System.nanoTime()) < due) {
        LockSupport.parkNanos(due - now);
      }
      maxLateNanos = Math.max(maxLateNanos, now - due);
      if (!inFlight.tryAcquire()) {
        notSent++;
        latency.set(i, -1);
        failures
            .computeIfAbsent("not sent: " + maxInFlight + " in flight", k -> new AtomicLong())
            .incrementAndGet();
        done.incrementAndGet();
        continue;
      }
      int index = i;
      client
          .sendAsync(request, HttpResponse.BodyHandlers.ofString())
          .whenComplete(
              (response, error) -> {
                long end = System.nanoTime();
                String failure = null;
                if (error != null) {
                  failure = error.getClass().getSimpleName();
                } else if (response.statusCode() != 200) {
                  failure = "HTTP " + response.statusCode();
                } else if (!expect.isEmpty() && !response.body().contains(expect)) {
                  failure = "200 without " + expect;
                }
                if (failure == null) {
                  latency.set(index, end - due);
                } else {
                  latency.set(index, -1);
                  failures.computeIfAbsent(failure, k -> new AtomicLong()).incrementAndGet();
                }
                inFlight.release();
                done.incrementAndGet();
              });
    }
    long scheduleEnd = System.nanoTime();
    long drainUntil = scheduleEnd + DRAIN_NANOS;
    while (done.get() < n && System.nanoTime() < drainUntil) {
      Thread.sleep(5);
    }
    long end = System.nanoTime();
    List<Long> ok = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      long l = latency.get(i);
      if (l > 0) {
        ok.add(l);
      }
    }
    long unfinished = n - done.get();
    if (unfinished > 0) {
      failures.put("no answer within 10 s after the last send", new AtomicLong(unfinished));
    }
    long[] sorted = ok.stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(sorted);
    return new Result(
        n,
        sorted,
        new TreeMap<>(failures),
        notSent,
        (end - start) / 1e9,
        (scheduleEnd - start) / 1e9,
        maxLateNanos);
  }

  private static final class Result {
    final int due;
    final long[] sorted;
    final Map<String, AtomicLong> failures;
    final long notSent;
    final double elapsedSeconds;
    final double scheduleSeconds;
    final long maxLateNanos;

    Result(
        int due,
        long[] sorted,
        Map<String, AtomicLong> failures,
        long notSent,
        double elapsedSeconds,
        double scheduleSeconds,
        long maxLateNanos) {
      this.due = due;
      this.sorted = sorted;
      this.failures = failures;
      this.notSent = notSent;
      this.elapsedSeconds = elapsedSeconds;
      this.scheduleSeconds = scheduleSeconds;
      this.maxLateNanos = maxLateNanos;
    }

    long failed() {
      return failures.values().stream().mapToLong(AtomicLong::get).sum();
    }

    String summary() {
      return String.format(
          Locale.ROOT,
          "%d due, %d ok, %d failed (%d not sent); schedule %.2f s, all answered after %.2f s;"
              + " ok/s %.1f; driver at most %.2f ms late",
          due,
          sorted.length,
          failed(),
          notSent,
          scheduleSeconds,
          elapsedSeconds,
          sorted.length / elapsedSeconds,
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

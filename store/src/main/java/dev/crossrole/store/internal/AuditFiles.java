package dev.crossrole.store.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.crossrole.core.AuditEvent;
import dev.crossrole.core.AuditLog;
import dev.crossrole.core.AuditQuery;
import dev.crossrole.core.ErrorCode;
import dev.crossrole.core.IdentityException;
import dev.crossrole.core.PrivateFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The embedded store's audit trail: JSON Lines files in a directory of their own, one file per UTC
 * hour of the events' times, each line {@code {"event":{…lookup fields…},"record":{…CloudTrail
 * record…}}}.
 *
 * <p>Why files and not the embedded database: every H2 commit rewrites the pages it touched, which
 * made an audited request cost several times an unaudited one; appending a batch's lines is one
 * write. A batch is written, whole, before {@link #append} returns: as the embedded store's own
 * commits, it survives the server being killed; a batch that cannot be written whole is cut off
 * again, so that none of it remains. A line a crash left half-written is cut off when its file is
 * next opened for appending, and never read.
 *
 * <p>Since a file holds exactly the events of one hour, a lookup reads the newest files first and
 * stops at the first file older than the page it has filled; within a file it orders events itself,
 * as commit order need not be time order. The lookup fields come first on each line, so that a
 * lookup parses them alone and takes the record's text only for the events it returns.
 *
 * <p>Reading needs no lock: another process (such as {@code crossrole audit}) may read while the
 * server appends, seeing only whole lines.
 */
public final class AuditFiles implements AuditLog, AutoCloseable {
  private static final String PREFIX = "events-";
  private static final String SUFFIX = ".jsonl";
  private static final DateTimeFormatter HOUR =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH'Z'").withZone(ZoneOffset.UTC);
  private static final Duration ONE_HOUR = Duration.ofHours(1);
  private static final byte[] LINE_START = "{\"event\":".getBytes(StandardCharsets.UTF_8);
  private static final byte[] RECORD = ",\"record\":".getBytes(StandardCharsets.UTF_8);
  private static final byte NEWLINE = '\n';

  /** About what a line takes beside its record: the lookup fields and the framing. */
  private static final int LINE_ESTIMATE = 384;

  /** The most a batch's buffer is sized to before it is written; a larger batch grows it. */
  private static final int MAX_PRESIZE = 4 << 20;

  /** How many hour files stay open for appending: this hour and the last. */
  private static final int OPEN_FILES = 2;

  private static final JsonFactory JSON = new JsonFactory();

  private final Path directory;
  private final TreeMap<Instant, HourFile> appending = new TreeMap<>();

  /**
   * An hour's file open for appending, and its length: kept here rather than asked of the file
   * system before each batch, since only this trail appends to it.
   */
  private static final class HourFile {
    final FileChannel channel;
    long length;

    HourFile(FileChannel channel, long length) {
      this.channel = channel;
      this.length = length;
    }
  }

  /** The trail kept in {@code directory}, which the first append creates owner-only. */
  public AuditFiles(Path directory) {
    this.directory = directory;
  }

  @Override
  public synchronized void append(List<AuditEvent> events) {
    if (events.isEmpty()) {
      return;
    }
    Map<Instant, Lines> byHour = new LinkedHashMap<>();
    long estimate = events.stream().mapToLong(e -> LINE_ESTIMATE + e.document().length()).sum();
    int batchSize = (int) Math.min(estimate, MAX_PRESIZE);
    for (AuditEvent event : events) {
      writeLine(
          event, byHour.computeIfAbsent(hourOf(event.eventTime()), h -> new Lines(batchSize)));
    }
    Map<FileChannel, Long> written = new LinkedHashMap<>();
    try {
      for (Map.Entry<Instant, Lines> hour : byHour.entrySet()) {
        HourFile file = appendingTo(hour.getKey());
        written.put(file.channel, file.length);
        ByteBuffer lines = hour.getValue().buffer();
        int size = lines.remaining();
        writeFully(file.channel, lines, file.length);
        file.length += size;
      }
    } catch (IOException e) {
      undo(written);
      throw failure("Could not append " + events.size() + " audit event(s) in " + directory, e);
    }
  }

  @Override
  public List<AuditEvent> events(AuditQuery query) {
    return events(query, query.accountId()::equals);
  }

  /**
   * The events {@code query} selects in every account's trail, whatever account it names: one pass
   * over the files, where a query an account would read them once for each.
   */
  public List<AuditEvent> eventsOfEveryAccount(AuditQuery query) {
    return events(query, account -> true);
  }

  private List<AuditEvent> events(AuditQuery query, Predicate<String> accounts) {
    Matcher matcher = new Matcher(query, accounts);
    PriorityQueue<AuditEvent> newest = new PriorityQueue<>(Matcher.NEWEST_FIRST.reversed());
    for (Instant hour : hours(Comparator.reverseOrder())) {
      if (newest.size() >= query.limit()) {
        break; // every event of an older hour is older than all of these
      }
      if (matcher.mayHoldMatches(hour)) {
        readLines(hour, (line, length) -> matcher.offer(line, length, newest));
      }
    }
    List<AuditEvent> page = new ArrayList<>(newest);
    page.sort(Matcher.NEWEST_FIRST);
    return page;
  }

  @Override
  public synchronized int deleteBefore(Instant cutoff) {
    int deleted = 0;
    for (Instant hour : hours(Comparator.naturalOrder())) {
      if (!hour.isBefore(cutoff)) {
        break;
      }
      closeAppending(hour);
      Path file = file(hour);
      try {
        deleted += hour.plus(ONE_HOUR).isAfter(cutoff) ? keepFrom(file, cutoff) : deleteWhole(file);
      } catch (IOException e) {
        throw failure("Could not delete old audit events in " + directory, e);
      }
    }
    return deleted;
  }

  /** Closes the files open for appending; appending later opens them again. */
  @Override
  public synchronized void close() {
    for (Instant hour : List.copyOf(appending.keySet())) {
      closeAppending(hour);
    }
  }

  // ---- writing

  /** A batch's lines for one hour file. */
  private static final class Lines extends ByteArrayOutputStream {
    /** Sized for the batch up front: grown by copying, a large batch would be copied repeatedly. */
    Lines(int size) {
      super(size);
    }

    ByteBuffer buffer() {
      return ByteBuffer.wrap(buf, 0, count);
    }
  }

  /** One event as one line: the lookup fields, then the record as it is. */
  private static void writeLine(AuditEvent event, ByteArrayOutputStream out) {
    if (event.document().indexOf('\n') >= 0 || event.document().indexOf('\r') >= 0) {
      throw new IllegalArgumentException("an audit event's document must be one line of JSON");
    }
    out.writeBytes(LINE_START);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
      g.writeStartObject();
      g.writeStringField("id", event.eventId());
      g.writeNumberField("time", micros(event.eventTime()));
      g.writeStringField("account", event.accountId());
      g.writeStringField("source", event.eventSource());
      g.writeStringField("name", event.eventName());
      g.writeBooleanField("readOnly", event.readOnly());
      writeOptional(g, "user", event.username());
      writeOptional(g, "key", event.accessKeyId());
      writeOptional(g, "principal", event.principalArn());
      writeOptional(g, "error", event.errorCode());
      g.writeArrayFieldStart("resources");
      for (AuditEvent.Resource r : event.resources()) {
        g.writeStartArray();
        g.writeString(r.type());
        g.writeString(r.name());
        g.writeEndArray();
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    out.writeBytes(RECORD);
    out.writeBytes(event.document().getBytes(StandardCharsets.UTF_8));
    out.write('}');
    out.write(NEWLINE);
  }

  private static void writeOptional(JsonGenerator g, String name, Optional<String> value)
      throws IOException {
    if (value.isPresent()) {
      g.writeStringField(name, value.get());
    }
  }

  private static void writeFully(FileChannel file, ByteBuffer bytes, long at) throws IOException {
    for (long position = at; bytes.hasRemaining(); ) {
      position += file.write(bytes, position);
    }
  }

  /** Cuts each file back to its length before the failed batch, so that none of it remains. */
  private void undo(Map<FileChannel, Long> written) {
    written.forEach(
        (file, length) -> {
          try {
            file.truncate(length);
          } catch (IOException ignored) {
            // The file's torn tail is cut off when it is next opened for appending.
          }
        });
    close();
  }

  /** The open file of {@code hour}, opened (and its torn tail cut off) when it is not. */
  private HourFile appendingTo(Instant hour) throws IOException {
    HourFile open = appending.get(hour);
    if (open != null) {
      return open;
    }
    PrivateFiles.createDirectory(directory);
    FileChannel channel = PrivateFiles.open(file(hour));
    HourFile file;
    try {
      long whole = wholeLinesLength(channel);
      channel.truncate(whole);
      file = new HourFile(channel, whole);
    } catch (IOException e) {
      channel.close();
      throw e;
    }
    appending.put(hour, file);
    while (appending.size() > OPEN_FILES) {
      closeAppending(appending.firstKey());
    }
    return file;
  }

  /** The length of {@code file} up to and including its last newline. */
  private static long wholeLinesLength(FileChannel file) throws IOException {
    ByteBuffer window = ByteBuffer.allocate(8192);
    for (long end = file.size(); end > 0; ) {
      long from = Math.max(0, end - window.capacity());
      window.clear().limit((int) (end - from));
      int read = 0;
      while (window.hasRemaining() && read >= 0) {
        read = file.read(window, from + window.position());
      }
      for (int i = window.position() - 1; i >= 0; i--) {
        if (window.get(i) == NEWLINE) {
          return from + i + 1;
        }
      }
      end = from;
    }
    return 0;
  }

  private void closeAppending(Instant hour) {
    HourFile file = appending.remove(hour);
    if (file != null) {
      try {
        file.channel.close();
      } catch (IOException ignored) {
        // Everything appended was written when append returned; closing frees the descriptor.
      }
    }
  }

  // ---- deleting

  private static int deleteWhole(Path file) throws IOException {
    int[] lines = {0};
    readLines(file, (line, length) -> lines[0]++);
    Files.deleteIfExists(file);
    return lines[0];
  }

  /** Rewrites {@code file} without its events older than {@code cutoff}; returns how many. */
  private int keepFrom(Path file, Instant cutoff) throws IOException {
    long cutoffMicros = micros(cutoff);
    ByteArrayOutputStream kept = new ByteArrayOutputStream();
    int[] dropped = {0};
    readLines(
        file,
        (line, length) -> {
          Optional<Header> header = Header.parse(line, length);
          if (header.isPresent() && header.get().time() < cutoffMicros) {
            dropped[0]++;
          } else {
            kept.write(line, 0, length);
            kept.write(NEWLINE);
          }
        });
    if (dropped[0] > 0) {
      // Replaced whole and owner-only: a reader sees the old file or the new one, never half.
      PrivateFiles.write(file, kept.toString(StandardCharsets.UTF_8));
    }
    return dropped[0];
  }

  // ---- reading

  /** Receives one whole line, without its newline, in {@code line[0..length)}. */
  private interface LineReader {
    void read(byte[] line, int length) throws IOException;
  }

  private void readLines(Instant hour, LineReader reader) {
    try {
      readLines(file(hour), reader);
    } catch (NoSuchFileException deletedMeanwhile) {
      // Retention removed the hour between listing and reading: it holds nothing any more.
    } catch (IOException e) {
      throw failure("Could not read the audit events in " + directory, e);
    }
  }

  /** Reads every whole line of {@code file}; a last line without its newline is being written. */
  private static void readLines(Path file, LineReader reader) throws IOException {
    byte[] chunk = new byte[64 * 1024];
    byte[] line = new byte[8192];
    int length = 0;
    try (InputStream in = Files.newInputStream(file)) {
      for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
        for (int i = 0; i < n; i++) {
          byte b = chunk[i];
          if (b == NEWLINE) {
            reader.read(line, length);
            length = 0;
          } else {
            if (length == line.length) {
              line = Arrays.copyOf(line, line.length * 2);
            }
            line[length++] = b;
          }
        }
      }
    }
  }

  /** The hours that have a file, in {@code order}. */
  private List<Instant> hours(Comparator<Instant> order) {
    List<Instant> hours = new ArrayList<>();
    if (!Files.isDirectory(directory)) {
      return hours;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, PREFIX + "*" + SUFFIX)) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        String hour = name.substring(PREFIX.length(), name.length() - SUFFIX.length());
        try {
          hours.add(Instant.from(HOUR.parse(hour)));
        } catch (DateTimeParseException notOurs) {
          // Another file that happens to match the pattern: not part of the trail.
        }
      }
    } catch (IOException e) {
      throw failure("Could not list the audit events in " + directory, e);
    }
    hours.sort(order);
    return hours;
  }

  private Path file(Instant hour) {
    return directory.resolve(PREFIX + HOUR.format(hour) + SUFFIX);
  }

  private static Instant hourOf(Instant time) {
    return time.truncatedTo(ChronoUnit.HOURS);
  }

  private static long micros(Instant time) {
    return Math.addExact(
        Math.multiplyExact(time.getEpochSecond(), 1_000_000L), time.getNano() / 1_000);
  }

  private static Instant instant(long micros) {
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
  }

  private static IdentityException failure(String what, IOException e) {
    return new IdentityException(ErrorCode.SERVICE_FAILURE, what + ": " + e.getMessage(), e);
  }

  /** A line's lookup fields, and where its record starts. */
  private record Header(
      String id,
      long time,
      String account,
      String source,
      String name,
      boolean readOnly,
      Optional<String> user,
      Optional<String> key,
      Optional<String> principal,
      Optional<String> error,
      List<AuditEvent.Resource> resources,
      int recordStart) {

    /** The fields of {@code line}; empty when it is not a line of the trail. */
    static Optional<Header> parse(byte[] line, int length) {
      if (length < LINE_START.length + RECORD.length + 1 || !startsWith(line, LINE_START, 0)) {
        return Optional.empty();
      }
      try (JsonParser p = JSON.createParser(line, LINE_START.length, length - LINE_START.length)) {
        return Optional.of(read(p, line, length));
      } catch (IOException | RuntimeException e) {
        return Optional.empty();
      }
    }

    private static Header read(JsonParser p, byte[] line, int length) throws IOException {
      Fields f = new Fields();
      expect(p.nextToken(), JsonToken.START_OBJECT);
      for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        switch (field) {
          case "time" -> f.time = p.getLongValue();
          case "readOnly" -> f.readOnly = p.getBooleanValue();
          case "resources" -> f.resources = resources(p, value);
          default -> f.text.put(field, p.getValueAsString());
        }
      }
      int end = indexOf(line, RECORD, LINE_START.length, length);
      if (end < 0) {
        throw new IOException("a line of the trail without its record");
      }
      return new Header(
          f.required("id"),
          f.time,
          f.required("account"),
          f.required("source"),
          f.required("name"),
          f.readOnly,
          Optional.ofNullable(f.text.get("user")),
          Optional.ofNullable(f.text.get("key")),
          Optional.ofNullable(f.text.get("principal")),
          Optional.ofNullable(f.text.get("error")),
          f.resources,
          end + RECORD.length);
    }

    private static List<AuditEvent.Resource> resources(JsonParser p, JsonToken value)
        throws IOException {
      expect(value, JsonToken.START_ARRAY);
      List<AuditEvent.Resource> out = new ArrayList<>();
      while (p.nextToken() == JsonToken.START_ARRAY) {
        expect(p.nextToken(), JsonToken.VALUE_STRING);
        String type = p.getText();
        expect(p.nextToken(), JsonToken.VALUE_STRING);
        out.add(new AuditEvent.Resource(type, p.getText()));
        expect(p.nextToken(), JsonToken.END_ARRAY);
      }
      return out;
    }

    private static void expect(JsonToken actual, JsonToken expected) throws IOException {
      if (actual != expected) {
        throw new IOException("not a line of the trail");
      }
    }

    /** The event of {@code line}, whose fields these are. */
    AuditEvent event(byte[] line, int length) {
      String document =
          new String(line, recordStart, length - recordStart - 1, StandardCharsets.UTF_8);
      return new AuditEvent(
          id,
          instant(time),
          account,
          source,
          name,
          readOnly,
          user,
          key,
          principal,
          error,
          resources,
          document);
    }

    private static boolean startsWith(byte[] line, byte[] prefix, int at) {
      for (int i = 0; i < prefix.length; i++) {
        if (line[at + i] != prefix[i]) {
          return false;
        }
      }
      return true;
    }

    /**
     * Where {@code ,"record":} first occurs: the end of the header, since inside the header's
     * strings a quote is always escaped and no field of the header is named so.
     */
    private static int indexOf(byte[] line, byte[] what, int from, int length) {
      for (int i = from; i + what.length <= length; i++) {
        if (startsWith(line, what, i)) {
          return i;
        }
      }
      return -1;
    }
  }

  /** The fields of a header while it is read. */
  private static final class Fields {
    final Map<String, String> text = new LinkedHashMap<>();
    long time;
    boolean readOnly;
    List<AuditEvent.Resource> resources = List.of();

    String required(String name) throws IOException {
      String value = text.get(name);
      if (value == null) {
        throw new IOException("a line of the trail without its " + name);
      }
      return value;
    }
  }

  /** What a query selects, applied line by line. */
  private static final class Matcher {
    static final Comparator<AuditEvent> NEWEST_FIRST =
        Comparator.comparing(AuditEvent::eventTime).thenComparing(AuditEvent::eventId).reversed();

    private final AuditQuery query;
    private final Predicate<String> accounts;
    private final Optional<Long> start;
    private final Optional<Long> end;
    private final Optional<AuditQuery.Position> after;

    Matcher(AuditQuery query, Predicate<String> accounts) {
      this.query = query;
      this.accounts = accounts;
      this.start = query.start().map(AuditFiles::micros);
      this.end = query.end().map(AuditFiles::micros);
      this.after = query.after();
    }

    /** Whether {@code hour}'s file can hold an event the query selects. */
    boolean mayHoldMatches(Instant hour) {
      Instant hourEnd = hour.plus(ONE_HOUR);
      return query.start().map(hourEnd::isAfter).orElse(true)
          && query.end().map(e -> !hour.isAfter(e)).orElse(true)
          && after.map(p -> !hour.isAfter(p.eventTime())).orElse(true);
    }

    /** Keeps the event of {@code line} among the newest {@code query.limit()} when it matches. */
    void offer(byte[] line, int length, PriorityQueue<AuditEvent> newest) {
      Optional<Header> parsed = Header.parse(line, length);
      if (parsed.isEmpty() || !matches(parsed.get())) {
        return;
      }
      Header h = parsed.get();
      AuditEvent oldestKept = newest.size() < query.limit() ? null : newest.peek();
      if (oldestKept != null && !newer(h, oldestKept)) {
        return;
      }
      newest.add(h.event(line, length));
      if (newest.size() > query.limit()) {
        newest.poll();
      }
    }

    private static boolean newer(Header h, AuditEvent than) {
      long thanMicros = micros(than.eventTime());
      return h.time() > thanMicros
          || (h.time() == thanMicros && h.id().compareTo(than.eventId()) > 0);
    }

    private boolean matches(Header h) {
      return accounts.test(h.account())
          && start.map(s -> h.time() >= s).orElse(true)
          && end.map(e -> h.time() <= e).orElse(true)
          && query.principalArn().map(a -> h.principal().equals(Optional.of(a))).orElse(true)
          && (query.failures() != AuditQuery.Failures.ONLY || h.error().isPresent())
          && query.attributes().stream().allMatch(a -> has(h, a))
          && after.map(p -> before(h, p)).orElse(true);
    }

    private static boolean before(Header h, AuditQuery.Position p) {
      long at = micros(p.eventTime());
      return h.time() < at || (h.time() == at && h.id().compareTo(p.eventId()) < 0);
    }

    private static boolean has(Header h, AuditQuery.Attribute a) {
      String v = a.value();
      return switch (a.key()) {
        case EVENT_ID -> h.id().equals(v);
        case EVENT_NAME -> h.name().equals(v);
        case READ_ONLY -> h.readOnly() == Boolean.parseBoolean(v);
        case USERNAME -> h.user().equals(Optional.of(v));
        case EVENT_SOURCE -> h.source().equals(v);
        case ACCESS_KEY_ID -> h.key().equals(Optional.of(v));
        case RESOURCE_TYPE -> h.resources().stream().anyMatch(r -> r.type().equals(v));
        case RESOURCE_NAME -> h.resources().stream().anyMatch(r -> r.name().equals(v));
      };
    }
  }
}

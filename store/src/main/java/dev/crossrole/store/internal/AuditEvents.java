package dev.crossrole.store.internal;

import dev.crossrole.core.AuditEvent;
import dev.crossrole.core.AuditLog;
import dev.crossrole.core.AuditQuery;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code audit_events} table and the resources each event names: batches appended in one
 * transaction, lookups newest first by account, time range and attributes, deletion by age.
 */
public final class AuditEvents implements AuditLog {
  private static final String COLUMNS =
      "event_id, event_time, account_id, event_source, event_name, read_only, username,"
          + " access_key_id, principal_arn, error_code, document";

  // The lengths of the columns (V9__audit_events.sql) that hold values a client may have chosen.
  private static final int EVENT_NAME = 128;
  private static final int USERNAME = 512;
  private static final int ACCESS_KEY_ID = 128;
  private static final int ARN = 2048;
  private static final int ERROR_CODE = 128;
  private static final int RESOURCE_TYPE = 64;
  private static final int RESOURCE_NAME = 2048;
  private static final int DOCUMENT = 1_000_000;

  private final Jdbc jdbc;

  public AuditEvents(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public void append(List<AuditEvent> events) {
    if (events.isEmpty()) {
      return;
    }
    jdbc.write(
        c -> {
          insertEvents(c, events);
          insertResources(c, events);
          return null;
        });
  }

  private static void insertEvents(Connection c, List<AuditEvent> events) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO audit_events ("
                + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (AuditEvent e : events) {
        ps.setString(1, e.eventId());
        Rows.setInstant(ps, 2, e.eventTime());
        ps.setString(3, e.accountId());
        ps.setString(4, e.eventSource());
        ps.setString(5, StorableText.of(e.eventName(), EVENT_NAME));
        ps.setBoolean(6, e.readOnly());
        Rows.setOptionalString(ps, 7, e.username().map(v -> StorableText.of(v, USERNAME)));
        Rows.setOptionalString(ps, 8, e.accessKeyId().map(v -> StorableText.of(v, ACCESS_KEY_ID)));
        Rows.setOptionalString(ps, 9, e.principalArn().map(v -> StorableText.of(v, ARN)));
        Rows.setOptionalString(ps, 10, e.errorCode().map(v -> StorableText.of(v, ERROR_CODE)));
        // JSON escapes NUL but not a lone surrogate. The request body's limit keeps a record well
        // under the column's length, so it is not cut in practice (cut, it would not be JSON).
        ps.setString(11, StorableText.of(e.document(), DOCUMENT));
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  private static void insertResources(Connection c, List<AuditEvent> events) throws SQLException {
    if (events.stream().allMatch(e -> e.resources().isEmpty())) {
      return;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO audit_event_resources (event_id, resource_type, resource_name)"
                + " VALUES (?, ?, ?)")) {
      for (AuditEvent e : events) {
        for (AuditEvent.Resource r : e.resources()) {
          ps.setString(1, e.eventId());
          ps.setString(2, StorableText.of(r.type(), RESOURCE_TYPE));
          ps.setString(3, StorableText.of(r.name(), RESOURCE_NAME));
          ps.addBatch();
        }
      }
      ps.executeBatch();
    }
  }

  @Override
  public List<AuditEvent> events(AuditQuery query) {
    Where where = where(query);
    String sql =
        "SELECT "
            + COLUMNS
            + " FROM audit_events e WHERE "
            + where.sql
            + " ORDER BY event_time DESC, event_id DESC FETCH FIRST "
            + query.limit()
            + " ROWS ONLY";
    return jdbc.read(
        c -> {
          Map<String, AuditEvent> rows = new LinkedHashMap<>();
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            where.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                AuditEvent row = row(rs);
                rows.put(row.eventId(), row);
              }
            }
          }
          Map<String, List<AuditEvent.Resource>> resources = resources(c, rows.keySet());
          List<AuditEvent> events = new ArrayList<>(rows.size());
          for (AuditEvent row : rows.values()) {
            events.add(row.withResources(resources.getOrDefault(row.eventId(), List.of())));
          }
          return events;
        });
  }

  private static Map<String, List<AuditEvent.Resource>> resources(
      Connection c, Set<String> eventIds) throws SQLException {
    Map<String, List<AuditEvent.Resource>> out = new LinkedHashMap<>();
    if (eventIds.isEmpty()) {
      return out;
    }
    String marks = String.join(", ", Collections.nCopies(eventIds.size(), "?"));
    try (PreparedStatement ps =
            Statements.prepare(
                c,
                "SELECT event_id, resource_type, resource_name FROM audit_event_resources"
                    + " WHERE event_id IN ("
                    + marks
                    + ")",
                eventIds.toArray(String[]::new));
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.computeIfAbsent(rs.getString(1), id -> new ArrayList<>())
            .add(new AuditEvent.Resource(rs.getString(2), rs.getString(3)));
      }
    }
    return out;
  }

  @Override
  public int deleteBefore(Instant cutoff) {
    return jdbc.write(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("DELETE FROM audit_events WHERE event_time < ?")) {
            Rows.setInstant(ps, 1, cutoff);
            return ps.executeUpdate();
          }
        });
  }

  /** A query's conditions and the values they bind, in order. */
  private static final class Where {
    private final StringBuilder sql = new StringBuilder("account_id = ?");
    private final List<Object> values = new ArrayList<>();

    Where add(String condition, Object... bound) {
      sql.append(" AND ").append(condition);
      values.addAll(List.of(bound));
      return this;
    }

    void bind(PreparedStatement ps) throws SQLException {
      for (int i = 0; i < values.size(); i++) {
        Object value = values.get(i);
        if (value instanceof Instant instant) {
          Rows.setInstant(ps, i + 1, instant);
        } else if (value instanceof Boolean b) {
          ps.setBoolean(i + 1, b);
        } else {
          ps.setString(i + 1, (String) value);
        }
      }
    }
  }

  private static Where where(AuditQuery query) {
    Where where = new Where();
    where.values.add(query.accountId());
    query.start().ifPresent(t -> where.add("event_time >= ?", t));
    query.end().ifPresent(t -> where.add("event_time <= ?", t));
    query
        .principalArn()
        .ifPresent(arn -> where.add("principal_arn = ?", StorableText.of(arn, ARN)));
    if (query.failures() == AuditQuery.Failures.ONLY) {
      where.add("error_code IS NOT NULL");
    }
    for (AuditQuery.Attribute a : query.attributes()) {
      switch (a.key()) {
        case EVENT_ID -> where.add("event_id = ?", StorableText.of(a.value(), Integer.MAX_VALUE));
        case EVENT_NAME -> where.add("event_name = ?", StorableText.of(a.value(), EVENT_NAME));
        case READ_ONLY -> where.add("read_only = ?", Boolean.parseBoolean(a.value()));
        case USERNAME -> where.add("username = ?", StorableText.of(a.value(), USERNAME));
        case EVENT_SOURCE ->
            where.add("event_source = ?", StorableText.of(a.value(), Integer.MAX_VALUE));
        case ACCESS_KEY_ID ->
            where.add("access_key_id = ?", StorableText.of(a.value(), ACCESS_KEY_ID));
        case RESOURCE_TYPE ->
            where.add(
                resourceCondition("resource_type"), StorableText.of(a.value(), RESOURCE_TYPE));
        case RESOURCE_NAME ->
            where.add(
                resourceCondition("resource_name"), StorableText.of(a.value(), RESOURCE_NAME));
      }
    }
    query
        .after()
        .ifPresent(
            p ->
                where.add(
                    "(event_time < ? OR (event_time = ? AND event_id < ?))",
                    p.eventTime(),
                    p.eventTime(),
                    p.eventId()));
    return where;
  }

  private static String resourceCondition(String column) {
    return "EXISTS (SELECT 1 FROM audit_event_resources r WHERE r.event_id = e.event_id AND r."
        + column
        + " = ?)";
  }

  /** One row of {@code audit_events}, before its resources are read. */
  private static AuditEvent row(ResultSet rs) throws SQLException {
    return new AuditEvent(
        rs.getString("event_id"),
        Rows.instant(rs, "event_time"),
        rs.getString("account_id"),
        rs.getString("event_source"),
        rs.getString("event_name"),
        rs.getBoolean("read_only"),
        Rows.optionalString(rs, "username"),
        Rows.optionalString(rs, "access_key_id"),
        Rows.optionalString(rs, "principal_arn"),
        Rows.optionalString(rs, "error_code"),
        List.of(),
        rs.getString("document"));
  }
}

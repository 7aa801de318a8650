package dev.crossrole.store.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crossrole.core.ErrorCode;
import dev.crossrole.core.IdentityException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Conversions between Java values and columns, the same on H2 and PostgreSQL. */
final class Rows {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<TreeMap<String, String>> TAGS = new TypeReference<>() {};

  private Rows() {}

  /** The key IAM compares names by: names differing only in case are the same name. */
  static String fold(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  /**
   * Binds an instant as a UTC timestamp, cut to the microsecond: both databases keep microseconds,
   * and cutting here rather than letting each round makes the value read back the same on both.
   */
  static void setInstant(PreparedStatement ps, int index, Instant instant) throws SQLException {
    ps.setObject(
        index, OffsetDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC));
  }

  static void setOptionalInstant(PreparedStatement ps, int index, Optional<Instant> instant)
      throws SQLException {
    if (instant.isPresent()) {
      setInstant(ps, index, instant.get());
    } else {
      ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
    }
  }

  static Instant instant(ResultSet rs, String column) throws SQLException {
    return rs.getObject(column, OffsetDateTime.class).toInstant();
  }

  static Optional<Instant> optionalInstant(ResultSet rs, String column) throws SQLException {
    return Optional.ofNullable(rs.getObject(column, OffsetDateTime.class))
        .map(OffsetDateTime::toInstant);
  }

  static void setOptionalString(PreparedStatement ps, int index, Optional<String> value)
      throws SQLException {
    if (value.isPresent()) {
      ps.setString(index, value.get());
    } else {
      ps.setNull(index, Types.VARCHAR);
    }
  }

  static Optional<String> optionalString(ResultSet rs, String column) throws SQLException {
    return Optional.ofNullable(rs.getString(column));
  }

  /** Tags as a JSON object with sorted keys, so equal maps store equal text. */
  static String tagsToJson(Map<String, String> tags) {
    try {
      return JSON.writeValueAsString(new TreeMap<>(tags));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a map of strings is always JSON", e);
    }
  }

  static Map<String, String> tagsFromJson(String json) {
    if ("{}".equals(json)) {
      // Most users and roles have no tags: skip creating a JSON parser on every lookup.
      return Map.of();
    }
    try {
      return JSON.readValue(json, TAGS);
    } catch (JsonProcessingException e) {
      // Only a hand-edited database gets here; say so without quoting the row.
      throw new IdentityException(
          ErrorCode.SERVICE_FAILURE, "The identity store holds unreadable tags.", e);
    }
  }

  /** The pattern matching every path that starts with {@code prefix}, for LIKE … ESCAPE '!'. */
  static String likePrefix(String prefix) {
    StringBuilder b = new StringBuilder(prefix.length() + 1);
    for (char c : prefix.toCharArray()) {
      if (c == '!' || c == '%' || c == '_') {
        b.append('!');
      }
      b.append(c);
    }
    return b.append('%').toString();
  }
}

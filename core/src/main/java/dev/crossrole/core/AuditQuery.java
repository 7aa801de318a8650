package dev.crossrole.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which events of one account's trail to read, newest first: a time range, attributes that must all
 * match (as CloudTrail's LookupEvents attributes), the caller's ARN, failures only, and where a
 * previous page ended.
 *
 * @param accountId the trail's account
 * @param start the earliest event time, inclusive
 * @param end the latest event time, inclusive
 * @param attributes attributes every event must match
 * @param principalArn the caller's ARN every event must have
 * @param failures {@link Failures#ONLY} for events answered with an error
 * @param limit how many events at most
 * @param after the position of the last event of the previous page
 */
public record AuditQuery(
    String accountId,
    Optional<Instant> start,
    Optional<Instant> end,
    List<Attribute> attributes,
    Optional<String> principalArn,
    Failures failures,
    int limit,
    Optional<Position> after) {

  /** The attributes CloudTrail's LookupEvents looks events up by. */
  public enum Key {
    EVENT_ID,
    EVENT_NAME,
    READ_ONLY,
    USERNAME,
    RESOURCE_TYPE,
    RESOURCE_NAME,
    EVENT_SOURCE,
    ACCESS_KEY_ID
  }

  /** One attribute and the value events must have for it. */
  public record Attribute(Key key, String value) {
    public Attribute {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
    }
  }

  /** Whether to read every event or only those answered with an error. */
  public enum Failures {
    INCLUDED,
    ONLY
  }

  /** Where an event sits in the newest-first order: its time, then its id. */
  public record Position(Instant eventTime, String eventId) {
    public Position {
      Objects.requireNonNull(eventTime, "eventTime");
      Objects.requireNonNull(eventId, "eventId");
    }

    /** The position of {@code event}. */
    public static Position of(AuditEvent event) {
      return new Position(event.eventTime(), event.eventId());
    }
  }

  public AuditQuery {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    attributes = List.copyOf(attributes);
    Objects.requireNonNull(principalArn, "principalArn");
    Objects.requireNonNull(failures, "failures");
    Objects.requireNonNull(after, "after");
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be positive, got " + limit);
    }
  }

  public static Builder builder(String accountId) {
    return new Builder(accountId);
  }

  /** Builds an {@link AuditQuery}: every event of the account, a thousand at most, by default. */
  public static final class Builder {
    private final String accountId;
    private Optional<Instant> start = Optional.empty();
    private Optional<Instant> end = Optional.empty();
    private final List<Attribute> attributes = new ArrayList<>();
    private Optional<String> principalArn = Optional.empty();
    private Failures failures = Failures.INCLUDED;
    private int limit = 1000;
    private Optional<Position> after = Optional.empty();

    private Builder(String accountId) {
      this.accountId = Objects.requireNonNull(accountId, "accountId");
    }

    public Builder start(Instant start) {
      this.start = Optional.of(start);
      return this;
    }

    public Builder end(Instant end) {
      this.end = Optional.of(end);
      return this;
    }

    public Builder attribute(Key key, String value) {
      attributes.add(new Attribute(key, value));
      return this;
    }

    public Builder principalArn(String arn) {
      this.principalArn = Optional.of(arn);
      return this;
    }

    public Builder failures(Failures failures) {
      this.failures = Objects.requireNonNull(failures, "failures");
      return this;
    }

    public Builder limit(int limit) {
      this.limit = limit;
      return this;
    }

    public Builder after(Position position) {
      this.after = Optional.of(position);
      return this;
    }

    public AuditQuery build() {
      return new AuditQuery(
          accountId, start, end, attributes, principalArn, failures, limit, after);
    }
  }
}

package dev.crossrole.core;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One CloudTrail-format event as one account's trail keeps it: the full record ({@link
 * #document()}, the JSON CloudTrail delivers, with every secret already removed) and, beside it,
 * the fields that events are looked up by. An event that concerns two accounts (a cross-account
 * AssumeRole) is two of these, one per recipient account, each with its own id.
 *
 * @param eventId the event's id, a UUID
 * @param eventTime when the request was received
 * @param accountId the recipient account, whose trail holds the event
 * @param eventSource the service, such as {@code sts.amazonaws.com}
 * @param eventName the operation, such as {@code AssumeRole}
 * @param readOnly whether the operation only reads
 * @param username the user name CloudTrail's LookupEvents shows (user, session or {@code root})
 * @param accessKeyId the access key the request was signed with
 * @param principalArn the caller's ARN
 * @param errorCode the error the request was answered with, when it failed
 * @param resources the resources the event names, for lookups by resource
 * @param document the CloudTrail record, a JSON object
 */
public record AuditEvent(
    String eventId,
    Instant eventTime,
    String accountId,
    String eventSource,
    String eventName,
    boolean readOnly,
    Optional<String> username,
    Optional<String> accessKeyId,
    Optional<String> principalArn,
    Optional<String> errorCode,
    List<Resource> resources,
    String document) {

  /** A resource an event names: its CloudTrail type, such as {@code AWS::IAM::Role}, and name. */
  public record Resource(String type, String name) {
    public Resource {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(name, "name");
    }
  }

  public AuditEvent {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(eventTime, "eventTime");
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(eventSource, "eventSource");
    Objects.requireNonNull(eventName, "eventName");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(accessKeyId, "accessKeyId");
    Objects.requireNonNull(principalArn, "principalArn");
    Objects.requireNonNull(errorCode, "errorCode");
    resources = List.copyOf(resources);
    Objects.requireNonNull(document, "document");
  }

  /** This event naming {@code resources} instead. */
  public AuditEvent withResources(List<Resource> resources) {
    return new AuditEvent(
        eventId,
        eventTime,
        accountId,
        eventSource,
        eventName,
        readOnly,
        username,
        accessKeyId,
        principalArn,
        errorCode,
        resources,
        document);
  }
}

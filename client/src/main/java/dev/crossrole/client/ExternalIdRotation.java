package dev.crossrole.client;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link RoleControl#rotateExternalId} did. The new ExternalId is not a secret (AWS treats it
 * as an identifier the other side must present), so it is shown: the BUILD side must change to it.
 *
 * @param roleArn the role whose trust policy changed
 * @param newExternalId the id every trusting statement now requires
 * @param oldExternalIds the ids it required before
 * @param oldAcceptedUntil until when the old ids are still accepted (empty: no grace)
 * @param expiredGraceRemoved how many grace statements of earlier rotations had ended and were
 *     removed
 */
public record ExternalIdRotation(
    String roleArn,
    String newExternalId,
    List<String> oldExternalIds,
    Optional<Instant> oldAcceptedUntil,
    int expiredGraceRemoved) {
  public ExternalIdRotation {
    Objects.requireNonNull(roleArn, "roleArn");
    Objects.requireNonNull(newExternalId, "newExternalId");
    oldExternalIds = List.copyOf(oldExternalIds);
    Objects.requireNonNull(oldAcceptedUntil, "oldAcceptedUntil");
  }
}

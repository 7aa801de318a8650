package dev.crossrole.core;

import java.util.Objects;

/**
 * One managed policy attached to one user, group or role (or set as its permissions boundary),
 * named with the entity's name as stored, its unique id and its path, read with the attachment so
 * that a listing filtered by path needs no read per entity.
 */
public record PolicyAttachment(
    PolicyHolder holder,
    String accountId,
    String holderName,
    String holderId,
    String holderPath,
    String policyArn) {
  public PolicyAttachment {
    Objects.requireNonNull(holder, "holder");
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(holderName, "holderName");
    Objects.requireNonNull(holderId, "holderId");
    Objects.requireNonNull(holderPath, "holderPath");
    Objects.requireNonNull(policyArn, "policyArn");
  }
}

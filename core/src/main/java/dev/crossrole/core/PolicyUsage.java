package dev.crossrole.core;

/**
 * How often one account uses a managed policy: the users, groups and roles it is attached to, and
 * the users and roles it is the permissions boundary of.
 */
public record PolicyUsage(int attachmentCount, int permissionsBoundaryUsageCount) {
  public static final PolicyUsage NONE = new PolicyUsage(0, 0);
}

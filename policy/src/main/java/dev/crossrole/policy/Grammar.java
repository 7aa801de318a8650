package dev.crossrole.policy;

/** Which elements a policy may hold, by the place it is attached. */
public enum Grammar {
  /** Identity-based policies, permissions boundaries and session policies: no Principal. */
  IDENTITY,
  /** Resource-based policies: a Principal is required; Resource is optional. */
  RESOURCE,
  /** Role trust policies: a Principal is required; no Resource, NotResource or NotPrincipal. */
  TRUST
}

package dev.crossrole.policy;

/**
 * Whether a statement's element holds for a request, or cannot be decided (an unresolved variable).
 */
enum Applicability {
  YES,
  NO,
  /** A policy variable had no value: AWS treats the whole statement as invalid for the request. */
  INVALID;

  static Applicability of(boolean holds) {
    return holds ? YES : NO;
  }
}

package dev.crossrole.core;

/** The IAM identities that hold inline policies. */
public enum PolicyHolder {
  USER,
  ROLE,
  GROUP
}

package dev.crossrole.policy.internal.lint;

/** One family of checks over the document tree. */
interface Rule {
  void check(LintContext context);
}

/**
 * The IAM policy language as AWS defines it: {@link dev.crossrole.policy.PolicyDocument} parses and
 * validates documents (with IAM's messages and quotas), {@link
 * dev.crossrole.policy.PolicyEvaluator} decides requests as AWS's evaluation logic does and
 * explains the decision, and {@link dev.crossrole.policy.EvaluationCase} reads and writes the
 * {@code policy eval} case format. Pure: no I/O, no clocks, no randomness.
 */
package dev.crossrole.policy;

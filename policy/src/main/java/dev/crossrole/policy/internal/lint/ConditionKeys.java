package dev.crossrole.policy.internal.lint;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/** What the checks need to know about condition keys, from AWS's condition key references. */
final class ConditionKeys {
  private ConditionKeys() {}

  /**
   * Keys whose request value is one value, never a set (lower case). A set qualifier on them is a
   * mistake: {@code ForAllValues} also passes when the key is absent. From the global condition
   * keys reference (those listed as single-valued) and the IAM and STS key references.
   */
  private static final Set<String> SINGLE_VALUED =
      Set.of(
          "aws:principalarn",
          "aws:principalaccount",
          "aws:principalorgid",
          "aws:principalisawsservice",
          "aws:principalservicename",
          "aws:principaltype",
          "aws:userid",
          "aws:username",
          "aws:federatedprovider",
          "aws:tokenissuetime",
          "aws:multifactorauthage",
          "aws:multifactorauthpresent",
          "aws:ec2instancesourcevpc",
          "aws:ec2instancesourceprivateipv4",
          "aws:sourceidentity",
          "aws:assumedroot",
          "aws:sourceip",
          "aws:sourcevpc",
          "aws:sourcevpcarn",
          "aws:sourcevpce",
          "aws:vpcsourceip",
          "aws:sourcearn",
          "aws:sourceaccount",
          "aws:sourceorgid",
          "aws:calledviafirst",
          "aws:calledvialast",
          "aws:viaawsservice",
          "aws:currenttime",
          "aws:epochtime",
          "aws:requestedregion",
          "aws:securetransport",
          "aws:useragent",
          "aws:referer",
          "aws:resourceaccount",
          "aws:resourceorgid",
          "aws:vpceaccount",
          "aws:vpceorgid",
          "sts:externalid",
          "sts:rolesessionname",
          "sts:sourceidentity",
          "iam:passedtoservice",
          "iam:permissionsboundary",
          "iam:policyarn",
          "iam:awsservicename",
          "iam:associatedresourcearn");

  /** Tag keys: one tag key has one value. */
  private static final List<String> SINGLE_VALUED_PREFIXES =
      List.of("aws:principaltag/", "aws:requesttag/", "aws:resourcetag/", "iam:resourcetag/");

  /**
   * Keys that tie a request to known principals or networks, so that a statement naming {@code "*"}
   * as its principal is not open to everyone (lower case).
   */
  private static final Set<String> RESTRICTING =
      Set.of(
          "aws:principalarn",
          "aws:principalaccount",
          "aws:principalorgid",
          "aws:principalorgpaths",
          "aws:principalisawsservice",
          "aws:principalservicename",
          "aws:userid",
          "aws:username",
          "aws:sourcearn",
          "aws:sourceaccount",
          "aws:sourceorgid",
          "aws:sourceorgpaths",
          "aws:sourcevpc",
          "aws:sourcevpce");

  static boolean isSingleValued(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    if (SINGLE_VALUED.contains(k)) {
      return true;
    }
    for (String prefix : SINGLE_VALUED_PREFIXES) {
      if (k.startsWith(prefix) && k.length() > prefix.length()) {
        return true;
      }
    }
    return false;
  }

  static boolean isRestricting(String key) {
    return RESTRICTING.contains(key.toLowerCase(Locale.ROOT));
  }
}

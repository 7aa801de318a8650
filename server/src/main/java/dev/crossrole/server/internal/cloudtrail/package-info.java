/**
 * CloudTrail's LookupEvents over the JSON 1.1 protocol: the caller's account's audit events, found
 * by one lookup attribute and a time range, newest first, fifty at most a page.
 */
package dev.crossrole.server.internal.cloudtrail;

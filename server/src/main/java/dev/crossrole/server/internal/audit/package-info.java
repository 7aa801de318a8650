/**
 * The audit trail: every authenticated request, refused or not, as a CloudTrail-format event in the
 * account it concerns, durable before the request is answered. {@link
 * dev.crossrole.server.internal.audit.AuditTrail} turns an {@link
 * dev.crossrole.server.internal.audit.ApiCall} into its events; {@link
 * dev.crossrole.server.internal.audit.AuditWriter} commits the events of concurrent requests
 * together, one transaction per batch.
 */
package dev.crossrole.server.internal.audit;

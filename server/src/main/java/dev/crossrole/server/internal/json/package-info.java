/**
 * The AWS JSON 1.1 protocol (ECR): {@code JsonService}, {@code JsonCall}, input reading and errors.
 */
package dev.crossrole.server.internal.json;

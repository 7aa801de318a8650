/** The AWS JSON 1.1 protocol (ECR): {@code JsonService}, {@code JsonCall} and input reading. */
package dev.crossrole.server.internal.json;

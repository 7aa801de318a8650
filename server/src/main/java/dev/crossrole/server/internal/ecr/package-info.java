/** The ECR API over the JSON protocol, and what the registry's token endpoint asks of ECR. */
package dev.crossrole.server.internal.ecr;

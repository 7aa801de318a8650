/**
 * The build side of crossrole: assume a role, cache and refresh its credentials, write AWS profiles
 * and log in to registries, against crossrole or AWS itself, through the AWS SDK for Java v2.
 */
package dev.crossrole.client;

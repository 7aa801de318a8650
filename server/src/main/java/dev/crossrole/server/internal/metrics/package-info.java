/**
 * The server's meters and their exposition in Prometheus' text format: requests by service,
 * operation and outcome, their latency, authorization decisions, and the gauges the server's parts
 * report (store pool, registry child, token keys). Depends on nothing else of the server.
 */
package dev.crossrole.server.internal.metrics;

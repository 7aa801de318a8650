/**
 * IAM's policy simulator (SimulateCustomPolicy, SimulatePrincipalPolicy): {@code IamSimulator}
 * reads the input and asks the engine to explain each decision; {@code IamSimulationShapes} writes
 * the results, locating statements with {@code StatementPositions}. It reads entities and pages its
 * results as the rest of IAM does.
 */
package dev.crossrole.server.internal.iam.simulator;

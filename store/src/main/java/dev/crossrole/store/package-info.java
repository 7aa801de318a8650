/**
 * JDBC storage for the identity domain: {@link dev.crossrole.store.JdbcIdentityStore}, opened from
 * a {@link dev.crossrole.store.StoreConfig} on an embedded H2 file or on PostgreSQL, with the
 * schema migrated by Flyway ({@code db/migration}). The package {@code
 * dev.crossrole.store.internal} is the implementation and not an API.
 */
package dev.crossrole.store;

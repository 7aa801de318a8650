package dev.crossrole.store;

/**
 * The store's connection pool at one moment, for a server's metrics: connections in use, idle,
 * threads waiting for one, and the most the pool opens.
 */
public record PoolState(int active, int idle, int waiting, int maximum) {
  public PoolState {
    if (active < 0 || idle < 0 || waiting < 0 || maximum < 0) {
      throw new IllegalArgumentException("pool figures are never negative");
    }
  }
}

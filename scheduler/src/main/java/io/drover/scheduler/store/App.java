package io.drover.scheduler.store;

/** An app group as stored. */
public record App(long id, String name, String secretHash, long leaderEpoch, String leaderServer, long createdAt) {}

package io.drover.protocol;

/** The leader of the worker's app accepts the worker. */
public record Welcome(String serverId, long epoch, long heartbeatIntervalMs) implements Message {}

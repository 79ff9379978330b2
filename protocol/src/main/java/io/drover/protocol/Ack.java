package io.drover.protocol;

/** A worker's answer to a DISPATCH: it took the attempt, or refused it with a reason. */
public record Ack(long instanceId, int attempt, boolean accepted, String reason) implements Message {}

package io.drover.protocol;

/** Either side closes the connection on purpose. */
public record Goodbye(String reason) implements Message {}

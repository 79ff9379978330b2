package io.drover.protocol;

/** This server does not lead the worker's app; the worker should connect to {@code host:port}. */
public record Redirect(String host, int port, String leaderId) implements Message {}

package io.drover.protocol;

/** How one task of an instance ended on one worker (the results a broadcast's post-processing is given). */
public record TaskResult(String worker, TaskStatus status, String result) {}

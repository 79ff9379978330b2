package io.drover.protocol;

/**
 * One subtask of a map instance.
 *
 * @param id the coordinator's number for it, unique within the attempt
 * @param tryNo which try of the subtask this is, from 1
 * @param name the name given to {@code ctx.map(subtasks, name)}
 * @param payload the subtask as JSON
 */
public record Subtask(long id, int tryNo, String name, String payload) {}

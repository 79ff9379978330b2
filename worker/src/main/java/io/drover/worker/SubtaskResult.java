package io.drover.worker;

/**
 * How one subtask of a map-reduce instance ended, as {@link MapReduceProcessor#reduce} is given it.
 *
 * @param id the subtask's number within the attempt
 * @param name the name it was mapped with
 * @param success true when it succeeded (within the allowed tries)
 * @param result its result text, or the reason of its last failure
 */
public record SubtaskResult(long id, String name, boolean success, String result) {}

/**
 * The Drover worker: the small library a business application embeds to run jobs.
 *
 * <p>The public API is {@link io.drover.worker.Worker} (built with {@link io.drover.worker.Worker.Builder}),
 * {@link io.drover.worker.Processor}, {@link io.drover.worker.TaskContext}, {@link io.drover.worker.TaskLog} and
 * {@link io.drover.worker.Result}; for the execution modes, {@link io.drover.worker.BroadcastProcessor} (with
 * {@link io.drover.worker.TaskOutcome}) and {@link io.drover.worker.MapReduceProcessor} (with
 * {@link io.drover.worker.SubtaskResult}; subtasks are mapped through {@link io.drover.worker.TaskContext#map}).
 * Everything else in this package is an implementation detail.
 */
package io.drover.worker;

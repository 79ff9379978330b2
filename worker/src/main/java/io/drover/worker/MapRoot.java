package io.drover.worker;

import io.drover.protocol.Dispatch;

/**
 * Runs the root task of a map or map-reduce attempt on the worker that coordinates it: the processor maps subtasks,
 * then the attempt waits until every subtask ended, then (map-reduce) reduces their results. The attempt fails when
 * the root task fails or a subtask failed all its tries.
 */
final class MapRoot implements Processor {
  private final Dispatch dispatch;
  private final Processor processor;
  private final MapRelay relay;

  MapRoot(Dispatch dispatch, Processor processor, MapRelay relay) {
    this.dispatch = dispatch;
    this.processor = processor;
    this.relay = relay;
  }

  @Override
  public Result process(TaskContext ctx) throws Exception {
    boolean reduce = Dispatch.MAP_REDUCE.equals(dispatch.mode());
    if (reduce && !(processor instanceof MapReduceProcessor)) {
      return Result.fail("processor '" + dispatch.processor() + "' runs a MAP_REDUCE job but does not implement "
          + "MapReduceProcessor");
    }
    try (MapCoordinator coordinator = relay.coordinate(dispatch)) {
      Result root = processor.process(new RootContext(ctx, coordinator));
      if (root == null || !root.success()) {
        return root;
      }
      coordinator.seal();
      coordinator.awaitDone();
      long failed = coordinator.failed();
      if (failed > 0 || coordinator.firstFailure() != null) {
        return Result.fail(failed + " of " + coordinator.total() + " subtask(s) failed; first: "
            + coordinator.firstFailure());
      }
      if (reduce) {
        return ((MapReduceProcessor) processor).reduce(ctx, coordinator.results());
      }
      return Result.ok(root.message() != null ? root.message()
          : coordinator.total() + " subtask(s) succeeded");
    }
  }
}

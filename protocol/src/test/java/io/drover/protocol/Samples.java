package io.drover.protocol;

import java.util.List;
import java.util.Map;

/** At least one message of every type, with awkward values: nulls, empty lists, extremes, non-ASCII text. */
final class Samples {
  private Samples() {}

  static List<Message> all() {
    return List.of(
        new Hello("order-service", "w-1", "10.0.0.7:0", Map.of("zone", "a", "rack", "r1"), 8, List.of(1L, 2L),
            "proof", List.of(new Hello.RunningAttempt(1, 1), new Hello.RunningAttempt(2, 3))),
        new Hello("app", "w-2", null, null, 0, null, null),
        new Welcome("server-1", Long.MAX_VALUE, 500),
        new Redirect("10.0.0.2", 7701, "server-2"),
        new Reject("no leader yet for app 'order-service'", true),
        new Reject(null, false),
        new Heartbeat(8, 3, 0.75, List.of(Long.MIN_VALUE, 0L, Long.MAX_VALUE)),
        new Heartbeat(0, 0, Double.NaN, List.of()),
        new Dispatch(42, 3, 7, 9, "settle", "{\"order\":12,\"note\":\"é – ✓\"}", 0),
        new Ack(42, 3, true, null),
        new Ack(42, 3, false, "no slot"),
        new Report(42, 3, TaskStatus.SUCCEEDED, "settled\nline two", 1_700_000_000_000L),
        new Report(42, 3, TaskStatus.RUNNING, null, 0),
        new Report(42, 3, TaskStatus.SUCCEEDED, "quick", 1_700_000_000_012L, null, 1_700_000_000_005L),
        new Stop(42, 3, "canceled by user"),
        new LogBatch(List.of(new LogBatch.Line(42, 1_700_000_000_001L, "INFO", "started"),
            new LogBatch.Line(42, 1_700_000_000_002L, "ERROR", "日本語 \u0000 \t"))),
        new LogBatch(List.of()),
        new Goodbye("shutting down"),
        new Challenge(HelloProof.newNonce(), "server-1"),
        new Dispatch(42, 3, 7, 9, "fan", "", 0, Dispatch.BROADCAST_POST,
            List.of(new TaskResult("w-1", TaskStatus.FAILED, "disk full")), null),
        new Dispatch(42, 3, 7, 9, "sum", "100", 0, null, List.of(), Dispatch.MAP_REDUCE),
        new Report(42, 3, TaskStatus.SUCCEEDED, "w-1", 1L, Dispatch.BROADCAST_TASK),
        new SubtaskBatch(42, 3, 9, "sum", "100", "w-1", "w-2",
            List.of(new Subtask(0, 1, "range", "{\"from\":1}"), new Subtask(Long.MAX_VALUE, 2, null, "null"))),
        new SubtaskResults(42, 3, "w-2", "w-1", List.of(new SubtaskOutcome(0, 1, true, "55",
            List.of(new Subtask(0, 1, "child", "7"))), new SubtaskOutcome(1, 2, false, null, null))),
        new Members(List.of(new Members.Member("w-1", 16), new Members.Member("w-2", 1))),
        new MapProgress(42, 3, 1_000_000, 1, 2, 3, 4));
  }
}

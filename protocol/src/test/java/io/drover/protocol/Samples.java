package io.drover.protocol;

import java.util.List;
import java.util.Map;

/** At least one message of every type, with awkward values: nulls, empty lists, extremes, non-ASCII text. */
final class Samples {
  private Samples() {}

  static List<Message> all() {
    return List.of(
        new Hello("order-service", "w-1", "10.0.0.7:0", Map.of("zone", "a", "rack", "r1"), 8, List.of(1L, 2L),
            "proof"),
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
        new Stop(42, 3, "canceled by user"),
        new LogBatch(List.of(new LogBatch.Line(42, 1_700_000_000_001L, "INFO", "started"),
            new LogBatch.Line(42, 1_700_000_000_002L, "ERROR", "日本語 \u0000 \t"))),
        new LogBatch(List.of()),
        new Goodbye("shutting down"),
        new Challenge(HelloProof.newNonce(), "server-1"));
  }
}

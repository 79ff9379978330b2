package io.drover.coordination.leader;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which apps should change leader, and to whom, computed from a {@link LeadershipSnapshot} alone. Every server
 * computes the same plan from the same snapshot, so each can do its own part without asking the others: the
 * leader of a moving app gives it back once the receiver is next in its latch, and the servers queued between
 * them step back behind the receiver.
 *
 * <ul>
 *   <li><b>Eligible</b> servers are live (under {@code servers/}), not drained, and take part in at least one latch.
 *   <li>A <b>pin</b> is in force when the pinned server is eligible and in the app's latch; otherwise it is ignored.
 *       A pinned app moves to its server, and counts outside every share.
 *   <li>The <b>share</b> is {@code ceil(unpinned apps / eligible servers)}. A server leading more unpinned apps than
 *       the share gives back the excess, and only the excess (hysteresis: never at the share). Its apps are ranked by
 *       a stable hash of (server, app); the lowest-ranked ones go.
 *   <li>Each app given back is matched to one free place of a server under the share (each next one to the server
 *       that would then lead fewest), so an app moves once, straight to where it stays.
 * </ul>
 *
 * <p>Pure logic: no I/O, no clock.
 */
final class BalancePlan {

  enum Reason {
    OVER_SHARE("over its fair share"),
    PINNED("pinned to another server");

    private final String text;

    Reason(String text) {
      this.text = text;
    }

    String text() {
      return text;
    }
  }

  /** The app should go from its leader {@code from} to {@code to}. */
  record Move(String app, String from, String to, Reason reason) {
  }

  private final SortedSet<String> eligible;
  private final Map<String, String> pins;
  private final int share;
  private final Map<String, Integer> counts;
  private final Map<String, Move> moves;

  private BalancePlan(SortedSet<String> eligible, Map<String, String> pins, int share, Map<String, Integer> counts,
      Map<String, Move> moves) {
    this.eligible = eligible;
    this.pins = pins;
    this.share = share;
    this.counts = counts;
    this.moves = moves;
  }

  static BalancePlan of(LeadershipSnapshot snapshot) {
    Set<String> participants = new HashSet<>();
    snapshot.queues().values().forEach(participants::addAll);
    SortedSet<String> eligible = new TreeSet<>();
    for (String server : snapshot.live()) {
      if (!snapshot.drained().contains(server) && participants.contains(server)) {
        eligible.add(server);
      }
    }

    Map<String, String> pins = new TreeMap<>();
    List<String> unpinned = new ArrayList<>();
    for (String app : snapshot.apps()) {
      String pin = snapshot.pins().get(app);
      if (pin != null && eligible.contains(pin) && snapshot.queue(app).contains(pin)) {
        pins.put(app, pin);
      } else {
        unpinned.add(app);
      }
    }

    Map<String, Move> moves = new TreeMap<>();
    pins.forEach((app, pin) -> snapshot.leader(app)
        .filter(leader -> !leader.equals(pin))
        .ifPresent(leader -> moves.put(app, new Move(app, leader, pin, Reason.PINNED))));

    Map<String, List<String>> led = new TreeMap<>();
    eligible.forEach(server -> led.put(server, new ArrayList<>()));
    for (String app : unpinned) {
      snapshot.leader(app).filter(eligible::contains).ifPresent(leader -> led.get(leader).add(app));
    }
    Map<String, Integer> counts = new LinkedHashMap<>();
    led.forEach((server, apps) -> counts.put(server, apps.size()));
    int share = eligible.isEmpty() ? 0 : (unpinned.size() + eligible.size() - 1) / eligible.size();

    List<Move> excess = new ArrayList<>();
    led.forEach((server, apps) -> {
      int over = apps.size() - share;
      if (over > 0) {
        apps.stream()
            .sorted(Comparator.comparingInt((String app) -> rank(server, app)).thenComparing(app -> app))
            .limit(over)
            .forEach(app -> excess.add(new Move(app, server, null, Reason.OVER_SHARE)));
      }
    });
    List<String> places = freePlaces(counts, share);
    for (int i = 0; i < Math.min(excess.size(), places.size()); i++) {
      Move m = excess.get(i);
      moves.put(m.app(), new Move(m.app(), m.from(), places.get(i), m.reason()));
    }
    return new BalancePlan(eligible, pins, share, counts, moves);
  }

  /**
   * One entry per app a server can still take before reaching the share, in the order to fill them: each next
   * place goes to the server that would then lead fewest (ties by id), so that moves even the servers out.
   */
  private static List<String> freePlaces(Map<String, Integer> counts, int share) {
    PriorityQueue<Map.Entry<String, Integer>> lowest = new PriorityQueue<>(
        Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey()));
    counts.forEach((server, count) -> {
      if (count < share) {
        lowest.add(Map.entry(server, count));
      }
    });
    List<String> places = new ArrayList<>();
    while (!lowest.isEmpty()) {
      Map.Entry<String, Integer> next = lowest.poll();
      places.add(next.getKey());
      if (next.getValue() + 1 < share) {
        lowest.add(Map.entry(next.getKey(), next.getValue() + 1));
      }
    }
    return places;
  }

  /** A stable, well-spread hash of (server, app): the same on every JVM (String.hashCode is specified). */
  static int rank(String server, String app) {
    int h = (server + '/' + app).hashCode();
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return h;
  }

  /** Eligible servers, sorted. */
  SortedSet<String> eligible() {
    return eligible;
  }

  /** The pins in force: app to its server. */
  Map<String, String> pins() {
    return pins;
  }

  /** The fair share of unpinned apps per eligible server (0 when none is eligible). */
  int share() {
    return share;
  }

  /** Unpinned apps led by each eligible server. */
  int count(String server) {
    return counts.getOrDefault(server, 0);
  }

  /** The moves, by app. */
  Collection<Move> moves() {
    return moves.values();
  }

  /** The moves that {@code server} must start: those of apps it leads. */
  List<Move> movesFrom(String server) {
    return moves.values().stream().filter(m -> m.from().equals(server)).toList();
  }

  @Override
  public String toString() {
    return "BalancePlan[share=" + share + ", counts=" + counts + ", pins=" + pins + ", moves=" + moves.values()
        + "]";
  }
}

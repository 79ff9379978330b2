package io.drover.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Random input, bounded and repeatable (fixed seed): the decoder raises only its own errors, never anything else,
 * and leaks no buffer whatever it is fed.
 */
@ExtendWith(NettyLeakDetection.class)
class FrameDecoderFuzzTest {
  private static final long SEED = 0xD70B_2024L;
  private static final int CASES = 2_000;
  private static final String[] JSON_PIECES = {"{", "}", "[", "]", "\"", ":", ",", "null", "true", "-1",
      "1e999", "\"instanceId\"", "\"running\"", "\"labels\"", "\"status\"", "\"RUNNING\"", "\\u0000",
      "9223372036854775808"};

  @Test
  void randomInputRaisesOnlyDecoderErrorsAndLeaksNothing() {
    Random random = new Random(SEED);
    int[] outcomes = new int[3]; // decoded something, raised, waited for more
    for (int i = 0; i < CASES; i++) {
      byte[] input = randomInput(random, i);
      try (CodecHarness h = new CodecHarness(1024)) {
        int chunk = 1 + random.nextInt(input.length + 1);
        int decoded = 0;
        try {
          for (int from = 0; from < input.length; from += chunk) {
            decoded += h.feed(Arrays.copyOfRange(input, from, Math.min(input.length, from + chunk))).size();
          }
          outcomes[decoded == 0 ? 2 : 0]++;
        } catch (DecoderException e) {
          assertThat(e).as("case %d: %s", i, e).isInstanceOfAny(ProtocolException.class,
              TooLongFrameException.class);
          assertThat(e.getMessage()).as("case %d", i).isNotBlank();
          outcomes[1]++;
        }
      }
    }
    // The generator must reach every branch: frames that decode, frames that fail, partial frames.
    assertThat(Arrays.stream(outcomes).min().orElseThrow()).as("decoded, raised, waited: %s",
        Arrays.toString(outcomes)).isGreaterThan(CASES / 50);
  }

  private static byte[] randomInput(Random random, int i) {
    switch (i % 4) {
      case 0: { // pure noise
        byte[] b = new byte[random.nextInt(64)];
        random.nextBytes(b);
        return b;
      }
      case 1: { // right magic, random rest of header and body
        byte[] b = new byte[2 + random.nextInt(80)];
        random.nextBytes(b);
        b[0] = (byte) 0xD7;
        b[1] = (byte) 0x0B;
        return b;
      }
      default: { // a well-formed header around a JSON-ish or truncated body
        MessageType type = MessageType.values()[random.nextInt(MessageType.values().length)];
        StringBuilder json = new StringBuilder();
        for (int n = random.nextInt(12); n > 0; n--) {
          json.append(JSON_PIECES[random.nextInt(JSON_PIECES.length)]);
        }
        byte[] body = i % 4 == 2 ? json.toString().getBytes(StandardCharsets.UTF_8)
            : MessageBodies.write(Samples.all().get(random.nextInt(Samples.all().size())));
        byte[] frame = Wire.frame(type.code(), random.nextLong(), body);
        int cut = random.nextInt(4) == 0 ? random.nextInt(frame.length + 1) : frame.length;
        if (random.nextInt(8) == 0) {
          frame[random.nextInt(frame.length)] ^= (byte) (1 << random.nextInt(8));
        }
        return Arrays.copyOf(frame, cut);
      }
    }
  }
}

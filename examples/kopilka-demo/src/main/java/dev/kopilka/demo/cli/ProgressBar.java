package dev.kopilka.demo.cli;

import java.io.PrintStream;
import java.util.function.Supplier;

/**
 * Progress of long work, on the error stream so that the summary on the output stays clean: on a terminal a bar
 * redrawn in place (at most five times a second), otherwise — a log, a pipe, a test — one line per tenth of the
 * work, so that a run's output stays short and the same for a seed.
 */
public final class ProgressBar {

    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 200_000_000L;

    private final PrintStream out;
    private final boolean redraw;
    private final String label;
    private final long total;
    private long done;
    private int tenthsShown;
    private long drawnAt;
    private boolean drawn;

    /**
     * @param redraw a bar redrawn in place ({@link #interactive}); false: a line per tenth
     * @param total  units of work, at least 1
     */
    public ProgressBar(PrintStream out, boolean redraw, String label, long total) {
        this.out = out;
        this.redraw = redraw;
        this.label = label;
        this.total = Math.max(1, total);
    }

    /** True when {@code stream} is the process's error stream and a terminal is attached: the bar may redraw. */
    public static boolean interactive(PrintStream stream) {
        return stream == System.err && System.console() != null;
    }

    /** {@code units} more done; {@code detail} (computed only when shown) follows the counts. */
    public void advance(long units, Supplier<String> detail) {
        done = Math.min(total, done + units);
        if (redraw) {
            long now = System.nanoTime();
            if (!drawn || now - drawnAt >= REDRAW_NANOS || done == total) {
                draw(detail.get());
                drawnAt = now;
                drawn = true;
            }
            return;
        }
        int tenths = (int) (done * 10 / total);
        if (tenths > tenthsShown) {
            tenthsShown = tenths;
            out.printf("%s %,d/%,d%s%n", label, done, total, suffix(detail.get()));
        }
    }

    /** Ends the bar's line (a terminal's next output starts on a new line). */
    public void finish() {
        if (redraw && drawn) {
            out.println();
        }
    }

    private void draw(String detail) {
        int filled = (int) (done * WIDTH / total);
        out.printf("\r%s [%s%s] %3d%% %,d/%,d%s\u001B[K", label, "#".repeat(filled), " ".repeat(WIDTH - filled),
                done * 100 / total, done, total, suffix(detail));
        out.flush();
    }

    private static String suffix(String detail) {
        return detail == null || detail.isEmpty() ? "" : " " + detail;
    }
}

package dev.kopilka.demo.cli;

import java.io.PrintStream;

/** Where commands write: the summary to {@code out}, progress and warnings to {@code err}. */
public interface Terminal {

    PrintStream out();

    PrintStream err();
}

package dev.kopilka.demo.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "replay")
public final class ReplayCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        return 0;
    }
}

package dev.kopilka.benchmarks;

import java.util.Collection;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs the in-memory purchase benchmarks in one JVM run and prints their ratios to the baseline, so the
 * figures compare side by side on whatever machine runs them.
 */
public final class BenchmarkMain {

    private BenchmarkMain() {
    }

    public static void main(String[] args) throws RunnerException {
        Options options = new OptionsBuilder().include(PurchaseBenchmark.class.getSimpleName()).build();
        Collection<RunResult> results = new Runner(options).run();
        double baseline = score(results, "baselineMapInsert");
        System.out.println();
        System.out.println("Ratios to one ConcurrentHashMap insert (same run):");
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark().replaceAll(".*\\.", "");
            double score = r.getPrimaryResult().getScore();
            System.out.printf("  %-22s %10.3f us/op  %8.1fx%n", name, score, score / baseline);
        }
    }

    private static double score(Collection<RunResult> results, String name) {
        return results.stream().filter(r -> r.getParams().getBenchmark().endsWith("." + name)).findFirst()
                .orElseThrow().getPrimaryResult().getScore();
    }
}

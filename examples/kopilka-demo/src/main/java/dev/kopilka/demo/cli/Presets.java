package dev.kopilka.demo.cli;

import java.util.List;

/** The two retailers of the case studies, each a commented properties file in the demo's resources. */
public final class Presets {

    public static final List<String> NAMES = List.of("tools-chain", "cosmetics-chain");

    private Presets() {
    }
}

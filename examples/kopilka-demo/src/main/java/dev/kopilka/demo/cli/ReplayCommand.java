package dev.kopilka.demo.cli;

import dev.kopilka.config.InvalidConfigurationException;
import dev.kopilka.config.KopilkaConfig;
import dev.kopilka.messaging.Channel;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code replay}: a retailer's own members and receipts replayed through a candidate program, with every
 * campaign live from the first day: what the points would owe, what the campaigns would cost, how messages
 * would split between Telegram and SMS and what the SMS would cost. Nobody answers offers here: the receipts
 * are what happened.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Replay your own members.csv and receipts.csv (formats: docs/demo.md) through a candidate "
                + "program: points liability, campaign costs, expected Telegram/SMS mix and spend.")
public final class ReplayCommand implements Callable<Integer> {

    @ParentCommand
    Terminal terminal;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "the candidate program's properties")
    Path config;

    @Option(names = "--members", required = true, paramLabel = "members.csv", description = "member,phone,joined[,birthday,home_store,sms_consent,telegram]")
    Path membersCsv;

    @Option(names = "--receipts", required = true, paramLabel = "receipts.csv", description = "receipt,member,store,at,amount[,type,original]")
    Path receiptsCsv;

    @Override
    public Integer call() {
        KopilkaConfig program = Configs.load(config);
        DemoSettings demo;
        try {
            demo = DemoSettings.from(program);
        } catch (InvalidConfigurationException e) {
            throw Configs.userError(config.toString(), e);
        }
        ReplayHistory history = ReplayHistory.read(membersCsv, receiptsCsv, program.zone());
        terminal.err().printf("replay: %,d members, %,d sales, %,d returns from %s to %s%n", history.members,
                history.sales, history.returns, history.first, history.last);
        Simulation.Settings settings = new Simulation.Settings(config.getFileName().toString(), history.members,
                (int) java.time.temporal.ChronoUnit.DAYS.between(history.first, history.last) + 1, 0,
                DemoStores.Kind.MEMORY, null, demo.smsKopecksPerSegment(), new Simulation.Behaviour(0, 0, 1, 14),
                0);
        Simulation.Result r;
        try {
            r = new Simulation(settings, terminal.err(), program.zone()).play(program, history.timeline, history.first,
                    history.last);
        } catch (InvalidConfigurationException e) {
            throw Configs.userError(config.toString(), e);
        }
        print(r, history);
        return 0;
    }

    private void print(Simulation.Result r, ReplayHistory h) {
        var out = terminal.out();
        out.printf("Replay of %s over %s..%s: %,d members, %,d sales, %,d returns%n", r.settings().preset(), r.from(),
                r.to(), h.members, h.sales, h.returns);
        out.printf("  net revenue %s RUB%n", Money.rub(r.revenueKopecks()));
        out.printf("  points liability at the end: %,d points = %s RUB (available and pending)%n", r.pointsLiability(),
                Money.rub(r.pointsLiability() * r.pointValueKopecks()));
        out.println();
        out.printf("%-18s %8s %8s %9s %13s %8s %9s %9s %7s %13s%n", "campaign", "treated", "control", "points",
                "points RUB", "codes", "telegram", "sms", "log", "sms cost RUB");
        long telegram = 0;
        long sms = 0;
        long log = 0;
        long smsCost = 0;
        long pointsCost = 0;
        for (Simulation.CampaignResult c : r.campaigns()) {
            int t = c.messages().getOrDefault(Channel.TELEGRAM, 0);
            int s = c.messages().getOrDefault(Channel.SMS, 0);
            int l = c.messages().getOrDefault(Channel.LOG, 0);
            long value = c.pointsGranted() * r.pointValueKopecks();
            out.printf("%-18s %8d %8d %9d %13s %8d %9d %9d %7d %13s%n", c.campaign(), c.treated(), c.control(),
                    c.pointsGranted(), Money.rub(value), c.promoCodes(), t, s, l, Money.rub(c.totalCostKopecks()));
            telegram += t;
            sms += s;
            log += l;
            smsCost += c.costKopecks().getOrDefault(Channel.SMS, 0L);
            pointsCost += value;
        }
        long reached = telegram + sms;
        out.println();
        out.printf("messages: %,d by Telegram (free), %,d by SMS (%s RUB), %,d unreachable (log only)%s%n", telegram, sms,
                Money.rub(smsCost), log, reached == 0 ? "" : String.format(java.util.Locale.ROOT,
                        "; Telegram share %.1f%%", 100.0 * telegram / reached));
        out.printf("campaign cost: %s RUB in points granted + %s RUB of SMS = %s RUB (promo discounts depend on "
                + "redemption: see simulate)%n", Money.rub(pointsCost), Money.rub(smsCost), Money.rub(pointsCost + smsCost));
    }
}

package dev.kopilka.demo.cli;

import dev.kopilka.messaging.Channel;
import java.io.PrintWriter;
import java.util.Map;

/** The simulation's summary as text: the period's totals, then one row per campaign against its control group. */
final class SimulationReport {

    private SimulationReport() {
    }

    static void print(Simulation.Result r, PrintWriter out) {
        Simulation.Settings s = r.settings();
        out.printf("Simulation of %s: %,d members, %d days (%s..%s), seed %d, store %s%n", s.preset(), s.members(),
                s.days(), r.from(), r.to(), s.seed(), s.store().label());
        out.printf("  %,d registrations (%,d through the Telegram QR flow), %,d purchases, %,d returns, %,d Telegram"
                + " links, %,d visits answering offers%n", r.registrations(), r.qrRegistrations(), r.purchases(), r.returns(), r.telegramLinks(), r.responses());
        out.printf("  revenue %s RUB; points liability at the end %,d points%n", Money.rub(r.revenueKopecks()),
                r.pointsLiability());
        out.printf("  outbox at the end: %s%n", r.outbox());
        out.printf("  behaviour: %.0f%% of reached members answer within %d days, %.0f%% of the others come anyway;"
                + " revenue counted %d days after each participation%n", s.behaviour().responseRate() * 100,
                s.behaviour().responseDays(), s.behaviour().baselineRate() * 100, s.behaviour().attributionDays());
        out.println();
        out.printf("%-18s %8s %8s %9s %11s %9s %9s %7s %12s %9s %13s %12s %12s %14s%n", "campaign", "treated", "control",
                "points", "codes used", "telegram", "sms", "log", "sms cost RUB", "ctrl msgs", "bought T/C %", "rev/treated",
                "rev/control", "incremental");
        long cost = 0;
        long incremental = 0;
        for (Simulation.CampaignResult c : r.campaigns()) {
            Map<Channel, Integer> m = c.messages();
            out.printf("%-18s %8d %8d %9d %11s %9d %9d %7d %12s %9d %13s %12s %12s %14s%n", c.campaign(), c.treated(),
                    c.control(), c.pointsGranted(), c.promoCodes() == 0 ? "-" : c.promoCodesRedeemed() + "/" + c.promoCodes(),
                    m.getOrDefault(Channel.TELEGRAM, 0), m.getOrDefault(Channel.SMS, 0), m.getOrDefault(Channel.LOG, 0),
                    Money.rub(c.totalCostKopecks()), c.controlMessages(),
                    String.format(java.util.Locale.ROOT, "%.0f/%.0f", c.treatedConversion(), c.controlConversion()),
                    Money.rub(c.revenuePerTreated()),
                    Money.rub(c.revenuePerControl()), Money.rub(c.incrementalRevenueKopecks()));
            cost += c.totalCostKopecks();
            incremental += c.incrementalRevenueKopecks();
        }
        out.printf("%nmessaging cost %s RUB; incremental revenue over the control groups %s RUB%n", Money.rub(cost),
                Money.rub(incremental));
        out.println();
        out.println("Analytics (kopilka.analytics(), docs/analytics.md): cost = messages + points spent + promo discounts");
        out.printf("%-18s %14s %14s %26s %26s%n", "campaign", "cost RUB", "incremental", "attributed ROI",
                "incremental ROI");
        for (dev.kopilka.analytics.CampaignResult c : r.analytics().campaigns()) {
            out.printf("%-18s %14s %14s %26s %26s%n", c.campaignId(), Money.rub(c.costKopecks()),
                    c.incrementalRevenueKopecks() == null ? "-" : Money.rub(c.incrementalRevenueKopecks()),
                    roi(c.attributedRoi()), roi(c.incrementalRoi()));
        }
        out.flush();
    }

    private static String roi(dev.kopilka.analytics.Roi roi) {
        return roi == null ? "-" : roi.value() == null ? roi.label()
                : roi.value().setScale(2, java.math.RoundingMode.HALF_EVEN).toPlainString();
    }
}

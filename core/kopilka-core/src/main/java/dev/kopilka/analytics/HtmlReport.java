package dev.kopilka.analytics;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Renders {@link AnalyticsReport} as one HTML page with inline SVG charts drawn here (no library, no script). */
final class HtmlReport {

    private static final int WIDTH = 720;
    private static final String[] COLORS = {"#2a7ab0", "#e08a1e", "#4caf50", "#b04a7a", "#7a7a7a"};

    private HtmlReport() {
    }

    static String render(AnalyticsReport r) {
        StringBuilder sb = new StringBuilder(16_384);
        sb.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Kopilka analytics — ")
                .append(esc(r.program())).append("</title><style>body{font-family:sans-serif;margin:24px;color:#222;"
                + "background:#fff}h1{font-size:22px}h2{font-size:17px;margin-top:28px}table{border-collapse:collapse;"
                + "font-size:13px}td,th{border:1px solid #ccc;padding:3px 7px;text-align:right;white-space:nowrap}th{background:#f0f0f0}"
                + "td:first-child{text-align:left}.note{color:#666;font-size:12px}svg{display:block;margin:8px 0}"
                + "</style></head><body>");
        sb.append("<h1>Kopilka analytics: ").append(esc(r.program())).append("</h1><p class=\"note\">")
                .append(r.period().from()).append(" — ").append(r.period().to()).append(", generated ")
                .append(r.generatedAt()).append(". Attributed ROI is <b>not incremental</b>: it credits the campaign"
                        + " with every purchase of the treated. Incremental figures compare with the control group."
                        + "</p>");
        campaigns(sb, r);
        channels(sb, r);
        health(sb, r);
        sb.append("</body></html>\n");
        return sb.toString();
    }

    // ---------------------------------------------------------------- campaigns

    private static void campaigns(StringBuilder sb, AnalyticsReport r) {
        sb.append("<h2>ROI by campaign</h2>");
        if (r.campaigns().isEmpty()) {
            sb.append("<p>No campaign had participations in the period.</p>");
            return;
        }
        List<String> labels = new ArrayList<>();
        List<double[]> values = new ArrayList<>();
        List<String[]> notes = new ArrayList<>();
        for (CampaignResult c : r.campaigns()) {
            labels.add(c.campaignId());
            values.add(new double[] {num(c.attributedRoi().value()), num(c.incrementalRoi().value())});
            notes.add(new String[] {c.attributedRoi().label(), c.incrementalRoi().label()});
        }
        bars(sb, labels, values, notes, new String[] {"attributed ROI (not incremental)", "incremental ROI"}, true);
        sb.append("<h2>Cost by campaign and channel</h2>");
        List<String> channels = new ArrayList<>();
        for (CampaignResult c : r.campaigns()) {
            for (ChannelMessages m : c.messages()) {
                if (!channels.contains(m.channel())) {
                    channels.add(m.channel());
                }
            }
        }
        List<String> series = new ArrayList<>();
        channels.forEach(ch -> series.add("messages " + ch));
        series.add("redeemed points");
        series.add("promo discounts");
        List<double[]> costs = new ArrayList<>();
        for (CampaignResult c : r.campaigns()) {
            double[] row = new double[series.size()];
            for (ChannelMessages m : c.messages()) {
                row[channels.indexOf(m.channel())] = m.costKopecks() / 100.0;
            }
            row[channels.size()] = c.pointsRedeemedKopecks() / 100.0;
            row[channels.size() + 1] = c.promoDiscountKopecks() / 100.0;
            costs.add(row);
        }
        bars(sb, labels, costs, null, series.toArray(String[]::new), false);
        sb.append("<table><tr><th>campaign</th><th>window</th><th>treated</th><th>control</th>"
                + "<th>treated revenue</th><th>control revenue / member</th><th>conversion T / C</th><th>cost</th>"
                + "<th>attributed ROI</th><th>incremental revenue</th><th>interval</th><th>incremental ROI</th></tr>");
        for (CampaignResult c : r.campaigns()) {
            sb.append("<tr><td>").append(esc(c.campaignId())).append("</td><td>").append(c.attributionWindow())
                    .append("</td><td>").append(c.treated().size()).append("</td><td>").append(c.control().size())
                    .append("</td><td>").append(AnalyticsExport.money(c.treated().revenueKopecks()))
                    .append("</td><td>").append(c.control().revenuePerMember() == null ? "—"
                            : AnalyticsExport.money(c.control().revenuePerMember().longValue()))
                    .append("</td><td>").append(pct(c.treated().conversionRate())).append(" / ")
                    .append(pct(c.control().conversionRate())).append("</td><td>")
                    .append(AnalyticsExport.money(c.costKopecks())).append("</td><td>").append(roi(c.attributedRoi()))
                    .append("</td><td>").append(c.incrementalRevenueKopecks() == null ? "undefined"
                            : AnalyticsExport.money(c.incrementalRevenueKopecks()))
                    .append("</td><td>").append(c.incrementalInterval() == null ? "—"
                            : AnalyticsExport.money(c.incrementalInterval().low()) + " … "
                                    + AnalyticsExport.money(c.incrementalInterval().high()))
                    .append("</td><td>").append(roi(c.incrementalRoi())).append("</td></tr>");
        }
        sb.append("</table><p class=\"note\">An interval that contains zero means the campaign's effect is not"
                + " distinguishable from chance at this sample size.</p>");
    }

    // ---------------------------------------------------------------- channels

    private static void channels(StringBuilder sb, AnalyticsReport r) {
        ChannelEconomics ch = r.channels();
        sb.append("<h2>Telegram share of members over time</h2>");
        List<ReachDay> days = ch.telegramReach();
        int h = 200;
        sb.append(svgOpen(h));
        axis(sb, h, "0 %", "100 %");
        if (!days.isEmpty()) {
            StringBuilder points = new StringBuilder();
            for (int i = 0; i < days.size(); i++) {
                double share = num(days.get(i).telegramShare());
                double x = 60 + (days.size() == 1 ? 0 : (WIDTH - 80) * i / (double) (days.size() - 1));
                double y = h - 20 - (h - 40) * share;
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            }
            sb.append("<polyline fill=\"none\" stroke=\"").append(COLORS[0]).append("\" stroke-width=\"2\" points=\"")
                    .append(points).append("\"/>");
            text(sb, 60, h - 4, days.get(0).day().toString(), "start");
            text(sb, WIDTH - 20, h - 4, days.get(days.size() - 1).day().toString(), "end");
            ReachDay last = days.get(days.size() - 1);
            text(sb, WIDTH - 20, 14, "today: " + pct(last.telegramShare()) + " of " + last.members() + " members",
                    "end");
        }
        sb.append("</svg><p class=\"note\">Registrations in the period: ").append(ch.registrations())
                .append(", through the Telegram bot: ").append(ch.registrationsViaTelegram())
                .append(" (confirmation SMS saved: ").append(AnalyticsExport.money(ch.confirmationSmsSavedKopecks()))
                .append("), others: ").append(ch.registrationsViaSms()).append(" (assumed SMS-confirmed: ")
                .append(AnalyticsExport.money(ch.confirmationSmsSpendKopecks())).append(").</p>");
        sb.append("<h2>SMS spend vs SMS spend avoided by Telegram</h2>");
        bars(sb, List.of("SMS spend", "SMS avoided by Telegram"),
                List.of(new double[] {ch.smsSpendKopecks() / 100.0}, new double[] {ch.smsSpendAvoidedKopecks() / 100.0}),
                null, new String[] {"RUB"}, false);
        sb.append("<p class=\"note\">Avoided = ").append(ch.telegramDelivered()).append(" Telegram messages × ")
                .append(AnalyticsExport.money(ch.smsPriceKopecks())).append(" per SMS.</p>");
        sb.append("<table><tr><th>channel</th><th>created</th><th>sent</th><th>delivered</th><th>failed</th>"
                + "<th>cost</th></tr>");
        for (ChannelMessages m : ch.byChannel()) {
            sb.append("<tr><td>").append(esc(m.channel())).append("</td><td>").append(m.created()).append("</td><td>")
                    .append(m.sent()).append("</td><td>").append(m.delivered()).append("</td><td>").append(m.failed())
                    .append("</td><td>").append(AnalyticsExport.money(m.costKopecks())).append("</td></tr>");
        }
        sb.append("</table>");
    }

    // ---------------------------------------------------------------- health

    private static void health(StringBuilder sb, AnalyticsReport r) {
        ProgramHealth p = r.health();
        Liability l = p.liability();
        sb.append("<h2>Points liability</h2>");
        bars(sb, List.of("points"), List.of(new double[] {l.availablePoints(), l.pendingPoints(), l.heldPoints()}),
                null, new String[] {"available", "pending", "held"}, false);
        sb.append("<p>Outstanding: <b>").append(l.totalPoints()).append("</b> points = <b>")
                .append(AnalyticsExport.money(l.moneyKopecks())).append("</b>; expired in the period: ")
                .append(p.pointsExpired()).append(" points.</p>");
        sb.append("<h2>Program health</h2><table><tr><th>metric</th><th>value</th></tr>");
        kv(sb, "members", String.valueOf(p.members()));
        kv(sb, "active members (a purchase in the period)", String.valueOf(p.activeMembers()));
        kv(sb, "repeat-purchase rate", pct(p.repeatPurchaseRate()));
        kv(sb, "card-usage rate (" + p.identifiedReceipts() + " identified / "
                + (p.identifiedReceipts() + p.anonymousReceipts()) + " receipts)", pct(p.cardUsageRate()));
        sb.append("</table><h2>LTV by join month</h2><table><tr><th>cohort</th><th>members</th><th>revenue</th>"
                + "<th>LTV</th></tr>");
        for (Cohort c : p.cohorts()) {
            sb.append("<tr><td>").append(c.month()).append("</td><td>").append(c.members()).append("</td><td>")
                    .append(AnalyticsExport.money(c.revenueKopecks())).append("</td><td>")
                    .append(AnalyticsExport.money(c.ltvKopecks().longValue())).append("</td></tr>");
        }
        sb.append("</table>");
    }

    // ---------------------------------------------------------------- drawing

    /** Horizontal bars: one block per label, one bar per series; NaN values are written out as their note. */
    private static void bars(StringBuilder sb, List<String> labels, List<double[]> values, List<String[]> notes,
            String[] series, boolean signed) {
        int barH = 16;
        int blockH = series.length * (barH + 2) + 10;
        int perRow = 2;
        int legendH = 18 * ((series.length + perRow - 1) / perRow);
        int h = 12 + legendH + labels.size() * blockH;
        double max = 0;
        double min = 0;
        for (double[] row : values) {
            for (double v : row) {
                if (!Double.isNaN(v)) {
                    max = Math.max(max, v);
                    min = Math.min(min, v);
                }
            }
        }
        if (max == min) {
            max = min + 1;
        }
        int left = 180;
        int plot = WIDTH - left - 140;
        double scale = plot / (max - min);
        double zero = left + (-min) * scale;
        sb.append(svgOpen(h));
        boolean whole = true;
        for (double[] row : values) {
            for (double v : row) {
                whole &= Double.isNaN(v) || v == Math.rint(v);
            }
        }
        for (int s = 0; s < series.length; s++) {
            int x = left + (s % perRow) * 250;
            int y = 4 + 18 * (s / perRow);
            sb.append("<rect x=\"").append(x).append("\" y=\"").append(y).append("\" width=\"10\" height=\"10\" "
                    + "fill=\"").append(COLORS[s % COLORS.length]).append("\"/>");
            text(sb, x + 14, y + 9, series[s], "start");
        }
        for (int i = 0; i < labels.size(); i++) {
            int y0 = 6 + legendH + i * blockH;
            text(sb, left - 6, y0 + blockH / 2, labels.get(i), "end");
            for (int s = 0; s < series.length; s++) {
                double v = values.get(i)[s];
                int y = y0 + s * (barH + 2);
                if (Double.isNaN(v)) {
                    String note = notes == null ? "undefined" : notes.get(i)[s];
                    text(sb, (int) zero + 4, y + barH - 4, note, "start");
                    continue;
                }
                double x = v >= 0 ? zero : zero + v * scale;
                double w = Math.max(1, Math.abs(v) * scale);
                sb.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" "
                        + "fill=\"%s\"/>", x, y, w, barH, COLORS[s % COLORS.length]));
                String label = signed ? String.format(Locale.ROOT, "%.1f %%", v * 100)
                        : String.format(Locale.ROOT, whole ? "%,.0f" : "%,.2f", v).replace(',', ' ');
                text(sb, (int) (x + w) + 4, y + barH - 4, label, "start");
            }
        }
        sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#444\"/>",
                zero, legendH + 2, zero, h - 4));
        sb.append("</svg>");
    }

    private static String svgOpen(int h) {
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + WIDTH + "\" height=\"" + h
                + "\" viewBox=\"0 0 " + WIDTH + " " + h + "\" font-size=\"12\">"
                + "<rect width=\"100%\" height=\"100%\" fill=\"#fafafa\" stroke=\"#ddd\"/>";
    }

    private static void axis(StringBuilder sb, int h, String low, String high) {
        sb.append("<line x1=\"60\" y1=\"20\" x2=\"60\" y2=\"").append(h - 20).append("\" stroke=\"#444\"/>")
                .append("<line x1=\"60\" y1=\"").append(h - 20).append("\" x2=\"").append(WIDTH - 20)
                .append("\" y2=\"").append(h - 20).append("\" stroke=\"#444\"/>");
        text(sb, 55, h - 20, low, "end");
        text(sb, 55, 24, high, "end");
    }

    private static void text(StringBuilder sb, int x, int y, String s, String anchor) {
        sb.append("<text x=\"").append(x).append("\" y=\"").append(y).append("\" text-anchor=\"").append(anchor)
                .append("\">").append(esc(s)).append("</text>");
    }

    private static void kv(StringBuilder sb, String k, String v) {
        sb.append("<tr><td>").append(esc(k)).append("</td><td>").append(esc(v)).append("</td></tr>");
    }

    private static double num(BigDecimal v) {
        return v == null ? Double.NaN : v.doubleValue();
    }

    private static String pct(BigDecimal v) {
        return v == null ? "—" : v.movePointRight(2).stripTrailingZeros().toPlainString() + " %";
    }

    private static String roi(Roi roi) {
        return roi.defined() ? pct(roi.value()) + " <span class=\"note\">(" + esc(roi.label()) + ")</span>"
                : esc(roi.label());
    }

    static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}

package dev.kopilka.analytics;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;

/**
 * The report as CSV (one table per call), JSON and a self-contained HTML page with inline SVG charts (no script,
 * no network). Money stays in kopecks in CSV and JSON; the HTML shows roubles.
 */
public final class AnalyticsExport {

    private AnalyticsExport() {
    }

    // ---------------------------------------------------------------- CSV

    /** One row per campaign. */
    public static String campaignsCsv(AnalyticsReport report) {
        StringBuilder sb = new StringBuilder("campaign,attribution_window,audience,treated,control,"
                + "treated_revenue_kopecks,control_revenue_kopecks,treated_purchases,treated_conversion,"
                + "control_conversion,message_cost_kopecks,points_granted,points_redeemed,points_redeemed_kopecks,"
                + "promo_discount_kopecks,cost_kopecks,attributed_roi,attributed_roi_label,"
                + "incremental_revenue_kopecks,incremental_low_kopecks,incremental_high_kopecks,incremental_roi,"
                + "incremental_roi_label\n");
        for (CampaignResult c : report.campaigns()) {
            row(sb, c.campaignId(), c.attributionWindow(), c.audience(), c.treated().size(), c.control().size(),
                    c.treated().revenueKopecks(), c.control().revenueKopecks(), c.treated().purchases(),
                    c.treated().conversionRate(), c.control().conversionRate(), c.messageCostKopecks(),
                    c.pointsGranted(), c.pointsRedeemed(), c.pointsRedeemedKopecks(), c.promoDiscountKopecks(),
                    c.costKopecks(), c.attributedRoi().value(), c.attributedRoi().label(),
                    c.incrementalRevenueKopecks(), c.incrementalInterval() == null ? null : c.incrementalInterval().low(),
                    c.incrementalInterval() == null ? null : c.incrementalInterval().high(),
                    c.incrementalRoi().value(), c.incrementalRoi().label());
        }
        return sb.toString();
    }

    /** Messages per channel, then per campaign and channel. */
    public static String channelsCsv(AnalyticsReport report) {
        StringBuilder sb = new StringBuilder("campaign,channel,created,sent,delivered,failed,cost_kopecks\n");
        for (ChannelMessages m : report.channels().byChannel()) {
            row(sb, "*", m.channel(), m.created(), m.sent(), m.delivered(), m.failed(), m.costKopecks());
        }
        for (CampaignResult c : report.campaigns()) {
            for (ChannelMessages m : c.messages()) {
                row(sb, c.campaignId(), m.channel(), m.created(), m.sent(), m.delivered(), m.failed(), m.costKopecks());
            }
        }
        return sb.toString();
    }

    /** The daily Telegram reach series. */
    public static String reachCsv(AnalyticsReport report) {
        StringBuilder sb = new StringBuilder("day,members,telegram_linked,telegram_share\n");
        for (ReachDay d : report.channels().telegramReach()) {
            row(sb, d.day(), d.members(), d.telegramLinked(), d.telegramShare());
        }
        return sb.toString();
    }

    /** LTV per join month. */
    public static String cohortsCsv(AnalyticsReport report) {
        StringBuilder sb = new StringBuilder("join_month,members,revenue_kopecks,ltv_kopecks\n");
        for (Cohort c : report.health().cohorts()) {
            row(sb, c.month(), c.members(), c.revenueKopecks(), c.ltvKopecks());
        }
        return sb.toString();
    }

    private static void row(StringBuilder sb, Object... cells) {
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(csv(cells[i]));
        }
        sb.append('\n');
    }

    private static String csv(Object value) {
        if (value == null) {
            return "";
        }
        String s = value instanceof BigDecimal b ? b.toPlainString() : value.toString();
        if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }

    // ---------------------------------------------------------------- JSON

    /** The whole report; money in kopecks, rates as decimal fractions, undefined numbers as null. */
    public static String json(AnalyticsReport report) {
        return new Json().value(report).toString();
    }

    /** A small writer for records: components in declaration order, nothing else. */
    private static final class Json {
        private final StringBuilder sb = new StringBuilder();

        Json value(Object v) {
            if (v == null) {
                sb.append("null");
            } else if (v instanceof Number || v instanceof Boolean) {
                if (v instanceof Double d && (d.isNaN() || d.isInfinite())) {
                    sb.append("null");
                } else {
                    sb.append(v instanceof BigDecimal b ? b.toPlainString() : v.toString());
                }
            } else if (v instanceof List<?> list) {
                sb.append('[');
                for (int i = 0; i < list.size(); i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    value(list.get(i));
                }
                sb.append(']');
            } else if (v instanceof Record r) {
                sb.append('{');
                var components = r.getClass().getRecordComponents();
                for (int i = 0; i < components.length; i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    string(components[i].getName());
                    sb.append(':');
                    try {
                        value(components[i].getAccessor().invoke(r));
                    } catch (ReflectiveOperationException e) {
                        throw new IllegalStateException("cannot read " + components[i], e);
                    }
                }
                sb.append('}');
            } else if (v instanceof java.util.Map<?, ?> map) {
                sb.append('{');
                boolean first = true;
                for (var e : map.entrySet()) {
                    if (!first) {
                        sb.append(',');
                    }
                    first = false;
                    string(String.valueOf(e.getKey()));
                    sb.append(':');
                    value(e.getValue());
                }
                sb.append('}');
            } else {
                string(v.toString());
            }
            return this;
        }

        private void string(String s) {
            sb.append('"');
            for (char c : s.toCharArray()) {
                switch (c) {
                    case '"' -> sb.append("\\\"");
                    case '\\' -> sb.append("\\\\");
                    case '\n' -> sb.append("\\n");
                    case '\r' -> sb.append("\\r");
                    case '\t' -> sb.append("\\t");
                    default -> {
                        if (c < 0x20) {
                            sb.append(String.format("\\u%04x", (int) c));
                        } else {
                            sb.append(c);
                        }
                    }
                }
            }
            sb.append('"');
        }

        @Override
        public String toString() {
            return sb.toString();
        }
    }

    // ---------------------------------------------------------------- HTML

    /** A page that opens anywhere without network: inline CSS and SVG, no script. */
    public static String html(AnalyticsReport report) {
        return HtmlReport.render(report);
    }

    static String money(long kopecks) {
        return String.format(Locale.ROOT, "%,.2f ₽", kopecks / 100.0).replace(',', ' ');
    }
}

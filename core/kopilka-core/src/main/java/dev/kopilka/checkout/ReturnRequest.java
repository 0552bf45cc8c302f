package dev.kopilka.checkout;

import dev.kopilka.Require;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A return against a completed sale: either by lines (quantities) or by a refund amount, which is spread
 * over the sale's lines in proportion to the money paid for them.
 */
public record ReturnRequest(String saleTxid, List<ReturnLine> lines, Long refundKopecks) {

    public ReturnRequest {
        Require.token(saleTxid, "saleTxid", 128);
        lines = lines == null ? List.of() : List.copyOf(lines);
        Require.that(lines.isEmpty() != (refundKopecks == null), "return",
                "give either lines or a refund amount, not both or neither",
                lines.isEmpty() ? "neither" : "both");
        if (refundKopecks != null) {
            Require.positive(refundKopecks, "refundKopecks");
        }
        Set<String> ids = new HashSet<>();
        for (ReturnLine line : lines) {
            Require.that(ids.add(line.lineId()), "return.lineId", "must be unique within the return", line.lineId());
        }
    }

    public static ReturnRequest ofLines(String saleTxid, List<ReturnLine> lines) {
        return new ReturnRequest(saleTxid, lines, null);
    }

    public static ReturnRequest ofAmount(String saleTxid, long refundKopecks) {
        return new ReturnRequest(saleTxid, List.of(), refundKopecks);
    }
}

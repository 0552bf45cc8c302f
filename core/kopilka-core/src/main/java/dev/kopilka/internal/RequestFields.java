package dev.kopilka.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/** Compares the canonical fields of two requests made under one idempotency key. */
public final class RequestFields {

    private RequestFields() {
    }

    /** Names of the fields whose values differ (or exist on one side only), sorted. */
    public static List<String> differing(Map<String, String> stored, Map<String, String> now) {
        TreeSet<String> keys = new TreeSet<>(stored.keySet());
        keys.addAll(now.keySet());
        List<String> fields = new ArrayList<>();
        for (String key : keys) {
            if (!Objects.equals(stored.get(key), now.get(key))) {
                fields.add(key);
            }
        }
        return fields;
    }
}

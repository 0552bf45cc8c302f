package dev.kopilka.store.memory;

import dev.kopilka.campaign.Participation;
import dev.kopilka.campaign.port.CampaignStore;
import dev.kopilka.member.MemberId;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** In-memory {@link CampaignStore}: participations of one program and its sweep run claims. */
public final class InMemoryCampaignStore extends InMemoryTable implements CampaignStore {

    private record Key(String campaignId, MemberId member, String occurrence) {
    }

    private record RunKey(String sweep, LocalDate day) {
    }

    private record Run(String owner, Instant leaseUntil, Instant finishedAt) {
    }

    private final Map<Key, Participation> participations = new LinkedHashMap<>();
    private final Map<RunKey, Run> runs = new HashMap<>();
    // Indexes of the same participations: the frequency cap asks per member on every participation and
    // reports ask per campaign, so scanning all of them made a simulated month quadratic in the members.
    private final Map<MemberId, List<Participation>> byMember = new HashMap<>();
    /** Per campaign in time order (ties in insertion order): read as it is, and searched for follow-ups. */
    private final Map<String, List<Participation>> byCampaign = new HashMap<>();

    public InMemoryCampaignStore(TransactionLog log) {
        super(log);
    }

    @Override
    public Optional<Participation> find(String campaignId, MemberId member, String occurrence) {
        return Optional.ofNullable(participations.get(new Key(campaignId, member, occurrence)));
    }

    @Override
    public boolean insert(Participation p) {
        requireWritable();
        Key key = new Key(p.campaignId(), p.member(), p.occurrence());
        if (participations.putIfAbsent(key, p) != null) {
            return false;
        }
        byMember.computeIfAbsent(p.member(), m -> new ArrayList<>()).add(p);
        List<Participation> ofCampaign = byCampaign.computeIfAbsent(p.campaignId(), c -> new ArrayList<>());
        // participations come in time order (now is the clock's); one from the past goes after its equals
        ofCampaign.add(firstAfter(ofCampaign, p.at()), p);
        undoable(() -> {
            participations.remove(key);
            removeLast(byMember.get(p.member()), p);
            removeLast(ofCampaign, p);
        });
        return true;
    }

    @Override
    public List<Participation> ofCampaign(String campaignId) {
        return List.copyOf(byCampaign.getOrDefault(campaignId, List.of()));
    }

    @Override
    public List<Participation> treatedBetween(String campaignId, Instant from, Instant until) {
        List<Participation> all = byCampaign.getOrDefault(campaignId, List.of());
        List<Participation> found = new ArrayList<>();
        for (int i = firstAtOrAfter(all, from); i < all.size() && all.get(i).at().isBefore(until); i++) {
            if (all.get(i).group() == Participation.Group.TREATED) {
                found.add(all.get(i));
            }
        }
        return found;
    }

    /** Undoes an insert: the participation is at or near the end of the list. */
    private static void removeLast(List<Participation> list, Participation p) {
        list.remove(list.lastIndexOf(p));
    }

    /** Index of the first participation at or after {@code at} in a list in time order. */
    private static int firstAtOrAfter(List<Participation> inTimeOrder, Instant at) {
        int low = 0;
        int high = inTimeOrder.size();
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (inTimeOrder.get(mid).at().isBefore(at)) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /** Index of the first participation strictly after {@code at} in a list in time order. */
    private static int firstAfter(List<Participation> inTimeOrder, Instant at) {
        int size = inTimeOrder.size();
        if (size == 0 || !inTimeOrder.get(size - 1).at().isAfter(at)) {
            return size; // the usual case: appended
        }
        int low = 0;
        int high = size;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (inTimeOrder.get(mid).at().isAfter(at)) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        return low;
    }

    @Override
    public int treatedSince(MemberId member, Collection<String> campaignIds, Instant since) {
        int n = 0;
        for (Participation p : byMember.getOrDefault(member, List.of())) {
            if (p.group() == Participation.Group.TREATED
                    && campaignIds.contains(p.campaignId()) && !p.at().isBefore(since)) {
                n++;
            }
        }
        return n;
    }

    @Override
    public boolean claimRun(String sweep, LocalDate day, String owner, Instant now, Duration lease) {
        requireWritable();
        RunKey key = new RunKey(sweep, day);
        Run run = runs.get(key);
        boolean free = run == null || run.finishedAt() != null || run.owner().equals(owner)
                || !run.leaseUntil().isAfter(now);
        if (!free) {
            return false;
        }
        runs.put(key, new Run(owner, now.plus(lease), null));
        undoable(() -> {
            if (run == null) {
                runs.remove(key);
            } else {
                runs.put(key, run);
            }
        });
        return true;
    }

    @Override
    public void finishRun(String sweep, LocalDate day, String owner, Instant now) {
        requireWritable();
        RunKey key = new RunKey(sweep, day);
        Run run = runs.get(key);
        if (run == null || !run.owner().equals(owner)) {
            throw new IllegalStateException("run " + sweep + " of " + day + " is not held by " + owner);
        }
        runs.put(key, new Run(owner, run.leaseUntil(), now));
        undoable(() -> runs.put(key, run));
    }

    @Override
    public boolean runFinished(String sweep, LocalDate day) {
        Run run = runs.get(new RunKey(sweep, day));
        return run != null && run.finishedAt() != null;
    }

    /** Every participation, in insertion order (for tests). */
    public List<Participation> all() {
        return new ArrayList<>(participations.values());
    }

    /** Every participation, for {@link InMemoryAnalyticsStore}. */
    java.util.Collection<Participation> allParticipations() {
        return participations.values();
    }
}

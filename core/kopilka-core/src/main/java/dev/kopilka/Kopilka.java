package dev.kopilka;

import dev.kopilka.campaign.AudienceFilter;
import dev.kopilka.campaign.Campaigns;
import dev.kopilka.campaign.internal.CampaignConfigParser;
import dev.kopilka.campaign.internal.CampaignEngine;
import dev.kopilka.campaign.internal.CampaignSettings;
import dev.kopilka.campaign.internal.SegmentAudience;
import dev.kopilka.checkout.Checkout;
import dev.kopilka.checkout.CheckoutRules;
import dev.kopilka.checkout.internal.DefaultCheckout;
import dev.kopilka.config.KopilkaConfig;
import dev.kopilka.config.TierSpec;
import dev.kopilka.event.DomainEventListener;
import dev.kopilka.internal.DomainEvents;
import dev.kopilka.internal.IdSource;
import dev.kopilka.internal.MemberFinder;
import dev.kopilka.internal.Transactor;
import dev.kopilka.ledger.Ledger;
import dev.kopilka.ledger.LedgerRules;
import dev.kopilka.ledger.Tier;
import dev.kopilka.ledger.internal.DefaultLedger;
import dev.kopilka.member.Members;
import dev.kopilka.member.internal.DefaultMembers;
import dev.kopilka.messaging.Messaging;
import dev.kopilka.messaging.MessagingSettings;
import dev.kopilka.messaging.internal.DefaultMessaging;
import dev.kopilka.promo.PromoCodeGenerator;
import dev.kopilka.promo.PromoCodes;
import dev.kopilka.promo.internal.DefaultPromoCodes;
import dev.kopilka.segment.Segments;
import dev.kopilka.segment.internal.DefaultSegments;
import dev.kopilka.segment.internal.SegmentCatalog;
import dev.kopilka.segment.internal.StatsRecorder;
import dev.kopilka.store.Stores;
import dev.kopilka.store.memory.InMemoryStore;
import dev.kopilka.store.port.KopilkaStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The front door: one loyalty program engine, wired explicitly from a configuration, a store and a clock.
 *
 * <pre>{@code
 * Kopilka kopilka = Kopilka.builder(KopilkaConfig.load(Path.of("loyalty.properties"))).build();
 * ProgramId program = kopilka.program();
 * kopilka.members().register(program, Registration.withPhone("+7 999 123-45-67"));
 * kopilka.checkout().purchase(program, "receipt-1", PurchaseRequest.of(MemberRef.phone("89991234567"), "store-1",
 *         List.of(Line.of("1", "SKU-1", 1, 150_000))));
 * }</pre>
 *
 * <p>Thread-safe; build one per process and share it. Closing it closes the store.
 */
public final class Kopilka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Kopilka.class);

    private final KopilkaConfig config;
    private final KopilkaStore store;
    private final DomainEvents events;
    private final Members members;
    private final Ledger ledger;
    private final Checkout checkout;
    private final PromoCodes promoCodes;
    private final CampaignEngine campaigns;
    private final Segments segments;
    private final DefaultMessaging messaging;
    private final dev.kopilka.analytics.Analytics analytics;

    private Kopilka(Builder b) {
        this.config = b.config;
        this.store = b.store;
        this.events = new DomainEvents();
        b.listeners.forEach(events::subscribe);
        Transactor transactor = new Transactor(store, events);
        IdSource ids = b.ids;
        MemberFinder finder = new MemberFinder(config.defaultCountryCode());
        LedgerRules ledgerRules = ledgerRules(config);
        CheckoutRules checkoutRules = checkoutRules(config);
        this.members = new DefaultMembers(transactor, b.clock, ids, config.defaultCountryCode());
        this.ledger = new DefaultLedger(transactor, finder, ledgerRules, b.clock, ids);
        this.checkout = new DefaultCheckout(transactor, finder, ledgerRules, checkoutRules, b.clock, ids,
                new dev.kopilka.checkout.RedemptionConfirmation(config.redemptionConfirmationAbovePoints(),
                        config.redemptionConfirmationTtl(), config.redemptionConfirmationMaxAttempts()),
                config.replayCacheSize());
        this.promoCodes = new DefaultPromoCodes(transactor, b.clock,
                new PromoCodeGenerator(config.promoCodeLength(), config.promoCodePrefix(), b.random.get()));
        // Member statistics are written in the transaction of the event that changes them.
        transactor.addInTransactionListener(new StatsRecorder(config.zone(),
                ledgerRules.tiers().isEmpty() ? null : ledgerRules.tiers().get(0).name()));
        this.segments = new DefaultSegments(transactor, b.segmentCatalog, b.clock, config.zone());
        AudienceFilter audiences = b.audiences != null ? b.audiences : new SegmentAudience(segments, config.zone());
        this.campaigns = new CampaignEngine(transactor, b.campaignSettings, b.clock, config.zone(), ledger, promoCodes,
                audiences, ids);
        transactor.addInTransactionListener(campaigns);
        this.messaging = new DefaultMessaging(transactor, config.programId(), b.messagingSettings, b.clock,
                b.messagingSetup);
        transactor.addInTransactionListener(new dev.kopilka.analytics.internal.TelegramLinkRecorder());
        this.analytics = new dev.kopilka.analytics.internal.DefaultAnalytics(transactor, b.analyticsSettings,
                b.clock, config.zone(), config.pointValueKopecks());
    }

    public static Builder builder(KopilkaConfig config) {
        return new Builder(config);
    }

    /** The program of {@code kopilka.program.id}; every call names its program, so one engine can host many. */
    public ProgramId program() {
        return config.programId();
    }

    public KopilkaConfig config() {
        return config;
    }

    public Members members() {
        return members;
    }

    public Ledger ledger() {
        return ledger;
    }

    public Checkout checkout() {
        return checkout;
    }

    public PromoCodes promoCodes() {
        return promoCodes;
    }

    /** Trigger campaigns ({@code kopilka.campaigns.*}): event triggers run by themselves, sweeps daily. */
    public Campaigns campaigns() {
        return campaigns;
    }

    /** Segments of {@code kopilka.segments.*} and the built-ins: sizes and members. */
    public Segments segments() {
        return segments;
    }

    /** The outbox's dispatcher and what operators ask about it (see {@link Builder#messaging}). */
    public Messaging messaging() {
        return messaging;
    }

    /** Campaign ROI against control groups, channel economics and program health ({@code kopilka.analytics.*}). */
    public dev.kopilka.analytics.Analytics analytics() {
        return analytics;
    }

    /** Adds a listener for events committed from now on. */
    public void subscribe(DomainEventListener listener) {
        events.subscribe(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void close() {
        messaging.close();
        campaigns.close();
        store.close();
    }

    static LedgerRules ledgerRules(KopilkaConfig config) {
        List<Tier> tiers = new ArrayList<>();
        for (TierSpec spec : config.tiers()) {
            tiers.add(new Tier(spec.name(), spec.spendFromKopecks(), spec.ratePercent()));
        }
        return new LedgerRules(config.zone(), config.earningDelay(), config.earningValidity(),
                config.inactivityExpiry(), config.grantDefaultValidity(), tiers, config.tierSpendWindow(),
                config.tierReviewPeriod());
    }

    static CheckoutRules checkoutRules(KopilkaConfig config) {
        return new CheckoutRules(config.pointValueKopecks(), config.redemptionMaxPercent(), config.holdTtl(),
                config.overspentReturnPolicy(), config.expiredLotReturnPolicy(), config.regrantValidity());
    }

    /** Explicit wiring: every collaborator has a default and a setter. */
    public static final class Builder {

        private final KopilkaConfig config;
        private KopilkaStore store;
        private Clock clock = Clock.systemUTC();
        private IdSource ids = IdSource.timeOrderedUuids();
        private Supplier<java.util.random.RandomGenerator> random = SecureRandom::new;
        private final List<DomainEventListener> listeners = new ArrayList<>();
        private AudienceFilter audiences;
        private SegmentCatalog segmentCatalog;
        private CampaignSettings campaignSettings;
        private Messaging.Setup messagingSetup = Messaging.setup();
        private MessagingSettings messagingSettings;
        private dev.kopilka.analytics.AnalyticsSettings analyticsSettings;

        private Builder(KopilkaConfig config) {
            this.config = Objects.requireNonNull(config, "config");
        }

        /**
         * Where everything is kept. Default: the store {@code kopilka.store} names, found through
         * {@link java.util.ServiceLoader} ({@code auto}: the JDBC store when kopilka-jdbc is on the classpath,
         * else an {@link InMemoryStore}).
         */
        public Builder store(KopilkaStore newStore) {
            this.store = Objects.requireNonNull(newStore, "store");
            return this;
        }

        /** Time for every rule (activation, expiry, TTLs, promo validity). Default: the system clock. */
        public Builder clock(Clock newClock) {
            this.clock = Objects.requireNonNull(newClock, "clock");
            return this;
        }

        /** Where ids of members, lots, entries and tickets come from. Default: time-ordered (version 7) UUIDs. */
        public Builder ids(Supplier<UUID> uuids) {
            this.ids = IdSource.from(Objects.requireNonNull(uuids, "uuids"));
            return this;
        }

        /** Randomness for generated promo codes. Default: {@link SecureRandom}; seed it for reproducible runs. */
        public Builder random(java.util.random.RandomGenerator generator) {
            Objects.requireNonNull(generator, "generator");
            this.random = () -> generator;
            return this;
        }

        /**
         * Evaluates campaign audience segments. Default: the program's segments ({@code kopilka.segments.*} and
         * the built-ins), evaluated by the store inside the campaign's transaction, plus {@code all}.
         */
        public Builder audiences(AudienceFilter filter) {
            this.audiences = Objects.requireNonNull(filter, "filter");
            return this;
        }

        public Builder listener(DomainEventListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Channels (Telegram, SMS, {@link dev.kopilka.messaging.LogChannel}) and listeners of the outbox dispatcher.
         * With channels and {@code kopilka.messaging.autostart=true} it starts dispatching when built.
         */
        public Builder messaging(Messaging.Setup setup) {
            this.messagingSetup = Objects.requireNonNull(setup, "setup");
            return this;
        }

        /**
         * Validates the whole configuration before anything is opened — the core keys, the store's keys (when no
         * store was given), messaging, analytics, segments and campaigns — and throws one
         * {@link dev.kopilka.config.InvalidConfigurationException} listing every problem of every section; then
         * opens the store and wires the engine.
         */
        public Kopilka build() {
            dev.kopilka.config.SettingsReader sections = new dev.kopilka.config.SettingsReader(config);
            config.validate().forEach(sections::problem);
            if (store == null) {
                Stores.problems(config).forEach(sections::problem);
            }
            messagingSettings = sections.section(() -> MessagingSettings.from(config));
            analyticsSettings = sections.section(() -> dev.kopilka.analytics.AnalyticsSettings.from(config));
            segmentCatalog = sections.section(() -> SegmentCatalog.from(config));
            // Checked even when a segment is broken: a campaign naming that segment is not an extra problem.
            Set<String> segmentNames = audiences != null ? audiences.segments()
                    : segmentCatalog != null ? SegmentAudience.knownSegments(segmentCatalog.definitions())
                    : SegmentAudience.knownSegmentNames(SegmentCatalog.declaredNames(config));
            campaignSettings = sections.section(() -> CampaignConfigParser.parse(config, segmentNames));
            List<dev.kopilka.config.ConfigProblem> problems = sections.problems().stream().distinct().toList();
            if (!problems.isEmpty()) {
                throw new dev.kopilka.config.InvalidConfigurationException(config.source(), problems);
            }
            if (store == null) {
                store = Stores.open(config);
            }
            Kopilka kopilka = new Kopilka(this);
            if (messagingSettings.autostart() && !messagingSetup.channels().isEmpty()) {
                kopilka.messaging.start();
            }
            LOG.info("Kopilka started: program={}, store={}, zone={}", config.programId(),
                    store.getClass().getSimpleName(), config.zone());
            return kopilka;
        }
    }
}

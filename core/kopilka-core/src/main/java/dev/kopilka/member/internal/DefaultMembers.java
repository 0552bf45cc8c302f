package dev.kopilka.member.internal;

import dev.kopilka.InvalidRequestException;
import dev.kopilka.Outcome;
import dev.kopilka.ProgramId;
import dev.kopilka.Refusal;
import dev.kopilka.Require;
import dev.kopilka.internal.IdSource;
import dev.kopilka.internal.MemberFinder;
import dev.kopilka.internal.Transactor;
import dev.kopilka.member.Consent;
import dev.kopilka.member.Member;
import dev.kopilka.member.MemberEvents.BirthdaySet;
import dev.kopilka.member.MemberEvents.ConsentChanged;
import dev.kopilka.member.MemberEvents.MemberBlocked;
import dev.kopilka.member.MemberEvents.MemberProfileChanged;
import dev.kopilka.member.MemberEvents.MemberRegistered;
import dev.kopilka.member.MemberEvents.MemberUnblocked;
import dev.kopilka.member.MemberEvents.TelegramLinked;
import dev.kopilka.member.MemberEvents.TelegramUnlinked;
import dev.kopilka.member.MemberId;
import dev.kopilka.member.MemberRef;
import dev.kopilka.member.Members;
import dev.kopilka.member.PhoneNumbers;
import dev.kopilka.member.ProfileChange;
import dev.kopilka.member.Registration;
import dev.kopilka.member.port.MemberStore;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

/** Members over the store: every change one transaction, events after the commit. */
public final class DefaultMembers implements Members {

    private static final LocalDate EARLIEST_BIRTHDAY = LocalDate.of(1900, 1, 1);

    private final Transactor transactor;
    private final Clock clock;
    private final IdSource ids;
    private final int defaultCountryCode;
    private final MemberFinder finder;

    public DefaultMembers(Transactor transactor, Clock clock, IdSource ids, int defaultCountryCode) {
        this.transactor = transactor;
        this.clock = clock;
        this.ids = ids;
        this.defaultCountryCode = defaultCountryCode;
        this.finder = new MemberFinder(defaultCountryCode);
    }

    @Override
    public Outcome<Member> register(ProgramId program, Registration registration) {
        Require.present(registration, "registration");
        String phone = registration.phone() == null ? null : PhoneNumbers.normalize(registration.phone(), defaultCountryCode);
        if (registration.birthday() != null) {
            checkBirthday(registration.birthday());
        }
        return transactor.write(program, work -> {
            MemberStore store = work.tx().members();
            Refusal duplicate = duplicate(store, null, phone, registration.cardNumber(), registration.externalId(), null);
            if (duplicate != null) {
                return Outcome.refused(duplicate);
            }
            Instant now = clock.instant();
            Member member = new Member(MemberId.of(ids.next()), phone, registration.cardNumber(),
                    registration.externalId(), registration.name(), registration.birthday(), null, now,
                    registration.homeStore(), registration.consents(), false, null, null, 0);
            store.insert(member);
            work.raise(new MemberRegistered(program, now, member.id(), member.homeStore()));
            return Outcome.accepted(member);
        });
    }

    @Override
    public Optional<Member> find(ProgramId program, MemberRef member) {
        Require.present(member, "member");
        return transactor.read(program, tx -> finder.find(tx.members(), member));
    }

    @Override
    public Outcome<Member> updateProfile(ProgramId program, MemberRef ref, ProfileChange change) {
        Require.present(change, "change");
        String phone = change.phone() == null ? null : PhoneNumbers.normalize(change.phone(), defaultCountryCode);
        if (change.cardNumber() != null) {
            Require.token(change.cardNumber(), "cardNumber", 64);
        }
        if (change.externalId() != null) {
            Require.token(change.externalId(), "externalId", 128);
        }
        return change(program, ref, (store, m) -> {
            Refusal duplicate = duplicate(store, m.id(), phone, change.cardNumber(), change.externalId(), null);
            if (duplicate != null) {
                return Outcome.refused(duplicate);
            }
            return Outcome.accepted(m.withProfile(phone != null ? phone : m.phone(),
                    change.cardNumber() != null ? change.cardNumber() : m.cardNumber(),
                    change.externalId() != null ? change.externalId() : m.externalId(),
                    change.name() != null ? change.name() : m.name(),
                    change.homeStore() != null ? change.homeStore() : m.homeStore()));
        }, (m, now) -> new MemberProfileChanged(program, now, m.id()));
    }

    @Override
    public Outcome<Member> setBirthday(ProgramId program, MemberRef ref, LocalDate birthday) {
        checkBirthday(birthday);
        return change(program, ref, (store, m) -> {
            if (m.birthday() != null) {
                return m.birthday().equals(birthday) ? Outcome.accepted(m)
                        : Outcome.refused(new Refusal.BirthdayAlreadySet(m.birthday()));
            }
            return Outcome.accepted(m.withBirthday(birthday, m.birthdayChange()));
        }, (m, now) -> new BirthdaySet(program, now, m.id(), birthday, null));
    }

    @Override
    public Outcome<Member> overrideBirthday(ProgramId program, MemberRef ref, LocalDate birthday, String staffId,
            String reason) {
        checkBirthday(birthday);
        Require.token(staffId, "staffId", 64);
        Require.token(reason, "reason", 500);
        return change(program, ref, (store, m) -> Outcome.accepted(m.withBirthday(birthday,
                new Member.BirthdayChange(m.birthday(), staffId, reason, clock.instant()))),
                (m, now) -> new BirthdaySet(program, now, m.id(), birthday, staffId));
    }

    @Override
    public Outcome<Member> setConsent(ProgramId program, MemberRef ref, Consent consent, boolean granted) {
        Require.present(consent, "consent");
        return change(program, ref, (store, m) -> {
            Set<Consent> consents = m.consents().isEmpty() ? EnumSet.noneOf(Consent.class) : EnumSet.copyOf(m.consents());
            if (granted) {
                consents.add(consent);
            } else {
                consents.remove(consent);
            }
            return Outcome.accepted(m.withConsents(consents));
        }, (m, now) -> new ConsentChanged(program, now, m.id(), consent, granted));
    }

    @Override
    public Outcome<Member> block(ProgramId program, MemberRef ref, String reason) {
        Require.token(reason, "reason", 500);
        return change(program, ref, (store, m) -> Outcome.accepted(m.withBlocked(true, reason)),
                (m, now) -> new MemberBlocked(program, now, m.id(), reason));
    }

    @Override
    public Outcome<Member> unblock(ProgramId program, MemberRef ref) {
        return change(program, ref, (store, m) -> Outcome.accepted(m.withBlocked(false, null)),
                (m, now) -> new MemberUnblocked(program, now, m.id()));
    }

    @Override
    public Outcome<Member> linkTelegram(ProgramId program, MemberRef ref, long telegramUserId) {
        Require.that(telegramUserId > 0, "telegramUserId", "must be positive", telegramUserId);
        return change(program, ref, (store, m) -> {
            Refusal duplicate = duplicate(store, m.id(), null, null, null, telegramUserId);
            return duplicate != null ? Outcome.refused(duplicate) : Outcome.accepted(m.withTelegram(telegramUserId));
        }, (m, now) -> new TelegramLinked(program, now, m.id(), telegramUserId));
    }

    @Override
    public Outcome<Member> unlinkTelegram(ProgramId program, MemberRef ref) {
        return change(program, ref, (store, m) -> Outcome.accepted(m.withTelegram(null)),
                (m, now) -> new TelegramUnlinked(program, now, m.id()));
    }

    @Override
    public long count(ProgramId program) {
        return transactor.read(program, tx -> tx.members().count());
    }

    @Override
    public List<Member> page(ProgramId program, MemberId afterExclusive, int limit) {
        Require.that(limit > 0 && limit <= 10_000, "limit", "must be between 1 and 10000", limit);
        return transactor.read(program, tx -> tx.members().page(afterExclusive, limit));
    }

    /** Finds and locks the member, applies the change, writes it and raises the event if anything changed. */
    private Outcome<Member> change(ProgramId program, MemberRef ref,
            BiFunction<MemberStore, Member, Outcome<Member>> change,
            BiFunction<Member, Instant, dev.kopilka.event.DomainEvent> event) {
        Require.present(ref, "member");
        return transactor.write(program, work -> {
            MemberStore store = work.tx().members();
            Optional<Member> member = finder.lock(store, ref);
            if (member.isEmpty()) {
                return Outcome.refused(new Refusal.MemberNotFound(MemberFinder.describe(ref)));
            }
            Outcome<Member> outcome = change.apply(store, member.get());
            if (outcome instanceof Outcome.Accepted<Member> accepted && accepted.value() != member.get()) {
                store.update(accepted.value());
                work.raise(event.apply(accepted.value(), clock.instant()));
            }
            return outcome;
        });
    }

    private static Refusal duplicate(MemberStore store, MemberId self, String phone, String card, String externalId,
            Long telegram) {
        Optional<Member> other = phone == null ? Optional.empty() : store.findByPhone(phone);
        if (isOther(other, self)) {
            return new Refusal.DuplicateMember("phone", other.get().id());
        }
        other = card == null ? Optional.empty() : store.findByCard(card);
        if (isOther(other, self)) {
            return new Refusal.DuplicateMember("card", other.get().id());
        }
        other = externalId == null ? Optional.empty() : store.findByExternalId(externalId);
        if (isOther(other, self)) {
            return new Refusal.DuplicateMember("external_id", other.get().id());
        }
        other = telegram == null ? Optional.empty() : store.findByTelegramUserId(telegram);
        if (isOther(other, self)) {
            return new Refusal.DuplicateMember("telegram_user", other.get().id());
        }
        return null;
    }

    private static boolean isOther(Optional<Member> found, MemberId self) {
        return found.isPresent() && !found.get().id().equals(self);
    }

    private void checkBirthday(LocalDate birthday) {
        Require.present(birthday, "birthday");
        LocalDate today = LocalDate.now(clock);
        if (birthday.isBefore(EARLIEST_BIRTHDAY) || !birthday.isBefore(today)) {
            throw new InvalidRequestException("birthday", "must be after 1900-01-01 and in the past", birthday);
        }
    }
}

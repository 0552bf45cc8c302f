package dev.kopilka.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kopilka.ProgramId;
import dev.kopilka.Kopilka;
import dev.kopilka.Outcome;
import dev.kopilka.Refusal;
import dev.kopilka.checkout.Line;
import dev.kopilka.checkout.PointsToApply;
import dev.kopilka.checkout.PurchaseReceipt;
import dev.kopilka.checkout.PurchaseRequest;
import dev.kopilka.config.KopilkaConfig;
import dev.kopilka.ledger.Grant;
import dev.kopilka.member.Registration;
import dev.kopilka.member.MemberRef;
import java.util.HashSet;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import dev.kopilka.checkout.AnonymousReceipt;
import dev.kopilka.checkout.Calculation;
import dev.kopilka.checkout.port.ReturnRecord;
import dev.kopilka.checkout.port.SaleRecord;
import dev.kopilka.ledger.Account;
import dev.kopilka.ledger.EntryType;
import dev.kopilka.ledger.LedgerEntry;
import dev.kopilka.ledger.Lot;
import dev.kopilka.ledger.LotConsumption;
import dev.kopilka.ledger.LotSource;
import dev.kopilka.ledger.Reservation;
import dev.kopilka.ledger.SpendRecord;
import dev.kopilka.ledger.port.AdjustmentRecord;
import dev.kopilka.member.MemberId;
import dev.kopilka.store.port.KopilkaStore;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link KopilkaStore} must pass. To check an adapter, extend this class in your tests
 * and implement {@link #createStore()} (a fresh, empty store each time, or clean it in
 * {@link #cleanUp(KopilkaStore)}). It covers every port, rollback, program isolation, member locking and 32 tills
 * racing through the whole engine. The in-memory store passes it in the testkit's own tests.
 */
public abstract class KopilkaStoreContract {

    /** Truncated to microseconds: the resolution SQL timestamps keep. */
    protected static final Instant T0 = Instant.parse("2025-05-12T07:00:00Z");

    protected KopilkaStore store;
    protected ProgramId program;

    protected abstract KopilkaStore createStore();

    /** Called after each test; close pools or drop data here. */
    protected void cleanUp(KopilkaStore used) {
        used.close();
    }

    @BeforeEach
    void openStore() {
        store = createStore();
        program = ProgramId.of("contract-" + System.nanoTime());
    }

    @AfterEach
    void closeStore() {
        if (store != null) { // null when createStore() skipped the test (a database that is not there)
            cleanUp(store);
        }
    }

    protected static MemberId member(String id) {
        return MemberId.of(id);
    }

    protected static Lot lot(String id, MemberId member, long points, long remaining) {
        return new Lot(id, member, LotSource.PURCHASE, points, remaining, T0, T0.plus(1, ChronoUnit.DAYS),
                T0.plus(365, ChronoUnit.DAYS), "tx-" + id);
    }

    protected static LedgerEntry entry(String id, MemberId member, EntryType type, long points) {
        return new LedgerEntry(id, member, type, points, T0, "ref-" + id, null,
                List.of(new LotConsumption("lot-1", 5)), 0, null, "note " + id);
    }

    @Nested
    @DisplayName("transactions")
    class Transactions {

        @Test
        @DisplayName("a transaction that throws leaves nothing behind")
        void rollback() {
            MemberId m = member("m1");
            assertThatThrownBy(() -> store.inTransaction(program, tx -> {
                tx.ledger().saveAccount(Account.open(m, T0, "base"));
                tx.ledger().insertLots(List.of(lot("l1", m, 10, 10)));
                tx.ledger().appendEntries(List.of(entry("e1", m, EntryType.EARN, 10)));
                tx.ledger().appendSpend(new SpendRecord(m, T0, 1000, "tx-1"));
                tx.checkout().insertAnonymousReceipt(new AnonymousReceipt("a1", "s1", 100, T0));
                throw new IllegalArgumentException("boom");
            })).isInstanceOf(IllegalArgumentException.class).hasMessage("boom");

            store.readOnly(program, tx -> {
                assertThat(tx.ledger().account(m)).isEmpty();
                assertThat(tx.ledger().lot("l1")).isEmpty();
                assertThat(tx.ledger().entries(m)).isEmpty();
                assertThat(tx.ledger().spendSince(m, Instant.EPOCH)).isZero();
                assertThat(tx.checkout().anonymousReceipt("a1")).isEmpty();
                return null;
            });
        }

        @Test
        @DisplayName("a read-only transaction cannot write")
        void readOnlyRefusesWrites() {
            assertThatThrownBy(() -> store.readOnly(program, tx -> {
                tx.ledger().saveAccount(Account.open(member("m1"), T0, "base"));
                return null;
            })).isInstanceOf(RuntimeException.class);
            var read = store.readOnly(program, tx -> tx.ledger().account(member("m1")));
            assertThat(read).isEmpty();
        }

        @Test
        @DisplayName("what one program writes is invisible to another")
        void isolation() {
            MemberId m = member("m1");
            store.inTransaction(program, tx -> {
                tx.ledger().saveAccount(Account.open(m, T0, "base"));
                tx.ledger().insertLots(List.of(lot("l1", m, 10, 10)));
                tx.checkout().insertAnonymousReceipt(new AnonymousReceipt("a1", "s1", 100, T0));
                return null;
            });
            ProgramId other = ProgramId.of(program.value() + "-other");
            store.readOnly(other, tx -> {
                assertThat(tx.ledger().account(m)).isEmpty();
                assertThat(tx.ledger().lotsWithPoints(m)).isEmpty();
                assertThat(tx.checkout().anonymousReceipt("a1")).isEmpty();
                return null;
            });
            // the same keys can be used by the other program
            store.inTransaction(other, tx -> {
                tx.ledger().insertLots(List.of(lot("l1", m, 20, 20)));
                tx.checkout().insertAnonymousReceipt(new AnonymousReceipt("a1", "s1", 200, T0));
                return null;
            });
            store.readOnly(program, tx -> {
                assertThat(tx.ledger().lot("l1")).hasValueSatisfying(l -> assertThat(l.points()).isEqualTo(10));
                return null;
            });
        }

        @Test
        @DisplayName("a writer holding a member's lock is never interleaved with another writer on that member")
        void memberLockPreventsLostUpdates() throws Exception {
            MemberId m = member("m1");
            seedMember(m);
            store.inTransaction(program, tx -> {
                tx.ledger().saveAccount(Account.open(m, T0, "base"));
                return null;
            });
            int threads = 4;
            int increments = 25;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    futures.add(pool.submit(() -> {
                        for (int i = 0; i < increments; i++) {
                            store.inTransaction(program, tx -> {
                                assertThat(lockMember(tx, m)).isTrue();
                                Account a = tx.ledger().account(m).orElseThrow();
                                tx.ledger().saveAccount(a.withDebt(a.debt() + 1));
                                return null;
                            });
                        }
                        return null;
                    }));
                }
                for (Future<?> f : futures) {
                    f.get(120, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            long debt = store.readOnly(program, tx -> tx.ledger().account(m).orElseThrow().debt());
            assertThat(debt).isEqualTo(threads * increments);
        }
    }

    /** Creates a member the store can lock. */
    protected void seedMember(MemberId member) {
        store.inTransaction(program, tx -> {
            tx.members().insert(newMember(member.value(), null, "CARD-" + member.value()));
            return null;
        });
    }

    /** Takes the member's lock inside {@code tx}; true when the member exists. */
    protected boolean lockMember(dev.kopilka.store.port.StoreTransaction tx, MemberId member) {
        return tx.members().lock(member).isPresent();
    }

    @Nested
    @DisplayName("ledger store")
    class LedgerStoreContract {

        @Test
        @DisplayName("accounts are inserted, then replaced")
        void accounts() {
            MemberId m = member("m1");
            Account opened = Account.open(m, T0, "base");
            Account changed = opened.withLastPurchaseAt(T0.plusSeconds(60)).withDebt(7)
                    .withTier("silver", T0.plus(30, ChronoUnit.DAYS)).withSettledAt(T0.plusSeconds(61));
            store.inTransaction(program, tx -> {
                tx.ledger().saveAccount(opened);
                return null;
            });
            store.inTransaction(program, tx -> {
                tx.ledger().saveAccount(changed);
                return null;
            });
            var read1 = store.readOnly(program, tx -> tx.ledger().account(m));
            assertThat(read1).contains(changed);
        }

        @Test
        @DisplayName("lots keep every field; only lots with points are listed")
        void lots() {
            MemberId m = member("m1");
            Lot a = lot("la", m, 100, 100);
            Lot b = new Lot("lb", m, LotSource.CAMPAIGN, 250, 250, T0, T0, null, "reactivation");
            store.inTransaction(program, tx -> {
                tx.ledger().insertLots(List.of(a, b));
                return null;
            });
            store.inTransaction(program, tx -> {
                tx.ledger().updateLots(List.of(a.withRemaining(0), b.withRemaining(40)));
                return null;
            });
            store.readOnly(program, tx -> {
                assertThat(tx.ledger().lotsWithPoints(m)).containsExactly(b.withRemaining(40));
                assertThat(tx.ledger().lot("la")).contains(a.withRemaining(0));
                assertThat(tx.ledger().lotsWithPoints(member("nobody"))).isEmpty();
                return null;
            });
        }

        @Test
        @DisplayName("entries are appended in order and keep their consumptions")
        void entries() {
            MemberId m = member("m1");
            LedgerEntry e1 = entry("e1", m, EntryType.EARN, 10);
            LedgerEntry e2 = new LedgerEntry("e2", m, EntryType.CLAWBACK, -12, T0, "ret-1", null,
                    List.of(new LotConsumption("l1", 4), new LotConsumption("l2", 5)), 3, "e1", null);
            LedgerEntry e3 = entry("e3", m, EntryType.EXPIRE, -1);
            store.inTransaction(program, tx -> {
                tx.ledger().appendEntries(List.of(e1, e2));
                return null;
            });
            store.inTransaction(program, tx -> {
                tx.ledger().appendEntries(List.of(e3));
                return null;
            });
            var read2 = store.readOnly(program, tx -> tx.ledger().entries(m));
            assertThat(read2).containsExactly(e1, e2, e3);
        }

        @Test
        @DisplayName("reservations are kept until deleted")
        void reservations() {
            MemberId m = member("m1");
            Reservation r = new Reservation("r1", m, 30, List.of(new LotConsumption("l1", 30)), T0,
                    T0.plusSeconds(900), "e-hold");
            store.inTransaction(program, tx -> {
                tx.ledger().insertReservation(r);
                return null;
            });
            var read3 = store.readOnly(program, tx -> tx.ledger().reservations(m));
            assertThat(read3).containsExactly(r);
            var read4 = store.readOnly(program, tx -> tx.ledger().reservation("r1"));
            assertThat(read4).contains(r);
            store.inTransaction(program, tx -> {
                tx.ledger().deleteReservation("r1");
                return null;
            });
            var read5 = store.readOnly(program, tx -> tx.ledger().reservations(m));
            assertThat(read5).isEmpty();
        }

        @Test
        @DisplayName("spend is summed from an instant on, refunds included")
        void spend() {
            MemberId m = member("m1");
            store.inTransaction(program, tx -> {
                tx.ledger().appendSpend(new SpendRecord(m, T0, 1_000, "a"));
                tx.ledger().appendSpend(new SpendRecord(m, T0.plusSeconds(10), 2_000, "b"));
                tx.ledger().appendSpend(new SpendRecord(m, T0.plusSeconds(20), -500, "c"));
                return null;
            });
            store.readOnly(program, tx -> {
                assertThat(tx.ledger().spendSince(m, Instant.EPOCH)).isEqualTo(2_500);
                assertThat(tx.ledger().spendSince(m, T0.plusSeconds(10))).isEqualTo(1_500);
                assertThat(tx.ledger().spendSince(m, T0.plusSeconds(21))).isZero();
                return null;
            });
        }

        @Test
        @DisplayName("an adjustment key is stored once")
        void adjustments() {
            AdjustmentRecord record = new AdjustmentRecord("k1", member("m1"), dev.kopilka.RequestFingerprint.builder().add("points", 300).build(), "e1");
            store.inTransaction(program, tx -> {
                tx.ledger().insertAdjustment(record);
                return null;
            });
            var read6 = store.readOnly(program, tx -> tx.ledger().adjustment("k1"));
            assertThat(read6).contains(record);
            assertThatThrownBy(() -> store.inTransaction(program, tx -> {
                tx.ledger().insertAdjustment(record);
                return null;
            })).isInstanceOf(RuntimeException.class);
        }

        @Test
        @DisplayName("in bulk: accounts, ledgers and adjustments read and written for many members at once")
        void bulkLedger() {
            // More members than one statement takes: every store that chunks must cross a chunk.
            List<Account> accounts = new java.util.ArrayList<>();
            for (int i = 0; i < 620; i++) {
                accounts.add(Account.open(member(String.format("b%04d", i)), T0.plusSeconds(i), "base"));
            }
            MemberId m1 = member("b0001");
            MemberId m2 = member("b0002");
            Reservation r = new Reservation("r1", m2, 30, List.of(new LotConsumption("l2", 30)), T0,
                    T0.plusSeconds(900), "e-hold");
            AdjustmentRecord k1 = new AdjustmentRecord("k1", m1,
                    dev.kopilka.RequestFingerprint.builder().add("points", 300).build(), "e1");
            store.inTransaction(program, tx -> {
                tx.ledger().saveAccounts(accounts);
                tx.ledger().insertLots(List.of(lot("l1", m1, 100, 100), lot("l0", m1, 50, 0), lot("l2", m2, 70, 40)));
                tx.ledger().insertReservation(r);
                tx.ledger().insertAdjustments(List.of(k1));
                return null;
            });
            List<MemberId> asked = new java.util.ArrayList<>(accounts.stream().map(Account::member).toList());
            asked.add(member("nobody"));
            asked.add(m1);
            Map<MemberId, Account> read = store.readOnly(program, tx -> tx.ledger().accounts(asked));
            assertThat(read).hasSize(620);
            for (Account a : accounts) {
                assertThat(read.get(a.member())).isEqualTo(a);
            }
            // Replaced in bulk, a later one of the same member winning; a new one added.
            Account changed = accounts.get(1).withDebt(7).withSettledAt(T0.plusSeconds(99));
            Account fresh = Account.open(member("new"), T0, "silver");
            store.inTransaction(program, tx -> {
                tx.ledger().saveAccounts(List.of(accounts.get(1).withDebt(3), changed, fresh));
                return null;
            });
            store.readOnly(program, tx -> {
                assertThat(tx.ledger().account(m1)).contains(changed);
                assertThat(tx.ledger().account(member("new"))).contains(fresh);
                Map<MemberId, dev.kopilka.ledger.port.MemberLedger> ledgers = tx.ledger()
                        .memberLedgers(List.of(m1, m2, member("nobody"), m1));
                assertThat(ledgers).containsOnlyKeys(m1, m2, member("nobody"));
                for (MemberId m : List.of(m1, m2, member("nobody"))) {
                    dev.kopilka.ledger.port.MemberLedger one = tx.ledger().memberLedger(m);
                    assertThat(ledgers.get(m).account()).as(m.value()).isEqualTo(one.account());
                    assertThat(ledgers.get(m).lotsWithPoints()).as(m.value())
                            .containsExactlyInAnyOrderElementsOf(one.lotsWithPoints());
                    assertThat(ledgers.get(m).reservations()).as(m.value())
                            .containsExactlyInAnyOrderElementsOf(one.reservations());
                }
                assertThat(ledgers.get(m1).lotsWithPoints()).containsExactly(lot("l1", m1, 100, 100));
                assertThat(ledgers.get(m2).reservations()).containsExactly(r);
                assertThat(ledgers.get(member("nobody")).account()).isEmpty();
                assertThat(tx.ledger().memberLedgers(List.of(m2))).containsOnlyKeys(m2);
                assertThat(tx.ledger().memberLedgers(List.of(m2)).get(m2).lotsWithPoints())
                        .containsExactly(lot("l2", m2, 70, 40));
                return null;
            });
            AdjustmentRecord k2 = new AdjustmentRecord("k2", m2,
                    dev.kopilka.RequestFingerprint.builder().add("points", 5).build(), "e2");
            store.inTransaction(program, tx -> {
                tx.ledger().insertAdjustments(List.of(k2));
                return null;
            });
            Map<String, AdjustmentRecord> adjustments = store.readOnly(program,
                    tx -> tx.ledger().adjustments(List.of("k2", "missing", "k1", "k2")));
            assertThat(adjustments).containsOnlyKeys("k1", "k2");
            assertThat(adjustments.get("k1")).isEqualTo(k1);
            assertThat(adjustments.get("k2")).isEqualTo(k2);
            // A key stored before fails the transaction, and nothing of it is kept.
            AdjustmentRecord k3 = new AdjustmentRecord("k3", m2, k2.request(), "e3");
            assertThatThrownBy(() -> store.inTransaction(program, tx -> {
                tx.ledger().insertAdjustments(List.of(k3, k1));
                tx.ledger().entries(m1); // a statement after the batch: buffered writes are sent by now
                return null;
            })).isInstanceOf(RuntimeException.class);
            var k3Read = store.readOnly(program, tx -> tx.ledger().adjustment("k3"));
            assertThat(k3Read).isEmpty();
        }
    }

    @Nested
    @DisplayName("checkout store")
    class CheckoutStoreContract {

        private SaleRecord sale(String txid, String ticket) {
            Calculation calc = new Calculation(member("m1"), "base", BigDecimal.valueOf(5), List.of(), 1000, 0, 0, 0,
                    1000, 50, 0, 0, null, null, null);
            return new SaleRecord(txid, SaleRecord.Kind.HOLD, SaleRecord.Status.HELD, member("m1"), "s1",
                    dev.kopilka.RequestFingerprint.builder().add("operation", "hold").add("lines[0].amount", 1000).build(), T0, calc, ticket, "res-1",
                    T0.plusSeconds(900), List.of(new LotConsumption("l1", 3)), null, null, null, null, Map.of(), 0);
        }

        @Test
        @DisplayName("sales are found by txid and ticket, and updated")
        void sales() {
            SaleRecord held = sale("tx-1", "ticket-1");
            store.inTransaction(program, tx -> {
                tx.checkout().insertSale(held);
                return null;
            });
            SaleRecord returned = held.returned(Map.of("1", new BigDecimal("0.5")), 500);
            store.inTransaction(program, tx -> {
                tx.checkout().updateSale(returned);
                return null;
            });
            store.readOnly(program, tx -> {
                assertThat(tx.checkout().sale("tx-1")).contains(returned);
                assertThat(tx.checkout().saleByTicket("ticket-1")).contains(returned);
                assertThat(tx.checkout().sale("tx-2")).isEmpty();
                return null;
            });
        }

        @Test
        @DisplayName("a receipt id is accepted once")
        void uniqueTxid() {
            store.inTransaction(program, tx -> {
                tx.checkout().insertSale(sale("tx-1", null));
                return null;
            });
            assertThatThrownBy(() -> store.inTransaction(program, tx -> {
                tx.checkout().insertSale(sale("tx-1", null));
                return null;
            })).isInstanceOf(RuntimeException.class);
        }

        @Test
        @DisplayName("returns and anonymous receipts are kept by id")
        void returnsAndAnonymous() {
            ReturnRecord record = new ReturnRecord("ret-1", "tx-1", dev.kopilka.RequestFingerprint.builder().add("saleTxid", "tx-1").build(), null);
            store.inTransaction(program, tx -> {
                tx.checkout().insertReturn(record);
                tx.checkout().insertAnonymousReceipt(new AnonymousReceipt("a1", "s1", 100, T0));
                tx.checkout().insertAnonymousReceipt(new AnonymousReceipt("a2", "s1", 100, T0.plusSeconds(3600)));
                return null;
            });
            store.readOnly(program, tx -> {
                assertThat(tx.checkout().returnRecord("ret-1")).contains(record);
                assertThat(tx.checkout().countAnonymousReceipts(T0, T0.plusSeconds(3600))).isEqualTo(1);
                assertThat(tx.checkout().countAnonymousReceipts(T0, T0.plusSeconds(3601))).isEqualTo(2);
                return null;
            });
        }
    }

    protected static dev.kopilka.member.Member newMember(String id, String phone, String card) {
        return new dev.kopilka.member.Member(member(id), phone, card, null, "Anna", java.time.LocalDate.of(1990, 5, 17),
                null, T0, "store-1", java.util.Set.of(dev.kopilka.member.Consent.TELEGRAM), false, null, null, 0);
    }

    @Nested
    @DisplayName("member store")
    class MemberStoreContract {

        @Test
        @DisplayName("members are found by every identifier and keep every field")
        void findByEveryIdentifier() {
            dev.kopilka.member.Member anna = newMember("m1", "+79991234567", "CARD-1")
                    .withTelegram(777L);
            store.inTransaction(program, tx -> {
                tx.members().insert(anna);
                return null;
            });
            store.readOnly(program, tx -> {
                assertThat(tx.members().findById(member("m1"))).contains(anna);
                assertThat(tx.members().findByPhone("+79991234567")).contains(anna);
                assertThat(tx.members().findByCard("CARD-1")).contains(anna);
                assertThat(tx.members().findByTelegramUserId(777L)).contains(anna);
                assertThat(tx.members().findByExternalId("nope")).isEmpty();
                assertThat(tx.members().count()).isEqualTo(1);
                return null;
            });
        }

        @Test
        @DisplayName("many members are found at once, in the order asked, across the store's chunks")
        void findByManyIds() {
            int count = 1_234;
            store.inTransaction(program, tx -> {
                for (int i = 0; i < count; i++) {
                    tx.members().insert(newMember(String.format("b%05d", i), null, String.format("CARD-B%05d", i)));
                }
                return null;
            });
            java.util.List<MemberId> asked = new java.util.ArrayList<>();
            for (int i = count - 1; i >= 0; i -= 2) {
                asked.add(member(String.format("b%05d", i)));
            }
            asked.add(member("nobody"));
            asked.add(member(String.format("b%05d", count - 1)));
            java.util.Map<MemberId, dev.kopilka.member.Member> found =
                    store.readOnly(program, tx -> tx.members().findByIds(asked));
            assertThat(found).hasSize(count / 2);
            assertThat(found.keySet()).containsExactlyElementsOf(asked.subList(0, count / 2));
            assertThat(found.values()).allSatisfy(m -> assertThat(found.get(m.id())).isSameAs(m));
            java.util.Map<MemberId, dev.kopilka.member.Member> none =
                    store.readOnly(program, tx -> tx.members().findByIds(java.util.List.of()));
            assertThat(none).isEmpty();
            java.util.Map<MemberId, dev.kopilka.member.Member> one =
                    store.readOnly(program, tx -> tx.members().findByIds(java.util.List.of(member("b00003"))));
            assertThat(one).containsOnlyKeys(member("b00003"));
        }

        @Test
        @DisplayName("many members are locked at once, found as asked")
        void lockMany() {
            store.inTransaction(program, tx -> {
                for (int i = 0; i < 600; i++) {
                    tx.members().insert(newMember(String.format("k%04d", i), null, String.format("CARD-K%04d", i)));
                }
                return null;
            });
            List<MemberId> asked = new java.util.ArrayList<>();
            for (int i = 599; i >= 0; i -= 3) {
                asked.add(member(String.format("k%04d", i)));
            }
            asked.add(member("nobody"));
            Map<MemberId, dev.kopilka.member.Member> locked = store.inTransaction(program,
                    tx -> tx.members().lockAll(asked));
            assertThat(locked.keySet()).containsExactlyElementsOf(asked.subList(0, asked.size() - 1));
            Map<MemberId, dev.kopilka.member.Member> found = store.readOnly(program, tx -> tx.members().findByIds(asked));
            assertThat(locked).isEqualTo(found);
            var none = store.inTransaction(program, tx -> tx.members().lockAll(List.of()));
            assertThat(none).isEmpty();
        }

        @Test
        @DisplayName("an update re-indexes changed identifiers")
        void updateReindexes() {
            dev.kopilka.member.Member anna = newMember("m1", "+79991234567", null);
            store.inTransaction(program, tx -> {
                tx.members().insert(anna);
                return null;
            });
            dev.kopilka.member.Member moved = anna.withProfile("+79990000000", "CARD-9", "ext-1", "Anna K", "store-2")
                    .withBlocked(true, "fraud");
            store.inTransaction(program, tx -> {
                assertThat(tx.members().lock(member("m1"))).contains(anna);
                tx.members().update(moved);
                return null;
            });
            store.readOnly(program, tx -> {
                assertThat(tx.members().findByPhone("+79991234567")).isEmpty();
                assertThat(tx.members().findByPhone("+79990000000")).contains(moved);
                assertThat(tx.members().findByExternalId("ext-1")).contains(moved);
                return null;
            });
        }

        @Test
        @DisplayName("a second member with the same phone fails the transaction")
        void uniquePhone() {
            store.inTransaction(program, tx -> {
                tx.members().insert(newMember("m1", "+79991234567", null));
                return null;
            });
            assertThatThrownBy(() -> store.inTransaction(program, tx -> {
                tx.members().insert(newMember("m2", "+79991234567", null));
                return null;
            })).isInstanceOf(RuntimeException.class);
            var read7 = store.readOnly(program, tx -> tx.members().count());
            assertThat(read7).isEqualTo(1);
        }

        @Test
        @DisplayName("members are paged in id order")
        void paging() {
            store.inTransaction(program, tx -> {
                for (String id : List.of("m3", "m1", "m2")) {
                    tx.members().insert(newMember(id, null, "CARD-" + id));
                }
                return null;
            });
            store.readOnly(program, tx -> {
                assertThat(tx.members().page(null, 2)).extracting(m -> m.id().value()).containsExactly("m1", "m2");
                assertThat(tx.members().page(member("m2"), 2)).extracting(m -> m.id().value()).containsExactly("m3");
                return null;
            });
        }
    }

    @Nested
    @DisplayName("promo code store")
    class PromoCodeStoreContract {

        private dev.kopilka.promo.PromoCode code(String code, MemberId owner, int maxUses) {
            return new dev.kopilka.promo.PromoCode(code, dev.kopilka.promo.PromoDiscount.percent(12), 600_000, T0,
                    T0.plus(30, ChronoUnit.DAYS), owner, maxUses, 0, true, "repeat-purchase", T0);
        }

        @Test
        @DisplayName("in bulk: codes inserted, found and checked many at once")
        void bulkCodes() {
            List<dev.kopilka.promo.PromoCode> codes = new java.util.ArrayList<>();
            for (int i = 0; i < 610; i++) {
                codes.add(code(String.format("BULK-%04d", i), i % 2 == 0 ? member("m" + i) : null, 1));
            }
            store.inTransaction(program, tx -> {
                tx.promoCodes().insertAll(codes);
                tx.promoCodes().insertAll(List.of());
                return null;
            });
            List<String> asked = new java.util.ArrayList<>(codes.stream().map(dev.kopilka.promo.PromoCode::code).toList());
            asked.add("NOPE");
            store.readOnly(program, tx -> {
                Map<String, dev.kopilka.promo.PromoCode> found = tx.promoCodes().findAll(asked);
                assertThat(found).hasSize(610);
                for (dev.kopilka.promo.PromoCode c : codes) {
                    assertThat(found.get(c.code())).isEqualTo(c);
                    assertThat(tx.promoCodes().find(c.code())).contains(c);
                }
                assertThat(tx.promoCodes().existing(List.of("BULK-0007", "NOPE", "BULK-0600", "BULK-0007")))
                        .containsExactlyInAnyOrder("BULK-0007", "BULK-0600");
                assertThat(tx.promoCodes().existing(List.of())).isEmpty();
                return null;
            });
            assertThatThrownBy(() -> store.inTransaction(program, tx -> {
                tx.promoCodes().insertAll(List.of(code("FRESH", null, 1), code("BULK-0001", null, 1)));
                tx.promoCodes().exists("FRESH"); // a statement after the batch: buffered writes are sent by now
                return null;
            })).isInstanceOf(RuntimeException.class);
            var fresh = store.readOnly(program, tx -> tx.promoCodes().exists("FRESH"));
            assertThat(fresh).isFalse();
        }

        @Test
        @DisplayName("codes are kept, counted and listed by owner")
        void codes() {
            dev.kopilka.promo.PromoCode personal = code("ANNA-12", member("m1"), 1);
            store.inTransaction(program, tx -> {
                tx.promoCodes().insert(personal);
                tx.promoCodes().insert(code("SPRING", null, 100));
                return null;
            });
            dev.kopilka.promo.PromoUse use = new dev.kopilka.promo.PromoUse("ANNA-12", member("m1"), "tx-1", T0);
            store.inTransaction(program, tx -> {
                tx.promoCodes().recordUse("ANNA-12", use);
                return null;
            });
            store.readOnly(program, tx -> {
                assertThat(tx.promoCodes().find("ANNA-12")).contains(personal.withUses(1));
                assertThat(tx.promoCodes().exists("SPRING")).isTrue();
                assertThat(tx.promoCodes().exists("AUTUMN")).isFalse();
                assertThat(tx.promoCodes().uses("ANNA-12")).containsExactly(use);
                assertThat(tx.promoCodes().ownedBy(member("m1"))).containsExactly(personal.withUses(1));
                return null;
            });
            assertThatThrownBy(() -> store.inTransaction(program, tx -> {
                tx.promoCodes().insert(code("SPRING", null, 5));
                return null;
            })).isInstanceOf(RuntimeException.class);
        }
    }

    /**
     * Tills racing on the store, checked through the whole engine: 32 tills spending one member's points never
     * overspend, and 32 tills sending one receipt write it once.
     */
    @Nested
    @DisplayName("racing tills")
    class RacingTills {

        private static final int TILLS = 32;

        private Kopilka kopilka() {
            return Kopilka.builder(KopilkaConfig.fromMap(Map.of("kopilka.program.id", "race-" + UUID.randomUUID(),
                    "kopilka.earning.delay", "P0D", "kopilka.redemption.max-percent", "30")))
                    .store(store).build();
        }

        @Test
        void thirtyTwoTillsSpendingOneMembersPointsNeverOverspend() throws Exception {
            Kopilka k = kopilka();
            MemberId anna = k.members().register(k.program(), Registration.withPhone("+79991234567")).orElseThrow().id();
            k.ledger().grant(k.program(), MemberRef.id(anna), Grant.of(300, LotSource.MANUAL, "g")).orElseThrow();

            List<Outcome<PurchaseReceipt>> outcomes = race(TILLS, 3, (t, i) -> k.checkout().purchase(k.program(),
                    "t" + t + "-" + i, PurchaseRequest.of(MemberRef.id(anna), "s" + t,
                            List.of(Line.of("1", "A", 1, 100_000).asNoEarn())).withPoints(PointsToApply.exactly(10))));

            assertThat(outcomes.stream().filter(Outcome::isAccepted).count()).isEqualTo(30);
            assertThat(outcomes).filteredOn(o -> !o.isAccepted())
                    .allSatisfy(o -> assertThat(o.refusal()).isInstanceOf(Refusal.RedemptionAboveLimit.class));
            assertThat(k.ledger().balance(k.program(), MemberRef.id(anna)).orElseThrow().available()).isZero();
            List<LedgerEntry> statement = k.ledger().statement(k.program(), MemberRef.id(anna)).orElseThrow();
            assertThat(statement.stream().mapToLong(LedgerEntry::points).sum()).isZero();
            assertThat(statement).filteredOn(e -> e.type() == EntryType.REDEEM).hasSize(30);
            List<Lot> lots = k.ledger().lots(k.program(), MemberRef.id(anna)).orElseThrow();
            assertThat(lots).allSatisfy(l -> assertThat(l.remaining()).isBetween(1L, l.points()));
        }

        @Test
        void thirtyTwoTillsSendingOneReceiptWriteItOnceAndAgree() throws Exception {
            Kopilka k = kopilka();
            MemberId anna = k.members().register(k.program(), Registration.withPhone("+79991234567")).orElseThrow().id();
            MemberId boris = k.members().register(k.program(), Registration.withPhone("+79997654321")).orElseThrow().id();
            PurchaseRequest request = PurchaseRequest.of(MemberRef.id(anna), "s1", List.of(Line.of("1", "A", 1, 100_000)));
            // half the tills wrongly send it for another member: they must get a conflict, never a store error
            PurchaseRequest other = PurchaseRequest.of(MemberRef.id(boris), "s1", List.of(Line.of("1", "A", 1, 100_000)));

            List<Outcome<PurchaseReceipt>> outcomes = race(TILLS, 1,
                    (t, i) -> k.checkout().purchase(k.program(), "same", t % 2 == 0 ? request : other));

            List<PurchaseReceipt> accepted = outcomes.stream().filter(Outcome::isAccepted).map(Outcome::orElseThrow).toList();
            assertThat(new HashSet<>(accepted)).hasSize(1);
            assertThat(outcomes).filteredOn(o -> !o.isAccepted())
                    .allSatisfy(o -> assertThat(o.refusal()).isInstanceOf(Refusal.ConflictingRetry.class));
            MemberId winner = accepted.get(0).member();
            assertThat(k.ledger().statement(k.program(), MemberRef.id(winner)).orElseThrow())
                    .filteredOn(e -> e.type() == EntryType.EARN).hasSize(1);
        }
    }

    /** One call of one till. */
    public interface Call<T> {
        T run(int till, int iteration);
    }

    /** Starts {@code tills} threads at the same instant, each making {@code perTill} calls; all results. */
    public static <T> List<T> race(int tills, int perTill, Call<T> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tills);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<List<T>>> futures = new ArrayList<>();
            for (int t = 0; t < tills; t++) {
                int till = t;
                Callable<List<T>> task = () -> {
                    start.await();
                    List<T> results = new ArrayList<>();
                    for (int i = 0; i < perTill; i++) {
                        results.add(call.run(till, i));
                    }
                    return results;
                };
                futures.add(pool.submit(task));
            }
            start.countDown();
            List<T> all = new ArrayList<>();
            for (Future<List<T>> f : futures) {
                all.addAll(f.get(120, TimeUnit.SECONDS));
            }
            return all;
        } finally {
            pool.shutdownNow();
        }
    }

    /** The redemption codes port ({@link RedemptionCodeStoreContract}) on this store. */
    @Nested
    @DisplayName("redemption codes")
    class RedemptionCodes extends RedemptionCodeStoreContract {
        @Override
        protected KopilkaStore store() {
            return store;
        }

        @Override
        protected ProgramId program() {
            return program;
        }
    }

    /** The outbox port ({@link OutboxStoreContract}) on this store. */
    @Nested
    @DisplayName("outbox")
    class Outbox extends OutboxStoreContract {
        @Override
        protected KopilkaStore store() {
            return store;
        }

        @Override
        protected ProgramId program() {
            return program;
        }
    }
}

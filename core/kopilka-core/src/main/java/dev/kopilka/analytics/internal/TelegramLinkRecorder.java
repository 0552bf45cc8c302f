package dev.kopilka.analytics.internal;

import dev.kopilka.event.DomainEvent;
import dev.kopilka.internal.InTransactionListener;
import dev.kopilka.internal.Transactor;
import dev.kopilka.member.MemberEvents.TelegramLinked;
import dev.kopilka.member.MemberEvents.TelegramUnlinked;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records when members link and unlink Telegram, in the transaction of the change: the daily Telegram reach and
 * the registrations through the bot are computed from these times.
 */
public final class TelegramLinkRecorder implements InTransactionListener {

    private static final Logger LOG = LoggerFactory.getLogger(TelegramLinkRecorder.class);
    private volatile boolean warned;

    @Override
    public void on(DomainEvent event, Transactor.Work work) {
        if (!(event instanceof TelegramLinked) && !(event instanceof TelegramUnlinked)) {
            return;
        }
        try {
            if (event instanceof TelegramLinked linked) {
                work.tx().analytics().telegramLinked(linked.member(), linked.occurredAt());
            } else if (event instanceof TelegramUnlinked unlinked) {
                work.tx().analytics().telegramUnlinked(unlinked.member(), unlinked.occurredAt());
            }
        } catch (UnsupportedOperationException e) {
            if (!warned) {
                warned = true;
                LOG.warn("The store computes no analytics: Telegram link times are not recorded ({})",
                        e.getMessage());
            }
        }
    }
}

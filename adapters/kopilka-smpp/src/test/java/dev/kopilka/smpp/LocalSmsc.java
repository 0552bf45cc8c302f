package dev.kopilka.smpp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.jsmpp.SMPPConstant;
import org.jsmpp.bean.BroadcastSm;
import org.jsmpp.bean.CancelBroadcastSm;
import org.jsmpp.bean.CancelSm;
import org.jsmpp.bean.DataCodings;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.DeliveryReceipt;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.GSMSpecificFeature;
import org.jsmpp.bean.MessageMode;
import org.jsmpp.bean.MessageType;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.QueryBroadcastSm;
import org.jsmpp.bean.QuerySm;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.ReplaceSm;
import org.jsmpp.bean.SubmitMulti;
import org.jsmpp.bean.SubmitSm;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.session.BindRequest;
import org.jsmpp.session.BroadcastSmResult;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.QueryBroadcastSmResult;
import org.jsmpp.session.QuerySmResult;
import org.jsmpp.session.SMPPServerSession;
import org.jsmpp.session.SMPPServerSessionListener;
import org.jsmpp.session.ServerMessageReceiverListener;
import org.jsmpp.session.Session;
import org.jsmpp.session.SubmitMultiResult;
import org.jsmpp.session.SubmitSmResult;
import org.jsmpp.session.connection.ServerConnection;
import org.jsmpp.session.connection.ServerConnectionFactory;
import org.jsmpp.session.connection.socket.ServerSocketConnection;
import org.jsmpp.util.DeliveryReceiptState;
import org.jsmpp.util.MessageId;

/**
 * A local SMSC for tests: a jSMPP server bound to 127.0.0.1 on an ephemeral port that accepts binds with the
 * right password, takes submits (or throttles, rejects, drops the connection, stays silent, as scripted) and
 * sends delivery receipts after the submit_sm_resp, from another thread.
 */
final class LocalSmsc implements AutoCloseable, dev.kopilka.testkit.MessageChannelContract.ChannelFake {

    static final String SYSTEM_ID = "kopilka";
    static final String PASSWORD = "secret12";

    enum Next { ACCEPT, THROTTLE, REJECT_DESTINATION, QUEUE_FULL, DROP_CONNECTION, SILENT }

    /** One submit as the SMSC saw it. */
    record Submit(String messageId, String source, String destination, byte dataCoding, byte esmClass, byte[] message) {
        String text() {
            byte[] body = message;
            if (GSMSpecificFeature.UDHI.containedIn(esmClass)) {
                int udhLength = (body[0] & 0xFF) + 1;
                body = java.util.Arrays.copyOfRange(body, udhLength, body.length);
            }
            return dataCoding == 0x08 ? new String(body, StandardCharsets.UTF_16BE)
                    : dev.kopilka.sms.SmsText.decodeGsm7(body);
        }
    }

    private final ServerSocket socket;
    private final SMPPServerSessionListener listener;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "local-smsc");
        t.setDaemon(true);
        return t;
    });
    private final Deque<Next> script = new ConcurrentLinkedDeque<>();
    private final List<Submit> submits = new CopyOnWriteArrayList<>();
    private final List<SMPPServerSession> sessions = new CopyOnWriteArrayList<>();
    private final AtomicInteger binds = new AtomicInteger();
    private final AtomicInteger attempts = new AtomicInteger();
    private final AtomicInteger ids = new AtomicInteger(0x67aef690);
    private volatile DeliveryReceiptState autoReceipt = DeliveryReceiptState.DELIVRD;
    private volatile boolean hexIdsInReceipts = true;
    private volatile boolean closed;

    LocalSmsc() {
        try {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            ServerConnectionFactory factory = new ServerConnectionFactory() {
                @Override
                public ServerConnection listen(int port) {
                    return new ServerSocketConnection(socket);
                }

                @Override
                public ServerConnection listen(int port, int timeout) {
                    return new ServerSocketConnection(socket);
                }

                @Override
                public ServerConnection listen(int port, int timeout, int backlog) {
                    return new ServerSocketConnection(socket);
                }
            };
            listener = new SMPPServerSessionListener(0, factory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        listener.setMessageReceiverListener(new Receiver());
        threads.execute(this::acceptLoop);
    }

    @Override
    public void acceptNext() {
        next(Next.ACCEPT);
    }

    @Override
    public void rateLimitNext(java.time.Duration retryAfter) {
        next(Next.THROTTLE);
    }

    @Override
    public void failNextTemporarily() {
        next(Next.QUEUE_FULL);
    }

    @Override
    public void rejectRecipientNext() {
        next(Next.REJECT_DESTINATION);
    }

    @Override
    public void timeOutNext() {
        next(Next.SILENT);
    }

    /** SMPP has no body to garble: the nearest is a connection cut before the answer. */
    @Override
    public void garbleNext() {
        next(Next.DROP_CONNECTION);
    }

    @Override
    public int sendsReceived() {
        return attempts.get();
    }

    @Override
    public String lastText() {
        List<Submit> all = submits();
        return all.isEmpty() ? null : all.get(all.size() - 1).text();
    }

    /** ESME_RTHROTTLED carries no wait: the channel uses kopilka.smpp.throttle-wait. */
    @Override
    public boolean carriesRetryAfter() {
        return false;
    }

    int port() {
        return socket.getLocalPort();
    }

    void next(Next next) {
        script.addLast(next);
    }

    /** The receipt sent after each accepted part; null for none. */
    void receipts(DeliveryReceiptState state) {
        this.autoReceipt = state;
    }

    List<Submit> submits() {
        return Collections.unmodifiableList(new ArrayList<>(submits));
    }

    int binds() {
        return binds.get();
    }

    /** Cuts every connection (an SMSC restart, a network failure). */
    void dropConnections() {
        for (SMPPServerSession s : sessions) {
            s.close();
        }
        sessions.clear();
    }

    /** Sends a receipt for a message id now. */
    void sendReceipt(String messageId, DeliveryReceiptState state) {
        for (SMPPServerSession s : sessions) {
            deliverReceipt(s, new Submit(messageId, "SHOP", "79991234567", (byte) 0, (byte) 0, new byte[0]), state);
        }
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                SMPPServerSession session = listener.accept();
                threads.execute(() -> bind(session));
            } catch (IOException e) {
                if (!closed) {
                    sleep(50);
                }
            }
        }
    }

    private void bind(SMPPServerSession session) {
        try {
            BindRequest request = session.waitForBind(5000);
            if (SYSTEM_ID.equals(request.getSystemId()) && PASSWORD.equals(request.getPassword())) {
                request.accept("localsmsc");
                binds.incrementAndGet();
                sessions.add(session);
            } else {
                request.reject(SMPPConstant.STAT_ESME_RINVPASWD);
            }
        } catch (Exception e) {
            session.close();
        }
    }

    private void deliverReceipt(SMPPServerSession session, Submit submit, DeliveryReceiptState state) {
        threads.execute(() -> {
            sleep(30); // after the submit_sm_resp
            try {
                String idInText = hexIdsInReceipts ? submit.messageId()
                        : Long.toString(Long.parseLong(submit.messageId(), 16));
                Date now = new Date();
                byte[] text = new DeliveryReceipt(idInText, 1, state == DeliveryReceiptState.DELIVRD ? 1 : 0, now, now,
                        state, state == DeliveryReceiptState.DELIVRD ? "000" : "001", "").toString()
                        .getBytes(StandardCharsets.US_ASCII);
                session.deliverShortMessage("", TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN,
                        submit.destination(), TypeOfNumber.ALPHANUMERIC, NumberingPlanIndicator.UNKNOWN, submit.source(),
                        new ESMClass(MessageMode.DEFAULT, MessageType.SMSC_DEL_RECEIPT, GSMSpecificFeature.DEFAULT),
                        (byte) 0, (byte) 0, new RegisteredDelivery(0), DataCodings.ZERO, text);
            } catch (Exception e) {
                // the ESME went away: the receipt is lost, as with a real SMSC that gives up
            }
        });
    }

    /** Receipts carry the id in decimal (as some SMSCs do) instead of the submit's hex. */
    void decimalIdsInReceipts() {
        this.hexIdsInReceipts = false;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        dropConnections();
        try {
            listener.close();
        } catch (IOException e) {
            // closing
        }
        threads.shutdownNow();
    }

    private final class Receiver implements ServerMessageReceiverListener {

        @Override
        public SubmitSmResult onAcceptSubmitSm(SubmitSm s, SMPPServerSession session) throws ProcessRequestException {
            attempts.incrementAndGet();
            Next next = script.pollFirst();
            next = next == null ? Next.ACCEPT : next;
            switch (next) {
                case THROTTLE -> throw new ProcessRequestException("throttled", SMPPConstant.STAT_ESME_RTHROTTLED);
                case QUEUE_FULL -> throw new ProcessRequestException("queue full", SMPPConstant.STAT_ESME_RMSGQFUL);
                case REJECT_DESTINATION -> throw new ProcessRequestException("invalid dest",
                        SMPPConstant.STAT_ESME_RINVDSTADR);
                case DROP_CONNECTION -> {
                    // the SMSC took it, then the line died before the answer went out
                    String id = Integer.toHexString(ids.incrementAndGet());
                    submits.add(new Submit(id, s.getSourceAddr(), s.getDestAddress(), s.getDataCoding(),
                            s.getEsmClass(), s.getShortMessage()));
                    session.close();
                    sessions.remove(session);
                    throw new ProcessRequestException("connection dropped", SMPPConstant.STAT_ESME_RSYSERR);
                }
                case SILENT -> {
                    sleep(3_000); // past the ESME's transaction timer
                    throw new ProcessRequestException("too late", SMPPConstant.STAT_ESME_RSYSERR);
                }
                default -> {
                }
            }
            String id = Integer.toHexString(ids.incrementAndGet());
            Submit submit = new Submit(id, s.getSourceAddr(), s.getDestAddress(), s.getDataCoding(), s.getEsmClass(),
                    s.getShortMessage());
            submits.add(submit);
            DeliveryReceiptState state = autoReceipt;
            if (state != null && org.jsmpp.bean.SMSCDeliveryReceipt.SUCCESS_FAILURE.containedIn(s.getRegisteredDelivery())) {
                deliverReceipt(session, submit, state);
            }
            try {
                return new SubmitSmResult(new MessageId(id), new OptionalParameter[0]);
            } catch (org.jsmpp.PDUStringException e) {
                throw new ProcessRequestException("bad id", SMPPConstant.STAT_ESME_RSYSERR);
            }
        }

        @Override
        public SubmitMultiResult onAcceptSubmitMulti(SubmitMulti s, SMPPServerSession session)
                throws ProcessRequestException {
            throw new ProcessRequestException("not supported", SMPPConstant.STAT_ESME_RINVCMDID);
        }

        @Override
        public QuerySmResult onAcceptQuerySm(QuerySm q, SMPPServerSession session) throws ProcessRequestException {
            throw new ProcessRequestException("not supported", SMPPConstant.STAT_ESME_RINVCMDID);
        }

        @Override
        public void onAcceptReplaceSm(ReplaceSm r, SMPPServerSession session) throws ProcessRequestException {
            throw new ProcessRequestException("not supported", SMPPConstant.STAT_ESME_RINVCMDID);
        }

        @Override
        public void onAcceptCancelSm(CancelSm c, SMPPServerSession session) throws ProcessRequestException {
            throw new ProcessRequestException("not supported", SMPPConstant.STAT_ESME_RINVCMDID);
        }

        @Override
        public BroadcastSmResult onAcceptBroadcastSm(BroadcastSm b, SMPPServerSession session)
                throws ProcessRequestException {
            throw new ProcessRequestException("not supported", SMPPConstant.STAT_ESME_RINVCMDID);
        }

        @Override
        public void onAcceptCancelBroadcastSm(CancelBroadcastSm c, SMPPServerSession session)
                throws ProcessRequestException {
            throw new ProcessRequestException("not supported", SMPPConstant.STAT_ESME_RINVCMDID);
        }

        @Override
        public QueryBroadcastSmResult onAcceptQueryBroadcastSm(QueryBroadcastSm q, SMPPServerSession session)
                throws ProcessRequestException {
            throw new ProcessRequestException("not supported", SMPPConstant.STAT_ESME_RINVCMDID);
        }

        @Override
        public DataSmResult onAcceptDataSm(DataSm d, Session session) throws ProcessRequestException {
            throw new ProcessRequestException("not supported", SMPPConstant.STAT_ESME_RINVCMDID);
        }
    }
}

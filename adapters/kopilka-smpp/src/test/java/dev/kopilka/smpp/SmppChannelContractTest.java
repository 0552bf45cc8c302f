package dev.kopilka.smpp;

import dev.kopilka.messaging.port.MessageChannel;
import dev.kopilka.testkit.MessageChannelContract;
import org.junit.jupiter.api.AfterEach;

class SmppChannelContractTest extends MessageChannelContract {

    final LocalSmsc smsc = new LocalSmsc();
    final SmppChannel channel = Smpp.open(Smpp.keys(smsc));

    @AfterEach
    void stop() {
        channel.close();
        smsc.close();
    }

    @Override
    protected MessageChannel channel() {
        return channel;
    }

    @Override
    protected ChannelFake fake() {
        return smsc;
    }
}

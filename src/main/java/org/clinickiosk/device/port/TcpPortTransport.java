package org.clinickiosk.device.port;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;

/** A network printer's raw port ({@code tcp://host:9100}) through a Vert.x NetClient. */
final class TcpPortTransport implements PortTransport {

    private static final System.Logger LOG = System.getLogger(TcpPortTransport.class.getName());
    private static final int CONNECT_TIMEOUT_MS = 3_000;

    private final Context context;
    private final PortConfig config;
    private NetClient client;
    private NetSocket socket;

    TcpPortTransport(Context context, PortConfig config) {
        this.context = context;
        this.config = config;
    }

    @Override
    public Future<Void> open(Listener listener) {
        if (client != null) return Future.failedFuture(new IllegalStateException(config.location() + " is already open"));
        NetClient connecting = context.owner().createNetClient(new NetClientOptions().setConnectTimeout(CONNECT_TIMEOUT_MS));
        client = connecting;
        return connecting.connect(config.tcpPort(), config.tcpHost())
                .recover(e -> {
                    release(connecting);
                    return Future.failedFuture(new PortOpenException("cannot reach " + config.location() + " ("
                            + e.getMessage() + "): is the printer on and connected to the network?", true));
                })
                .compose(connected -> {
                    if (client != connecting) {
                        connected.close();
                        return Future.failedFuture(new PortOpenException(config.location() + " was closed while connecting", false));
                    }
                    socket = connected;
                    connected.handler(buffer -> {
                        if (socket == connected) listener.received(buffer.getBytes());
                    });
                    connected.exceptionHandler(e ->
                            LOG.log(System.Logger.Level.WARNING, config.location() + ": " + e.getMessage()));
                    connected.closeHandler(v -> {
                        if (socket != connected) return;
                        release(connecting);
                        listener.lost("connection to " + config.location() + " closed: " + DeviceNode.UNPLUGGED
                                + " or off the network");
                    });
                    return Future.<Void>succeededFuture();
                });
    }

    @Override
    public Future<Void> write(byte[] bytes) {
        if (socket == null) return Future.failedFuture(config.location() + " is not open");
        return socket.write(Buffer.buffer(bytes));
    }

    @Override
    public Future<Void> close() {
        if (client == null) return Future.succeededFuture();
        return release(client);
    }

    /** Forgets the connection first, so its close handler no longer reports a loss. */
    private Future<Void> release(NetClient owner) {
        if (client != owner) return Future.succeededFuture();
        client = null;
        socket = null;
        return owner.close();
    }
}

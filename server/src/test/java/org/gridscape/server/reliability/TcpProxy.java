package org.gridscape.server.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy between the server and its database, for outage tests: {@link #refuse()} closes every
 * connection and refuses new ones (the database is down), {@link #blackhole()} keeps accepting but
 * passes no byte either way (the database hangs), {@link #restore()} forwards again on the same port.
 */
final class TcpProxy implements AutoCloseable {

  private enum Mode { FORWARD, REFUSE, BLACKHOLE }

  private final String targetHost;
  private final int targetPort;
  private final int port;
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private volatile Mode mode = Mode.FORWARD;
  private volatile ServerSocket listener;
  private volatile boolean closed;

  TcpProxy(String targetHost, int targetPort) throws IOException {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    ServerSocket first = new ServerSocket();
    first.setReuseAddress(true);
    first.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    this.port = first.getLocalPort();
    listen(first);
  }

  int port() {
    return port;
  }

  /** Closes every connection and the listening socket: connection attempts are refused. */
  synchronized void refuse() {
    mode = Mode.REFUSE;
    closeQuietly(listener);
    listener = null;
    dropConnections();
  }

  /** Accepts connections but forwards nothing, and stops forwarding on those already open. */
  synchronized void blackhole() throws IOException {
    mode = Mode.BLACKHOLE;
    ensureListening();
  }

  /** Forwards again (existing black-holed connections are closed, as a restarted database would). */
  synchronized void restore() throws IOException {
    if (mode == Mode.BLACKHOLE) {
      dropConnections();
    }
    mode = Mode.FORWARD;
    ensureListening();
  }

  private void ensureListening() throws IOException {
    if (listener == null) {
      ServerSocket again = new ServerSocket();
      again.setReuseAddress(true);
      again.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      listen(again);
    }
  }

  private void listen(ServerSocket socket) {
    listener = socket;
    Thread acceptor = new Thread(() -> {
      while (!socket.isClosed()) {
        try {
          Socket client = socket.accept();
          open.add(client);
          if (mode == Mode.FORWARD) {
            connect(client);
          }
          // BLACKHOLE: the client waits on a connection that never answers
        } catch (IOException e) {
          return;
        }
      }
    }, "tcp-proxy-accept-" + port);
    acceptor.setDaemon(true);
    acceptor.start();
  }

  private void connect(Socket client) {
    try {
      Socket upstream = new Socket(targetHost, targetPort);
      open.add(upstream);
      pump(client, upstream);
      pump(upstream, client);
    } catch (IOException e) {
      closeQuietly(client);
    }
  }

  private void pump(Socket from, Socket to) {
    Thread t = new Thread(() -> {
      byte[] buf = new byte[16 * 1024];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int n;
        while ((n = in.read(buf)) >= 0) {
          while (mode == Mode.BLACKHOLE && !closed && !from.isClosed()) {
            Thread.sleep(50); // hold the bytes: the peer sees a database that stopped answering
          }
          out.write(buf, 0, n);
          out.flush();
        }
      } catch (IOException | InterruptedException e) {
        // connection closed
      } finally {
        closeQuietly(from);
        closeQuietly(to);
      }
    }, "tcp-proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  private void dropConnections() {
    for (Socket s : open) {
      closeQuietly(s);
    }
    open.clear();
  }

  private static void closeQuietly(java.io.Closeable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    closeQuietly(listener);
    dropConnections();
  }
}

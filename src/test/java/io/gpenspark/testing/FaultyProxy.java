package io.gpenspark.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fault-injecting HTTP proxy on 127.0.0.1 in front of an S3 server, for storage-fault tests.
 *
 * <p>Per client connection it reads one request head and either injects a fault or forwards the
 * request upstream with {@code Connection: close}, pumping bytes both ways until upstream closes
 * (which also carries {@code Expect: 100-continue} exchanges through). So every request is one
 * connection, and every request is counted. Faults, chosen at random with the given probability:
 * 503 SlowDown and 500 InternalError with S3's XML error body, and a connection reset (RST) before
 * any response. The same request (method and target) is faulted at most {@code maxConsecutive}
 * times in a row, so a client with enough retries always gets through.
 */
public final class FaultyProxy implements AutoCloseable {
  /** The kinds of injected fault. */
  public enum Fault {
    SLOW_DOWN_503,
    INTERNAL_ERROR_500,
    RESET
  }

  private final ServerSocket server;
  private final int upstreamPort;
  private final double probability;
  private final int maxConsecutive;
  private final Random random;
  private final ExecutorService pool =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "faulty-proxy");
            t.setDaemon(true);
            return t;
          });
  private final AtomicInteger requests = new AtomicInteger();
  private final Map<Fault, AtomicInteger> faults = new EnumMap<>(Fault.class);
  private final Map<String, Integer> consecutive = new HashMap<>();
  private final List<String> faultLog = new ArrayList<>();
  private volatile boolean enabled = true;

  private FaultyProxy(int upstreamPort, double probability, int maxConsecutive, long seed)
      throws IOException {
    this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
    this.upstreamPort = upstreamPort;
    this.probability = probability;
    this.maxConsecutive = maxConsecutive;
    this.random = new Random(seed);
    for (Fault f : Fault.values()) {
      faults.put(f, new AtomicInteger());
    }
  }

  /** Starts a proxy to 127.0.0.1:{@code upstreamPort}. */
  public static FaultyProxy start(
      int upstreamPort, double probability, int maxConsecutive, long seed) throws IOException {
    FaultyProxy p = new FaultyProxy(upstreamPort, probability, maxConsecutive, seed);
    p.pool.execute(p::acceptLoop);
    return p;
  }

  public String endpoint() {
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  /** Faults on (the default) or off; requests are counted either way. */
  public void faults(boolean on) {
    enabled = on;
  }

  public int requests() {
    return requests.get();
  }

  public int faulted() {
    return faults.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  public int faulted(Fault f) {
    return faults.get(f).get();
  }

  /** "METHOD target -> FAULT" per injected fault, in order. */
  public synchronized List<String> faultLog() {
    return List.copyOf(faultLog);
  }

  public String describe() {
    return requests() + " requests, " + faulted() + " faulted " + faults;
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        pool.execute(() -> handle(client));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void handle(Socket client) {
    try (client) {
      InputStream in = client.getInputStream();
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      byte[] rest = readHead(in, head);
      if (rest == null) {
        return; // closed before a whole request head: nothing to count
      }
      requests.incrementAndGet();
      String text = head.toString(StandardCharsets.ISO_8859_1);
      String requestLine = text.substring(0, text.indexOf("\r\n"));
      Fault fault = decide(requestLine);
      if (fault != null) {
        inject(client, fault, requestLine);
        return;
      }
      forward(client, text, rest);
    } catch (IOException e) {
      // the client or upstream went away: nothing more to do for this connection
    }
  }

  private synchronized Fault decide(String requestLine) {
    String[] parts = requestLine.split(" ");
    String key = parts[0] + " " + (parts.length > 1 ? parts[1] : "");
    int inARow = consecutive.getOrDefault(key, 0);
    if (!enabled || inARow >= maxConsecutive || random.nextDouble() >= probability) {
      consecutive.remove(key);
      return null;
    }
    consecutive.put(key, inARow + 1);
    Fault f = Fault.values()[random.nextInt(Fault.values().length)];
    faults.get(f).incrementAndGet();
    faultLog.add(key + " -> " + f);
    return f;
  }

  private static void inject(Socket client, Fault fault, String requestLine) throws IOException {
    if (fault == Fault.RESET) {
      client.setSoLinger(true, 0); // close with RST, not FIN
      return;
    }
    boolean slow = fault == Fault.SLOW_DOWN_503;
    String code = slow ? "SlowDown" : "InternalError";
    String message =
        slow
            ? "Please reduce your request rate."
            : "We encountered an internal error. Please try again.";
    byte[] body =
        ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>"
                + code
                + "</Code><Message>"
                + message
                + "</Message><RequestId>FAULTY0000000001</RequestId><HostId>faulty-proxy</HostId></Error>")
            .getBytes(StandardCharsets.UTF_8);
    boolean head = requestLine.startsWith("HEAD ");
    String response =
        "HTTP/1.1 "
            + (slow ? "503 Slow Down" : "500 Internal Server Error")
            + "\r\n"
            + "Content-Type: application/xml\r\n"
            + "Content-Length: "
            + (head ? 0 : body.length)
            + "\r\n"
            + "x-amz-request-id: FAULTY0000000001\r\n"
            + "Connection: close\r\n\r\n";
    OutputStream out = client.getOutputStream();
    out.write(response.getBytes(StandardCharsets.ISO_8859_1));
    if (!head) {
      out.write(body);
    }
    out.flush();
  }

  private void forward(Socket client, String head, byte[] rest) throws IOException {
    StringBuilder rewritten = new StringBuilder();
    String[] lines = head.split("\r\n");
    for (String line : lines) {
      if (!line.regionMatches(true, 0, "Connection:", 0, 11)
          && !line.regionMatches(true, 0, "Keep-Alive:", 0, 11)) {
        rewritten.append(line).append("\r\n");
      }
    }
    rewritten.append("Connection: close\r\n\r\n");
    try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort)) {
      OutputStream up = upstream.getOutputStream();
      up.write(rewritten.toString().getBytes(StandardCharsets.ISO_8859_1));
      up.write(rest);
      up.flush();
      pool.execute(
          () -> {
            try {
              client.getInputStream().transferTo(up); // the body, and anything after it
            } catch (IOException ignored) {
              // one side closed
            }
          });
      upstream.getInputStream().transferTo(client.getOutputStream());
      client.getOutputStream().flush();
    }
  }

  /**
   * Reads up to and including the blank line that ends the head; returns the bytes read past it.
   */
  private static byte[] readHead(InputStream in, ByteArrayOutputStream head) throws IOException {
    byte[] buf = new byte[8192];
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    while (true) {
      int n = in.read(buf);
      if (n < 0) {
        return null;
      }
      all.write(buf, 0, n);
      byte[] b = all.toByteArray();
      for (int i = 3; i < b.length; i++) {
        if (b[i - 3] == '\r' && b[i - 2] == '\n' && b[i - 1] == '\r' && b[i] == '\n') {
          head.write(b, 0, i - 1); // keep one CRLF after the last header line
          byte[] rest = new byte[b.length - i - 1];
          System.arraycopy(b, i + 1, rest, 0, rest.length);
          return rest;
        }
      }
      if (b.length > 1 << 20) {
        throw new IOException("request head over 1 MiB");
      }
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    pool.shutdownNow();
    try {
      pool.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

import java.io.*;
import java.net.*;
import java.util.*;
import java.util.concurrent.atomic.*;

/** A/B in one JVM: two pipe jars in two class loaders, a writer and a reader thread per pipe, alternating 1 s slices. */
public class PipeAB {
  static final class Flow {
    final AtomicLong read = new AtomicLong(); final AtomicLong reads = new AtomicLong();
    volatile boolean run = true;
    final Thread w, r;
    Flow(ClassLoader cl, int size, boolean virtual) throws Exception {
      Object pipe = cl.loadClass("dev.sluice.pipe.Pipe").getMethod("open").invoke(null);
      OutputStream out = (OutputStream) pipe.getClass().getMethod("writer").invoke(pipe);
      InputStream in = (InputStream) pipe.getClass().getMethod("reader").invoke(pipe);
      byte[] chunk = new byte[size];
      Runnable wr = () -> { try { while (run) out.write(chunk, 0, size); out.close(); } catch (IOException e) { } };
      Runnable rd = () -> { try { byte[] buf = new byte[32768]; int n; while ((n = in.read(buf, 0, buf.length)) != -1) { read.lazySet(read.get() + n); reads.lazySet(reads.get() + 1); } } catch (IOException e) { throw new UncheckedIOException(e); } };
      w = virtual ? Thread.ofVirtual().unstarted(wr) : Thread.ofPlatform().unstarted(wr);
      r = virtual ? Thread.ofVirtual().unstarted(rd) : Thread.ofPlatform().unstarted(rd);
      w.start(); r.start();
    }
    void stop() throws Exception { run = false; w.join(); r.join(); }
  }

  public static void main(String[] a) throws Exception {
    String[] jars = {a[0], a[1]};
    int size = Integer.parseInt(a[2]);
    boolean virtual = a[3].equals("virtual");
    int rounds = Integer.parseInt(a[4]);
    ClassLoader[] cls = new ClassLoader[2];
    for (int i = 0; i < 2; i++) cls[i] = new URLClassLoader(new URL[] {new File(jars[i]).toURI().toURL()}, null);
    List<List<Double>> mbs = List.of(new ArrayList<>(), new ArrayList<>()); List<List<Double>> per = List.of(new ArrayList<>(), new ArrayList<>());
    // warm-up: each 2 x 1 s
    for (int round = -2; round < rounds; round++) {
      for (int k = 0; k < 2; k++) {
        int i = (round & 1) == 0 ? k : 1 - k;
        Flow f = new Flow(cls[i], size, virtual);
        Thread.sleep(200);
        long b0 = f.read.get(), r0 = f.reads.get(), t0 = System.nanoTime();
        Thread.sleep(1000);
        long b1 = f.read.get(), r1 = f.reads.get(), t1 = System.nanoTime();
        f.stop();
        if (round >= 0) { mbs.get(i).add((b1 - b0) * 1e3 / (t1 - t0)); per.get(i).add((double) (b1 - b0) / Math.max(1, r1 - r0)); }
      }
    }
    StringBuilder sb = new StringBuilder();
    sb.append(size).append(' ').append(a[3]);
    List<Double> ratios = new ArrayList<>();
    for (int j = 0; j < rounds; j++) ratios.add(mbs.get(1).get(j) / mbs.get(0).get(j));
    for (var l : List.of(mbs.get(0), mbs.get(1), ratios)) {
      var s = new ArrayList<>(l); Collections.sort(s);
      sb.append(String.format(" | %.2f [%.2f..%.2f]", s.get(s.size() / 2), s.get(0), s.get(s.size() - 1)));
    }
    for (var l : per) { var s2 = new ArrayList<>(l); Collections.sort(s2); sb.append(String.format(" | bytes/read %.0f [%.0f..%.0f]", s2.get(s2.size()/2), s2.get(0), s2.get(s2.size()-1))); }
    System.out.println(sb + "   raw A=" + fmt(mbs.get(0)) + " B=" + fmt(mbs.get(1)));
  }
  static String fmt(List<Double> l) { StringBuilder b = new StringBuilder(); for (double d : l) b.append(String.format("%.0f,", d)); return b.toString(); }
}

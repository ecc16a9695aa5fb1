package dev.sluice.core.manifest;

import dev.sluice.core.compress.Compression;
import dev.sluice.core.format.Format;
import dev.sluice.core.sink.ContentType;
import dev.sluice.core.sink.Receipt;
import dev.sluice.core.sink.Sink;
import dev.sluice.core.source.Column;
import dev.sluice.core.text.Message;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A sink with a manifest: writes through the sink it wraps, hashing the bytes that sink reads, and
 * once that sink has committed, builds the {@link Manifest} and stores its JSON through another
 * sink, the store (by default the wrapped sink's {@linkplain Sink#sibling sibling} named with
 * {@link Manifest#SUFFIX}). The wrapped sink does not know it has a manifest; the store is any sink
 * that takes a small document whole.
 *
 * <p>The manifest is stored only after the data was committed, and never for a failed write: a
 * manifest beside data says the export that wrote it ran to the end. {@link #write} checks that the
 * wrapped sink read to the end of the stream before it builds the manifest, so that its hash covers
 * every byte.
 *
 * <p><b>On failure</b> of the wrapped sink the destination is left as that sink documents and no
 * manifest is stored. If the store fails after the commit, {@link #write} throws: the data is
 * complete but has no manifest (an earlier one, if any, is left as the store documents), and {@code
 * sluice verify} says so.
 */
final class Manifested implements Sink {
  private final Sink sink;
  private final Optional<Sink> store;
  private final Recorder recorder;
  private final LongSupplier rows;
  private final Supplier<List<Column>> columns;

  Manifested(
      Sink sink,
      Optional<Sink> store,
      Recorder recorder,
      LongSupplier rows,
      Supplier<List<Column>> columns) {
    this.sink = sink;
    this.store = store;
    this.recorder = recorder;
    this.rows = rows;
    this.columns = columns;
  }

  @Override
  public String destination() {
    return sink.destination();
  }

  /** Checks the wrapped sink, then the store, so that neither fails after the query ran. */
  @Override
  public void check() throws IOException {
    sink.check();
    if (store.isPresent()) {
      store.get().check();
    }
  }

  @Override
  public Optional<Sink> sibling(String suffix) {
    return sink.sibling(suffix);
  }

  @Override
  public Receipt write(InputStream data, ContentType contentType) throws IOException {
    var hashing = new HashingInput(data, recorder.storedDigest());
    var receipt = sink.write(hashing, contentType);
    // A sink that returned early left bytes unhashed: wait for the producer's next write or its
    // end, whichever comes, rather than record a manifest of part of the data.
    if (!hashing.ended() && hashing.read() != -1) {
      throw new IOException(sink.destination() + ": the sink returned before the end of the data");
    }
    var manifest = recorder.finish(rows.getAsLong(), hashing.count(), columns.get(), receipt);
    if (store.isPresent()) {
      store(store.get(), ManifestJson.write(manifest));
    }
    return receipt;
  }

  private void store(Sink to, byte[] document) throws IOException {
    try {
      to.write(new ByteArrayInputStream(document), new ContentType(Format.JSON, Compression.NONE));
    } catch (IOException | RuntimeException e) {
      // Named after the data, like every failure of this sink; the store comes second.
      throw new IOException(
          sink.destination()
              + ": the data is complete, but its manifest could"
              + " not be stored at "
              + to.destination()
              + " (unverifiable without it): "
              + Message.firstLine(e),
          e);
    }
  }

  @Override
  public String toString() {
    return "Manifested[" + sink + (store.isPresent() ? " -> " + store.get() : "") + "]";
  }
}

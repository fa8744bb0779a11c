package io.signpost.testing;

import io.signpost.spi.AddressLookup;
import io.signpost.spi.EnumeratedFramework;
import io.signpost.spi.EnumerationVisitor;
import io.signpost.spi.RecordSet;
import io.signpost.spi.RecordSnapshot;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * A snapshot that passes every call to another: tests extend it to count or hold up the calls
 * they are about. Methods with a default ({@code addresses}, {@code enumerate}) are passed on
 * too, so the wrapped snapshot's own implementations are the ones that run.
 */
public abstract class ForwardingSnapshot implements RecordSnapshot {

  protected final RecordSnapshot inner;

  protected ForwardingSnapshot(RecordSnapshot inner) {
    this.inner = inner;
  }

  @Override
  public long serial() {
    return inner.serial();
  }

  @Override
  public Instant builtAt() {
    return inner.builtAt();
  }

  @Override
  public RecordSet lookup(String name) {
    return inner.lookup(name);
  }

  @Override
  public boolean isEmptyNonTerminal(String name) {
    return inner.isEmptyNonTerminal(name);
  }

  @Override
  public Set<String> names() {
    return inner.names();
  }

  @Override
  public void forEach(BiConsumer<String, RecordSet> action) {
    inner.forEach(action);
  }

  @Override
  public AddressLookup addresses() {
    return inner.addresses();
  }

  @Override
  public int recordCount() {
    return inner.recordCount();
  }

  @Override
  public List<EnumeratedFramework> enumeration() {
    return inner.enumeration();
  }

  @Override
  public void enumerate(EnumerationVisitor visitor) {
    inner.enumerate(visitor);
  }
}

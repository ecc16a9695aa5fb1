package dev.sluice.core.format.parquet;

import dev.sluice.core.source.Elements;
import dev.sluice.core.source.Value;

/**
 * An array column as Parquet's three-level LIST ({@code optional group (LIST) { repeated group list
 * { optional element } }}): the element leaf gets repetition level 0 for a row's first element and
 * 1 for the others, and definition level 0 for a NULL array, 1 for an empty one, 2 for a NULL
 * element and 3 for a value. Elements come as the tokens of {@link Elements} (PostgreSQL's array
 * text) or as a Java array. A column's type names one element type, so a multi-dimensional value
 * has no place in it and fails the export.
 */
final class ListSlot {
  private final Leaf element;

  ListSlot(Leaf element) {
    this.element = element;
  }

  Leaf leaf() {
    return element;
  }

  void write(Value v) {
    if (v.isNull()) {
      element.w.writeNull(0, 0);
      return;
    }
    switch (v.form()) {
      case ELEMENTS -> tokens(v.elements());
      case OBJECT -> objects(v.object());
      default -> throw element.unfit("a value that is not an array");
    }
  }

  private void tokens(Elements e) {
    if (e.next() != Elements.START) {
      throw element.unfit("an array that does not start with a list");
    }
    int r = 0;
    for (int t = e.next(); t != Elements.END; t = e.next()) {
      switch (t) {
        case Elements.NULL -> element.w.writeNull(r, 2);
        case Elements.VALUE -> element.ofText(e.bytes(), e.offset(), e.length(), r, 3);
        default -> throw nested();
      }
      r = 1;
    }
    if (r == 0) {
      element.w.writeNull(0, 1);
    }
    while (e.next() != Elements.DONE) {
      // Nothing follows the outermost END in a well-formed list; drain it all the same.
    }
  }

  private void objects(Object array) {
    if (!array.getClass().isArray()) {
      throw element.unfit("a value that is not an array");
    }
    int n = java.lang.reflect.Array.getLength(array);
    if (n == 0) {
      element.w.writeNull(0, 1);
      return;
    }
    for (int i = 0; i < n; i++) {
      Object o = java.lang.reflect.Array.get(array, i);
      int r = i == 0 ? 0 : 1;
      if (o == null) {
        element.w.writeNull(r, 2);
      } else if (o.getClass().isArray() && !(o instanceof byte[])) {
        throw nested();
      } else {
        element.ofObject(o, r, 3);
      }
    }
  }

  private IllegalArgumentException nested() {
    return element.unfit("a multi-dimensional array");
  }
}

/** Yields each value with whether it is the last one, looking one ahead (streams stay lazy). */
export function* withLast<T>(values: Iterable<T>): Generator<[T, boolean]> {
  const it = values[Symbol.iterator]();
  let cur = it.next();
  while (!cur.done) {
    const next = it.next();
    yield [cur.value, next.done === true];
    cur = next;
  }
}

/** Joins every `n` pieces into one. */
export function* group(pieces: Iterable<string>, n: number): Generator<string> {
  let s = '';
  let k = 0;
  for (const p of pieces) {
    s += p;
    if (++k === n) {
      yield s;
      s = '';
      k = 0;
    }
  }
  if (k > 0) yield s;
}

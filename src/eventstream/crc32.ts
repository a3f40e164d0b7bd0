// CRC-32 (IEEE 802.3, the zlib polynomial), as the event-stream format uses.
// Node's native zlib.crc32 (>= 20.15) is several times faster than any JS table; it is reached
// through process.getBuiltinModule so that this file has no `node:` import and bundles for
// browsers and edge runtimes, where the table fallback runs instead.

type Crc32 = (data: Uint8Array, value?: number) => number;

let table: Int32Array | undefined;

function makeTable(): Int32Array {
  // Slicing-by-4: four 256-entry tables in one array.
  const t = new Int32Array(1024);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  for (let n = 0; n < 256; n++) {
    let c = t[n];
    for (let k = 1; k < 4; k++) {
      c = t[c & 0xff] ^ (c >>> 8);
      t[k * 256 + n] = c;
    }
  }
  return t;
}

/** The portable CRC-32, exported so tests can check it against the native one. */
export function crc32Js(data: Uint8Array, value = 0): number {
  return crc32Range(data, 0, data.length, value);
}

/**
 * CRC-32 of `data[start, end)` in JS, without making a view. For short ranges (a 12-byte prelude,
 * a small message) this beats the native call, whose fixed cost plus the `subarray` it needs is
 * worth about 100 bytes of table lookups.
 */
export function crc32Range(data: Uint8Array, start: number, end: number, value = 0): number {
  const t = (table ??= makeTable());
  let c = ~value;
  let i = start;
  const end4 = end - ((end - start) & 3);
  for (; i < end4; i += 4) {
    c ^= data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24);
    c = t[768 + (c & 0xff)] ^ t[512 + ((c >>> 8) & 0xff)] ^ t[256 + ((c >>> 16) & 0xff)] ^ t[c >>> 24];
  }
  for (; i < end; i++) c = t[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

function nativeCrc32(): Crc32 | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const zlib = proc?.getBuiltinModule?.('zlib') as { crc32?: Crc32 } | undefined;
  return typeof zlib?.crc32 === 'function' ? zlib.crc32 : undefined;
}

/** CRC-32 of `data`, continuing from `value` (the CRC of the bytes before it). */
export const crc32: Crc32 = nativeCrc32() ?? crc32Js;

/** Which implementation `crc32` is: for benchmarks and diagnostics. */
export const crc32Impl: 'native' | 'js' = crc32 === crc32Js ? 'js' : 'native';

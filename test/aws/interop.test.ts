import { describe, expect, it } from 'vitest';
import { interop } from '../../src/aws/lazy.js';

describe('interop (a dynamic import of a CommonJS package through a bundler)', () => {
  it('takes the exports from `default` when that is all the namespace has', () => {
    class SignatureV4 {}
    expect((interop({ default: { SignatureV4 } }) as { SignatureV4?: unknown }).SignatureV4).toBe(SignatureV4);
  });
  it('leaves a real ES namespace alone', () => {
    const ns = { default: { other: 1 }, SignatureV4: class {} };
    expect(interop(ns)).toBe(ns);
    const fn = { default: () => 1 };
    expect(interop(fn)).toBe(fn);
  });
});

// Secrets masked by VALUE. A bottom layer (like errors.ts): imports nothing.
//
// A client knows every secret it holds (secret access key, session token, API key) and every
// signature it computed; wherever one of them appears in an error message, a cause, a log line or
// CLI output it is replaced by `***`. Patterns around header names miss what a proxy echoes in
// its own words (`x-amz-security-token <value>` after tags are stripped, a token cut by a length
// limit); values do not.

/** What a masked value reads as. */
export const REDACTED = '***';
/** Shorter values are not masked: a 3-character "secret" would shred every message. Real ones are 40+. */
const MIN_SECRET = 8;
/** Signatures kept for masking (the newest; older ones fall off first). */
const MAX_SIGNATURES = 4096;
/** SigV4 signatures are 64 lower-case hex digits. */
const HEX64 = /[0-9a-f]{64}/g;
/** A signature cut short at the very end of a text (a length limit): `[0-9a-f]{16,63}` then the end. */
const HEX_TAIL = /[0-9a-f]{16,63}$/;
/** How deep `scrub` follows `cause` chains (an error can be its own cause). */
const MAX_CAUSES = 8;

export class Secrets {
  readonly #values = new Set<string>();
  #sorted: string[] | undefined = [];
  /**
   * The newest signatures, a ring written once per request (an array store: no regex, no hashing
   * on the request path); the set `#mask` looks them up in is built from it when a text is masked
   * after a new signature came.
   */
  readonly #ring: string[] = [];
  #next = 0;
  #set: Set<string> | undefined = new Set();

  /** Remembers secret values (non-strings and values shorter than 8 characters are ignored). */
  add(...values: unknown[]): this {
    for (const v of values) {
      if (typeof v !== 'string' || v.length < MIN_SECRET || this.#values.has(v)) continue;
      this.#values.add(v);
      // Also as a proxy may echo it in a URL or a form (a lone surrogate has no encoded form).
      try {
        this.#values.add(encodeURIComponent(v));
      } catch {}
      this.#sorted = undefined;
    }
    return this;
  }

  /** Remembers a signature this client computed (64 hex digits); only the newest 4,096 are kept. */
  addSignature(signature: string): void {
    if (/^[0-9a-f]{64}$/.test(signature)) this.#remember(signature);
  }

  /** The `Signature=` of a SigV4 `Authorization` header, remembered. */
  addAuthorization(authorization: string | undefined): void {
    if (!authorization) return;
    // Ours ends with `Signature=<64 hex digits>`: taken from the end, no search.
    const n = authorization.length;
    if (n > 74 && authorization.startsWith('Signature=', n - 74)) return this.#remember(authorization.slice(n - 64));
    const m = /Signature=([0-9a-f]{64})/.exec(authorization);
    if (m) this.#remember(m[1]!);
  }

  #remember(signature: string): void {
    this.#ring[this.#next] = signature;
    this.#next = (this.#next + 1) % MAX_SIGNATURES;
    this.#set = undefined;
  }

  #signatures(): Set<string> {
    return (this.#set ??= new Set(this.#ring));
  }

  /** `text` with every known secret replaced by `***`, also a secret cut short at its end. */
  redact(text: string): string {
    if (typeof text !== 'string' || text === '') return text;
    return this.#redactTail(this.#mask(text), this.#list());
  }

  /**
   * A masker for text written in pieces (a streamed reply): a secret split across pieces is still
   * masked. `push` returns what is safe to print now and holds back an end that could start a
   * secret; `end` returns the rest.
   */
  stream(): { push(text: string): string; end(): string } {
    let held = '';
    return {
      push: (text) => {
        const all = this.#mask(held + text);
        let n = Math.min(all.length, this.#list()[0]?.length ?? 0);
        while (n > 0 && !this.#list().some((v) => v.length > n && v.startsWith(all.slice(all.length - n)))) n--;
        held = all.slice(all.length - n);
        return all.slice(0, all.length - n);
      },
      end: () => {
        const rest = this.redact(held);
        held = '';
        return rest;
      },
    };
  }

  /** Longest first: a value containing another is masked whole. */
  #list(): string[] {
    return (this.#sorted ??= [...this.#values].sort((a, b) => b.length - a.length));
  }

  #mask(text: string): string {
    let out = text;
    for (const v of this.#list()) if (out.includes(v)) out = out.split(v).join(REDACTED);
    const signatures = this.#signatures();
    if (signatures.size > 0) out = out.replace(HEX64, (m) => (signatures.has(m) ? REDACTED : m));
    return out;
  }

  /**
   * Masks `err`'s message, stack, `serviceMessage` and its `cause` chain in place (errors are
   * created by us or by the transport, so they are ours to change) and returns it.
   */
  scrub<T>(err: T): T {
    let e: unknown = err;
    for (let depth = 0; depth < MAX_CAUSES && typeof e === 'object' && e !== null; depth++) {
      const o = e as Record<string, unknown>;
      for (const key of ['message', 'stack', 'serviceMessage']) {
        if (typeof o[key] === 'string') {
          try {
            o[key] = this.redact(o[key] as string);
          } catch {
            // a frozen foreign object: nothing more can be done here
          }
        }
      }
      e = o.cause;
      if (e === err) break;
    }
    return err;
  }

  /** A text cut by a length limit may end with the first part of a secret. */
  #redactTail(text: string, sorted: string[]): string {
    if (text.length >= MIN_SECRET) {
      const last = text.slice(-MIN_SECRET);
      for (const v of sorted) {
        // Every place the text's last 8 characters occur in the secret is a candidate cut.
        for (let i = v.indexOf(last); i >= 0; i = v.indexOf(last, i + 1)) {
          const n = i + MIN_SECRET;
          if (n < v.length && text.endsWith(v.slice(0, n))) return text.slice(0, text.length - n) + REDACTED;
        }
      }
    }
    const signatures = this.#signatures();
    const tail = signatures.size > 0 ? HEX_TAIL.exec(text) : null;
    if (tail) {
      for (const s of signatures) if (s.startsWith(tail[0])) return text.slice(0, tail.index) + REDACTED;
    }
    return text;
  }
}

/** A `Secrets` holding `values` (convenience for one-off masking, e.g. in the CLI). */
export function secretsOf(...values: unknown[]): Secrets {
  return new Secrets().add(...values);
}

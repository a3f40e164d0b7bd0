// The per-event signature chain of an event-stream request body (InvokeModelWithBidirectionalStream):
// every message the client sends carries `:date` and `:chunk-signature`, where
//   signature = HMAC-SHA256(signing key, "AWS4-HMAC-SHA256-PAYLOAD\n<amz date>\n<scope>\n<previous
//               signature hex>\n<hex sha256 of the encoded :date header>\n<hex sha256 of the payload>")
// and the chain starts from the request's own SigV4 signature. The same arithmetic as
// `@smithy/signature-v4`'s `signMessage` (the official client's), without its per-event credential
// lookup and header re-encoding: the caller hands over the already encoded `:date` header.
import { nodeCrypto, type ChecksumConstructor } from './sha256.js';

/** Chained signer of one stream's events. Not reentrant: sign one event at a time, in send order. */
export interface EventSigner {
  /**
   * The 32-byte `:chunk-signature` of the next event. `dateHeader` is the encoded `:date` header
   * (name, type 8, int64 ms) exactly as sent; `payload` the outer message's payload (the encoded
   * inner message; empty for the closing frame); `date` the same instant as the header.
   */
  sign(dateHeader: Uint8Array, payload: Uint8Array, date: Date): Promise<Uint8Array>;
}

const utf8 = new TextEncoder();

/** Starts a chain at `seed` (the request signature, hex) for credentials with `secret`. */
export function eventSigner(sha256: ChecksumConstructor, secret: string, region: string, service: string, seed: string): EventSigner {
  let prior = seed;
  // Node's crypto, synchronously: three hashes and an HMAC per event, no promise each.
  const node = nodeCrypto();
  if (node) {
    let day = '';
    let signingKey: Uint8Array = new Uint8Array(0);
    const mac = (k: Uint8Array | string, data: string): Uint8Array => {
      const h = node.createHmac('sha256', typeof k === 'string' ? utf8.encode(k) : k);
      h.update(utf8.encode(data));
      return h.digest();
    };
    const sum = (data: Uint8Array): string => {
      const h = node.createHash('sha256');
      h.update(data);
      return hex(h.digest());
    };
    return {
      sign(dateHeader, payload, date) {
        const long = amzDate(date);
        if (long.slice(0, 8) !== day) {
          day = long.slice(0, 8);
          signingKey = mac(mac(mac(mac('AWS4' + secret, day), region), service), 'aws4_request');
        }
        const text = `AWS4-HMAC-SHA256-PAYLOAD\n${long}\n${day}/${region}/${service}/aws4_request\n${prior}\n${sum(dateHeader)}\n${sum(payload)}`;
        const signature = mac(signingKey, text);
        prior = hex(signature);
        return Promise.resolve(signature);
      },
    };
  }

  return eventSignerWith(sha256, secret, region, service, seed);
}

/** The same chain over any smithy `Checksum` (Web Crypto, sha256-js): where Node's crypto is missing. */
export function eventSignerWith(sha256: ChecksumConstructor, secret: string, region: string, service: string, seed: string): EventSigner {
  let prior = seed;
  let keyDay = '';
  let key: Promise<Uint8Array> | undefined;
  const hmac = (k: Uint8Array | string, data: string): Promise<Uint8Array> => {
    const h = new sha256(k);
    h.update(utf8.encode(data));
    return h.digest();
  };
  const digestHex = async (data: Uint8Array): Promise<string> => {
    const h = new sha256();
    h.update(data);
    return hex(await h.digest());
  };
  return {
    async sign(dateHeader, payload, date) {
      const long = amzDate(date);
      const day = long.slice(0, 8);
      // The signing key changes at midnight UTC; a session may cross it.
      if (day !== keyDay) {
        keyDay = day;
        key = hmac('AWS4' + secret, day)
          .then((k) => hmac(k, region))
          .then((k) => hmac(k, service))
          .then((k) => hmac(k, 'aws4_request'));
      }
      const [headerHash, payloadHash, signingKey] = await Promise.all([digestHex(dateHeader), digestHex(payload), key!]);
      const text = `AWS4-HMAC-SHA256-PAYLOAD\n${long}\n${day}/${region}/${service}/aws4_request\n${prior}\n${headerHash}\n${payloadHash}`;
      const signature = await hmac(signingKey, text);
      prior = hex(signature);
      return signature;
    },
  };
}

/** `YYYYMMDDTHHMMSSZ` (seconds, UTC), as SigV4 writes dates. */
export function amzDate(d: Date): string {
  return d.toISOString().replace(/\.\d{3}/, '').replace(/[-:]/g, '');
}

function hex(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += (b[i] | 256).toString(16).slice(1);
  return s;
}

// `@smithy/signature-v4`, the one signer both the client (src/aws/signer.ts) and the emulator use.
// Reached through `#vendor/signature-v4`: from source (tsc, tsx, vitest) this file; in the package a copy of
// smithy's ES module build with what it does not use shaken out (scripts/vendor.ts, run by
// `npm run build`): one small file instead of smithy's CommonJS graph, which costs a cold process
// ~40-65 ms on its first signature and carries all of `@smithy/core/serde` into node bundles.
export { SignatureV4 } from '@smithy/signature-v4';

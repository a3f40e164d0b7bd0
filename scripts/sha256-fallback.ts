// Size-check entry: what the signer's lazy `import('@aws-crypto/sha256-js')` adds where it runs.
export { Sha256 } from '@aws-crypto/sha256-js';

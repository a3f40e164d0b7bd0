// undici's Agent and its connector, the only parts of undici the transport (undici.ts) loads.
// Reached through `#vendor/undici-agent`: from source (tsc, tsx, vitest) this file; in the package
// one file bundled from the exact pinned undici (scripts/vendor.ts, run by `npm run build`), which a
// cold process loads in about half the time of undici's ~60 CommonJS modules.
export { default as Agent } from 'undici/lib/dispatcher/agent.js';
export { default as buildConnector } from 'undici/lib/core/connect.js';
/** This is undici itself (see src/runtime/node-undici-agent.ts for the condition that says otherwise). */
export const nodeOwn: boolean = false;

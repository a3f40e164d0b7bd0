// `#vendor/undici-agent` under the package's `bedrock-wire-node-undici` export condition (package.json
// `imports`): a build or a process that sets it (`esbuild --conditions=bedrock-wire-node-undici`,
// `node --conditions=bedrock-wire-node-undici`) carries no undici of the package's own, and the
// transport runs on Node's own undici (src/runtime/undici.ts `nodeUndici`): a node bundle ~53 KB
// gzip smaller, for a slower first request in a process that has not used `fetch` yet (Node loads
// its undici then; bench/e2e.bench.ts `ours-nodeundici` measures it). Same names as the vendored file.
export const Agent = undefined;
export const buildConnector = undefined;
export const nodeOwn: boolean = true;

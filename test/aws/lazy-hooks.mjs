// Module-loader hooks for lazy-probe.mjs: posts the URL of every module Node's ES loader loads to
// the port the probe registered them with, so the probe can see which of OUR modules (plain ESM
// under tsx, which the CommonJS cache never shows) have been loaded.
let port;
export function initialize(data) {
  port = data.port;
}
export async function load(url, context, nextLoad) {
  port.postMessage(url);
  return nextLoad(url, context);
}

// Child-process probe for lazy.test.ts (plain JS so that only the module under test goes through tsx).
// Two witnesses of what was loaded: the third-party packages are CommonJS (their `main`), so when
// loaded — by `import()` or `require` — their files land in the CommonJS cache; our default chain
// (src/aws/node-chain.ts) is an ES module, seen through a loader hook (lazy-hooks.mjs) that reports
// every URL the ES loader loads, drained synchronously before each snapshot.
import { createRequire, register } from 'node:module';
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';

const require = createRequire(import.meta.url);
const { port1, port2 } = new MessageChannel();
port1.unref();
register('./lazy-hooks.mjs', import.meta.url, { data: { port: port2 }, transferList: [port2] });
const urls = new Set();
const esm = (pattern) => {
  for (let m; (m = receiveMessageOnPort(port1)); ) urls.add(m.message);
  return [...urls].some((u) => pattern.test(u));
};
const loaded = (name) => Object.keys(require.cache).some((file) => file.includes(`/node_modules/${name}/`));
const snap = () => ({
  chain: esm(/\/src\/aws\/node-chain\.ts$/),
  signatureV4: loaded('@smithy/signature-v4'),
  sha256js: loaded('@aws-crypto/sha256-js'),
});

// Simulates a runtime without Node's crypto (edge, browser): the signer must use Web Crypto, and
// without Web Crypto too (an insecure browser context) fall back to sha256-js.
if (process.env.PROBE_NO_BUILTIN === '1') delete process.getBuiltinModule;
if (process.env.PROBE_NO_WEBCRYPTO === '1') Object.defineProperty(globalThis, 'crypto', { value: undefined, configurable: true });

const aws = await import(process.env.PROBE_MODULE);
const report = { atImport: snap() };
const auth = aws.resolveAuth({ env: {} });
report.source = auth.source;
report.afterResolve = snap();
const signer = aws.createSigner(
  { type: 'sigv4', credentials: async () => ({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', sessionToken: 't' }), source: 'explicit' },
  { region: 'us-east-1' },
);
const signed = await signer.sign(
  { method: 'POST', url: new URL('https://bedrock-runtime.us-east-1.amazonaws.com/model/a%3A0/invoke'), headers: { 'content-type': 'application/json' }, body: '{"x":1}' },
  { signingDate: new Date('2025-01-01T00:00:00Z') },
);
report.authorization = signed.authorization;
report.afterSign = snap();
if (process.env.PROBE_CHAIN === '1') {
  try {
    await auth.credentials();
    report.chainResult = 'credentials';
  } catch (error) {
    report.chainResult = { name: error.name, message: error.message };
  }
  report.afterChain = snap();
  // The hook sees what it claims to see: the module under test itself, and never the SDK's chain.
  report.sawModuleUnderTest = esm(/\/src\/aws\/index\.ts$/);
  report.sdkChain = loaded('@aws-sdk/credential-providers') || esm(/@aws-sdk\/credential-provider/);
}
console.log(JSON.stringify(report));

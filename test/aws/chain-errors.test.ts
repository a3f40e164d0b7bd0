// How our default chain fails: one ConfigurationError, naming the source and the profile, never
// a secret. Every setup plants secrets (keys, session tokens, web identity and SSO tokens, the
// OIDC client secret and refresh token, the container token, a process's stdout) and the fakes
// echo what they were sent in their error replies, as a hostile proxy might; every error's
// message, stack and causes are scanned for each of them and for SigV4 signatures. Where the SDK
// (fromNodeProviderChain) fails on the same setup too, that is checked as well: we are not
// stricter than the SDK where it succeeds. Instance metadata is disabled in the setups unless the
// case is about it: a profile that is configured but fails (a cycle, a failing process) is an
// error at once for us, where the SDK goes on down the chain and, on EC2, would silently use the
// instance role instead (checked below).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ConfigurationError } from '../../src/errors.js';
import { resolveAuth } from '../../src/aws/index.js';
import { timing } from '../../src/aws/node-chain.js';
import { Fakes, cleanUp, restoreEnv, runCase, setUpCase, type ChainCase } from './chain-fakes.js';

const SECRETS = [
  'baseSecretKey0000001xxxxxxxxxxxxxxx',
  'baseSessionToken0001',
  'envSecretKey00000001xxxxxxxxxxxxxxx',
  'eyJwebIdentityTokenLeak0001',
  'ssoAccessTokenLeak0001',
  'oidcRefreshTokenLeak01',
  'oidcClientSecretLeak01',
  'container-token-leak-0001',
  'processSecretLeak0001xxxxxxxxxxxxx',
  'AKIDPROCESSLEAK1',
];
const base = `[base]\naws_access_key_id = AKIDBASE0000001\naws_secret_access_key = ${SECRETS[0]}\naws_session_token = ${SECRETS[1]}\n`;
const ROLE = 'arn:aws:iam::123456789012:role/bedrock-caller';
const inMinutes = (m: number) => new Date(Date.now() + m * 60_000).toISOString();
const ssoProfile = (name: string, session: string) =>
  `[profile ${name}]\nsso_session = ${session}\nsso_account_id = 111122223333\nsso_role_name = BedrockUser\n[sso-session ${session}]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-west-1\n`;
const processPrinting = (stdout: string, exit = 0) => ({
  config: '[default]\ncredential_process = "{node}" "{dir}/p.mjs"\n',
  files: { 'p.mjs': `process.stdout.write(${JSON.stringify(stdout)}); process.exitCode = ${exit};\n` },
});
const leakJson = JSON.stringify({ Version: 1, AccessKeyId: SECRETS[9], SecretAccessKey: SECRETS[8] });

interface ErrorCase extends Omit<ChainCase, 'requests'> {
  expected: RegExp[];
  /** The SDK fails on this setup too. */
  oracleFails?: boolean;
}

const CASES: ErrorCase[] = [
  {
    name: 'a named profile that does not exist, nothing else: every source tried and why it was skipped',
    env: { AWS_PROFILE: 'nope', AWS_EC2_METADATA_DISABLED: 'true' },
    expected: [
      /^No AWS credentials found by the default chain \(profile "nope"\)\. Tried: /,
      /environment keys: skipped, a profile is named/,
      /profile "nope": not found in \S+config or \S+credentials/,
      /web identity: AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN not both set/,
      /container credentials: AWS_CONTAINER_CREDENTIALS_RELATIVE_URI \/ _FULL_URI not set/,
      /EC2 instance metadata: disabled by AWS_EC2_METADATA_DISABLED/,
      /To fix: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY .*AWS_PROFILE/,
    ],
    oracleFails: true,
  },
  {
    name: 'nothing at all, instance metadata answering 404',
    config: '[default]\nregion = eu-west-1\n',
    behaviour: { imds: 'none' },
    expected: [/^No AWS credentials found by the default chain\. Tried: /, /environment keys: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY not set/, /profile "default": no credentials in it/, /EC2 instance metadata: 127\.0\.0\.1:\d+ answered HTTP 404/],
    oracleFails: true,
  },
  {
    name: 'IMDSv1 fallback blocked by AWS_EC2_METADATA_V1_DISABLED',
    behaviour: { imds: 'v1' },
    env: { AWS_EC2_METADATA_V1_DISABLED: 'true' },
    expected: [/EC2 instance metadata: .*IMDSv1 fallback is blocked/],
    oracleFails: true,
  },
  {
    name: 'instance metadata that never answers: the 1 s deadline (100 ms here) ends each request',
    behaviour: { imds: 'hang' },
    expected: [/EC2 instance metadata: 127\.0\.0\.1:\d+: no answer within 100 ms/],
  },
  {
    name: 'AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE=IPv6 asks [fd00:ec2::254]',
    behaviour: { imds: 'v2' },
    env: { AWS_EC2_METADATA_SERVICE_ENDPOINT: null, AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE: 'IPv6' },
    expected: [/EC2 instance metadata: \[fd00:ec2::254\]: /],
  },
  {
    name: 'an unsupported AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE',
    behaviour: { imds: 'v2' },
    env: { AWS_EC2_METADATA_SERVICE_ENDPOINT: null, AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE: 'IPv5' },
    expected: [/^EC2 instance metadata: unsupported endpoint mode "IPv5" \(IPv4 or IPv6\)$/],
    oracleFails: true,
  },
  {
    name: 'a source_profile cycle',
    config: `[profile a]\nrole_arn = ${ROLE}\nsource_profile = b\n[profile b]\nrole_arn = ${ROLE}\nsource_profile = a\n`,
    env: { AWS_PROFILE: 'a' },
    expected: [/^profile "a" \(source_profile "a"\): source_profile cycle "a" -> "b" -> "a" -> "b"$/],
    oracleFails: true,
  },
  {
    name: 'a source_profile that does not exist',
    config: `[profile r]\nrole_arn = ${ROLE}\nsource_profile = ghost\n`,
    env: { AWS_PROFILE: 'r' },
    expected: [/^profile "r" \(source_profile "ghost"\): not found in /],
    oracleFails: true,
  },
  {
    name: 'role_arn with neither source_profile nor credential_source',
    config: `[profile r]\nrole_arn = ${ROLE}\n`,
    env: { AWS_PROFILE: 'r', AWS_EC2_METADATA_DISABLED: 'true' },
    expected: [/^profile "r": role_arn needs exactly one of source_profile or credential_source$/],
    oracleFails: true,
  },
  {
    name: 'an unsupported credential_source',
    config: `[profile r]\nrole_arn = ${ROLE}\ncredential_source = Magic\n`,
    env: { AWS_PROFILE: 'r' },
    expected: [/^profile "r": unsupported credential_source "Magic"/],
    oracleFails: true,
  },
  {
    name: 'credential_source Environment without env keys',
    config: `[profile r]\nrole_arn = ${ROLE}\ncredential_source = Environment\n`,
    env: { AWS_PROFILE: 'r' },
    expected: [/^profile "r": credential_source Environment, but AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set$/],
    oracleFails: true,
  },
  {
    name: 'mfa_serial: refused, no STS call',
    config: `[profile r]\nrole_arn = ${ROLE}\nsource_profile = base\nmfa_serial = arn:aws:iam::123456789012:mfa/me\n`,
    credentials: base,
    env: { AWS_PROFILE: 'r' },
    expected: [/^profile "r": mfa_serial is set, and an MFA token code cannot be asked for non-interactively/],
    oracleFails: true,
  },
  {
    name: 'login_session (aws login): refused with what to do instead',
    config: '[profile web]\nlogin_session = arn:aws:iam::123456789012:user/me\nregion = us-east-1\n',
    env: { AWS_PROFILE: 'web' },
    expected: [/^profile "web" uses login_session/, /aws configure sso/, /credential_process = aws configure export-credentials --profile web --format process/],
    oracleFails: true,
  },
  {
    name: 'STS refuses AssumeRole (403, echoing the request): code and message, masked',
    config: `[profile r]\nrole_arn = ${ROLE}\nsource_profile = base\nregion = eu-west-1\n`,
    credentials: base,
    env: { AWS_PROFILE: 'r' },
    behaviour: { stsStatus: 403 },
    expected: [/^profile "r": AssumeRole of arn:aws:iam::123456789012:role\/bedrock-caller failed: AccessDenied: User is not authorized to perform sts:AssumeRole/],
    oracleFails: true,
  },
  {
    name: 'STS refuses AssumeRoleWithWebIdentity (echoing the token)',
    files: { tok: SECRETS[3] },
    env: { AWS_WEB_IDENTITY_TOKEN_FILE: '{dir}/tok', AWS_ROLE_ARN: ROLE, AWS_REGION: 'eu-west-1' },
    behaviour: { stsStatus: 400 },
    expected: [/^AWS_WEB_IDENTITY_TOKEN_FILE: AssumeRoleWithWebIdentity of .* failed: AccessDenied/],
    oracleFails: true,
  },
  {
    name: 'a web identity token file that cannot be read',
    env: { AWS_WEB_IDENTITY_TOKEN_FILE: '{dir}/missing', AWS_ROLE_ARN: ROLE },
    expected: [/^AWS_WEB_IDENTITY_TOKEN_FILE: cannot read the web identity token file \S+missing \(ENOENT\)$/],
    oracleFails: true,
  },
  {
    name: 'credential_process printing no JSON (its stdout never quoted)',
    ...processPrinting(`not json: ${SECRETS[8]} ${SECRETS[9]}`),
    expected: [/^profile "default": credential_process did not print a JSON object$/],
    oracleFails: true,
  },
  {
    name: 'credential_process exiting 1 after printing credentials',
    ...processPrinting(leakJson, 1),
    expected: [/^profile "default": credential_process exited with code 1$/],
    oracleFails: true,
  },
  {
    name: 'credential_process returning Version 2',
    ...processPrinting(leakJson.replace('"Version":1', '"Version":2')),
    expected: [/^profile "default": credential_process did not return Version 1$/],
    oracleFails: true,
  },
  {
    name: 'credential_process returning expired credentials',
    ...processPrinting(JSON.stringify({ Version: 1, AccessKeyId: SECRETS[9], SecretAccessKey: SECRETS[8], Expiration: '2020-01-01T00:00:00Z' })),
    expected: [/^profile "default": credential_process returned expired credentials$/],
    oracleFails: true,
  },
  {
    name: 'an expired SSO token without a refresh token: run aws sso login',
    config: ssoProfile('sx', 'corp-expired'),
    sso: { 'corp-expired': { startUrl: 'https://corp.awsapps.com/start', region: 'eu-west-1', accessToken: SECRETS[4], expiresAt: inMinutes(-10) } },
    env: { AWS_PROFILE: 'sx' },
    expected: [/^profile "sx": the SSO session has expired: run `aws sso login --profile sx`$/],
    oracleFails: true,
  },
  {
    name: 'an expired SSO token whose refresh fails (OIDC 400, echoing the refresh token)',
    config: ssoProfile('sr', 'corp-refresh-fails'),
    sso: {
      'corp-refresh-fails': { startUrl: 'https://corp.awsapps.com/start', region: 'eu-west-1', accessToken: SECRETS[4], expiresAt: inMinutes(-1), clientId: 'cid', clientSecret: SECRETS[6], refreshToken: SECRETS[5] },
    },
    env: { AWS_PROFILE: 'sr' },
    behaviour: { oidcStatus: 400 },
    expected: [/^profile "sr": the SSO session has expired: run `aws sso login --profile sr`$/],
    oracleFails: true,
  },
  {
    name: 'no SSO token cached',
    config: ssoProfile('sn', 'corp-none'),
    env: { AWS_PROFILE: 'sn' },
    expected: [/^profile "sn": no valid SSO token in \S+\.json: run `aws sso login --profile sn`$/],
    oracleFails: true,
  },
  {
    name: 'the SSO portal refuses the token (401, echoing it)',
    config: ssoProfile('sp', 'corp-portal'),
    sso: { 'corp-portal': { startUrl: 'https://corp.awsapps.com/start', region: 'eu-west-1', accessToken: SECRETS[4], expiresAt: inMinutes(60) } },
    env: { AWS_PROFILE: 'sp' },
    behaviour: { ssoStatus: 401 },
    expected: [/^profile "sp": SSO GetRoleCredentials failed: Session token not found or invalid: \*\*\* \(run `aws sso login --profile sp`\)$/],
    oracleFails: true,
  },
  {
    name: 'an sso_session whose section is missing',
    config: '[profile sm]\nsso_session = nowhere\nsso_account_id = 1\nsso_role_name = R\n',
    env: { AWS_PROFILE: 'sm' },
    expected: [/^profile "sm": sso-session "nowhere" not found in /],
    oracleFails: true,
  },
  {
    name: 'incomplete legacy SSO settings',
    config: '[profile si]\nsso_start_url = https://x.awsapps.com/start\nsso_region = us-east-1\n',
    env: { AWS_PROFILE: 'si' },
    expected: [/^profile "si": incomplete SSO settings, missing sso_account_id, sso_role_name$/],
    oracleFails: true,
  },
  {
    name: 'a container endpoint host that is not allowed',
    env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://192.0.2.1/creds', AWS_CONTAINER_AUTHORIZATION_TOKEN: SECRETS[7] },
    expected: [/^container credentials: 192\.0\.2\.1 is not allowed for container credentials/],
    oracleFails: true,
  },
  {
    name: 'a container endpoint answering 500, four attempts',
    env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: '{url}/container-credentials', AWS_CONTAINER_AUTHORIZATION_TOKEN: SECRETS[7] },
    behaviour: { containerStatus: 500 },
    expected: [/^container credentials: 127\.0\.0\.1:\d+ answered HTTP 500 \(4 attempts\)$/],
  },
];

const fakes = new Fakes();
const { containerDelayMs, metadataMs } = timing;
beforeAll(async () => {
  await fakes.start();
  fakes.keys.set('AKIDBASE0000001', SECRETS[0]);
  timing.containerDelayMs = 5; // four attempts without waiting 3 s
  timing.metadataMs = 100;
  vi.spyOn(console, 'warn').mockImplementation(() => {});
});
afterAll(async () => {
  Object.assign(timing, { containerDelayMs, metadataMs });
  vi.restoreAllMocks();
  await fakes.close();
  cleanUp();
});

/** Every text an error carries: message, stack, and those of its causes. */
function texts(error: unknown): string {
  const out: string[] = [];
  for (let e = error as { message?: unknown; stack?: unknown; cause?: unknown } | undefined, i = 0; e && i < 8; e = e.cause as typeof e, i++) {
    out.push(String(e.message), String(e.stack));
  }
  return out.join('\n');
}

function expectNoSecret(error: unknown): void {
  const all = texts(error);
  for (const s of SECRETS) expect(all).not.toContain(s);
  expect(all).not.toMatch(/[0-9a-f]{64}/); // no SigV4 signature
}

describe('default chain failures: ConfigurationError, naming source and profile, no secret', () => {
  for (const given of CASES) {
    it(given.name, async () => {
      const c: ErrorCase = { ...given, env: { AWS_EC2_METADATA_DISABLED: 'true', ...given.env } };
      if (c.behaviour?.imds) delete c.env!.AWS_EC2_METADATA_DISABLED;
      const ours = await runCase(fakes, 'ours', { ...c, requests: 0 });
      expect(ours.error).toBeInstanceOf(ConfigurationError);
      for (const re of c.expected) expect(ours.error!.message).toMatch(re);
      expectNoSecret(ours.error);
      if (c.oracleFails) {
        const oracle = await runCase(fakes, 'oracle', { ...c, requests: 0 });
        expect(oracle.error, 'the SDK succeeded where we failed').toBeDefined();
      }
    });
  }

  it('where the SDK goes on to instance metadata after a configured profile failed, we stop with the profile\'s error', async () => {
    const c = CASES.find((x) => x.name === 'a source_profile cycle')!;
    const oracle = await runCase(fakes, 'oracle', { ...c, requests: 0 });
    expect(oracle.credentials?.accessKeyId).toMatch(/^ASIA/); // the fake instance role
    const ours = await runCase(fakes, 'ours', { ...c, requests: 0 });
    expect(ours.error?.message).toMatch(/source_profile cycle/);
    expect(ours.seen).toEqual([]);
  });

  it('the scan sees secrets (a message that quotes one fails it)', () => {
    expect(() => expectNoSecret(new Error(`x ${SECRETS[4]}`))).toThrow();
    expect(() => expectNoSecret(new Error('x', { cause: new Error(`Signature=${'ab'.repeat(32)}`) }))).toThrow();
  });

  it('through resolveAuth: the same error reaches the caller of the chain provider', async () => {
    setUpCase(fakes, { name: 'r', config: `[profile r]\nrole_arn = ${ROLE}\nsource_profile = ghost\n`, requests: 0 });
    try {
      const auth = resolveAuth({ profile: 'r', env: {} });
      if (auth.type !== 'sigv4') throw new Error('expected sigv4');
      const error = await auth.credentials().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigurationError);
      expect((error as Error).message).toMatch(/^profile "r" \(source_profile "ghost"\): not found/);
    } finally {
      restoreEnv();
    }
  });
});

// Our default credential chain (src/aws/node-chain.ts) against the ORACLE: the SDK v3's
// `fromNodeProviderChain` (@aws-sdk/credential-providers, a devDependency for this reason), both
// run on the same config files, environment and loopback fakes (test/aws/chain-fakes.ts). For
// every case: the same credentials, the same expiration, and the same requests on the wire
// (method, path, query, STS form parameters, the significant headers), every SigV4 signature
// verified. The SDK is pointed at the fakes through its own settings, which it honours:
// AWS_ENDPOINT_URL_STS / _SSO / _SSO_OIDC (and a profile's endpoint_url or services section),
// AWS_EC2_METADATA_SERVICE_ENDPOINT, AWS_CONTAINER_CREDENTIALS_FULL_URI on 127.0.0.1.
// Role session names differ on purpose (ours `bedrock-wire-<ms>`, the SDK's `aws-sdk-js-<ms>`):
// the fake records both as `<default>`.
import { readFileSync } from 'node:fs';
import { STSClient } from '@aws-sdk/nested-clients/sts';
import { SSOClient } from '@aws-sdk/nested-clients/sso';
import { SSOOIDCClient } from '@aws-sdk/nested-clients/sso-oidc';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { defaultEndpoint } from '../../src/aws/node-chain.js';
import { EXPIRATION, Fakes, cleanUp, runCase, ssoCacheFile, type ChainCase, type Outcome } from './chain-fakes.js';


const STATIC: Record<string, string> = {
  AKIDDEFAULT0001: 'defaultSecretKey0001xxxxxxxxxxxxxxx',
  AKIDCONFIG00001: 'configSecretKey00001xxxxxxxxxxxxxxx',
  AKIDCREDS000001: 'credsSecretKey000001xxxxxxxxxxxxxxx',
  AKIDENV00000001: 'envSecretKey00000001xxxxxxxxxxxxxxx',
  AKIDBASE0000001: 'baseSecretKey0000001xxxxxxxxxxxxxxx',
  AKIDSELF0000001: 'selfSecretKey0000001xxxxxxxxxxxxxxx',
  AKIDPROCESS0001: 'processSecretKey0001xxxxxxxxxxxxxxx',
};
const keys = (id: string, token?: string) => `aws_access_key_id = ${id}\naws_secret_access_key = ${STATIC[id]}\n${token ? `aws_session_token = ${token}\n` : ''}`;
const ROLE = 'arn:aws:iam::123456789012:role/bedrock-caller';
const inMinutes = (m: number) => new Date(Date.now() + m * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');

const CASES: ChainCase[] = [
  { name: 'static keys in the credentials file (default profile)', credentials: `[default]\n${keys('AKIDDEFAULT0001', 'defaultSessionToken0001')}`, requests: 0 },
  {
    name: 'AWS_PROFILE: config [profile dev] merged with credentials [dev], the credentials file winning',
    config: `[profile dev]\nregion = eu-west-1\n${keys('AKIDCONFIG00001')}`,
    credentials: `[dev]\n${keys('AKIDCREDS000001')}`,
    env: { AWS_PROFILE: 'dev' },
    requests: 0,
  },
  {
    name: 'env keys with session token and AWS_CREDENTIAL_EXPIRATION',
    env: { AWS_ACCESS_KEY_ID: 'AKIDENV00000001', AWS_SECRET_ACCESS_KEY: STATIC.AKIDENV00000001, AWS_SESSION_TOKEN: 'envSessionToken0001', AWS_CREDENTIAL_EXPIRATION: EXPIRATION },
    credentials: `[default]\n${keys('AKIDDEFAULT0001')}`,
    requests: 0,
  },
  {
    name: 'role_arn + source_profile: AssumeRole signed with the source keys, external_id, session name, duration, the profile region',
    config: `[profile role]\nrole_arn = ${ROLE}\nsource_profile = base\nexternal_id = ext-42\nrole_session_name = my-session\nduration_seconds = 1800\nregion = eu-central-1\n`,
    credentials: `[base]\n${keys('AKIDBASE0000001')}`,
    env: { AWS_PROFILE: 'role' },
    requests: 1,
  },
  {
    name: 'chained roles a -> b -> static c (with a session token): two AssumeRoles, the second signed with the first one\'s keys; region from AWS_REGION',
    config: `[profile a]\nrole_arn = ${ROLE}-a\nsource_profile = b\n[profile b]\nrole_arn = ${ROLE}-b\nsource_profile = c\n`,
    credentials: `[c]\n${keys('AKIDBASE0000001', 'baseSessionToken0001')}`,
    env: { AWS_PROFILE: 'a', AWS_REGION: 'ap-south-1' },
    requests: 2,
  },
  {
    name: 'source_profile naming itself: its own static keys sign the AssumeRole',
    config: `[profile self]\nrole_arn = ${ROLE}\nsource_profile = self\nregion = us-west-2\n`,
    credentials: `[self]\n${keys('AKIDSELF0000001')}`,
    env: { AWS_PROFILE: 'self' },
    requests: 1,
  },
  {
    name: 'credential_source Environment',
    config: `[profile envrole]\nrole_arn = ${ROLE}\ncredential_source = Environment\nregion = eu-west-3\n`,
    env: { AWS_PROFILE: 'envrole', AWS_ACCESS_KEY_ID: 'AKIDENV00000001', AWS_SECRET_ACCESS_KEY: STATIC.AKIDENV00000001 },
    requests: 1,
  },
  {
    name: 'credential_source Ec2InstanceMetadata: IMDSv2 then AssumeRole with the instance keys',
    config: `[profile imdsrole]\nrole_arn = ${ROLE}\ncredential_source = Ec2InstanceMetadata\nregion = us-east-2\n`,
    env: { AWS_PROFILE: 'imdsrole' },
    requests: 4,
  },
  {
    name: 'credential_source EcsContainer: container endpoint then AssumeRole',
    config: `[profile ecsrole]\nrole_arn = ${ROLE}\ncredential_source = EcsContainer\nregion = ca-central-1\n`,
    files: { 'container-token': 'container-auth-token-0001' },
    env: { AWS_PROFILE: 'ecsrole', AWS_CONTAINER_CREDENTIALS_FULL_URI: '{url}/container-credentials', AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: '{dir}/container-token' },
    requests: 2,
  },
  {
    name: 'credential_process (through the shell), with a session token and an expiration',
    config: `[default]\ncredential_process = "{node}" "{dir}/process.mjs" --flag\n`,
    files: {
      'process.mjs': `console.log(JSON.stringify({ Version: 1, AccessKeyId: 'AKIDPROCESS0001', SecretAccessKey: '${STATIC.AKIDPROCESS0001}', SessionToken: 'processSessionToken01', Expiration: '${EXPIRATION}' }));\n`,
    },
    requests: 0,
  },
  {
    name: 'role_arn without a source beside credential_process: the process (as the SDK: not a role profile)',
    config: `[default]\nrole_arn = ${ROLE}\ncredential_process = "{node}" "{dir}/process.mjs"\n`,
    files: {
      'process.mjs': `console.log(JSON.stringify({ Version: 1, AccessKeyId: 'AKIDPROCESS0001', SecretAccessKey: '${STATIC.AKIDPROCESS0001}' }));\n`,
    },
    requests: 0,
  },
  {
    name: 'role_arn + web_identity_token_file in the profile: AssumeRoleWithWebIdentity, unsigned',
    config: `[profile wi]\nrole_arn = ${ROLE}\nweb_identity_token_file = {dir}/wi-token\nrole_session_name = wi-session\n`,
    files: { 'wi-token': 'eyJwebIdentityTokenProfile0001' },
    env: { AWS_PROFILE: 'wi', AWS_REGION: 'eu-north-1' },
    requests: 1,
  },
  {
    name: 'web identity from the environment (AWS_WEB_IDENTITY_TOKEN_FILE, AWS_ROLE_ARN, AWS_ROLE_SESSION_NAME)',
    files: { 'wi-token': 'eyJwebIdentityTokenEnv000001' },
    env: { AWS_WEB_IDENTITY_TOKEN_FILE: '{dir}/wi-token', AWS_ROLE_ARN: ROLE, AWS_ROLE_SESSION_NAME: 'env-session', AWS_REGION: 'sa-east-1' },
    requests: 1,
  },
  {
    name: 'web identity from the environment, default session name, region from the profile',
    config: '[default]\nregion = me-south-1\n',
    files: { 'wi-token': 'eyJwebIdentityTokenEnv000002' },
    env: { AWS_WEB_IDENTITY_TOKEN_FILE: '{dir}/wi-token', AWS_ROLE_ARN: ROLE },
    requests: 1,
  },
  {
    name: 'container credentials: AWS_CONTAINER_CREDENTIALS_FULL_URI on 127.0.0.1, AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE',
    files: { 'container-token': 'container-auth-token-0001' },
    env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: '{url}/container-credentials', AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: '{dir}/container-token' },
    requests: 1,
  },
  {
    name: 'container credentials with AWS_CONTAINER_AUTHORIZATION_TOKEN',
    env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: '{url}/container-credentials', AWS_CONTAINER_AUTHORIZATION_TOKEN: 'container-auth-token-0001' },
    requests: 1,
  },
  { name: 'EC2 instance metadata, IMDSv2 (token, role, credentials)', requests: 3 },
  { name: 'EC2 instance metadata, IMDSv1 fallback (the token request answers 403)', behaviour: { imds: 'v1' }, requests: 3 },
  {
    name: 'SSO: sso_session with a valid cached token, GetRoleCredentials on the portal',
    config: '[profile sso]\nsso_session = corp-1\nsso_account_id = 111122223333\nsso_role_name = BedrockUser\n[sso-session corp-1]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-west-1\n',
    sso: { 'corp-1': { startUrl: 'https://corp.awsapps.com/start', region: 'eu-west-1', accessToken: 'ssoAccessTokenCorp0001', expiresAt: inMinutes(120) } },
    env: { AWS_PROFILE: 'sso' },
    requests: 1,
  },
  {
    name: 'SSO legacy profile (sso_start_url + sso_region), token cached under the start URL',
    config: '[profile legacy]\nsso_start_url = https://legacy.awsapps.com/start\nsso_region = us-east-1\nsso_account_id = 444455556666\nsso_role_name = Reader\n',
    sso: { 'https://legacy.awsapps.com/start': { startUrl: 'https://legacy.awsapps.com/start', region: 'us-east-1', accessToken: 'ssoAccessTokenLegacy01', expiresAt: inMinutes(60) } },
    env: { AWS_PROFILE: 'legacy' },
    requests: 1,
  },
  {
    name: 'SSO token within 5 minutes of expiry: refreshed through SSO-OIDC CreateToken, then GetRoleCredentials with the new token',
    config: '[profile ssor]\nsso_session = corp-refresh\nsso_account_id = 111122223333\nsso_role_name = BedrockUser\n[sso-session corp-refresh]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-west-1\n',
    sso: {
      'corp-refresh': {
        startUrl: 'https://corp.awsapps.com/start',
        region: 'eu-west-1',
        accessToken: 'ssoAccessTokenOld00001',
        expiresAt: inMinutes(2),
        clientId: 'oidc-client-id-0001',
        clientSecret: 'oidcClientSecret00001',
        refreshToken: 'oidcRefreshToken00001',
        registrationExpiresAt: inMinutes(60 * 24 * 30),
      },
    },
    env: { AWS_PROFILE: 'ssor' },
    requests: 2,
  },
  {
    name: 'STS endpoint from the profile\'s endpoint_url (no AWS_ENDPOINT_URL_STS)',
    config: `[profile ep]\nrole_arn = ${ROLE}\nsource_profile = base\nregion = eu-south-1\nendpoint_url = {url}\n`,
    credentials: `[base]\n${keys('AKIDBASE0000001')}`,
    env: { AWS_PROFILE: 'ep', AWS_ENDPOINT_URL_STS: null },
    requests: 1,
  },
  {
    name: 'STS endpoint from a services section (no AWS_ENDPOINT_URL_STS)',
    config: `[profile svc]\nrole_arn = ${ROLE}\nsource_profile = base\nregion = ap-northeast-1\nservices = local\n[services local]\nsts =\n  endpoint_url = {url}\n`,
    credentials: `[base]\n${keys('AKIDBASE0000001')}`,
    env: { AWS_PROFILE: 'svc', AWS_ENDPOINT_URL_STS: null },
    requests: 1,
  },
];

const fakes = new Fakes();
const runChain = (which: 'oracle' | 'ours', c: ChainCase) => runCase(fakes, which, c);

beforeAll(async () => {
  await fakes.start();
  for (const [id, secret] of Object.entries(STATIC)) fakes.keys.set(id, secret);
  // The SDK warns (console) when AWS_PROFILE and env keys are both set: expected in one case.
  vi.spyOn(console, 'warn').mockImplementation(() => {});
});
afterAll(async () => {
  vi.restoreAllMocks();
  await fakes.close();
  cleanUp();
});

describe('default chain: ours against the SDK (fromNodeProviderChain) on the same loopback fakes', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const oracle = await runChain('oracle', c);
      const ours = await runChain('ours', c);
      expect(oracle.error, `the oracle failed: ${oracle.error?.message}`).toBeUndefined();
      expect(ours.error, `ours failed: ${ours.error?.message}`).toBeUndefined();
      expect(ours.credentials).toEqual(oracle.credentials);
      expect(ours.credentials!.expiration?.getTime()).toBe(oracle.credentials!.expiration?.getTime());
      expect(ours.seen).toEqual(oracle.seen);
      expect(ours.seen).toHaveLength(c.requests);
      for (const s of ours.seen) if (s.signature) expect(s.signature).toBe('valid');
      // What the case is about shows on the wire (so the comparison compares something).
      if (c.requests === 0) expect(ours.credentials!.accessKeyId).toMatch(/^AKID/);
      else expect(ours.credentials!.accessKeyId).toMatch(/^ASIA/);
      // The SSO token cache afterwards: a refreshed token written back as the SDK writes it.
      for (const id of Object.keys(c.sso ?? {})) {
        const cached = (o: Outcome) => JSON.parse(readFileSync(ssoCacheFile(o.dir, id), 'utf8')) as Record<string, unknown>;
        const [a, b] = [cached(oracle), cached(ours)];
        expect({ ...b, expiresAt: undefined }).toEqual({ ...a, expiresAt: undefined });
        expect(Math.abs(Date.parse(String(b.expiresAt)) - Date.parse(String(a.expiresAt)))).toBeLessThan(60_000);
        if (c.requests === 2) expect(b.accessToken).toMatch(/^refreshed-/);
      }
    });
  }

});

// Where the fakes cannot stand in (the real endpoints): our default endpoints against the SDK's own
// endpoint rules (@aws-sdk/nested-clients, the clients fromNodeProviderChain uses; regional STS,
// as the SDK has it since AWS_STS_REGIONAL_ENDPOINTS defaults to regional), per partition.
describe('default STS, SSO portal and SSO-OIDC endpoints: ours against the SDK\'s endpoint rules', () => {
  type Resolver = { config: { endpointProvider(params: Record<string, unknown>): { url: URL } } };
  const rule = (client: unknown, params: Record<string, unknown>) => (client as Resolver).config.endpointProvider({ UseFIPS: false, UseDualStack: false, ...params }).url.href;
  for (const region of ['us-east-1', 'eu-west-1', 'ap-southeast-2', 'cn-north-1', 'cn-northwest-1', 'us-gov-west-1']) {
    it(region, () => {
      const credentials = { accessKeyId: 'a', secretAccessKey: 'b' };
      expect(`${defaultEndpoint('sts', region)}/`).toBe(rule(new STSClient({ region, credentials }), { Region: region, UseGlobalEndpoint: false }));
      expect(`${defaultEndpoint('portal.sso', region)}/`).toBe(rule(new SSOClient({ region }), { Region: region }));
      expect(`${defaultEndpoint('oidc', region)}/`).toBe(rule(new SSOOIDCClient({ region }), { Region: region }));
    });
  }
});

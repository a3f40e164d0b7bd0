import { platform } from '#aws/platform';
import { ConfigurationError, ValidationError } from '../errors.js';
import type { Auth } from './auth.js';
import { envRegion, readEnv, type Env } from './env.js';

/**
 * The region: option, else `AWS_REGION`, else `AWS_DEFAULT_REGION`, else (Node only) `region` of the
 * profile (`profile` option, else `AWS_PROFILE`, else `default`) in the shared config files
 * (`AWS_CONFIG_FILE` or `~/.aws/config`, then the credentials file), as the AWS SDK reads them.
 * `ConfigurationError` when none or malformed.
 */
export function resolveRegion(options: { region?: string | undefined; env?: Env | undefined; profile?: string | undefined }): string {
  const given = options.region?.trim() || envRegion(options.env);
  const file = given ? undefined : platform.configFileRegion(options.env, options.profile);
  const region = given || file?.region;
  if (!region) throw new ConfigurationError(`No AWS region: ${platform.regionHelp}`);
  // The region becomes part of a host name: refuse anything that could change which host it is.
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(region)) {
    const where = file ? ` (profile "${file.profile}" in ${file.file})` : '';
    throw new ConfigurationError(`Invalid AWS region ${JSON.stringify(region.slice(0, 40))}${where}: expected a name like us-east-1`);
  }
  return region;
}

/**
 * The Bedrock Runtime origin: the `endpoint` option, else `AWS_ENDPOINT_URL_BEDROCK_RUNTIME`, else
 * `AWS_ENDPOINT_URL` (both ignored when `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true`, as in the SDK),
 * else `https://bedrock-runtime.{region}.amazonaws.com` (`.amazonaws.com.cn` for `cn-*`).
 * A custom endpoint is an origin only: a path prefix, query, fragment or user info is a
 * `ConfigurationError` (operation paths are absolute).
 */
export function resolveEndpoint(options: { region: string; endpoint?: string | URL; env?: Env }): URL {
  const { env } = options;
  const ignoreEnv = readEnv(env, 'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS')?.toLowerCase() === 'true';
  const custom =
    options.endpoint ??
    (ignoreEnv ? undefined : (readEnv(env, 'AWS_ENDPOINT_URL_BEDROCK_RUNTIME') ?? readEnv(env, 'AWS_ENDPOINT_URL')));
  if (custom !== undefined && custom !== '') return parseEndpoint(custom);
  const suffix = options.region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
  return new URL(`https://bedrock-runtime.${options.region}.${suffix}`);
}

function parseEndpoint(value: string | URL): URL {
  let url: URL;
  try {
    url = new URL(String(value));
  } catch {
    throw new ConfigurationError('Invalid endpoint: expected an absolute URL such as https://bedrock-runtime.us-east-1.amazonaws.com');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigurationError(`Invalid endpoint protocol ${url.protocol}: expected https: (or http: on loopback)`);
  }
  // Never echo user info: it may hold a password.
  if (url.username || url.password) throw new ConfigurationError(`Endpoint ${url.origin} must not contain user info`);
  if (url.pathname !== '/' || url.search || url.hash) {
    throw new ConfigurationError(`Endpoint must be an origin only (scheme, host, port), got a path, query or fragment on ${url.origin}`);
  }
  return new URL(url.origin);
}

/** Operation names as they appear in the path. */
export type Operation = 'invoke' | 'invoke-with-response-stream' | 'invoke-with-bidirectional-stream' | 'converse' | 'converse-stream' | 'count-tokens';

/**
 * `/model/{modelId}/{operation}` with the model id percent-encoded once (`:` → `%3A`, an ARN's
 * `/` → `%2F`). Like the SDK, `!'()*` are encoded too (encodeURIComponent leaves them), so the
 * path is byte-identical to the official client's.
 */
export function operationPath(modelId: string, operation: Operation): string {
  if (typeof modelId !== 'string' || modelId.trim() === '') {
    throw new ValidationError(`modelId: expected a model id, inference profile id or ARN, got ${typeof modelId === 'string' ? 'an empty string' : typeof modelId}`);
  }
  // `.` and `..` would be resolved away by the URL (a signed request to another path); AWS's own
  // limit on the length is 2048.
  if (modelId === '.' || modelId === '..' || modelId.length > 2048) {
    throw new ValidationError(`modelId: ${modelId.length > 2048 ? `longer than 2048 characters (${modelId.length})` : `"${modelId}" is not a model id`}`);
  }
  const id = encodeURIComponent(modelId).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `/model/${id}/${operation}`;
}

/**
 * Refuses to send a credential (SigV4 or bearer) over plain `http:` unless the host is loopback
 * (`localhost`, 127.0.0.0/8, `::1`): on any other host a bearer key or session token would travel
 * in clear text.
 */
export function assertSafeTransport(url: URL, auth: Auth): void {
  if (url.protocol === 'https:') return;
  if (url.protocol === 'http:' && isLoopback(url.hostname)) return;
  const what = auth.type === 'bearer' ? 'a Bedrock API key' : 'AWS credentials';
  throw new ConfigurationError(
    `Refusing to send ${what} over ${url.protocol.replace(':', '')} to ${url.host}: use https:// (plain http is allowed only for localhost, 127.0.0.0/8 and ::1)`,
  );
}

/**
 * `hostname` as `URL` normalizes it (IPv4 in dotted decimal, IPv6 in brackets, lower case):
 * `localhost`, `[::1]`, 127.0.0.0/8, and IPv4-mapped loopback (URL writes ::ffff:127.0.0.1 as
 * [::ffff:7f00:1]).
 */
export function isLoopback(hostname: string): boolean {
  return /^(localhost|\[::1\]|\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]|127(\.\d+){3})$/.test(hostname);
}

import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/errors.js';
import { assertSafeTransport, isLoopback, operationPath, resolveEndpoint, resolveRegion, type Auth } from '../../src/aws/index.js';

describe('resolveRegion', () => {
  it('option > AWS_REGION > AWS_DEFAULT_REGION', () => {
    const env = { AWS_REGION: 'eu-west-1', AWS_DEFAULT_REGION: 'ap-south-1' };
    expect(resolveRegion({ region: 'us-west-2', env })).toBe('us-west-2');
    expect(resolveRegion({ env })).toBe('eu-west-1');
    expect(resolveRegion({ env: { AWS_DEFAULT_REGION: 'ap-south-1' } })).toBe('ap-south-1');
  });
  it('none is a ConfigurationError naming AWS_REGION', () => {
    expect(() => resolveRegion({ env: {} })).toThrow(ConfigurationError);
    expect(() => resolveRegion({ env: { AWS_REGION: ' ' } })).toThrow(/AWS_REGION/);
  });
  it('refuses a region that would change the host name', () => {
    for (const bad of ['us-east-1.evil.com', 'us-east-1/x', 'US-EAST-1', 'us east', '-us']) {
      expect(() => resolveRegion({ region: bad, env: {} })).toThrow(ConfigurationError);
    }
  });
});

describe('resolveEndpoint', () => {
  it('default: https://bedrock-runtime.{region}.amazonaws.com, .com.cn for cn-*', () => {
    expect(resolveEndpoint({ region: 'us-east-1', env: {} }).href).toBe('https://bedrock-runtime.us-east-1.amazonaws.com/');
    expect(resolveEndpoint({ region: 'cn-north-1', env: {} }).href).toBe('https://bedrock-runtime.cn-north-1.amazonaws.com.cn/');
    expect(resolveEndpoint({ region: 'cn-northwest-1', env: {} }).host).toBe('bedrock-runtime.cn-northwest-1.amazonaws.com.cn');
  });
  it('option > AWS_ENDPOINT_URL_BEDROCK_RUNTIME > AWS_ENDPOINT_URL', () => {
    const env = { AWS_ENDPOINT_URL_BEDROCK_RUNTIME: 'https://specific.example:8443', AWS_ENDPOINT_URL: 'https://generic.example' };
    expect(resolveEndpoint({ region: 'us-east-1', endpoint: 'http://127.0.0.1:4010', env }).href).toBe('http://127.0.0.1:4010/');
    expect(resolveEndpoint({ region: 'us-east-1', endpoint: new URL('https://u.example/'), env }).href).toBe('https://u.example/');
    expect(resolveEndpoint({ region: 'us-east-1', env }).href).toBe('https://specific.example:8443/');
    expect(resolveEndpoint({ region: 'us-east-1', env: { AWS_ENDPOINT_URL: 'https://generic.example' } }).href).toBe('https://generic.example/');
  });
  it('AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true ignores the env endpoints, not the option', () => {
    const env = { AWS_ENDPOINT_URL: 'https://generic.example', AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' };
    expect(resolveEndpoint({ region: 'us-east-1', env }).host).toBe('bedrock-runtime.us-east-1.amazonaws.com');
    expect(resolveEndpoint({ region: 'us-east-1', endpoint: 'https://x.example', env }).host).toBe('x.example');
  });
  it('a custom endpoint is an origin only; a path, query, user info or bad scheme is a ConfigurationError', () => {
    for (const bad of ['https://gw.example/bedrock', 'https://gw.example/?a=1', 'https://gw.example/#f', 'ftp://gw.example', 'not a url']) {
      expect(() => resolveEndpoint({ region: 'us-east-1', endpoint: bad, env: {} })).toThrow(ConfigurationError);
    }
    const error = (() => {
      try {
        resolveEndpoint({ region: 'us-east-1', endpoint: 'https://user:hunter2pass@gw.example', env: {} });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error!.message).not.toContain('hunter2pass');
    expect(resolveEndpoint({ region: 'us-east-1', endpoint: 'https://gw.example/', env: {} }).href).toBe('https://gw.example/');
  });
});

describe('operationPath', () => {
  it('encodes the model id once (":" → %3A, "/" → %2F)', () => {
    expect(operationPath('anthropic.claude-3-haiku-20240307-v1:0', 'invoke')).toBe('/model/anthropic.claude-3-haiku-20240307-v1%3A0/invoke');
    expect(operationPath('arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.x-v1:0', 'converse-stream')).toBe(
      '/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Ainference-profile%2Fus.x-v1%3A0/converse-stream',
    );
    expect(operationPath('m', 'count-tokens')).toBe('/model/m/count-tokens');
  });
  it("also encodes !'()* like the SDK, so a URL built from it keeps the encoding", () => {
    const path = operationPath("a(b)!c'*", 'invoke-with-response-stream');
    expect(path).toBe('/model/a%28b%29%21c%27%2A/invoke-with-response-stream');
    expect(new URL(path, 'https://h').pathname).toBe(path);
    expect(decodeURIComponent(path.split('/')[2])).toBe("a(b)!c'*");
  });
});

describe('assertSafeTransport', () => {
  const bearer: Auth = { type: 'bearer', token: 'bedrock-api-key-SECRETSECRET' };
  const sigv4: Auth = { type: 'sigv4', credentials: async () => ({ accessKeyId: 'A', secretAccessKey: 'S' }), source: 'explicit' };
  const allowed = [
    'https://bedrock-runtime.us-east-1.amazonaws.com',
    'https://10.0.0.1:8443',
    'http://127.0.0.1:4010',
    'http://127.1.2.3',
    'http://localhost:8080',
    'http://[::1]:9000',
    'http://[::ffff:127.0.0.1]:9000',
    'http://2130706433', // 127.0.0.1 as one integer; URL normalizes it
  ];
  const refused = ['http://bedrock-runtime.us-east-1.amazonaws.com', 'http://10.0.0.1', 'http://128.0.0.1', 'http://localhost.evil.com', 'http://[::2]', 'http://127.0.0.1.nip.io', 'ws://127.0.0.1'];
  for (const url of allowed) {
    it(`allows ${url}`, () => {
      expect(() => assertSafeTransport(new URL(url), bearer)).not.toThrow();
      expect(() => assertSafeTransport(new URL(url), sigv4)).not.toThrow();
    });
  }
  for (const url of refused) {
    it(`refuses ${url}`, () => {
      for (const auth of [bearer, sigv4]) {
        let error: unknown;
        try {
          assertSafeTransport(new URL(url), auth);
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(ConfigurationError);
        expect((error as Error).message).toMatch(/https/);
        expect((error as Error).message).not.toContain('SECRETSECRET');
      }
    });
  }
  it('isLoopback works on URL-normalized host names', () => {
    expect(isLoopback(new URL('http://LOCALHOST').hostname)).toBe(true);
    expect(isLoopback(new URL('http://0x7f000001').hostname)).toBe(true);
    expect(isLoopback(new URL('http://[0:0:0:0:0:0:0:1]').hostname)).toBe(true);
    expect(isLoopback('127.0.0.1.example')).toBe(false);
  });
});

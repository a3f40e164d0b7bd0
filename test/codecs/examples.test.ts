// Non-streamed response bodies shaped like the AWS model-parameter pages (see examples/README.md).

import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeConverseResponse, detectFamily, getCodec } from '../../src/codecs/index.js';

const DIR = new URL('./examples/', import.meta.url).pathname;

interface Example {
  modelId: string;
  converse?: boolean;
  response: unknown;
  expect: Record<string, unknown>;
}

describe('documented response bodies', () => {
  for (const file of readdirSync(DIR).filter((f) => f.endsWith('.json')).sort()) {
    it(file, () => {
      const ex = JSON.parse(readFileSync(DIR + file, 'utf8')) as Example;
      const meta = { modelId: ex.modelId, requestId: 'req-9', requestIdHint: 'aws-req-9' };
      const response = ex.converse
        ? decodeConverseResponse(ex.response, meta)
        : getCodec(detectFamily(ex.modelId)).decodeResponse(ex.response, meta);
      expect(response).toMatchObject(ex.expect);
      expect(response.requestId).toBe('req-9');
      // Without an id in the body the service request id stands in.
      if (ex.expect.id === undefined) expect(response.id).toBe('aws-req-9');
      if (ex.expect.toolCalls === undefined) expect(response.toolCalls).toEqual([]);
      if (ex.expect.reasoning === undefined) expect(response.reasoning).toBeUndefined();
    });
  }
});

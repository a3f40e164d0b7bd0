import { describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import { BedrockRuntime, MalformedResponseError } from '../../src/index.js';

describe('countTokens', () => {
  it('an answer without a count is a typed error, not NaN', async () => {
    for (const answer of ['null', '{}', '{"inputTokens":"12"}']) {
      const server = createServer((req, res) => {
        req.resume();
        req.on('end', () => res.writeHead(200, { 'content-type': 'application/json', 'x-amzn-requestid': 'req-1' }).end(answer));
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      const port = (server.address() as { port: number }).port;
      const rt = new BedrockRuntime({ region: 'us-east-1', endpoint: `http://127.0.0.1:${port}`, apiKey: 'k', env: {} });
      try {
        const call = rt.countTokens({ modelId: 'anthropic.claude-3-5-haiku-20241022-v1:0', input: { converse: { messages: [] } } });
        await expect(call, answer).rejects.toBeInstanceOf(MalformedResponseError);
        await expect(rt.countTokens({ modelId: 'm', input: { converse: { messages: [] } } })).rejects.toThrow(/no inputTokens \(request id req-1\)/);
      } finally {
        await rt.close();
        server.close();
      }
    }
  });
});

import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { Emulator } from '../../src/emulator/index.js';

/** The official client pointed at the emulator: HTTP/1.1 by default, its default HTTP/2 handler on request. */
export function officialClient(emu: Emulator, options: { http2?: boolean; maxAttempts?: number; secret?: string; accessKeyId?: string } = {}) {
  return new BedrockRuntimeClient({
    endpoint: emu.url,
    region: emu.region,
    credentials: {
      accessKeyId: options.accessKeyId ?? emu.credentials.accessKeyId,
      secretAccessKey: options.secret ?? emu.credentials.secretAccessKey,
    },
    maxAttempts: options.maxAttempts ?? 1,
    ...(options.http2 ? {} : { requestHandler: new NodeHttpHandler() }),
  });
}

export const json = (bytes: Uint8Array | undefined): any => JSON.parse(new TextDecoder().decode(bytes));

// Every recorded request the codecs can express: lift it to the unified request a user would write,
// encode it, and compare with the recorded body — equal, or different for a listed reason
// (differences.ts, the README's table). Counts per family are printed and pinned.
import { describe, expect, it } from 'vitest';
import { encodeConverseRequest, forInvoke, getCodec } from '../../src/codecs/index.js';
import type { LLMRequest, ModelFamily } from '../../src/codecs/index.js';
import { compare } from './differences.js';
import { GENERATION, recordedRequests, requestJson, type Recorded } from './fixtures.js';
import { liftAnthropic, liftConverse, liftJamba, liftNova, liftPrompt, type Lifted } from './lift.js';

const CODEC: Record<string, ModelFamily> = {
  anthropic: 'anthropic', nova: 'nova', titan: 'titan', 'cohere-command': 'cohere', 'cohere-r': 'cohere', llama: 'llama', mistral: 'mistral', jamba: 'jamba',
};

function lift(family: string, r: Recorded): Lifted {
  const body = requestJson(r);
  if (family === 'converse') return liftConverse(body, r.model_id);
  if (family === 'anthropic') return liftAnthropic(body, r.model_id);
  if (family === 'nova') return liftNova(body, r.model_id);
  if (family === 'jamba') return liftJamba(body, r.model_id);
  return liftPrompt(family, body, r.model_id);
}

function encode(family: string, r: Recorded, request: LLMRequest): Record<string, unknown> {
  const stream = r.operation.endsWith('stream');
  if (family === 'converse') return encodeConverseRequest(request, { modelId: r.model_id, stream });
  const codec = CODEC[family]!;
  return getCodec(codec).encodeRequest(forInvoke(request, codec, r.model_id).request, { modelId: r.model_id, stream });
}

export interface Row {
  equal: number;
  different: number;
  notExpressible: number;
  reasons: Record<string, number>;
  inexpressible: Record<string, number>;
}

const table: Record<string, Row> = {};

describe('recorded requests: what we encode against what the recorders sent', () => {
  for (const family of GENERATION) {
    it(family, () => {
      const row: Row = (table[family] = { equal: 0, different: 0, notExpressible: 0, reasons: {}, inexpressible: {} });
      const unexplained: string[] = [];
      for (const r of recordedRequests(family)) {
        const lifted = lift(family, r);
        if ('notExpressible' in lifted) {
          row.notExpressible++;
          row.inexpressible[lifted.notExpressible] = (row.inexpressible[lifted.notExpressible] ?? 0) + 1;
          continue;
        }
        const ours = encode(family, r, lifted.request);
        const verdict = compare(ours, requestJson(r) as Record<string, unknown>, family);
        if (verdict.kind === 'equal') row.equal++;
        else if (verdict.kind === 'different') {
          row.different++;
          for (const id of verdict.ids) row.reasons[id] = (row.reasons[id] ?? 0) + 1;
        } else unexplained.push(`${r.file}\n ours: ${JSON.stringify(verdict.ours).slice(0, 600)}\n  rec: ${JSON.stringify(verdict.recorded).slice(0, 600)}`);
      }
      expect(unexplained).toEqual([]);
      expect(row.equal + row.different + row.notExpressible).toBe(recordedRequests(family).length);
    });
  }

  it('prints the per-family table', () => {
    const lines = ['family | recorded | equal | different (reasons) | not expressible (why)', '---|---|---|---|---'];
    for (const [family, row] of Object.entries(table)) {
      const total = row.equal + row.different + row.notExpressible;
      const reasons = Object.entries(row.reasons).map(([k, v]) => `${k} ${v}`).join(', ');
      const why = Object.entries(row.inexpressible).map(([k, v]) => `${k} ${v}`).join('; ');
      lines.push(`${family} | ${total} | ${row.equal} | ${row.different}${reasons ? ` (${reasons})` : ''} | ${row.notExpressible}${why ? ` (${why})` : ''}`);
    }
    console.log(lines.join('\n'));
    // Pinned: a change in what we send shows here first (and in the README's table).
    const counts = Object.fromEntries(Object.entries(table).map(([f, r]) => [f, [r.equal, r.different, r.notExpressible]]));
    expect(counts).toEqual({
      converse: [27, 237, 5], anthropic: [15, 7, 0], nova: [0, 4, 1], titan: [0, 12, 0], 'cohere-command': [4, 5, 0],
      'cohere-r': [5, 0, 0], llama: [0, 8, 0], mistral: [0, 5, 0], jamba: [2, 0, 0],
    });
  });
});

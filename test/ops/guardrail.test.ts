// ApplyGuardrail through the emulator: a word list intervenes with HTTP 200, explicit nulls and
// both output/outputs on the wire; our client drops the nulls; the official client reads the same
// answers (the emulator speaks the service's shapes).
import { ApplyGuardrailCommand, BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator/index.js';
import type { BedrockRuntime } from '../../src/runtime/index.js';
import { ValidationError } from '../../src/errors.js';
import { sdkConfig, setup } from './harness.js';

let emu: Emulator;
let rt: BedrockRuntime;
beforeAll(async () => ({ emu, rt } = await setup({ blockedWords: ['forbidden', 'secret plan'] })));
afterAll(async () => {
  await rt.close();
  await emu.close();
});

describe('ApplyGuardrail', () => {
  it('intervenes on a listed word: HTTP 200, action, the replacement text, the matched word', async () => {
    const r = await rt.applyGuardrail({ guardrailIdentifier: 'gr0abc', guardrailVersion: 'DRAFT', source: 'INPUT', content: 'This is FORBIDDEN talk' });
    expect(emu.requests.at(-1)!.status).toBe(200);
    expect(r.action).toBe('GUARDRAIL_INTERVENED');
    expect(r.outputs).toEqual([{ text: 'Sorry, the model cannot answer this question.' }]);
    expect(r.assessments[0].wordPolicy.customWords).toEqual([{ match: 'forbidden', action: 'BLOCKED', detected: true }]);
    expect(r.usage?.wordPolicyUnits).toBe(1);
    expect(r.guardrailCoverage?.textCharacters).toEqual({ guarded: 22, total: 22 });
    // Nulls on the wire are gone from what we return.
    expect(r.assessments[0]).not.toHaveProperty('topicPolicy');
    expect(r.guardrailCoverage).not.toHaveProperty('images');
    expect(r).not.toHaveProperty('output');
    expect(r.requestId).toBeTruthy();
  });

  it('on the wire: explicit nulls and both output and outputs', async () => {
    const res = await fetch(`${emu.url}/guardrail/g/version/1/apply`, { method: 'POST', body: '{}' }).catch(() => undefined);
    expect(res?.status).toBe(403); // unsigned: refused like AWS
    const { startEmulator } = await import('../../src/emulator/index.js');
    const open = await startEmulator({ verifyAuth: false });
    const raw = await (await fetch(`${open.url}/guardrail/g/version/1/apply`, { method: 'POST', body: JSON.stringify({ source: 'OUTPUT', content: [{ text: { text: 'the forbidden word' } }] }) })).text();
    await open.close();
    expect(raw).toContain('"topicPolicy":null');
    const json = JSON.parse(raw);
    expect(json.output).toEqual(json.outputs);
  });

  it('no listed word: action NONE, no outputs; a multi-word entry matches as a phrase', async () => {
    const r = await rt.applyGuardrail({ guardrailIdentifier: 'gr0abc', guardrailVersion: '3', source: 'OUTPUT', content: [{ text: 'all fine here' }, { text: 'secret planet' }] });
    expect(r.action).toBe('NONE');
    expect(r.outputs).toEqual([]);
    const hit = await rt.applyGuardrail({ guardrailIdentifier: 'gr0abc', guardrailVersion: '3', source: 'OUTPUT', content: 'about the Secret Plan' });
    expect(hit.action).toBe('GUARDRAIL_INTERVENED');
  });

  it("the service's validation: a bad version is a ValidationError from the 400", async () => {
    const err = await rt.applyGuardrail({ guardrailIdentifier: 'gr0abc', guardrailVersion: 'LATEST', source: 'INPUT', content: 'x' }).catch((e) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.httpStatus).toBe(400);
    expect(err.serviceMessage).toMatch(/guardrailVersion/);
  });

  it('the official client reads the emulator answer: same action, outputs and assessments', async () => {
    const client = new BedrockRuntimeClient(sdkConfig(emu));
    const theirs = await client.send(new ApplyGuardrailCommand({ guardrailIdentifier: 'gr0abc', guardrailVersion: 'DRAFT', source: 'INPUT', content: [{ text: { text: 'a forbidden thing' } }] }));
    client.destroy();
    const ours = await rt.applyGuardrail({ guardrailIdentifier: 'gr0abc', guardrailVersion: 'DRAFT', source: 'INPUT', content: 'a forbidden thing' });
    expect(theirs.action).toBe(ours.action);
    expect(theirs.outputs).toEqual(ours.outputs);
    expect(theirs.assessments?.[0].wordPolicy?.customWords).toEqual(ours.assessments[0].wordPolicy.customWords);
    expect(theirs.usage?.wordPolicyUnits).toBe(ours.usage?.wordPolicyUnits);
  });
});

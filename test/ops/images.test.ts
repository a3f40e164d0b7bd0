// generateImage() through the emulator: Titan Image v2, Nova Canvas and Stability; PNGs that
// decode (signature, IHDR size, CRCs, zlib data of the right length); edit tasks; the content
// filter as a typed error naming the reason; bad input refused before sending.
import { crc32, inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator/index.js';
import { ValidationError } from '../../src/errors.js';
import { ContentFilteredError, encodeImageBody, generateImage } from '../../src/images/index.js';
import type { BedrockRuntime } from '../../src/runtime/index.js';
import { lastBody, setup } from './harness.js';

let emu: Emulator;
let rt: BedrockRuntime;
beforeAll(async () => ({ emu, rt } = await setup({ blockedWords: ['forbidden'] })));
afterAll(async () => {
  await rt.close();
  await emu.close();
});

/** Decodes a PNG far enough to prove it is one: chunks with valid CRCs, IHDR, inflated IDAT of the right size. */
function decodePng(bytes: Uint8Array): { width: number; height: number; channels: number } {
  const b = Buffer.from(bytes);
  expect([...b.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  let at = 8;
  let width = 0, height = 0, channels = 0;
  const idat: Buffer[] = [];
  for (;;) {
    const len = b.readUInt32BE(at);
    const type = b.toString('latin1', at + 4, at + 8);
    expect(b.readUInt32BE(at + 8 + len)).toBe(crc32(b.subarray(at + 4, at + 8 + len)));
    const data = b.subarray(at + 8, at + 8 + len);
    if (type === 'IHDR') [width, height, channels] = [data.readUInt32BE(0), data.readUInt32BE(4), data[9] === 6 ? 4 : 3];
    if (type === 'IDAT') idat.push(data);
    at += 12 + len;
    if (type === 'IEND') break;
  }
  expect(at).toBe(b.length);
  expect(inflateSync(Buffer.concat(idat)).length).toBe(height * (1 + width * channels));
  return { width, height, channels };
}

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);

describe('generateImage() through the emulator', () => {
  it('Titan Image v2: count and size, decodable PNGs, same seed same image', async () => {
    const r = await generateImage(rt, { model: 'amazon.titan-image-generator-v2:0', prompt: 'a lighthouse', size: '512x384', count: 2, seed: 42, cfgScale: 7 });
    expect(r.images).toHaveLength(2);
    for (const img of r.images) expect(decodePng(img)).toEqual({ width: 512, height: 384, channels: 3 });
    expect(lastBody(emu)).toEqual({ taskType: 'TEXT_IMAGE', textToImageParams: { text: 'a lighthouse' }, imageGenerationConfig: { numberOfImages: 2, width: 512, height: 384, cfgScale: 7, seed: 42 } });
    const again = await generateImage(rt, { model: 'amazon.titan-image-generator-v2:0', prompt: 'a lighthouse', size: '512x384', count: 2, seed: 42, cfgScale: 7 });
    expect(again.images).toEqual(r.images);
  });

  it('Nova Canvas: style and negative prompt sent; edit tasks (inpaint, outpaint, variation, background removal)', async () => {
    const r = await generateImage(rt, { model: 'amazon.nova-canvas-v1:0', prompt: 'a cat', negativePrompt: 'dogs', style: 'PHOTOREALISM', size: { width: 320, height: 320 } });
    expect(decodePng(r.images[0]).width).toBe(320);
    expect(lastBody(emu).textToImageParams).toEqual({ text: 'a cat', negativeText: 'dogs', style: 'PHOTOREALISM' });
    await generateImage(rt, { model: 'amazon.nova-canvas-v1:0', task: 'inpaint', image: PNG, prompt: 'a hat', mask: { prompt: 'the head' }, size: '320x320' });
    expect(lastBody(emu)).toMatchObject({ taskType: 'INPAINTING', inPaintingParams: { text: 'a hat', maskPrompt: 'the head', image: Buffer.from(PNG).toString('base64') } });
    await generateImage(rt, { model: 'amazon.nova-canvas-v1:0', task: 'outpaint', image: PNG, prompt: 'a beach', mask: { image: PNG }, outpaintingMode: 'PRECISE', size: '320x320' });
    expect(lastBody(emu).outPaintingParams).toMatchObject({ maskImage: Buffer.from(PNG).toString('base64'), outPaintingMode: 'PRECISE' });
    const v = await generateImage(rt, { model: 'amazon.titan-image-generator-v2:0', task: 'variation', images: [PNG, PNG], similarityStrength: 0.7, count: 3, size: '320x320' });
    expect(v.images).toHaveLength(3);
    const bg = await generateImage(rt, { model: 'amazon.nova-canvas-v1:0', task: 'remove-background', image: PNG });
    expect(lastBody(emu)).toEqual({ taskType: 'BACKGROUND_REMOVAL', backgroundRemovalParams: { image: Buffer.from(PNG).toString('base64') } });
    expect(decodePng(bg.images[0]).channels).toBe(4);
  });

  it('Stability: aspect ratio, seeds and finish reasons; an edit service takes the image', async () => {
    const r = await generateImage(rt, { model: 'stability.sd3-5-large-v1:0', prompt: 'mountains', aspectRatio: '16:9', seed: 7 });
    expect(decodePng(r.images[0])).toEqual({ width: 1344, height: 768, channels: 3 });
    expect(r.seeds).toEqual([7]);
    expect(r.finishReasons).toEqual([null]);
    expect(lastBody(emu)).toEqual({ prompt: 'mountains', seed: 7, aspect_ratio: '16:9', output_format: 'png' });
    const bg = await generateImage(rt, { model: 'stability.stable-image-remove-background-v1:0', task: 'remove-background', image: PNG });
    expect(decodePng(bg.images[0]).channels).toBe(4);
  });

  it('the content filter: Titan / Nova (a 400) and Stability (a 200 with a reason) are ContentFilteredError naming it', async () => {
    const titan = await generateImage(rt, { model: 'amazon.titan-image-generator-v2:0', prompt: 'something forbidden' }).catch((e) => e);
    expect(titan).toBeInstanceOf(ContentFilteredError);
    expect(titan).toBeInstanceOf(ValidationError);
    expect(titan.reason).toMatch(/blocked by our content filters/);
    expect(titan.httpStatus).toBe(400);
    const sd = await generateImage(rt, { model: 'stability.stable-image-ultra-v1:1', prompt: 'forbidden art' }).catch((e) => e);
    expect(sd).toBeInstanceOf(ContentFilteredError);
    expect(sd.reason).toBe('Filter reason: prompt');
    expect(sd.httpStatus).toBe(200);
  });

  it('bad input: a ValidationError naming the field, nothing sent', async () => {
    const from = emu.requests.length;
    const cases: Array<[Parameters<typeof generateImage>[1], RegExp]> = [
      [{ model: 'amazon.titan-image-generator-v2:0', prompt: 'x', size: '500x500' }, /size/],
      [{ model: 'amazon.titan-image-generator-v2:0', prompt: 'x', count: 6 }, /count/],
      [{ model: 'stability.sd3-5-large-v1:0', prompt: 'x', count: 2 }, /count: Stability/],
      [{ model: 'stability.sd3-5-large-v1:0', prompt: 'x', size: '512x512' }, /size: Stability/],
      [{ model: 'amazon.titan-image-generator-v2:0', prompt: 'x', style: 'PHOTOREALISM' }, /style/],
      [{ model: 'amazon.nova-canvas-v1:0', task: 'inpaint', image: PNG, prompt: 'x' }, /mask/],
      [{ model: 'amazon.nova-canvas-v1:0', task: 'remove-background' }, /image/],
      [{ model: 'amazon.titan-image-generator-v1', task: 'remove-background', image: PNG }, /v2 or Nova Canvas/],
      [{ model: 'amazon.nova-canvas-v1:0' }, /prompt/],
      [{ model: 'anthropic.claude-3-haiku-20240307-v1:0', prompt: 'x' }, /not an image model/],
    ];
    for (const [req, msg] of cases) {
      const err = await generateImage(rt, req).catch((e) => e);
      expect(err, String(msg)).toBeInstanceOf(ValidationError);
      expect(err.message).toMatch(msg);
    }
    expect(emu.requests.length).toBe(from);
  });

  it('the codec alone is pure: same input, same body', () => {
    const a = encodeImageBody('nova-canvas', 'amazon.nova-canvas-v1:0', { prompt: 'p', seed: 1 });
    expect(a).toEqual({ taskType: 'TEXT_IMAGE', textToImageParams: { text: 'p' }, imageGenerationConfig: { seed: 1 } });
  });
});

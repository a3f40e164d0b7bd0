// The Converse document name the CLI derives from a file name (`-a`): within Bedrock's rule, and
// readable — accents dropped from their letters, not turned into spaces.
import { describe, expect, it } from 'vitest';
import { documentName } from '../../src/cli/attach.js';
import { validateRequest } from '../../src/codecs/validate.js';

describe('documentName', () => {
  it.each([
    ['résumé.pdf', 'resume'],
    ['Crème Brûlée notes.md', 'Creme Brulee notes'],
    ['my_report.v2 (final).pdf', 'my report v2 (final)'],
    ['Q3: plan*.docx', 'Q3 plan'],
    ['日本語.pdf', 'document'],
    ['ｆｕｌｌｗｉｄｔｈ.txt', 'fullwidth'],
  ])('%s → %s', (file, name) => {
    expect(documentName(file)).toBe(name);
  });

  it('every derived name passes the library’s document-name check', () => {
    for (const file of ['résumé.pdf', 'Q3: plan*.docx', '日本語.pdf', `${'x'.repeat(300)}.pdf`]) {
      const name = documentName(file);
      expect(() =>
        validateRequest({ model: 'm', messages: [{ role: 'user', content: [{ type: 'text', text: 'see' }, { type: 'document', format: 'pdf', name, data: new Uint8Array([37, 80, 68, 70]) }] }] } as never),
      ).not.toThrow();
    }
  });
});

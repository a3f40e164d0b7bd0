// Reasoning that a model writes inline, as a leading `<think>...</think>` (DeepSeek R1) or
// `<reasoning>...</reasoning>` (gpt-oss on InvokeModel) section, split from the answer. Works on
// stream deltas: a tag cut across two chunks is held back until it can be told apart.

export interface Segment {
  kind: 'text' | 'reasoning';
  text: string;
}

export class TagSplitter {
  #pending = '';
  #inside: boolean;
  #atStart = true;
  #afterClose = false;
  #open: string;
  #close: string;

  /** `startInside`: the prompt already opened the section (DeepSeek's template ends with `<think>`). */
  constructor(open: string, close: string, startInside: boolean) {
    this.#open = open;
    this.#close = close;
    this.#inside = startInside;
  }

  push(delta: string): Segment[] {
    const out: Segment[] = [];
    let buf = this.#pending + delta;
    this.#pending = '';
    while (buf) {
      if (this.#atStart) {
        // The section may only open at the very start (after whitespace); later tags are text.
        const trimmed = buf.trimStart();
        if (trimmed.startsWith(this.#open)) {
          buf = trimmed.slice(this.#open.length);
          this.#inside = true;
          this.#atStart = false;
          continue;
        }
        if (this.#open.startsWith(trimmed)) {
          this.#pending = buf;
          return out;
        }
        this.#atStart = false;
      }
      if (this.#inside) {
        const at = buf.indexOf(this.#close);
        if (at >= 0) {
          emit(out, 'reasoning', buf.slice(0, at));
          buf = buf.slice(at + this.#close.length);
          this.#inside = false;
          this.#afterClose = true;
          continue;
        }
        const keep = partialSuffix(buf, this.#close);
        emit(out, 'reasoning', buf.slice(0, buf.length - keep));
        this.#pending = buf.slice(buf.length - keep);
        return out;
      }
      if (this.#afterClose) {
        // The blank line between the section and the answer is layout, not answer.
        buf = buf.replace(/^\s+/, '');
        if (!buf) return out;
        this.#afterClose = false;
      }
      emit(out, 'text', buf);
      return out;
    }
    return out;
  }

  /** End of input: whatever was held back is emitted as what it would have been. */
  flush(): Segment[] {
    const rest = this.#pending;
    this.#pending = '';
    if (!rest) return [];
    if (this.#inside) return [{ kind: 'reasoning', text: rest }];
    return this.#afterClose && !rest.trim() ? [] : [{ kind: 'text', text: rest }];
  }
}

function emit(out: Segment[], kind: Segment['kind'], text: string): void {
  if (text) out.push({ kind, text });
}

/** Length of the longest suffix of `s` that is a proper prefix of `tag`. */
function partialSuffix(s: string, tag: string): number {
  for (let n = Math.min(tag.length - 1, s.length); n > 0; n--) if (tag.startsWith(s.slice(s.length - n))) return n;
  return 0;
}

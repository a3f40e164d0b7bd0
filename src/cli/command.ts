// The shape of a CLI command and the flag parser they share. A command is one module in
// `src/cli/commands/` exporting a `Command` (its flags, help and `run`) plus one row in the table of
// `commands/index.ts`. Modules stay light: what a command needs to run (the provider, the
// emulator) is imported inside `run`, so `--help`, `--version` and a misspelt flag load nothing.
import type { Io } from './io.js';

/** A misuse of the command line: printed as one line, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export interface FlagSpec {
  type: 'string' | 'boolean';
  /** One letter: `-m`. */
  short?: string;
  /** May be given more than once (`-a one.png -a two.png`); the values come as a list. */
  multiple?: boolean;
  /** Placeholder shown in the help: `<id>`. */
  arg?: string;
  help: string;
}

export type FlagTable = Record<string, FlagSpec>;

export interface Command {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** After `bedrock-wire <name>`: `[options] [prompt...]`. */
  usage: string;
  /** Paragraphs after the usage line in `<name> --help`. */
  description?: string;
  flags: FlagTable;
  examples?: string[];
  run(args: CommandArgs, io: Io): Promise<number>;
}

/** The parsed command line of one command. Accessors validate and name the flag on a bad value. */
export class CommandArgs {
  readonly positionals: string[];
  readonly #values: Map<string, string | true | string[]>;
  constructor(positionals: string[], values: Map<string, string | true | string[]>) {
    this.positionals = positionals;
    this.#values = values;
  }
  has(name: string): boolean {
    return this.#values.has(name);
  }
  string(name: string): string | undefined {
    const v = this.#values.get(name);
    return typeof v === 'string' ? v : undefined;
  }
  bool(name: string): boolean {
    return this.#values.get(name) === true;
  }
  list(name: string): string[] {
    const v = this.#values.get(name);
    return Array.isArray(v) ? v : [];
  }
  number(name: string, min: number, max: number): number | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n < min || n > max) {
      throw new UsageError(`--${name} must be a number between ${min} and ${max}, got ${JSON.stringify(value)}`);
    }
    return n;
  }
}

/** The help flag every command takes. */
export const HELP_FLAG: FlagTable = { help: { type: 'boolean', short: 'h', help: 'this help' } };

/** Levenshtein distance, for "did you mean". */
export function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}

/** The closest of `candidates` to `word`, when it is close enough to be a slip of the keyboard. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = c.startsWith(word) && word.length >= 2 ? 0.5 : distance(word, c);
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

/**
 * Parses `argv` (what follows the command name) against `command.flags`: `--name value`,
 * `--name=value`, `-m value`, `-mvalue`, grouped short booleans (`-ih`), `--` ends the options.
 * An option the command does not take is a `UsageError` naming the closest one; `otherFlags` lets
 * the message say which command does take it.
 */
export function parseCommandArgs(command: Command, argv: string[], otherFlags: Map<string, string[]> = new Map()): CommandArgs {
  const table = command.flags;
  const byShort = new Map<string, string>();
  for (const [name, spec] of Object.entries(table)) if (spec.short) byShort.set(spec.short, name);
  const values = new Map<string, string | true | string[]>();
  const positionals: string[] = [];

  const set = (name: string, value: string | true): void => {
    const spec = table[name];
    if (spec.multiple) {
      const list = values.get(name);
      values.set(name, [...(Array.isArray(list) ? list : []), value as string]);
    } else {
      values.set(name, value);
    }
  };
  const unknown = (shown: string, bare: string): UsageError => {
    const hint = closest(bare, Object.keys(table));
    const owners = otherFlags.get(bare);
    const where = hint !== undefined ? `; did you mean --${hint}?` : owners?.length ? `, an option of ${owners.join(', ')}` : '';
    return new UsageError(`${command.name} does not take ${shown}${where} (bedrock-wire ${command.name} --help)`);
  };

  for (let i = 0; i < argv.length; i++) {
    const tok = argv[i];
    if (tok === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (tok.startsWith('--')) {
      const eq = tok.indexOf('=');
      const name = eq === -1 ? tok.slice(2) : tok.slice(2, eq);
      const inline = eq === -1 ? undefined : tok.slice(eq + 1);
      const spec = Object.hasOwn(table, name) ? table[name] : undefined;
      if (!spec) throw unknown(`--${name}`, name);
      if (spec.type === 'boolean') {
        if (inline !== undefined) throw new UsageError(`--${name} takes no value`);
        set(name, true);
      } else {
        const value = inline ?? argv[++i];
        if (value === undefined) throw new UsageError(`--${name} needs a value${spec.arg ? ` ${spec.arg}` : ''}`);
        set(name, value);
      }
      continue;
    }
    if (tok.startsWith('-') && tok.length > 1 && !/^-\d/.test(tok)) {
      for (let k = 1; k < tok.length; k++) {
        const letter = tok[k];
        const name = byShort.get(letter);
        if (name === undefined) throw unknown(`-${letter}`, letter);
        if (table[name].type === 'boolean') {
          set(name, true);
          continue;
        }
        const value = k + 1 < tok.length ? tok.slice(k + 1) : argv[++i];
        if (value === undefined) throw new UsageError(`-${letter} (--${name}) needs a value${table[name].arg ? ` ${table[name].arg}` : ''}`);
        set(name, value);
        break;
      }
      continue;
    }
    positionals.push(tok);
  }
  return new CommandArgs(positionals, values);
}

/** `bedrock-wire <name> --help`. */
export function commandHelp(command: Command): string {
  const rows = Object.entries(command.flags).map(([name, spec]) => {
    const left = `${spec.short ? `-${spec.short}, ` : '    '}--${name}${spec.arg ? ` ${spec.arg}` : ''}`;
    return [left, spec.help + (spec.multiple ? ' (repeatable)' : '')];
  });
  const width = Math.max(...rows.map((r) => r[0].length));
  const out = [`Usage: bedrock-wire ${command.name} ${command.usage}`.trimEnd(), '', command.summary];
  if (command.description) out.push('', command.description);
  out.push('', 'Options:', ...rows.map(([l, r]) => `  ${l.padEnd(width)}  ${r}`));
  if (command.examples?.length) out.push('', 'Examples:', ...command.examples.map((e) => `  ${e}`));
  return out.join('\n') + '\n';
}

// The command table. To add a command: a module next to this one exporting a `Command` (see
// ../command.ts: flags, help, `run`), and one row here. Keep the module light — import what `run`
// needs inside `run` — because every command module loads for `--help` and for flag suggestions.
import type { Command } from '../command.js';
import { chat } from './chat.js';
import { demo } from './demo.js';
import { emulator } from './emulator.js';
import { health } from './health.js';
import { models } from './models.js';
import { sonic } from './sonic.js';
import { embedCommand, guardrailCommand, imageCommand, rerankCommand } from './ops.js';

/** In the order `bedrock-wire --help` lists them. */
export const COMMANDS: readonly Command[] = [chat, models, health, emulator, demo, sonic, embedCommand, imageCommand, rerankCommand, guardrailCommand];

export function findCommand(name: string): Command | undefined {
  return COMMANDS.find((c) => c.name === name);
}

/** flag name → the commands that take it (for "it is an option of ..."). */
export function flagOwners(): Map<string, string[]> {
  const owners = new Map<string, string[]>();
  for (const c of COMMANDS) for (const f of Object.keys(c.flags)) owners.set(f, [...(owners.get(f) ?? []), c.name]);
  return owners;
}

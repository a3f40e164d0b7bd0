// Region from the shared AWS config files, read as the AWS SDK for JavaScript v3 reads them
// (@smithy/shared-ini-file-loader: parseIni, getConfigData, getHomeDir; @smithy/node-config-provider
// fromSharedConfigFiles with preferredFile 'config'):
// - files: `AWS_CONFIG_FILE` (default `~/.aws/config`) and `AWS_SHARED_CREDENTIALS_FILE` (default
//   `~/.aws/credentials`); a leading `~/` is the home directory (HOME, USERPROFILE, HOMEDRIVE+HOMEPATH,
//   else os.homedir()).
// - profile: the option, else `AWS_PROFILE`, else `default`.
// - in the config file a profile is `[profile name]` (or `[default]`); in the credentials file, `[name]`.
//   A region in the config file wins over one in the credentials file.
// Node only: reached through platform-node.ts. Nothing here throws: a file that is missing or
// unreadable (Deno without --allow-read) is no region.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { readEnv, type Env } from './env.js';
import type { ConfigFileRegion } from './platform.js';

type Sections = Record<string, Record<string, string>>;

/** The SDK's parseIni: `[section]`, `key = value`, `#`/`;` comment lines, indented sub-properties. */
export function parseIni(text: string): Sections {
  const out: Sections = {};
  let section: string | undefined;
  let sub: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    const t = line.split(/(^|\s)[;#]/)[0]!.trim();
    if (!t) continue;
    if (t.startsWith('[') && t.endsWith(']')) {
      const name = t.slice(1, -1).trim();
      const typed = /^([\w-]+)\s+(["'])?([\w\-@+.%:/]+)\2$/.exec(name);
      section = typed ? `${typed[1]}.${typed[3]}` : name;
      sub = undefined;
      if (section === '__proto__') section = undefined;
      continue;
    }
    const eq = t.indexOf('=');
    if (section === undefined || eq <= 0) continue;
    const key = t.slice(0, eq).trim();
    const value = t.slice(eq + 1).trim();
    if (value === '') {
      sub = key;
      continue;
    }
    if (sub !== undefined && line.trimStart() === line) sub = undefined;
    (out[section] ??= Object.create(null) as Record<string, string>)[sub === undefined ? key : `${sub}.${key}`] = value;
  }
  return out;
}

function homeDir(env: Env | undefined): string {
  const home = readEnv(env, 'HOME') ?? readEnv(env, 'USERPROFILE');
  if (home) return home;
  const path = readEnv(env, 'HOMEPATH');
  if (path) return `${readEnv(env, 'HOMEDRIVE') ?? 'C:\\'}${path}`;
  try {
    return homedir();
  } catch {
    return '';
  }
}

function read(file: string): Sections | undefined {
  try {
    return parseIni(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

function resolvePath(path: string, env: Env | undefined): string {
  return path.startsWith('~/') ? join(homeDir(env), path.slice(2)) : path;
}

/** The shared config and credentials files, as the SDK's parseKnownFiles / loadSsoSessionData see them. */
export interface SharedConfig {
  /** Profiles by name: the config file's `[profile x]` (or `[default]`) merged with the credentials file's `[x]`, credentials winning per key. */
  profiles: Sections;
  /** The config file's sections as parsed (`sso-session.x`, `services.x`, ...). */
  config: Sections;
  configFile: string;
  credentialsFile: string;
  /** The home directory, as the SDK finds it (HOME, USERPROFILE, HOMEDRIVE+HOMEPATH, os.homedir()). */
  home: string;
}

/** Reads both files (a missing or unreadable file is empty). */
export function loadSharedConfig(env: Env | undefined): SharedConfig {
  const home = homeDir(env);
  const configFile = resolvePath(readEnv(env, 'AWS_CONFIG_FILE') ?? join(home, '.aws', 'config'), env);
  const credentialsFile = resolvePath(readEnv(env, 'AWS_SHARED_CREDENTIALS_FILE') ?? join(home, '.aws', 'credentials'), env);
  const config = read(configFile) ?? {};
  const profiles: Sections = Object.create(null) as Sections;
  // getConfigData: `[default]` first, then every `[profile x]` in file order (`[profile default]` replaces `[default]`).
  if (config.default) profiles.default = { ...config.default };
  for (const key of Object.keys(config)) if (key.startsWith('profile.')) profiles[key.slice(8)] = { ...config[key] };
  const credentials = read(credentialsFile) ?? {};
  for (const key of Object.keys(credentials)) profiles[key] = Object.assign(profiles[key] ?? {}, credentials[key]);
  return { profiles, config, configFile, credentialsFile, home };
}

export function configFileRegion(env: Env | undefined, profileOption: string | undefined): ConfigFileRegion | undefined {
  const profile = profileOption?.trim() || readEnv(env, 'AWS_PROFILE') || 'default';
  const home = (): string => homeDir(env);
  const configFile = resolvePath(readEnv(env, 'AWS_CONFIG_FILE') ?? join(home(), '.aws', 'config'), env);
  const config = read(configFile);
  // `[profile default]` and `[default]` both name the default profile; the typed one is applied last, as in the SDK.
  const fromConfig = config?.[`profile.${profile}`]?.region ?? (profile === 'default' ? config?.default?.region : undefined);
  if (fromConfig) return { region: fromConfig, file: configFile, profile };
  const credentialsFile = resolvePath(readEnv(env, 'AWS_SHARED_CREDENTIALS_FILE') ?? join(home(), '.aws', 'credentials'), env);
  const fromCredentials = read(credentialsFile)?.[profile]?.region;
  return fromCredentials ? { region: fromCredentials, file: credentialsFile, profile } : undefined;
}

import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { ConfigError } from '../errors.ts';
import type { AnySetting } from './setting.ts';
import { type Config, SETTINGS, type SettingKey } from './table.ts';

/** The configuration file: `--config FILE` or RECO_CONFIG_FILE (YAML or JSON). */
const CONFIG_FILE_FLAG = 'config';
const CONFIG_FILE_ENV = 'RECO_CONFIG_FILE';

/** Where a setting's effective value came from. */
export type SettingSource = 'default' | 'file' | 'env' | 'flag';

/**
 * Reads a configuration file: a YAML (or JSON) mapping from setting names (`port`, or the
 * variable name `RECO_PORT`) to values. Unknown names and bad values are ConfigErrors naming the
 * file and the key, so a typo stops startup instead of being ignored.
 */
function readConfigFile(path: string): Map<SettingKey, string> {
  let doc: unknown;
  try {
    doc = parseYaml(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new ConfigError(`${path}: cannot read the configuration file: ${(e as Error).message}`);
  }
  if (doc === null || doc === undefined) return new Map();
  if (typeof doc !== 'object' || Array.isArray(doc))
    throw new ConfigError(`${path}: expected a mapping of setting names to values`);
  const byEnv = new Map(Object.entries(SETTINGS).map(([k, s]) => [s.env, k as SettingKey]));
  const out = new Map<SettingKey, string>();
  for (const [name, value] of Object.entries(doc as Record<string, unknown>)) {
    const key = (name in SETTINGS ? name : byEnv.get(name)) as SettingKey | undefined;
    if (!key) {
      throw new ConfigError(
        `${path}: unknown setting "${name}" (known: ${Object.keys(SETTINGS).join(', ')})`,
      );
    }
    if (SETTINGS[key].flag === null)
      throw new ConfigError(`${path}: ${name}: set by the environment only (${SETTINGS[key].env})`);
    const structured = (SETTINGS[key] as AnySetting).structured === true;
    if (value === null || (typeof value === 'object' && !structured))
      throw new ConfigError(`${path}: ${name}: expected a number, string or boolean`);
    out.set(key, typeof value === 'object' ? JSON.stringify(value) : String(value));
  }
  return out;
}

/**
 * Effective configuration: defaults, overridden by the configuration file, by `RECO_*`
 * environment variables, then by flags. A bad value throws a ConfigError naming the file key,
 * variable or flag.
 */
export function resolveConfigWithSources(
  flags: Record<string, string | boolean | undefined> = {},
  env: NodeJS.ProcessEnv = process.env,
): { config: Config; sources: Record<SettingKey, SettingSource>; file?: string } {
  const flagFile = flags[CONFIG_FILE_FLAG];
  const file = typeof flagFile === 'string' ? flagFile : env[CONFIG_FILE_ENV] || undefined;
  const fromFile = file ? readConfigFile(file) : new Map<SettingKey, string>();
  const out: Record<string, unknown> = {};
  const sources = {} as Record<SettingKey, SettingSource>;
  for (const [key, s] of Object.entries(SETTINGS) as [SettingKey, AnySetting][]) {
    let value: unknown = s.default;
    let source: SettingSource = 'default';
    const inFile = fromFile.get(key);
    if (inFile !== undefined) {
      value = s.parse(inFile, `${file}: ${key}`);
      source = 'file';
    }
    const fromEnv = env[s.env];
    if (fromEnv !== undefined) {
      value = s.parse(fromEnv, s.env);
      source = 'env';
    }
    const fromFlag = s.flag === null ? undefined : flags[s.flag];
    if (typeof fromFlag === 'string' || typeof fromFlag === 'boolean') {
      value = s.parse(String(fromFlag), `--${s.flag}`);
      source = 'flag';
    }
    out[key] = value;
    sources[key] = source;
  }
  return { config: out as Config, sources, file };
}

export function resolveConfig(
  flags: Record<string, string | boolean | undefined> = {},
  env: NodeJS.ProcessEnv = process.env,
): Config {
  return resolveConfigWithSources(flags, env).config;
}

/**
 * parseArgs option declarations for a subset of settings, plus `--config FILE`. A boolean
 * setting is a bare switch (`--insecure-open`), every other one takes a value; one the
 * environment alone sets (no flag) is left out.
 */
export function settingFlags(keys: readonly SettingKey[]): Record<string, { type: 'string' | 'boolean' }> {
  return {
    [CONFIG_FILE_FLAG]: { type: 'string' as const },
    ...Object.fromEntries(
      keys.flatMap((k) => {
        const { flag, default: def } = SETTINGS[k] as AnySetting;
        if (flag === null) return [];
        return [[flag, { type: typeof def === 'boolean' ? ('boolean' as const) : ('string' as const) }]];
      }),
    ),
  };
}

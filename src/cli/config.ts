import { parseArgs } from 'node:util';
import { resolveConfigWithSources, SETTINGS, type SettingKey, settingFlags } from '../config/settings.ts';

export const CONFIG_USAGE = `reco config [any setting's flag]

Prints the effective configuration as JSON, one row per setting with its value and where it
came from (default < configuration file < RECO_* environment < flag); secrets are masked.`;

/** `reco config`: the effective configuration with where each value came from; secrets masked. */
export async function runConfig(args: string[]): Promise<void> {
  const keys = Object.keys(SETTINGS) as SettingKey[];
  const { values } = parseArgs({ args, options: settingFlags(keys), strict: true });
  const { config, sources, file } = resolveConfigWithSources(values);
  const rows = keys.map((k) => {
    const s = SETTINGS[k] as { env: string; flag: string | null; secret?: boolean };
    const source = { default: 'default', file: `file ${file}`, env: s.env, flag: `--${s.flag}` }[sources[k]];
    const value = s.secret && config[k] !== '' ? '***' : config[k];
    return { setting: k, value, source };
  });
  process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
}

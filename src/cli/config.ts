import { parseArgs } from 'node:util';
import { resolveConfig, SETTINGS, type SettingKey, settingFlags } from '../config/settings.ts';

/** `reco config`: the effective configuration with where each value came from; secrets masked. */
export async function runConfig(args: string[]): Promise<void> {
  const keys = Object.keys(SETTINGS) as SettingKey[];
  const { values } = parseArgs({ args, options: settingFlags(keys), strict: true });
  const cfg = resolveConfig(values);
  const rows = keys.map((k) => {
    const s = SETTINGS[k] as { env: string; flag: string; secret?: boolean };
    const source =
      values[s.flag] !== undefined ? `--${s.flag}` : process.env[s.env] !== undefined ? s.env : 'default';
    return { setting: k, value: s.secret ? '***' : cfg[k], source };
  });
  process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
}

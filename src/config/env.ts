import type { Setting } from './setting.ts';
import { type Config, SETTINGS, type SettingKey } from './table.ts';

/**
 * One setting as the environment alone gives it: its variable parsed by the table's entry (a
 * bad value is a ConfigError naming the variable), or the default when the variable is unset.
 * For what is read where it is used, outside a command's resolved configuration: the runtime's
 * switches, a worker's index. Read at every call, so a change of `process.env` takes effect.
 */
export function envSetting<K extends SettingKey>(key: K, env: NodeJS.ProcessEnv = process.env): Config[K] {
  const s = SETTINGS[key] as unknown as Setting<Config[K]>;
  const raw = env[s.env];
  return raw === undefined ? s.default : s.parse(raw, s.env);
}

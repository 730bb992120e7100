/**
 * The settings, one import away: the table (table.ts, its entries in groups/), the shape of an
 * entry and its value parsers (setting.ts), resolving a command's configuration from defaults, a
 * file, the environment and flags (resolve.ts), and reading one setting from the environment
 * where it is used (env.ts).
 */
export { envSetting } from './env.ts';
export { resolveConfig, resolveConfigWithSources, settingFlags } from './resolve.ts';
export { type Config, SETTINGS, type SettingKey } from './table.ts';

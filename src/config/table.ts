import { ACCESS_SETTINGS } from './groups/access.ts';
import { LIMIT_SETTINGS } from './groups/limits.ts';
import { LIST_SETTINGS } from './groups/lists.ts';
import { RETENTION_SETTINGS } from './groups/retention.ts';
import { RETRAINING_SETTINGS } from './groups/retraining.ts';
import { RUNTIME_SETTINGS } from './groups/runtime.ts';
import { SERVICE_SETTINGS } from './groups/service.ts';
import type { AnySetting } from './setting.ts';

/**
 * Every runtime setting in one table: its environment variable, its flag, its default and its
 * meaning. The CLI, `reco config` and the README's configuration table all read this list; its
 * groups (groups/*.ts) keep their order here.
 */
export const SETTINGS = {
  ...SERVICE_SETTINGS,
  ...RETRAINING_SETTINGS,
  ...RETENTION_SETTINGS,
  ...ACCESS_SETTINGS,
  ...LIMIT_SETTINGS,
  ...LIST_SETTINGS,
  ...RUNTIME_SETTINGS,
} satisfies Record<string, AnySetting>;

export type SettingKey = keyof typeof SETTINGS;
export type Config = { [K in SettingKey]: (typeof SETTINGS)[K]['default'] };

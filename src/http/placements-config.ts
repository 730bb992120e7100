import { Value } from '@sinclair/typebox/value';
import { ConfigError } from '../errors.ts';
import { type PlacementConfig, PlacementTable } from '../serving/placements.ts';
import { PlacementConfigSchema } from './schemas/placements.ts';

/** Placement names: what `?placement=` accepts (PlacementNameSchema's length, no separators). */
const NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/**
 * The placements setting (JSON: the configuration file's `placements` mapping) as a table over
 * the built-ins, checked against the schema GET /placements documents. A bad entry stops
 * start-up with a ConfigError naming the placement and the field.
 */
export function placementsFromSetting(json: string): PlacementTable {
  if (json === '') return new PlacementTable();
  const doc = JSON.parse(json) as Record<string, unknown>;
  const configured: Record<string, PlacementConfig> = {};
  for (const [name, value] of Object.entries(doc)) {
    if (!NAME.test(name))
      throw new ConfigError(`placements: "${name.slice(0, 64)}": a name is 1-64 of a-z, 0-9, _ and -`);
    const error = Value.Errors(PlacementConfigSchema, value).First();
    if (error) throw new ConfigError(`placements: ${name}${error.path || ''}: ${error.message}`);
    configured[name] = value as PlacementConfig;
  }
  try {
    return new PlacementTable(configured);
  } catch (e) {
    throw new ConfigError(`placements: ${(e as Error).message}`);
  }
}

import { ConfigError } from '../errors.ts';

/**
 * One runtime setting: its environment variable, its flag, its default and its meaning. The
 * table of them all is SETTINGS (table.ts); this module holds their shape and the value parsers.
 */
export interface Setting<T> {
  env: string;
  /**
   * The command-line flag, or null for a setting the environment alone sets: a switch the
   * runtime reads where it is used, before and without any command's flags (a configuration
   * file may not name it either).
   */
  flag: string | null;
  default: T;
  description: string;
  parse: (raw: string, name: string) => T;
  secret?: boolean;
  /**
   * The configuration file may give a mapping or a list here (written through as JSON, which
   * `parse` reads); the environment and the flag give the JSON itself.
   */
  structured?: boolean;
}

export type AnySetting = Setting<string | number | boolean>;

export const int =
  (min: number, max: number) =>
  (raw: string, name: string): number => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new ConfigError(`${name}: expected an integer in [${min}, ${max}], got "${raw}"`);
    }
    return n;
  };

export const num =
  (min: number, max: number) =>
  (raw: string, name: string): number => {
    const n = Number(raw);
    if (!Number.isFinite(n) || n < min || n > max) {
      throw new ConfigError(`${name}: expected a number in [${min}, ${max}], got "${raw}"`);
    }
    return n;
  };

export const str = (raw: string, name: string): string => {
  if (raw.trim() === '') throw new ConfigError(`${name}: expected a non-empty value`);
  return raw;
};

export const bool = (raw: string, name: string): boolean => {
  const v = raw.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off', ''].includes(v)) return false;
  throw new ConfigError(`${name}: expected true or false, got "${raw}"`);
};

export const oneOf =
  (values: readonly string[]) =>
  (raw: string, name: string): string => {
    if (!values.includes(raw))
      throw new ConfigError(`${name}: expected one of ${values.join(', ')}, got "${raw}"`);
    return raw;
  };

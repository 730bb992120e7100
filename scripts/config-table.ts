// Prints the README's configuration table from the one settings list (src/config/settings.ts).
// A setting without a flag is set by the environment alone.
import { SETTINGS } from '../src/config/settings.ts';

for (const [key, s] of Object.entries(SETTINGS)) {
  const def = s.default === '' ? '(empty)' : `\`${s.default}\``;
  const flag = s.flag === null ? '(environment only)' : `\`--${s.flag}\``;
  process.stdout.write(`| ${key} | \`${s.env}\` | ${flag} | ${def} | ${s.description} |\n`);
}

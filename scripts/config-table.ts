// Prints the README's configuration table from the one settings list (src/config/settings.ts).
import { SETTINGS } from '../src/config/settings.ts';

for (const [key, s] of Object.entries(SETTINGS)) {
  const def = s.default === '' ? '(empty)' : `\`${s.default}\``;
  process.stdout.write(`| ${key} | \`${s.env}\` | \`--${s.flag}\` | ${def} | ${s.description} |\n`);
}

import { parseArgs } from 'node:util';
import { collectBundles } from '../bundle/gc.ts';
import { resolveConfig, settingFlags } from '../config/settings.ts';

export const GC_USAGE = `reco gc [--model DIR] [--keep-bundles N] [--dry-run]

Deletes old bundles from the models directory: keeps current, the newest N others, and any a
server holds a fresh lease on; prints what it kept and deleted as JSON. \`reco train\` runs
the same clean-up after every bundle it serves.`;

/** `reco gc`: the clean-up `reco train` does, on its own (after a crash, or with another N). */
export async function runGc(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { ...settingFlags(['modelDir', 'keepBundles']), 'dry-run': { type: 'boolean' } },
    strict: true,
  });
  const cfg = resolveConfig(values);
  const result = await collectBundles(cfg.modelDir, { keep: cfg.keepBundles, dryRun: values['dry-run'] });
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

import { rm } from 'node:fs/promises';
import { collectBundles } from '../bundle/gc.ts';
import { type BundleFigures, judge, type QualityComparison, type TrainReport } from '../bundle/guard.ts';
import { type PreviousBundle, readCurrentBundle } from '../bundle/previous.ts';
import { loadBundle } from '../bundle/read.ts';
import { pointCurrent } from '../bundle/write.ts';
import { SETTINGS } from '../config/settings.ts';
import type { Dataset } from '../data/loaders/jsonl.ts';
import { initTf, runtimeSummary } from '../runtime/tf.ts';
import { type PipelineConfig, type PipelineResult, runPipeline } from './pipeline.ts';
import { createProgress } from './progress.ts';
import { compareOnSharedSplit } from './shared-split.ts';
import { type Log, loadTrainingData, type TrainSource } from './training-set.ts';
import { tuneConfig } from './tune.ts';

/** How `reco train` decides whether the new bundle replaces the current one. */
export interface TrainGuard {
  /** Largest share of the catalogue or users the new bundle may lose. */
  maxShrink: number;
  /** Serve the new bundle even when the checks refuse it. */
  allowShrink?: boolean;
  /** Train on the given sources alone, without the current bundle's catalogue, users and histories. */
  fresh?: boolean;
  /** Old bundles kept besides `current` by the clean-up after a served training. */
  keepBundles: number;
}

export const DEFAULT_TRAIN_GUARD: TrainGuard = {
  maxShrink: SETTINGS.retrainMaxShrink.default,
  keepBundles: SETTINGS.keepBundles.default,
};

const sec = (ms: number | undefined) => `${((ms ?? 0) / 1000).toFixed(1)} s`;

/** Where the training time went, one line, in the order the phases run. */
function timeSplit(loadMs: number, t: Record<string, number>): string {
  const epochs = t.retrievalEpochs ? `, ${t.retrievalEpochs} epochs` : '';
  return (
    `time: loading ${sec(loadMs)}, vocabularies and timelines ${sec(t.prepareMs)}, ` +
    `retrieval ${sec(t.retrievalMs)} (examples ${sec(t.retrievalExamplesMs)}${epochs}), ` +
    `index ${sec(t.indexMs)}, ranker ${sec(t.rankerMs)}, blend ${sec(t.blendMs)}, bundle files ${sec(t.writeMs)}`
  );
}

/** What `reco train` did: the verdict, and the bundle when it became current. */
export interface TrainOutcome {
  report: TrainReport;
  result?: PipelineResult;
}

const figures = (m: PipelineResult['manifest']): BundleFigures => ({
  version: m.version,
  items: m.data.items,
  users: m.data.users,
});

/**
 * Both bundles on the same validation rows (shared-split.ts). Undefined when the current one cannot be
 * loaded (then it is not being served well either, and only the counts are compared).
 */
async function compareQuality(
  currentDir: string,
  candidateDir: string,
  data: Dataset,
  log: Log,
): Promise<QualityComparison | undefined> {
  const cur = await loadBundle(currentDir, { minIndexRecall: 0 }).catch((e: Error) => {
    log(`the current bundle cannot be loaded (${e.message}): quality not compared`);
    return undefined;
  });
  if (!cur) return undefined;
  try {
    const cand = await loadBundle(candidateDir, { minIndexRecall: 0 });
    try {
      return compareOnSharedSplit(cur, cand, data);
    } finally {
      cand.dispose();
    }
  } finally {
    cur.dispose();
  }
}

/**
 * Trains, then promotes the new bundle to `current` only if the guard accepts it against the
 * bundle served now (see retrain-guard.ts); a refused bundle is deleted at once. A served one is
 * followed by the bundle clean-up (gc.ts), which leaves bundles that servers hold leases on.
 */
export async function train(
  src: TrainSource,
  outDir: string,
  config: PipelineConfig,
  quiet = false,
  guard: TrainGuard = DEFAULT_TRAIN_GUARD,
): Promise<TrainOutcome> {
  const log: Log = quiet ? () => {} : (line) => process.stderr.write(`${line}\n`);
  const rt = await initTf();
  const progress = createProgress(!quiet);
  log(runtimeSummary(rt));
  const found = await readCurrentBundle(outDir);
  if (found && 'unreadable' in found)
    log(`the current bundle is not readable (${found.unreadable}): it is replaced unchecked`);
  const current = found && !('unreadable' in found) ? found : undefined;
  const tLoad = performance.now();
  const data = await loadTrainingData(src, log, guard.fresh ? undefined : current);
  const loadMs = performance.now() - tLoad;
  const tuned = config.tune ? await tuneConfig(data, config, config.tune, progress) : config;
  const result = await runPipeline(data, outDir, tuned, progress, { promote: false });
  const m = result.manifest;
  log(
    `bundle ${m.version} written to ${result.dir} in ${(m.timings.totalMs / 1000).toFixed(1)} s: ` +
      `retrieval recall@100 ${m.metrics.retrieval.recall['100'].toFixed(3)}, ` +
      `${m.metrics.ranker ? `ranker AUC ${m.metrics.ranker.auc.toFixed(3)}` : 'no ranker'}, index recall@100 ${m.metrics.index.recallAt100.toFixed(3)}`,
  );
  log(timeSplit(loadMs, m.timings));
  let report: TrainReport;
  try {
    report = await decide(current, result, data, guard, log);
  } catch (e) {
    // Never linked, so nothing serves it: it must not wait for the clean-up to go.
    await rm(result.dir, { recursive: true, force: true });
    throw e;
  }
  if (report.status === 'refused') {
    log(`not served: ${report.message}`);
    return { report };
  }
  await pointCurrent(outDir, m.version);
  report.modelVersion = m.version;
  await cleanUp(outDir, guard.keepBundles, log);
  return { report, result };
}

/** The guard's verdict on the new bundle (`result`, not linked yet); a refused one is deleted here. */
async function decide(
  current: PreviousBundle | undefined,
  result: PipelineResult,
  data: Dataset,
  guard: TrainGuard,
  log: Log,
): Promise<TrainReport> {
  const m = result.manifest;
  const candidate = figures(m);
  let report: TrainReport;
  if (!current) {
    report = {
      status: 'served',
      message: `bundle ${m.version} is current (there was none to compare with)`,
      candidate,
    };
  } else {
    const cur = figures(current.manifest);
    const opts = { maxShrink: guard.maxShrink };
    // The counts first: a shrunken catalogue makes the quality figures meaningless, and comparing
    // them costs two bundle loads.
    let verdict = judge(cur, candidate, undefined, opts);
    let quality: QualityComparison | undefined;
    if (!verdict || guard.allowShrink) {
      quality = await compareQuality(current.dir, result.dir, data, log);
      if (quality && quality.rows > 0) {
        cur.quality = quality.current;
        candidate.quality = quality.candidate;
      }
      verdict ??= judge(cur, candidate, quality, opts);
    }
    const base = { current: cur, candidate, ...(quality?.rows ? { qualityRows: quality.rows } : {}) };
    if (verdict && !guard.allowShrink) {
      await rm(result.dir, { recursive: true, force: true });
      report = {
        status: 'refused',
        code: verdict.code,
        message: `${verdict.message}; the new bundle was deleted and ${cur.version} stays current`,
        ...base,
      };
    } else {
      report = {
        status: 'served',
        message: verdict
          ? `bundle ${m.version} is current although ${verdict.message} (--allow-shrink)`
          : `bundle ${m.version} replaces ${cur.version}`,
        ...(verdict ? { overridden: verdict.code } : {}),
        ...base,
      };
    }
  }
  return report;
}

/** The clean-up after a new bundle became current; a failure costs disk, never the training. */
export async function cleanUp(outDir: string, keep: number, log: Log): Promise<void> {
  try {
    const gc = await collectBundles(outDir, { keep });
    if (gc.removed.length || gc.leased.length)
      log(
        `clean-up: deleted ${gc.removed.length} old bundles, kept ${gc.kept.length} besides current` +
          (gc.leased.length ? ` and ${gc.leased.length} still served (${gc.leased.join(', ')})` : ''),
      );
  } catch (e) {
    log(`clean-up of old bundles failed: ${(e as Error).message}`);
  }
}

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { parseQuotas } from '../../bundle/sources-config.ts';
import { idProblem } from '../../data/ids.ts';
import { ValidationError } from '../../errors.ts';
import type { Engine } from '../../serving/engine.ts';
import type { Metrics } from '../plugins/metrics.ts';
import { getRecommendationsSchema, getSimilarSchema } from '../schemas/recommendations.ts';

const list = (csv?: string) =>
  csv === undefined
    ? undefined
    : csv
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean);

/** GET /recommendations/:userId and GET /items/:itemId/similar: request types from their schemas. */
export const recommendationRoutes: FastifyPluginAsyncTypebox<{ engine: Engine; metrics: Metrics }> = async (
  app,
  { engine, metrics },
) => {
  app.get('/recommendations/:userId', { schema: getRecommendationsSchema }, async (req) => {
    checkId('userId', req.params.userId);
    const {
      k,
      device,
      country,
      explain,
      topics,
      excludeTopics,
      maxAgeDays,
      freshnessBoost,
      diversityLambda,
      maxPerTopic,
      sources,
      pinned,
      maxPerProvider,
      longTailMin,
      longTailHeadPercent,
      longTailMargin,
    } = req.query;
    const context = device || country ? { device, country } : undefined;
    const filters =
      topics !== undefined || excludeTopics !== undefined || maxAgeDays !== undefined
        ? { topics: list(topics), excludeTopics: list(excludeTopics), maxAgeDays }
        : undefined;
    const rules = {
      freshnessBoost,
      diversityLambda,
      maxPerTopic,
      maxPerProvider,
      longTailMin,
      longTailHeadPercent,
      longTailMargin,
    };
    const { timings, ...rec } = await engine.recommend({
      userId: req.params.userId,
      k,
      context,
      explain,
      filters,
      rules,
      sources: sources === undefined ? undefined : quotasOf(sources),
      pinned: pinned === undefined ? undefined : pinsOf(pinned),
    });
    if (timings) metrics.stageTimings(timings);
    return rec;
  });
  app.get('/items/:itemId/similar', { schema: getSimilarSchema }, async (req) => {
    checkId('itemId', req.params.itemId);
    if (req.query.userId !== undefined) checkId('userId', req.query.userId);
    const { k, userId } = req.query;
    return engine.similar({ itemId: req.params.itemId, k, userId });
  });
};

/** `?pinned=a,b:3` as ids with slots, or a 400 naming `pinned`. */
function pinsOf(text: string): { itemId: string; slot?: number }[] {
  return text.split(',').map((part) => {
    const m = /^([^:]+?)(?::(\d{1,3}))?$/.exec(part.trim());
    const slot = m?.[2] === undefined ? undefined : Number(m[2]);
    const problem = !m
      ? 'expected itemId or itemId:slot'
      : (idProblem(m[1]) ??
        (slot !== undefined && (slot < 1 || slot > 100) ? 'a slot is 1..100' : undefined));
    if (problem) throw new ValidationError(`pinned: ${problem}`, [{ field: 'pinned', message: problem }]);
    return slot === undefined ? { itemId: m![1] } : { itemId: m![1], slot };
  });
}

/** `?sources=ann:150,fresh:20` as quotas, or a 400 saying what is wrong with it. */
function quotasOf(text: string) {
  const got = parseQuotas(text);
  if ('problem' in got)
    throw new ValidationError(`sources: ${got.problem}`, [{ field: 'sources', message: got.problem }]);
  return got.quotas;
}

/** A 400 naming the field when an id from the URL is not one reco accepts (see data/ids.ts). */
export function checkId(field: string, id: string): void {
  const problem = idProblem(id);
  if (problem) throw new ValidationError(`${field} ${problem}`, [{ field, message: problem }]);
}

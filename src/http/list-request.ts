import type { Static } from '@sinclair/typebox';
import { parseQuotas } from '../bundle/sources-config.ts';
import { idProblem, textProblem } from '../data/ids.ts';
import { ValidationError } from '../errors.ts';
import type { ListRequest } from '../serving/lists.ts';
import { MAX_EXCLUDE } from './schemas/list-fields.ts';
import type { LIST_BODY_FIELDS, RecommendationBodySchema } from './schemas/recommendation-body.ts';
import type { RecommendationQuerySchema } from './schemas/recommendations.ts';
import { RULE_OVERRIDE_NAMES } from './schemas/rule-overrides.ts';

/**
 * The one list request (serving/lists.ts) from either spelling of it: the query string of GET
 * /recommendations/:userId, the JSON body of POST /recommendations/:userId and of a batch entry.
 * The schemas check types and ranges; this checks what they cannot say (ids, the packed strings
 * of the query) with a 400 naming the field.
 */

type Query = Static<typeof RecommendationQuerySchema>;
type Body = Static<typeof RecommendationBodySchema>;
type Fields = Partial<{ [K in keyof typeof LIST_BODY_FIELDS]: Static<(typeof LIST_BODY_FIELDS)[K]> }>;

const invalid = (field: string, problem: string) =>
  new ValidationError(`${field}: ${problem}`, [{ field, message: problem }]);

const list = (csv?: string) =>
  csv === undefined
    ? undefined
    : csv
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean);

/** GET's query string. */
export function fromQuery(userId: string, q: Query): ListRequest {
  checkId('userId', userId);
  const { device, country, topics, excludeTopics, maxAgeDays } = q;
  const exclude = list(q.exclude);
  if (exclude && exclude.length > MAX_EXCLUDE)
    throw invalid('exclude', `at most ${MAX_EXCLUDE} ids (got ${exclude.length})`);
  // Every override named, set or not (as before: the engine reads absent ones as the bundle's).
  const rules: Record<string, unknown> = {};
  for (const n of RULE_OVERRIDE_NAMES) rules[n] = q[n];
  return checked({
    userId,
    k: q.k,
    context: device || country ? { device, country } : undefined,
    explain: q.explain,
    filters:
      topics !== undefined || excludeTopics !== undefined || maxAgeDays !== undefined
        ? { topics: list(topics), excludeTopics: list(excludeTopics), maxAgeDays }
        : undefined,
    rules,
    sources: q.sources === undefined ? undefined : quotasOf(q.sources),
    pinned: q.pinned === undefined ? undefined : pinsOf(q.pinned),
    exclude,
    placement: q.placement,
    cursor: q.cursor,
  });
}

/** POST's body, or a batch entry (no cursor). */
export function fromBody(userId: string, b: Body | Fields): ListRequest {
  checkId('userId', userId);
  // Given, a context value is checked even when empty (a blank label is refused, not dropped).
  checkLabel('context/device', b.context?.device);
  checkLabel('context/country', b.context?.country);
  const context = b.context?.device || b.context?.country ? b.context : undefined;
  return checked({
    userId,
    k: b.k,
    context,
    explain: b.explain ?? false,
    filters: b.filters,
    rules: b.rules,
    sources: b.sources,
    pinned: b.pinned,
    exclude: b.exclude,
    placement: b.placement,
    cursor: 'cursor' in b ? b.cursor : undefined,
  });
}

/**
 * The ids and labels the request names are ones reco accepts (data/ids.ts), checked in the order
 * the fields are listed, the first problem a 400. Plain loops: every list request passes here, and
 * building an object of the fields first cost ~2 us a request (measured), mostly for nothing.
 */
function checked(req: ListRequest): ListRequest {
  req.exclude?.forEach((id, i) => {
    checkId(`exclude/${i}`, id);
  });
  req.pinned?.forEach((p, i) => {
    checkId(`pinned/${i}/itemId`, p.itemId);
  });
  checkLabel('context/device', req.context?.device);
  checkLabel('context/country', req.context?.country);
  req.filters?.topics?.forEach((t, i) => {
    checkLabel(`filters/topics/${i}`, t);
  });
  req.filters?.excludeTopics?.forEach((t, i) => {
    checkLabel(`filters/excludeTopics/${i}`, t);
  });
  return req;
}

/** A 400 naming the field when its label (topic, context value) is not one reco accepts. */
function checkLabel(field: string, text: string | undefined): void {
  const problem = text === undefined ? undefined : textProblem(text);
  if (problem) throw invalid(field, problem);
}

/** `?pinned=a,b:3` as ids with slots, or a 400 naming `pinned`. */
function pinsOf(text: string): { itemId: string; slot?: number }[] {
  return text.split(',').map((part) => {
    const m = /^([^:]+?)(?::(\d{1,3}))?$/.exec(part.trim());
    const slot = m?.[2] === undefined ? undefined : Number(m[2]);
    const problem = !m
      ? 'expected itemId or itemId:slot'
      : (idProblem(m[1]) ??
        (slot !== undefined && (slot < 1 || slot > 100) ? 'a slot is 1..100' : undefined));
    if (problem) throw invalid('pinned', problem);
    return slot === undefined ? { itemId: m![1] } : { itemId: m![1], slot };
  });
}

/** `?sources=ann:150,fresh:20` as quotas, or a 400 saying what is wrong with it. */
function quotasOf(text: string) {
  const got = parseQuotas(text);
  if ('problem' in got) throw invalid('sources', got.problem);
  return got.quotas;
}

/** A 400 naming the field when an id is not one reco accepts (see data/ids.ts). */
export function checkId(field: string, id: string): void {
  const problem = idProblem(id);
  if (problem) throw new ValidationError(`${field} ${problem}`, [{ field, message: problem }]);
}

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  applyChain,
  type ChainTrace,
  createChain,
  DEFAULT_RULES,
  keptByFilters,
  splitLeadingFilters,
} from '../../../src/serving/rules/chain.ts';
import { filterRule, type Rule } from '../../../src/serving/rules/rule.ts';
import { candidates, fixtureContext, fixtureUser, itemIds, NOW } from '../../helpers/rule-fixture.ts';

const trace = (): ChainTrace => ({ steps: new Map(), removed: [] });

test('createChain: filters first, then score adjustments, then list shaping; request filters only when given', () => {
  assert.deepEqual(
    createChain(DEFAULT_RULES).map((r) => r.name),
    [
      'hidden',
      'dislike',
      'seen',
      'dislike-similar',
      'freshness',
      'context-share',
      'mmr',
      'topic-cap',
      'long-tail',
      'provider-cap',
    ],
  );
  assert.deepEqual(
    createChain(DEFAULT_RULES, { maxAgeDays: 3 }).map((r) => r.name),
    [
      'hidden',
      'request-filter',
      'dislike',
      'seen',
      'dislike-similar',
      'freshness',
      'context-share',
      'mmr',
      'topic-cap',
      'long-tail',
      'provider-cap',
    ],
  );
});

test('splitLeadingFilters: the per-item filters before the first rule that looks at the whole list', () => {
  const { filters, rest } = splitLeadingFilters(createChain(DEFAULT_RULES, { topics: new Set([1]) }));
  assert.deepEqual(
    filters.map((r) => r.name),
    ['hidden', 'request-filter', 'dislike', 'seen'],
  );
  assert.deepEqual(
    rest.map((r) => r.name),
    ['dislike-similar', 'freshness', 'context-share', 'mmr', 'topic-cap', 'long-tail', 'provider-cap'],
  );
  const onlyFilters = [filterRule('a', 'a', () => true)];
  assert.deepEqual(splitLeadingFilters(onlyFilters), { filters: onlyFilters, rest: [] });
  // a filter after a list rule is not leading: it must keep its place
  const [shaping] = rest;
  const mixed = [shaping, ...onlyFilters];
  assert.deepEqual(splitLeadingFilters(mixed), { filters: [], rest: mixed });
});

test('filters before ranking give the same list as the whole chain after it', () => {
  const ctx = fixtureContext({ user: fixtureUser([[2, NOW - 1]], [4]), k: 3 });
  const chain = createChain(DEFAULT_RULES, { excludeTopics: new Set([3]) });
  const l = candidates([1, 6], [2, 5], [3, 4], [4, 3], [5, 2], [6, 1]);
  const { filters, rest } = splitLeadingFilters(chain);
  const kept = keptByFilters(filters, itemIds(l), ctx);
  assert.deepEqual(kept, [0, 2, 4], 'positions of 1, 3 and 5');
  assert.deepEqual(
    itemIds(
      applyChain(
        rest,
        kept.map((i) => l[i]),
        ctx,
      ),
    ),
    itemIds(applyChain(chain, l, ctx)),
  );
});

test('keptByFilters: each dropped item is traced once, with the first filter that dropped it', () => {
  const ctx = fixtureContext({ user: fixtureUser([[1, NOW - 1]], [1, 2]) });
  const t = trace();
  const kept = keptByFilters(createChain(DEFAULT_RULES).slice(0, 2), [1, 2, 3], ctx, t);
  assert.deepEqual(kept, [2]);
  assert.deepEqual(t.removed, [
    { item: 1, rule: 'dislike', reason: 'disliked by the user' },
    { item: 2, rule: 'dislike', reason: 'disliked by the user' },
  ]);
});

test('applyChain: runs the rules in order on copies; an empty chain returns a copy', () => {
  const l = candidates([1, 2], [2, 1]);
  const out = applyChain([], l, fixtureContext());
  assert.deepEqual(out, l);
  assert.notEqual(out, l);
  const seen: string[] = [];
  const spy = (name: string): Rule => ({
    name,
    apply: (list) => {
      seen.push(`${name}:${itemIds(list).join(',')}`);
      return [...list].reverse();
    },
  });
  assert.deepEqual(itemIds(applyChain([spy('a'), spy('b')], l, fixtureContext())), [1, 2]);
  assert.deepEqual(seen, ['a:1,2', 'b:2,1']);
});

test('the trace: boosts and demotions as factors, moves as 1-based positions within k, removals with reasons', () => {
  const halveFirst: Rule = {
    name: 'halve',
    apply: (list) => list.map((c, i) => (i === 0 ? { ...c, score: c.score / 2 } : c)),
  };
  const swap: Rule = { name: 'swap', apply: (list) => [list[1], list[0], ...list.slice(2)] };
  const drop: Rule = { name: 'drop', why: 'dropped for the test', apply: (list) => list.slice(0, -1) };
  const tiny: Rule = { name: 'tiny', apply: (list) => list.map((c) => ({ ...c, score: c.score * 1.00001 })) };
  const t = trace();
  const out = applyChain(
    [halveFirst, swap, drop, tiny],
    candidates([1, 8], [2, 6], [3, 1]),
    fixtureContext({ k: 2 }),
    t,
  );
  assert.deepEqual(itemIds(out), [2, 1]);
  assert.deepEqual(t.steps.get(1), [
    { rule: 'halve', action: 'demoted', factor: 0.5 },
    { rule: 'swap', action: 'moved', from: 1, to: 2 },
  ]);
  assert.deepEqual(t.steps.get(2), [{ rule: 'swap', action: 'moved', from: 2, to: 1 }]);
  assert.equal(t.steps.has(3), false, 'a factor rounding to 1 is not a step');
  assert.deepEqual(t.removed, [{ item: 3, rule: 'drop', reason: 'dropped for the test' }]);
});

test('the trace ignores moves entirely below the first k positions', () => {
  const swapTail: Rule = { name: 'swap-tail', apply: (l) => [l[0], l[2], l[1]] };
  const t = trace();
  applyChain([swapTail], candidates([1, 3], [2, 2], [3, 1]), fixtureContext({ k: 1 }), t);
  assert.equal(t.steps.size, 0);
  const t2 = trace();
  applyChain([swapTail], candidates([1, 3], [2, 2], [3, 1]), fixtureContext({ k: 2 }), t2);
  assert.deepEqual(t2.steps.get(2), [{ rule: 'swap-tail', action: 'moved', from: 2, to: 3 }]);
  assert.deepEqual(t2.steps.get(3), [{ rule: 'swap-tail', action: 'moved', from: 3, to: 2 }]);
});

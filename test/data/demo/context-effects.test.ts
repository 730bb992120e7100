import assert from 'node:assert/strict';
import { test } from 'node:test';
import { daypart, durationBand } from '../../../src/data/context.ts';
import { contextEffects, PLANTED_FACTORS } from '../../../src/data/demo/context-effects.ts';
import { generateWorld } from '../../../src/data/demo/world.ts';

const start = Date.UTC(2026, 3, 2, 14, 0);

test('a commuter session is a mobile morning or a TV evening on its own day; others are left as drawn', () => {
  const fx = contextEffects(1);
  const users = Array.from({ length: 40 }, (_, i) => `u${i}`);
  const commuters = users.filter((u) => fx.isCommuter(u));
  assert.ok(commuters.length > 10 && commuters.length < 30, `${commuters.length} of 40`);
  const other = users.find((u) => !fx.isCommuter(u))!;
  assert.deepEqual(fx.session(other, start, 'desktop'), { start, device: 'desktop' });
  for (const u of commuters) {
    const s = fx.session(u, start, 'desktop');
    assert.equal(Math.floor(s.start / 86_400_000), Math.floor(start / 86_400_000), 'same day');
    const kind = s.device === 'mobile' ? 'mobile-morning' : 'tv-evening';
    assert.equal(daypart(s.start), kind === 'mobile-morning' ? 'morning' : 'evening');
    assert.equal(s.factor!(60), PLANTED_FACTORS[kind].short);
    assert.equal(s.factor!(2000), PLANTED_FACTORS[kind].long);
  }
});

test('the context world: short items lead on mobile mornings, long ones on TV evenings', () => {
  const w = generateWorld({ seed: 5, scale: 0.3, context: true });
  const dur = new Map(w.items.map((i) => [i.itemId, i.durationSec]));
  const share = (device: string, part: string, band: string) => {
    const ws = w.events.filter(
      (e) => e.type === 'watch' && e.context?.device === device && daypart(e.timestamp) === part,
    );
    return ws.filter((e) => durationBand(dur.get(e.itemId)!) === band).length / ws.length;
  };
  assert.ok(share('mobile', 'morning', 'short') > 2 * share('tv', 'evening', 'short'));
  assert.ok(share('tv', 'evening', 'long') > 2 * share('mobile', 'morning', 'long'));
});

test('without the option the world is the default one, event for event', () => {
  assert.deepEqual(
    generateWorld({ seed: 9, scale: 0.05, context: false }),
    generateWorld({ seed: 9, scale: 0.05 }),
  );
  assert.notDeepEqual(
    generateWorld({ seed: 9, scale: 0.05, context: true }).events,
    generateWorld({ seed: 9, scale: 0.05 }).events,
  );
});

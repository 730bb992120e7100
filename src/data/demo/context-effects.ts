import { DAY_MS, HOUR_MS } from '../../foundation/time.ts';
import { type DurationBand, durationBand } from '../context.ts';
import { createRng, type Rng } from './rng.ts';

/**
 * The demo world's planted context effect (`generateWorld({ context: true })`, `reco generate
 * --context-effects`): half of the users are "commuters" whose sessions are either mornings on
 * mobile (6-10 h UTC) or evenings on TV (18-22 h UTC), half each. On a mobile morning they take
 * short items (under 5 minutes) 1.5x as often as otherwise and long ones (15 minutes or more)
 * at 0.25x; on a TV evening the other way round; medium items at 0.8x in both. The other users'
 * sessions are as in the default world. So the right answer in context is known: a commuter's
 * next watch depends on the device and hour of the request, through the item's duration band.
 *
 * Drawn from a stream of its own (seed + CONTEXT_STREAM), so the main stream, and therefore the
 * default world and every figure measured on it, is unchanged.
 */
const CONTEXT_STREAM = 104_729;

const COMMUTER_SHARE = 0.5;

/** Watch-probability factor per duration band in each kind of commuter session. */
export const PLANTED_FACTORS: Record<'mobile-morning' | 'tv-evening', Record<DurationBand, number>> = {
  'mobile-morning': { short: 1.5, medium: 0.8, long: 0.25 },
  'tv-evening': { short: 0.25, medium: 0.8, long: 1.5 },
};

/** What multiplies an impression's watch probability, by the item's duration. */
export type WatchFactor = (durationSec: number) => number;

/** A session as the context effect leaves it: its start, its device, the watch factor by item duration. */
export interface SessionContext {
  start: number;
  device: string;
  factor?: WatchFactor;
}

export interface ContextEffects {
  /** Whether a user is a commuter (drawn once per user, on first ask). */
  isCommuter(userId: string): boolean;
  /** The session of `userId` that the main stream drew at `start` on `device`. */
  session(userId: string, start: number, device: string): SessionContext;
}

/** A start moved to `fromHour` + up to 4 hours on its own UTC day. */
function atHour(rng: Rng, start: number, fromHour: number): number {
  return Math.floor(start / DAY_MS) * DAY_MS + fromHour * HOUR_MS + Math.floor(rng.next() * 4 * HOUR_MS);
}

export function contextEffects(seed: number): ContextEffects {
  const rng = createRng(seed + CONTEXT_STREAM);
  const commuters = new Map<string, boolean>();
  const isCommuter = (userId: string) => {
    if (!commuters.has(userId)) commuters.set(userId, rng.next() < COMMUTER_SHARE);
    return commuters.get(userId)!;
  };
  return {
    isCommuter,
    session(userId, start, device) {
      if (!isCommuter(userId)) return { start, device };
      const kind = rng.next() < 0.5 ? 'mobile-morning' : 'tv-evening';
      const factors = PLANTED_FACTORS[kind];
      return {
        start: atHour(rng, start, kind === 'mobile-morning' ? 6 : 18),
        device: kind === 'mobile-morning' ? 'mobile' : 'tv',
        factor: (durationSec) => factors[durationBand(durationSec)],
      };
    },
  };
}

import { HOUR_MS } from '../foundation/time.ts';

/**
 * The contextual conditions reco's context-aware methods read off a watch or a request: the
 * device and the part of the day (UTC, as the query tower's hour feature), and the duration
 * bands items are grouped into. One definition, so that the demo world's planted effect, the
 * item splitting, the post-filter and CAMF all speak of the same conditions.
 */
export const DAYPARTS = ['night', 'morning', 'afternoon', 'evening'] as const;
export type Daypart = (typeof DAYPARTS)[number];

/** Night 23-5 h, morning 5-11 h, afternoon 11-17 h, evening 17-23 h (UTC). */
export function daypart(time: number): Daypart {
  const hour = Math.floor(((time % (24 * HOUR_MS)) + 24 * HOUR_MS) / HOUR_MS) % 24;
  if (hour >= 23 || hour < 5) return 'night';
  if (hour < 11) return 'morning';
  return hour < 17 ? 'afternoon' : 'evening';
}

export const DURATION_BANDS = ['short', 'medium', 'long'] as const;
export type DurationBand = (typeof DURATION_BANDS)[number];

/** Short: under 5 minutes; long: 15 minutes or more. */
export function durationBand(durationSec: number): DurationBand {
  if (durationSec < 300) return 'short';
  return durationSec < 900 ? 'medium' : 'long';
}

/** What is known of the situation of a watch or a request. */
export interface Situation {
  device?: string;
  time: number;
}

/** The conditions that hold in a situation, as `factor=value` keys ("device=tv", "daypart=evening"). */
export function conditionsOf(s: Situation): string[] {
  const out = s.device ? [`device=${s.device}`] : [];
  out.push(`daypart=${daypart(s.time)}`);
  return out;
}

import type { RecoEvent } from '../types.ts';

/** Where the generator puts each event it draws; the log numbers them. */
export type Push = (e: Omit<RecoEvent, 'eventId'>) => void;

/** Events in creation order, each given the next eventId. */
export function eventLog(): { events: RecoEvent[]; push: Push } {
  const events: RecoEvent[] = [];
  let eventSeq = 0;
  const push: Push = (e) => {
    eventSeq++;
    events.push({ ...e, eventId: `e${eventSeq}` });
  };
  return { events, push };
}

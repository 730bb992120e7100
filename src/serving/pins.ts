import type { Item, Pin } from '../data/types.ts';
import { lookup, type Vocab } from '../data/vocab.ts';
import type { Candidate } from './rules/rule.ts';

/** An item a backend pinned: its vocabulary index and the slot it asked for. */
export interface PlacedPin {
  item: number;
  /** 1-based; undefined = ahead of the ranked items, in the order pinned. */
  slot?: number;
}

/**
 * The pins of the catalogue as posted (POST /items), by item id: the latest post of an item
 * wins, and a post without `pinned` unpins it. Kept apart from the bundle, so a pin takes
 * effect at once, also for items the model was trained on.
 */
export class PinBoard {
  private readonly pins = new Map<string, Pin>();
  /** Hidden and retired items (PATCH/DELETE /items/:itemId): never placed, by the catalogue or a request. */
  hidden: ReadonlySet<string> = new Set();

  get size(): number {
    return this.pins.size;
  }

  update(items: readonly Item[]): void {
    for (const it of items) {
      if (it.pinned) this.pins.set(it.itemId, it.pinned);
      else this.pins.delete(it.itemId);
    }
  }

  /** Pins live at `now` whose items the served vocabulary knows, slotted ones by slot. */
  active(items: Vocab, now: number): PlacedPin[] {
    const out: PlacedPin[] = [];
    for (const [id, p] of this.pins) {
      if (now < p.from || now >= p.until || this.hidden.has(id)) continue;
      const item = lookup(items, id);
      if (item !== 0) out.push({ item, slot: p.slot });
    }
    return out;
  }
}

/** A request's pins (`?pinned=a,b:3`; unknown items skipped), then the catalogue's live ones. */
export function requestPins(
  board: PinBoard,
  items: Vocab,
  pinned: readonly { itemId: string; slot?: number }[] = [],
  now: number,
): PlacedPin[] {
  const asked = pinned.flatMap((p) => {
    const item = board.hidden.has(p.itemId) ? 0 : lookup(items, p.itemId);
    return item === 0 ? [] : [{ item, slot: p.slot }];
  });
  return [...asked, ...board.active(items, now)];
}

/**
 * Puts pinned items into the final list: each pinned item leaves the place ranking gave it (if
 * any) and takes its slot; unslotted pins go first, in order. Items the user disliked are never
 * forced on them. The list keeps `k` items; a pinned item carries the score of the item whose
 * place it took (the list's scores stay in order) and `pinned` in its sources.
 */
export function placePins(
  final: readonly Candidate[],
  pins: readonly PlacedPin[],
  k: number,
  disliked: ReadonlySet<number>,
): Candidate[] {
  const wanted = pins.filter(
    (p, i) => !disliked.has(p.item) && pins.findIndex((q) => q.item === p.item) === i,
  );
  if (wanted.length === 0) return [...final];
  const pinnedItems = new Set(wanted.map((p) => p.item));
  const byItem = new Map(final.map((c) => [c.item, c]));
  const rest = final.filter((c) => !pinnedItems.has(c.item));
  const pinned = (p: PlacedPin, rank: number): Candidate => ({
    ...(byItem.get(p.item) ?? { item: p.item, retrievalScore: 0, retrievalRank: -1, score: 0 }),
    sources: [...(byItem.get(p.item)?.sources ?? []), { source: 'pinned', rank }],
  });
  const head = wanted.filter((p) => p.slot === undefined).map((p, r) => pinned(p, r));
  const list = [...head, ...rest];
  const slotted = wanted.filter((p) => p.slot !== undefined).sort((a, b) => a.slot! - b.slot!);
  for (const [r, p] of slotted.entries())
    list.splice(Math.min(p.slot! - 1, list.length), 0, pinned(p, head.length + r));
  const out = list.slice(0, k);
  // Scores in list order: a pinned item shows the score of the place it took.
  const scores = [...final.map((c) => c.score)].sort((a, b) => b - a);
  return out.map((c, i) => ({ ...c, score: scores[i] ?? scores.at(-1) ?? c.score }));
}

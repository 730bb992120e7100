import { hostTensor } from '../../runtime/host.ts';
import { tf } from '../../runtime/tf.ts';
import { uniqueName } from '../layers/dense.ts';

/**
 * One training step's view of an embedding table: the distinct rows the step reads, copied into
 * a small variable of fixed capacity that the step differentiates instead of the table. Why:
 * the gradient of a table read through gather or a bag is a dense tensor of the table's shape,
 * so a step over a 1M-item catalogue would write, and Adam would then pass over, 64M floats for
 * the few thousand rows it touched. Through a slab the gradient is [capacity, d] whatever the
 * catalogue, and lazy Adam (training/lazy-adam.ts) writes only the touched rows back.
 */
export class RowSlab {
  readonly variable: tf.Variable;
  /** Table row -> slab position + 1; 0 = not in the slab this step. */
  private readonly slot: Int32Array;
  private readonly list: Int32Array;
  private count = 0;

  constructor(
    readonly table: tf.Variable,
    readonly capacity: number,
  ) {
    this.slot = new Int32Array(table.shape[0]);
    this.list = new Int32Array(capacity);
    this.variable = tf.tidy(() =>
      tf.variable(tf.zeros([capacity, table.shape[1] as number]), true, uniqueName(`${table.name}/slab`)),
    );
  }

  /** The table rows in the slab, in slab order. */
  rows(): Int32Array {
    return this.list.subarray(0, this.count);
  }

  /** Loads the distinct rows of `idLists` with their current values (the rest of the slab is 0). */
  fill(idLists: readonly Int32Array[]): void {
    for (let i = 0; i < this.count; i++) this.slot[this.list[i]] = 0;
    this.count = 0;
    for (const ids of idLists)
      for (const r of ids) {
        if (this.slot[r] !== 0) continue;
        if (this.count === this.capacity) throw new Error(`row slab: more than ${this.capacity} rows`);
        this.list[this.count] = r;
        this.slot[r] = ++this.count;
      }
    const dim = this.table.shape[1] as number;
    const next = hostTensor([this.capacity, dim], (out, read) => {
      const t = read(this.table);
      for (let i = 0; i < this.count; i++) {
        const r = this.list[i];
        out.set(t.subarray(r * dim, (r + 1) * dim), i * dim);
      }
      out.fill(0, this.count * dim);
    });
    this.variable.assign(next);
    next.dispose();
  }

  /** Slab positions of table rows (each must be in the slab). */
  local(ids: Int32Array): Int32Array {
    return ids.map((r) => {
      const s = this.slot[r];
      if (s === 0) throw new Error(`row slab: row ${r} was not loaded`);
      return s - 1;
    });
  }

  dispose(): void {
    this.variable.dispose();
  }
}

export type Slabs = ReadonlyMap<tf.Variable, RowSlab>;

/** What a lookup of `ids` in `table` reads: the table itself, or its slab and slab positions. */
export function viaSlab(
  slabs: Slabs | undefined,
  table: tf.Variable,
  ids: Int32Array,
): [tf.Tensor2D, Int32Array] {
  const slab = slabs?.get(table);
  return slab ? [slab.variable as tf.Tensor2D, slab.local(ids)] : [table as tf.Tensor2D, ids];
}

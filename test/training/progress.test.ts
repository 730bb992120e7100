import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createProgress } from '../../src/training/progress.ts';

/** Runs `f` with process.stderr captured (and its isTTY as given), returning what was written. */
function captureStderr(isTTY: boolean, f: () => void): string {
  const stream = process.stderr as unknown as NodeJS.WriteStream & Record<string, unknown>;
  const saved = { write: stream.write, isTTY: stream.isTTY };
  const terminal = ['cursorTo', 'clearLine', 'moveCursor', 'clearScreenDown'] as const;
  const added = terminal.filter((k) => typeof stream[k] !== 'function');
  let out = '';
  stream.write = ((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  }) as typeof stream.write;
  stream.isTTY = isTTY;
  for (const k of added) stream[k] = () => true;
  try {
    f();
  } finally {
    stream.write = saved.write;
    stream.isTTY = saved.isTTY;
    for (const k of added) delete stream[k];
  }
  return out;
}

test('off a terminal: no bar, one line per epoch naming its label, and plain log lines', () => {
  const out = captureStderr(false, () => {
    const p = createProgress();
    p.start(3, 'retrieval 1/2');
    p.tick(0.5);
    p.tick(0.25);
    p.stop('loss 0.3750 (0.1 s)');
    p.log('index: exact search');
  });
  assert.equal(out, 'retrieval 1/2: loss 0.3750 (0.1 s)\nindex: exact search\n');
});

test('disabled: nothing is written, even on a terminal', () => {
  const out = captureStderr(true, () => {
    const p = createProgress(false);
    p.start(2, 'ranker 1/1');
    p.tick(1);
    p.stop('loss 1.0000');
    p.log('a line');
  });
  assert.equal(out, '');
});

test('on a terminal: a bar of steps with the latest loss, then the epoch’s summary line', () => {
  const out = captureStderr(true, () => {
    const p = createProgress();
    p.start(2, 'ranker 1/1');
    p.tick(0.123456);
    p.tick(0.5);
    p.stop('loss 0.3117 (0.0 s)');
  });
  assert.match(out, /ranker 1\/1/);
  assert.match(out, /2\/2 steps \| loss 0\.5000/, 'the bar ends on the last tick');
  assert.ok(out.endsWith('ranker 1/1: loss 0.3117 (0.0 s)\n'));
});

test('a tick or stop without a started bar is harmless', () => {
  const out = captureStderr(true, () => {
    const p = createProgress();
    p.tick(1);
    p.stop('done');
  });
  assert.equal(out, ': done\n', 'the summary of a bar never started has an empty label');
});

import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import pino from 'pino';
import { createLogger, loggerOptions } from '../../src/runtime/logger.ts';

test('records are JSON lines naming the service, with an ISO time, filtered by level', () => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _e, cb) {
      lines.push(...String(chunk).trim().split('\n'));
      cb();
    },
  });
  const log = pino(loggerOptions('warn'), sink);
  log.info('hidden');
  log.warn({ n: 1 }, 'shown');
  assert.equal(lines.length, 1);
  const rec = JSON.parse(lines[0]);
  assert.equal(rec.service, 'reco');
  assert.equal(rec.msg, 'shown');
  assert.equal(rec.n, 1);
  assert.ok(!Number.isNaN(Date.parse(rec.time)) && /T.*Z$/.test(rec.time));
});

test('createLogger honours the level, silent included', () => {
  assert.equal(createLogger('debug').level, 'debug');
  assert.equal(createLogger('silent').isLevelEnabled('fatal'), false);
});

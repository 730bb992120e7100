// `npm install` step: builds native/ (OpenBLAS matrix products for the wasm backend's
// BatchMatMul and the fused training ops, see src/runtime/native.ts) when the system has OpenBLAS
// (`apt install libopenblas-dev`). Without it, or if the build fails, reco runs on its wasm
// kernels alone: this script never fails the install. RECO_NATIVE=0 skips it.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

const say = (msg) => process.stdout.write(`reco native: ${msg}\n`);
const headers = [
  '/usr/include',
  '/usr/include/x86_64-linux-gnu',
  '/usr/include/aarch64-linux-gnu',
  '/usr/local/include',
  '/opt/homebrew/opt/openblas/include',
];
if (process.env.RECO_NATIVE === '0') {
  say('skipped (RECO_NATIVE=0)');
} else if (!headers.some((d) => existsSync(join(d, 'cblas.h')))) {
  say(
    'OpenBLAS not found (apt install libopenblas-dev, then `npm run build:native`); matrix products stay on wasm',
  );
} else {
  const prefix = join(dirname(process.execPath), '..');
  // npm hands lifecycle scripts the path of its bundled node-gyp; run by hand, use npm's copy
  // next to this node, else one on PATH.
  const bundled = join(prefix, 'lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js');
  const gyp = process.env.npm_config_node_gyp ?? (existsSync(bundled) ? bundled : undefined);
  // Headers of the running node, when installed beside it (Debian's nodejs, the official
  // tarballs), so that node-gyp does not try to download them.
  const args = ['rebuild'];
  if (!process.env.npm_config_nodedir && existsSync(join(prefix, 'include/node/node_api.h')))
    args.push(`--nodedir=${prefix}`);
  const r = gyp
    ? spawnSync(process.execPath, [gyp, ...args], { cwd: 'native', encoding: 'utf8' })
    : spawnSync('node-gyp', args, { cwd: 'native', encoding: 'utf8' });
  if (r.status === 0) say('built native/build/Release/reco_native.node (OpenBLAS)');
  else
    say(
      `build failed, matrix products stay on wasm:\n${`${r.stdout ?? ''}${r.stderr ?? r.error ?? ''}`.slice(-2000)}`,
    );
}

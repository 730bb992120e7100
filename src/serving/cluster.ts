/**
 * Several server processes on one host (`reco serve --workers N`), the way to use more than one
 * core: tf.js on wasm and the HTTP stack each run on one thread per process. The primary only
 * forks, relays and supervises; every worker is a whole server (bundle, index, store handle) and
 * the kernel hands each new connection to one of them.
 *
 * What the workers must agree on travels over the primary:
 * - invalidations: a worker answers 202 to POST /events only after every other worker has
 *   dropped the users' cached state, so the next request on any worker sees the events;
 * - reloads: a bundle one worker swapped in (POST /admin/reload, a retrain) is loaded by all;
 * - retraining: only worker 0 trains; the others hand POST /admin/retrain to it;
 * - metrics: GET /metrics on any worker answers the sum over all of them.
 *
 * The primary's side is cluster-primary.ts, a worker's cluster-link.ts, the user versions they
 * keep cluster-versions.ts, the messages between them cluster-messages.ts.
 */
export { ClusterLink } from './cluster-link.ts';
export { runPrimary, workerCount } from './cluster-primary.ts';
export { clusterVersions } from './cluster-versions.ts';

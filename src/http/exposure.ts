import { isIP } from 'node:net';
import { ConfigError } from '../errors.ts';
import { KeyRing } from './key-ring.ts';

/** What the listener is exposed to, decided once at start from the settings. */
export interface Exposure {
  /** The address to bind. */
  host: string;
  /** Bound to a loopback address: only processes of this host can connect. */
  loopbackOnly: boolean;
  /** Client routes need a key (a client or an admin one): RECO_API_KEYS is set. */
  clientKeys: boolean;
  /** Admin routes need an admin key; without admin keys they are off unless loopbackOnly. */
  adminKeys: boolean;
  /** A line to log as a warning at every start (an open, keyless listener). */
  warning?: string;
}

/** 127.0.0.0/8, ::1 and the name localhost: nothing off this host can reach them. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const a = address.toLowerCase().replace(/^\[|\]$/g, '');
  if (a === 'localhost' || a === '::1') return true;
  // An IPv4 client on a dual-stack socket arrives as ::ffff:127.x.y.z.
  const v4 = a.startsWith('::ffff:') ? a.slice(7) : a;
  return isIP(v4) === 4 && v4.startsWith('127.');
}

/**
 * Where to listen and who may call, in the manner of Redis' protected mode: with no API keys the
 * server binds loopback, and it refuses to start on any other address unless told, explicitly,
 * that the network is trusted. With keys and no host set it binds every interface (what a pod
 * needs for its probes). A hostname other than localhost counts as exposed: it may resolve to
 * anything.
 */
export function resolveExposure(cfg: {
  host: string;
  apiKeys: string;
  adminKeys: string;
  apiKeysFile?: string;
  adminKeysFile?: string;
  insecureOpen: boolean;
}): Exposure {
  const clientKeys = new KeyRing(cfg.apiKeys, cfg.apiKeysFile || undefined).size > 0;
  const adminKeys = new KeyRing(cfg.adminKeys, cfg.adminKeysFile || undefined).size > 0;
  const host = cfg.host || (clientKeys ? '0.0.0.0' : '127.0.0.1');
  const loopbackOnly = isLoopbackAddress(host);
  if (loopbackOnly || clientKeys) return { host, loopbackOnly, clientKeys, adminKeys };
  if (!cfg.insecureOpen) {
    throw new ConfigError(
      `refusing to listen on ${host} without API keys: anyone who reaches the port could post events ` +
        'and read recommendations. Set RECO_API_KEYS (client keys, comma-separated; RECO_ADMIN_KEYS for ' +
        '/admin/*), or listen on 127.0.0.1, or pass --insecure-open (RECO_INSECURE_OPEN=true) on a ' +
        'network you trust',
    );
  }
  return {
    host,
    loopbackOnly,
    clientKeys: false,
    adminKeys,
    warning:
      `--insecure-open: listening on ${host} with no API keys; anyone who reaches the port may read ` +
      'recommendations and post events and items' +
      (adminKeys ? '' : ' (admin routes are off: set RECO_ADMIN_KEYS to use them)'),
  };
}

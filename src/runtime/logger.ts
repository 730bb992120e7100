import pino, { type LoggerOptions } from 'pino';

/** pino options shared by the CLI and the server: JSON lines, one per record. */
export function loggerOptions(level: string): LoggerOptions {
  return { level, base: { service: 'reco' }, timestamp: pino.stdTimeFunctions.isoTime };
}

export function createLogger(level: string): pino.Logger {
  return pino(loggerOptions(level));
}

import { type ErrorCode, REGISTRY } from './registry.ts';

// Looking codes up in the registry (registry.ts): their status, their message, their meaning.

type Params<C extends ErrorCode> = Parameters<(typeof REGISTRY)[C]['message']>[0];
/** The arguments after the code: the message's parameters (none for a fixed message), then `details`. */
export type ErrorArgs<C extends ErrorCode> =
  Params<C> extends undefined
    ? [params?: undefined, details?: unknown]
    : [params: Params<C>, details?: unknown];

/**
 * Codes that only start-up and the CLI raise: registered (one table), but never documented as an
 * answer.
 */
const NOT_ANSWERED: readonly ErrorCode[] = ['CONFIG_INVALID', 'DATA_INVALID', 'STORE_SCHEMA_NEWER'];

export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(REGISTRY, code);
}

/** The status of a registered code. */
export function statusOf(code: ErrorCode): number {
  return REGISTRY[code].status;
}

/** The message of `code` for these parameters. */
export function messageOf<C extends ErrorCode>(code: C, ...[params]: ErrorArgs<C>): string {
  return (REGISTRY[code].message as (p: Params<C> | undefined) => string)(params);
}

/** The codes an HTTP answer of `status` may carry, with what each means (for the contract). */
export function codesFor(status: number): { code: ErrorCode; meaning: string }[] {
  return (Object.keys(REGISTRY) as ErrorCode[])
    .filter((c) => REGISTRY[c].status === status && !NOT_ANSWERED.includes(c))
    .map((code) => ({ code, meaning: REGISTRY[code].meaning }));
}

import { STATUS_CODES } from 'node:http';
import { type Static, Type } from '@sinclair/typebox';
import { codesFor } from '../../errors.ts';

/** The one error body every 4xx and 5xx carries. `code` is stable and machine-readable. */
export const ErrorBodySchema = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'Stable machine-readable error code, e.g. VALIDATION_ERROR' }),
      message: Type.String({ description: 'Human-readable explanation' }),
      details: Type.Optional(Type.Unknown({ description: 'Per-field problems, when there are any' })),
    }),
  },
  { $id: 'ErrorBody', title: 'ErrorBody' },
);
export type ErrorBody = Static<typeof ErrorBodySchema>;

/**
 * Error responses shared by the route schemas. Each status lists the codes it may carry and what
 * they mean, read from the error registry (src/errors.ts), so the contract documents exactly the
 * codes the server raises, each under the status it answers with.
 */
export const errorResponses = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((s) => [s, { $ref: 'ErrorBody#', description: describe(s) }]));

function describe(status: number): string {
  const codes = codesFor(status);
  // A programmer's mistake, not a user's: the route schemas call this at module load, so a
  // status without a registry code stops the server (and every test) from starting at all. No
  // request can reach it, so it is a plain assertion, not a registry error.
  if (codes.length === 0) throw new Error(`no error code of the registry answers ${status}`);
  return [
    `${STATUS_CODES[status]}, \`error.code\` one of:`,
    ...codes.map((c) => `- \`${c.code}\`: ${c.meaning}`),
  ].join('\n');
}

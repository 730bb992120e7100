import { Type } from '@sinclair/typebox';
import { errorResponses } from './errors.ts';

export const healthzSchema = {
  operationId: 'getLiveness',
  summary: 'Liveness',
  description:
    'Always 200 while the process serves HTTP, also during a model reload. Needs no key; like every route it refuses a malformed request (400) or an encoded body (415).',
  tags: ['health'],
  response: { 200: Type.Object({ status: Type.Literal('ok') }), ...errorResponses(400, 415) },
};

export const readyzSchema = {
  operationId: 'getReadiness',
  summary: 'Readiness',
  description: '200 once a model bundle is loaded and warmed; 503 before. Needs no key.',
  tags: ['health'],
  response: {
    200: Type.Object({ status: Type.Literal('ready'), modelVersion: Type.String() }),
    ...errorResponses(400, 415, 503),
  },
};

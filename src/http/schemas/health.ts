import { Type } from '@sinclair/typebox';
import { errorResponses } from './errors.ts';

export const healthzSchema = {
  summary: 'Liveness',
  description: 'Always 200 while the process serves HTTP, also during a model reload.',
  tags: ['health'],
  security: [],
  response: { 200: Type.Object({ status: Type.Literal('ok') }) },
};

export const readyzSchema = {
  summary: 'Readiness',
  description: '200 once a model bundle is loaded and warmed; 503 before.',
  tags: ['health'],
  security: [],
  response: {
    200: Type.Object({ status: Type.Literal('ready'), modelVersion: Type.String() }),
    ...errorResponses(503),
  },
};

// How failures of the parts behind the API reach the caller: busy is not down.
import { ServiceError } from '@temporalio/client';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { errorHandler, toAppError } from '../../api/errors.ts';

/** What the Temporal client throws when the server refuses a call: a ServiceError around the gRPC status. */
const grpcFailure = (code: number, details: string) => new ServiceError(`${code} ${details}`, { cause: Object.assign(new Error(`${code} ${details}`), { code, details }) });

describe('a refusal from Temporal', () => {
  it('is 429 RATE_LIMITED with a Retry-After when the workflow has too many updates in flight', async () => {
    const app = Fastify();
    app.setErrorHandler(errorHandler);
    app.get('/busy', async () => {
      throw grpcFailure(8, 'RESOURCE_EXHAUSTED: limit on number of concurrent in-flight updates has been reached (10)');
    });
    const response = await app.inject({ method: 'GET', url: '/busy' });
    expect(response.statusCode).toBe(429);
    expect(response.headers['retry-after']).toBe('1');
    expect(response.json().error.code).toBe('RATE_LIMITED');
    await app.close();
  });

  it('is 503 UNAVAILABLE when Temporal cannot be reached', () => {
    const error = toAppError(grpcFailure(14, 'UNAVAILABLE: No connection established'));
    expect([error.status, error.code, error.retryAfterSeconds]).toEqual([503, 'UNAVAILABLE', undefined]);
  });
});

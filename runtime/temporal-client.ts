// The API's connection to Temporal. Temporal takes ten updates in flight per workflow and refuses more with
// RESOURCE_EXHAUSTED; the SDK's default retry of that starts at one second and grows to five, so thirty
// staff acting on one order ran into the command deadline and got 503 though nothing was down. One order's
// busy spell passes in well under a second: retried from 50 ms, a bounded number of times (about 3 s in
// all), and what is still refused then is answered 429 with Retry-After (api/errors.ts).
import { Client, Connection, defaultGrpcRetryOptions, isRetryableError, makeGrpcRetryInterceptor, type GrpcRetryOptions } from '@temporalio/client';

const RESOURCE_EXHAUSTED = 8;
const BUSY_ATTEMPTS = 8;

export async function connectTemporalClient(address: string, namespace: string): Promise<{ client: Client; connection: Connection }> {
  const defaults = defaultGrpcRetryOptions();
  const busyBackoff = defaultGrpcRetryOptions({ initialIntervalMs: () => 50, maxAttempts: BUSY_ATTEMPTS });
  const retry: GrpcRetryOptions = {
    delayFunction: (attempt, status) => (status.code === RESOURCE_EXHAUSTED ? busyBackoff : defaults).delayFunction(attempt, status),
    retryableDecider: (attempt, status) => (status.code === RESOURCE_EXHAUSTED ? attempt < BUSY_ATTEMPTS : defaults.retryableDecider(attempt, status) && isRetryableError(status)),
  };
  const connection = await Connection.connect({
    address,
    interceptors: [
      makeGrpcRetryInterceptor(retry),
    ],
  });
  return { client: new Client({ connection, namespace }), connection };
}

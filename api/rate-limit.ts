// Failed authentication is rate limited per client address: a few mistakes pass, guessing keys does not.
// @fastify/rate-limit does the limiting; its count lives in PostgreSQL, so every API process sees the same
// count and a guesser cannot spread tries over processes.
import type { FastifyRateLimitOptions, FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { Db } from '../db/client.ts';
import { incrementRateLimit, readRateLimit, type RateWindow } from '../db/queries/rate-limits.ts';

export const FAILED_AUTH = { max: 20, timeWindow: 60_000 };

type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void;

/** A store class (the plugin constructs it) over `db`; keys are namespaced so other limits can share the table. */
export function postgresRateLimitStore(db: Db, namespace = 'auth-failures'): FastifyRateLimitStoreCtor {
  const answer = (window: Promise<RateWindow>, done: Callback) => {
    window.then(
      ({ count, ttlMs }) => done(null, { current: count, ttl: Math.max(0, ttlMs) }),
      (error: Error) => done(error),
    );
  };
  class PostgresStore implements FastifyRateLimitStore {
    constructor(readonly options: FastifyRateLimitOptions) {}
    incr(key: string, done: Callback, timeWindow: number) {
      answer(incrementRateLimit(db, `${namespace}:${key}`, timeWindow), done);
    }
    read(key: string, done: Callback, timeWindow: number) {
      answer(readRateLimit(db, `${namespace}:${key}`, timeWindow), done);
    }
    child(options: FastifyRateLimitOptions) {
      return new PostgresStore(options);
    }
  }
  return PostgresStore;
}

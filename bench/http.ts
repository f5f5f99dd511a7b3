// The benchmark's HTTP client: every call is timed and recorded under its route, as the caller names it.
import type { Recorder } from './stats.ts';

export interface CallOptions {
  headers?: Record<string, string>;
  /** JSON body. */
  json?: unknown;
  /** A body sent as it is, with its content type (a signed webhook). */
  raw?: { body: string; contentType: string };
  /** Expected status; anything else throws with the response body. */
  status?: number;
}

export class HttpError extends Error {
  constructor(
    readonly route: string,
    readonly status: number,
    body: string,
  ) {
    super(`${route} answered ${status}: ${body.slice(0, 300)}`);
  }
}

export function createHttp(baseUrl: string, recorder: Recorder) {
  return async function call<T>(route: string, method: 'GET' | 'POST', path: string, options: CallOptions = {}): Promise<T> {
    const headers: Record<string, string> = { ...options.headers };
    let body: string | undefined;
    if (options.raw) {
      body = options.raw.body;
      headers['content-type'] = options.raw.contentType;
    } else if (options.json !== undefined) {
      body = JSON.stringify(options.json);
      headers['content-type'] = 'application/json';
    }
    const started = performance.now();
    const response = await fetch(`${baseUrl}${path}`, { method, headers, body });
    const text = await response.text();
    recorder.add(route, performance.now() - started);
    const expected = options.status ?? (method === 'GET' ? 200 : undefined);
    if (expected !== undefined ? response.status !== expected : response.status >= 300) throw new HttpError(route, response.status, text);
    return (text ? JSON.parse(text) : undefined) as T;
  };
}

export type Http = ReturnType<typeof createHttp>;

// One error envelope for every failure: {"error": {code, message, details}, "requestId"}.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';

export type ErrorCode =
  | 'VALIDATION_FAILED'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'WRONG_STAGE'
  | 'CONFLICT'
  | 'RATE_LIMITED'
  | 'UNAVAILABLE'
  | 'INTERNAL';

export interface FieldError {
  field: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    /** For 429 and 503: when to try again, in seconds (the `Retry-After` header). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

/** A workflow with more updates in flight than Temporal takes at once (ten by default): busy, not down. */
export const busy = (retryAfterSeconds: number) =>
  new AppError(429, 'RATE_LIMITED', 'The order is busy with other requests; retry shortly', undefined, retryAfterSeconds);

export const validationFailed = (details: FieldError[], message = 'The request does not fit the contract') =>
  new AppError(400, 'VALIDATION_FAILED', message, details);
export const notFound = (what: string) => new AppError(404, 'NOT_FOUND', `${what} not found`);
export const forbidden = (message = 'Your role may not do this') => new AppError(403, 'FORBIDDEN', message);
export const conflict = (message: string, details?: unknown) => new AppError(409, 'CONFLICT', message, details);

const VALIDATION_CONTEXT: Record<string, string> = { querystring: 'query', body: 'body', params: 'params', headers: 'headers' };

/** PostgreSQL and network failures that mean "cannot reach the database right now". */
function isDatabaseUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  if (typeof code !== 'string') return false;
  return (
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED', 'CONNECT_TIMEOUT'].includes(code) ||
    code.startsWith('57P') || // admin shutdown, cannot connect now
    code.startsWith('08') // connection exceptions
  );
}

/** gRPC RESOURCE_EXHAUSTED (8) anywhere in the chain: Temporal refused the call for now, nothing is down. */
export function isTemporalBusy(error: unknown): boolean {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === 8 || /RESOURCE_EXHAUSTED|ResourceExhausted/.test((e as Error).message ?? '')) return true;
  }
  return false;
}

/** gRPC UNAVAILABLE (14) and DEADLINE_EXCEEDED (4) from the Temporal client. */
function isTemporalUnavailable(error: unknown): boolean {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if ((e as Error).name === 'ServiceError' || typeof code === 'number') {
      if (code === 14 || code === 4) return true;
    }
    if ((e as Error).name === 'ServiceError' && /UNAVAILABLE|DEADLINE_EXCEEDED|connect/i.test((e as Error).message)) return true;
  }
  return false;
}

function cause(error: unknown): unknown {
  return (error as { cause?: unknown })?.cause;
}

/**
 * Strict schemas refuse unknown keys; the message names them, since a misspelt filter (`?asigneeId=`) would
 * otherwise read as "the request does not fit" with the culprit only in the details.
 */
function unknownKeysMessage(context: string, issues: { keyword: string; instancePath: string; params?: unknown }[]): string | undefined {
  const names = issues.flatMap((v) =>
    v.keyword === 'unrecognized_keys' ? ((v.params as { keys?: string[] }).keys ?? []).map((key) => [...v.instancePath.split('/').filter(Boolean), key].join('.')) : [],
  );
  if (names.length === 0) return undefined;
  const what = context === 'query' ? 'query parameter' : `${context} field`;
  return `Unknown ${what}${names.length > 1 ? 's' : ''}: ${names.join(', ')}`;
}

export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const context = VALIDATION_CONTEXT[(error as { validationContext?: string }).validationContext ?? 'body'] ?? 'body';
    const details = error.validation.map((v) => ({
      field: [context, ...v.instancePath.split('/').filter(Boolean)].join('.'),
      message: v.message ?? 'invalid',
    }));
    return validationFailed(details, unknownKeysMessage(context, error.validation));
  }
  const fastifyError = error as Partial<FastifyError>;
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return validationFailed([{ field: 'body', message: fastifyError.message ?? 'malformed body' }], 'The body is not valid JSON');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_TYPE':
      return new AppError(415, 'VALIDATION_FAILED', 'Unsupported content type: send application/json', [
        { field: 'headers.content-type', message: 'expected application/json' },
      ]);
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError(413, 'VALIDATION_FAILED', 'The body is too large', [{ field: 'body', message: 'too large' }]);
  }
  if (isTemporalBusy(error)) return busy(1);
  if (isDatabaseUnavailable(error) || isDatabaseUnavailable(cause(error)) || isTemporalUnavailable(error)) {
    return new AppError(503, 'UNAVAILABLE', 'A backing service is unavailable; retry shortly');
  }
  const status = fastifyError.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new AppError(status, status === 429 ? 'RATE_LIMITED' : 'VALIDATION_FAILED', fastifyError.message ?? 'Bad request');
  }
  return new AppError(500, 'INTERNAL', 'Internal error');
}

export function sendError(request: FastifyRequest, reply: FastifyReply, error: AppError): FastifyReply {
  if (error.retryAfterSeconds !== undefined) reply.header('retry-after', String(error.retryAfterSeconds));
  return reply
    .code(error.status)
    .type('application/json; charset=utf-8')
    .send({
      error: { code: error.code, message: error.message, ...(error.details !== undefined ? { details: error.details } : {}) },
      requestId: request.id,
    });
}

export function errorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const appError = toAppError(error);
  if (appError.status >= 500) request.log.error({ err: error }, 'request failed');
  else request.log.info({ code: appError.code, status: appError.status }, appError.message);
  return sendError(request, reply, appError);
}

export function notFoundHandler(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return sendError(request, reply, new AppError(404, 'NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}`));
}

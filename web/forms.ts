// From a posted form to the API's own body shape and back: the same zod schemas check both, and their
// complaints come back as messages next to the fields that caused them.
import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import { AppError, type FieldError } from '../api/errors.ts';
import type { FieldErrors, Values } from './components/fields.tsx';
import type { View } from './view.ts';
import type { Words } from './words.ts';

export type Form = Record<string, string | string[] | undefined>;

/** One value of a field; '' (an empty input) counts as not given. */
export function one(form: Form, name: string): string | undefined {
  const value = form[name];
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  return text ? text : undefined;
}

/** Every value of a repeated field (rows of a table), '' kept so positions line up. */
export function many(form: Form, name: string): string[] {
  const value = form[name];
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** The values typed, to fill the form again when it comes back with errors. */
export function valuesOf(form: Form): Values {
  return Object.fromEntries(Object.entries(form).filter(([key, value]) => key !== '_csrf' && typeof value === 'string')) as Values;
}

export class FormErrors extends Error {
  constructor(readonly errors: FieldErrors) {
    super('the form has errors');
  }
}

/** Parses `body` with the API's schema; on failure throws FormErrors keyed by form field (`fieldOf` maps paths). */
export function check<T extends z.ZodType>(schema: T, body: unknown, words: Words, fieldOf: (path: string) => string = (path) => path): z.infer<T> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const field = fieldOf(issue.path.join('.'));
    errors[field] ??= issue.code === 'invalid_type' && issue.input === undefined ? words.errors.required : words.errors.invalid;
  }
  throw new FormErrors(errors);
}

/** A validation refusal of the engine (e.g. a ship date in the past), as field errors of the form. */
export function fieldErrorsOf(error: AppError, words: Words, fieldOf: (path: string) => string = (path) => path): FieldErrors | undefined {
  if (error.code !== 'VALIDATION_FAILED' || !Array.isArray(error.details)) return undefined;
  return Object.fromEntries(
    (error.details as FieldError[]).map((detail) => [fieldOf(detail.field.replace(/^body\./, '')), `${words.errors.invalid}: ${detail.message}`]),
  );
}

/** What a refused action tells the person, in their language, with the engine's own reason as detail. */
export function refusalOf(error: unknown, words: Words): string | undefined {
  if (!(error instanceof AppError)) return undefined;
  if (error.code === 'WRONG_STAGE') return `${words.errors.wrongStage} (${error.message})`;
  if (error.code === 'CONFLICT') return `${words.errors.conflict} (${error.message})`;
  if (error.code === 'FORBIDDEN') return words.errors.forbidden;
  if (error.code === 'UNAVAILABLE') return words.errors.unavailable;
  if (error.code === 'VALIDATION_FAILED') return words.errors.fix;
  return undefined;
}

/** A form refusal rendered by `render`; anything that is not a refusal goes on to the error page. */
export function refused(error: unknown, view: View, render: (errors: FieldErrors | undefined, message: string, status: number) => Promise<FastifyReply>) {
  if (error instanceof FormErrors) return render(error.errors, view.words.errors.fix, 422);
  const message = refusalOf(error, view.words);
  if (!message || !(error instanceof AppError)) throw error;
  return render(fieldErrorsOf(error, view.words), message, error.status === 400 ? 422 : error.status);
}

// What every page needs to speak to its reader: their words, their formats, who they are, the form token.
import type { FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';
import type { Locale } from '../domain/funnel.ts';
import { may, type Action, type Principal } from '../domain/roles.ts';
import { formatter, type Formatter } from './format.ts';
import type { WorkspaceSession } from './session.ts';
import { WORDS, type Words } from './words.ts';

export interface View {
  locale: Locale;
  words: Words;
  fmt: Formatter;
  /** Undefined on the pages before sign-in. */
  principal?: Principal;
  csrf: string;
  path: string;
  may(action: Action): boolean;
}

export function viewOf(config: Config, request: FastifyRequest, session?: WorkspaceSession, csrf = ''): View {
  const locale = session?.locale ?? config.defaultLocale;
  return {
    locale,
    words: WORDS[locale],
    fmt: formatter(locale, config.timezone),
    ...(session ? { principal: session.principal } : {}),
    csrf: session?.csrfToken ?? csrf,
    path: request.url,
    may: (action) => (session ? may(session.principal, action) : false),
  };
}

/** The board is home for those who steer orders; the task list for those who carry them out. */
export function homeOf(principal: Principal): string {
  if (principal.kind === 'admin' || principal.department === 'sales' || principal.department === 'management') return '/board';
  return '/tasks';
}

export const isAdminLike = (principal?: Principal) => principal?.kind === 'admin' || (principal?.kind === 'employee' && principal.department === 'management');

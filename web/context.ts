// What every page route is given: the app's dependencies, the services pages call, and the reader's view.
import type { FastifyRequest } from 'fastify';
import type { AppDeps } from '../api/deps.ts';
import type { Services } from './services.ts';
import type { WorkspaceSession } from './session.ts';
import type { View } from './view.ts';

export interface WebContext {
  deps: AppDeps;
  services: Services;
  adminPassword: string;
  /** The reader's view; the session is there on every non-public route. */
  view(request: FastifyRequest): View;
  session(request: FastifyRequest): WorkspaceSession;
}

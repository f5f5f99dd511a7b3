// Who the caller is, and the admin setting an employee's workspace password.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { deleteEmployeeSessions, setPasswordHash } from '../../db/queries/sessions.ts';
import { DEPARTMENTS } from '../../domain/funnel.ts';
import { hashPassword, MIN_PASSWORD_LENGTH } from '../../web/passwords.ts';
import type { AppDeps } from '../app.ts';
import { allow } from '../auth.ts';
import { notFound } from '../errors.ts';
import { errorResponses, uuidParam } from '../schemas.ts';

const me = z.object({
  kind: z.enum(['admin', 'employee']),
  id: z.uuid().nullable(),
  name: z.string(),
  department: z.enum(DEPARTMENTS).nullable(),
  isHead: z.boolean(),
});

export const workspaceRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  app.get('/me', { schema: { tags: ['employees'], response: { ...errorResponses, 200: me } } }, async (request) => {
    const principal = request.principal;
    return principal.kind === 'admin'
      ? { kind: 'admin' as const, id: null, name: principal.name, department: null, isHead: false }
      : { kind: 'employee' as const, id: principal.id, name: principal.name, department: principal.department, isHead: principal.isHead };
  });

  app.put(
    '/employees/:id/password',
    {
      preValidation: allow('manageReference'),
      schema: { tags: ['employees'], params: uuidParam, body: z.strictObject({ password: z.string().min(MIN_PASSWORD_LENGTH).max(200) }), response: { ...errorResponses, 204: z.null() } },
    },
    async (request, reply) => {
      if (!(await setPasswordHash(deps.db, request.params.id, await hashPassword(request.body.password)))) throw notFound('Employee');
      // whoever held the old password is signed out with it
      await deleteEmployeeSessions(deps.db, request.params.id);
      return reply.code(204).send(null);
    },
  );
};

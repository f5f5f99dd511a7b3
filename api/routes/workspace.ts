// Who the caller is, and the admin setting an employee's workspace password.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DEPARTMENTS } from '../../domain/funnel.ts';
import { MIN_PASSWORD_LENGTH } from '../../web/passwords.ts';
import type { AppDeps } from '../deps.ts';
import { allow } from '../auth.ts';
import { errorResponses, noQuery, uuidParam } from '../schemas.ts';
import { setEmployeePassword } from '../services/staff.ts';

const me = z.object({
  kind: z.enum(['admin', 'employee']),
  id: z.uuid().nullable(),
  name: z.string(),
  department: z.enum(DEPARTMENTS).nullable(),
  isHead: z.boolean(),
});

export const workspaceRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  app.get(
    '/me',
    {
      preValidation: allow('read'),
      schema: {
        tags: ['employees'],
        summary: 'Who is calling',
        description: 'The caller behind the API key or the workspace session: the built-in admin or an employee with department and head flag.',
        querystring: noQuery,
        response: { ...errorResponses, 200: me },
      },
    },
    async (request) => {
    const principal = request.principal;
    return principal.kind === 'admin'
      ? { kind: 'admin' as const, id: null, name: principal.name, department: null, isHead: false }
      : { kind: 'employee' as const, id: principal.id, name: principal.name, department: principal.department, isHead: principal.isHead };
    },
  );

  app.put(
    '/employees/:id/password',
    {
      preValidation: allow('manageReference'),
      schema: {
        tags: ['employees'],
        summary: "Set an employee's workspace password",
        description: 'Sets the password the employee signs in to the workspace with (at least 10 characters) and ends their sessions.',
        params: uuidParam,
        body: z.strictObject({ password: z.string().min(MIN_PASSWORD_LENGTH).max(200) }),
        response: { ...errorResponses, 204: z.null() },
      },
    },
    async (request, reply) => {
      await setEmployeePassword(deps, request.params.id, request.body.password);
      return reply.code(204).send(null);
    },
  );
};

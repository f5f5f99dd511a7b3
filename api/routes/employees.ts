import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../deps.ts';
import { allow } from '../auth.ts';
import { createEmployeeBody, employee, employeeCreated, employeeListQuery, errorResponses, listOf, noQuery, patchEmployeeBody, uuidParam } from '../schemas.ts';
import { createInvitedEmployee, inviteEmployee } from '../services/invitations.ts';
import { changeEmployee, findEmployee, listEmployees, regenerateApiKey } from '../services/staff.ts';

const invitation = z.object({
  sentTo: z.string().describe('The employee’s e-mail the invitation goes to'),
  expiresAt: z.iso.datetime().describe('The link works once, until then (72 hours)'),
});

export const employeeRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  app.post(
    '/employees',
    {
      preValidation: allow('manageReference'),
      schema: {
        tags: ['employees'],
        summary: 'Create an employee',
        description:
          'Answers with the employee’s personal API key: shown only here, stored only as a hash. The employee is mailed an invitation: a single-use link, valid 72 hours, to set their workspace password. The first active employee of a department takes its queue (in sales also the open orders without a manager).',
        body: createEmployeeBody,
        response: { ...errorResponses, 201: employeeCreated.extend({ invitation }) },
      },
    },
    async (request, reply) => reply.code(201).send(await createInvitedEmployee(deps, request.body, request.log)),
  );

  app.post(
    '/employees/:id/invitation',
    {
      preValidation: allow('manageReference'),
      schema: {
        tags: ['employees'],
        summary: 'Send the invitation again',
        description: 'Mails the employee a new single-use link (72 hours) to set their workspace password; their earlier unused links stop working. 409 for a deactivated employee.',
        params: uuidParam,
        querystring: noQuery,
        response: { ...errorResponses, 202: invitation },
      },
    },
    async (request, reply) => {
      const { sentTo, expiresAt } = await inviteEmployee(deps, request.params.id);
      return reply.code(202).send({ sentTo, expiresAt });
    },
  );

  app.post(
    '/employees/:id/api-key',
    {
      preValidation: allow('manageReference'),
      schema: {
        tags: ['employees'],
        summary: 'Issue a new API key',
        description: 'Replaces the employee’s API key: the new one is answered only here, the old one stops working at once.',
        params: uuidParam,
        querystring: noQuery,
        response: { ...errorResponses, 200: employeeCreated },
      },
    },
    async (request) => regenerateApiKey(deps, request.params.id),
  );

  app.get(
    '/employees',
    {
      preValidation: allow('manageReference'),
      schema: {
        tags: ['employees'],
        summary: 'List employees',
        description: 'Filtered by department and active; paged by limit and cursor.',
        querystring: employeeListQuery,
        response: { ...errorResponses, 200: listOf(employee) },
      },
    },
    async (request) => listEmployees(deps, request.query),
  );

  app.get(
    '/employees/:id',
    {
      preValidation: allow('manageReference'),
      schema: {
        tags: ['employees'],
        summary: 'Get an employee',
        description: 'One employee, without the key.',
        params: uuidParam,
        querystring: noQuery,
        response: { ...errorResponses, 200: employee },
      },
    },
    async (request) => findEmployee(deps, request.params.id),
  );

  app.patch(
    '/employees/:id',
    {
      preValidation: allow('manageReference'),
      schema: {
        tags: ['employees'],
        summary: 'Change an employee',
        description:
          'Deactivate (their key stops working at once; their open tasks go to the least-loaded active colleague of the department, or to its queue, and its heads are told), make head, or move to another department. Reactivated as the only active member of the department, the employee takes its queue.',
        params: uuidParam,
        body: patchEmployeeBody,
        response: { ...errorResponses, 200: employee },
      },
    },
    async (request) => changeEmployee(deps, request.params.id, request.body, request.principal, request.log),
  );
};

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../deps.ts';
import { allow } from '../auth.ts';
import { createEmployeeBody, employee, employeeCreated, employeeListQuery, errorResponses, listOf, noQuery, patchEmployeeBody, uuidParam } from '../schemas.ts';
import { changeEmployee, createEmployee, findEmployee, listEmployees } from '../services/staff.ts';

export const employeeRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  app.post(
    '/employees',
    {
      preValidation: allow('manageReference'),
      schema: {
        tags: ['employees'],
        summary: 'Create an employee',
        description: 'Answers with the employee’s personal API key: shown only here, stored only as a hash.',
        body: createEmployeeBody,
        response: { ...errorResponses, 201: employeeCreated },
      },
    },
    async (request, reply) => reply.code(201).send(await createEmployee(deps, request.body)),
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
        description: 'Deactivate (their key stops working at once), make head, or move to another department.',
        params: uuidParam,
        body: patchEmployeeBody,
        response: { ...errorResponses, 200: employee },
      },
    },
    async (request) => changeEmployee(deps, request.params.id, request.body),
  );
};

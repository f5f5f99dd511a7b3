import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { randomUUID } from 'node:crypto';
import { getEmployee, insertEmployee, listEmployees, updateEmployee, type EmployeeRow } from '../../db/queries/employees.ts';
import type { AppDeps } from '../app.ts';
import { allow, generateApiKey, hashApiKey } from '../auth.ts';
import { conflict, notFound } from '../errors.ts';
import { decodeCursor, page } from '../pagination.ts';
import { createEmployeeBody, employee, employeeCreated, employeeListQuery, listOf, patchEmployeeBody, uuidParam, errorResponses } from '../schemas.ts';

const view = ({ createdAt: _createdAt, ...row }: EmployeeRow) => row as typeof employee._output;

export const employeeRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  const { db } = deps;

  app.post(
    '/employees',
    {
      preValidation: allow('manageReference'),
      schema: { tags: ['employees'], body: createEmployeeBody, response: { ...errorResponses, 201: employeeCreated } },
    },
    async (request, reply) => {
      const apiKey = generateApiKey();
      const row = await insertEmployee(db, {
        id: randomUUID(),
        ...request.body,
        email: request.body.email.toLowerCase(),
        isHead: request.body.isHead ?? false,
        apiKeyHash: hashApiKey(apiKey).toString('hex'),
        createdAt: new Date(),
      });
      if (!row) throw conflict(`An employee with e-mail ${request.body.email} exists already`);
      return reply.code(201).send({ ...view(row), apiKey });
    },
  );

  app.get(
    '/employees',
    { preValidation: allow('manageReference'), schema: { tags: ['employees'], querystring: employeeListQuery, response: { ...errorResponses, 200: listOf(employee) } } },
    async (request) => {
      const { limit, cursor, ...filter } = request.query;
      return page(await listEmployees(db, { ...filter, limit, cursor: decodeCursor(cursor) }), limit, view);
    },
  );

  app.get(
    '/employees/:id',
    { preValidation: allow('manageReference'), schema: { tags: ['employees'], params: uuidParam, response: { ...errorResponses, 200: employee } } },
    async (request) => {
      const row = await getEmployee(db, request.params.id);
      if (!row) throw notFound('Employee');
      return view(row);
    },
  );

  app.patch(
    '/employees/:id',
    {
      preValidation: allow('manageReference'),
      schema: { tags: ['employees'], params: uuidParam, body: patchEmployeeBody, response: { ...errorResponses, 200: employee } },
    },
    async (request) => {
      const row = await updateEmployee(db, request.params.id, request.body);
      if (!row) throw notFound('Employee');
      return view(row);
    },
  );
};

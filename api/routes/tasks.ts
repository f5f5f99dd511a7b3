import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../deps.ts';
import { allow } from '../auth.ts';
import { completeTaskBody, errorResponses, listOf, noQuery, task, taskListQuery, uuidParam } from '../schemas.ts';
import { completeTask, findTask, listTasks } from '../services/tasks.ts';

export const taskRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  app.get(
    '/tasks',
    {
      preValidation: allow('read'),
      schema: {
        tags: ['tasks'],
        summary: 'List tasks',
        description: 'Filtered by assignee, department, status, order, type and overdue; paged by limit and cursor.',
        querystring: taskListQuery,
        response: { ...errorResponses, 200: listOf(task) },
      },
    },
    async (request) => listTasks(deps, request.query),
  );

  app.get(
    '/tasks/:id',
    {
      preValidation: allow('read'),
      schema: {
        tags: ['tasks'],
        summary: 'Get a task',
        description: 'One task of an order.',
        params: uuidParam,
        querystring: noQuery,
        response: { ...errorResponses, 200: task },
      },
    },
    async (request) => findTask(deps, request.params.id),
  );

  app.post(
    '/tasks/:id/complete',
    {
      preValidation: allow('read'),
      schema: {
        tags: ['tasks'],
        summary: 'Complete a task',
        description:
          'Answers once the order’s workflow has taken the completion; a task completed twice is 409. Only the task’s assignee or a head of its department may complete it (management and admin always); any other caller gets 403.',
        params: uuidParam,
        body: completeTaskBody,
        response: { ...errorResponses, 200: task },
      },
    },
    async (request) => completeTask(deps, request.principal, request.params.id, request.body),
  );
};

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../deps.ts';
import { allow } from '../auth.ts';
import { assignTaskBody, completeTaskBody, errorResponses, listOf, noQuery, task, taskListQuery, uuidParam } from '../schemas.ts';
import { completeTask, findTask, listTasks } from '../services/tasks.ts';
import { assignTask } from '../services/assignments.ts';

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

  app.post(
    '/tasks/:id/assign',
    {
      preValidation: allow('read'),
      schema: {
        tags: ['tasks'],
        summary: 'Assign a task, or take it from the queue',
        description:
          'With assigneeId, hands an open task to that active employee of its department (management, admin and heads of the task’s department). With assigneeId null, puts the task back in the department’s queue. Without it, the caller, a member of the task’s department, takes an unassigned task from the queue. The new assignee gets an e-mail; the timeline says who handed what to whom. 409 when the task is no longer open, already assigned to that employee, or (taking) assigned already; 422 when the assignee is not an active employee of the department; 403 for anyone else.',
        params: uuidParam,
        body: assignTaskBody,
        response: { ...errorResponses, 200: task },
      },
    },
    async (request) => assignTask(deps, request.principal, request.params.id, request.body),
  );
};

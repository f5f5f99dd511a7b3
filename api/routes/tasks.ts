import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../deps.ts';
import { allow } from '../auth.ts';
import { completeTaskBody, errorResponses, listOf, task, taskListQuery, uuidParam } from '../schemas.ts';
import { completeTask, findTask, listTasks } from '../services/tasks.ts';

export const taskRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  app.get(
    '/tasks',
    { preValidation: allow('read'), schema: { tags: ['tasks'], querystring: taskListQuery, response: { ...errorResponses, 200: listOf(task) } } },
    async (request) => listTasks(deps, request.query),
  );

  app.get(
    '/tasks/:id',
    { preValidation: allow('read'), schema: { tags: ['tasks'], params: uuidParam, response: { ...errorResponses, 200: task } } },
    async (request) => findTask(deps, request.params.id),
  );

  app.post(
    '/tasks/:id/complete',
    { preValidation: allow('read'), schema: { tags: ['tasks'], params: uuidParam, body: completeTaskBody, response: { ...errorResponses, 200: task } } },
    async (request) => completeTask(deps, request.principal, request.params.id, request.body),
  );
};

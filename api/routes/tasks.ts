import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { getTask, listTasks, toTaskView } from '../../db/queries/tasks.ts';
import type { AppDeps } from '../app.ts';
import { allow } from '../auth.ts';
import { notFound } from '../errors.ts';
import { decodeCursor, page } from '../pagination.ts';
import { listOf, task, taskListQuery, uuidParam, errorResponses } from '../schemas.ts';

type TaskView = z.input<typeof task>;

export const taskRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  const { db } = deps;

  app.get(
    '/tasks',
    { preValidation: allow('read'), schema: { tags: ['tasks'], querystring: taskListQuery, response: { ...errorResponses, 200: listOf(task) } } },
    async (request) => {
      const { limit, cursor, ...filter } = request.query;
      const rows = await listTasks(db, { ...filter, limit, cursor: decodeCursor(cursor) });
      return page(rows, limit, (row) => toTaskView(row) as TaskView);
    },
  );

  app.get(
    '/tasks/:id',
    { preValidation: allow('read'), schema: { tags: ['tasks'], params: uuidParam, response: { ...errorResponses, 200: task } } },
    async (request) => {
      const found = await getTask(db, request.params.id);
      if (!found) throw notFound('Task');
      return found as TaskView;
    },
  );
};

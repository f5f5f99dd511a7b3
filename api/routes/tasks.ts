import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { getTask, listTasks, toTaskView } from '../../db/queries/tasks.ts';
import { mayCompleteTask } from '../../domain/roles.ts';
import { completeTaskUpdate } from '../../workflows/shared.ts';
import type { AppDeps } from '../app.ts';
import { allow } from '../auth.ts';
import { OrderClosedError, sendCommand, settleClosedOrder } from '../commands.ts';
import { orderSettings } from '../intake.ts';
import { forbidden, notFound } from '../errors.ts';
import { actorOf } from './orders.ts';
import { decodeCursor, page } from '../pagination.ts';
import { completeTaskBody, errorResponses, listOf, task, taskListQuery, uuidParam } from '../schemas.ts';

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

  app.post(
    '/tasks/:id/complete',
    {
      preValidation: allow('read'),
      schema: { tags: ['tasks'], params: uuidParam, body: completeTaskBody, response: { ...errorResponses, 200: task } },
    },
    async (request) => {
      const found = await getTask(db, request.params.id);
      if (!found) throw notFound('Task');
      if (!mayCompleteTask(request.principal, { assigneeId: found.assignee?.id ?? null, department: found.department })) throw forbidden('Only the assignee or a head of the department may complete this task');
      try {
        await sendCommand(deps, found.orderId, completeTaskUpdate, { taskId: found.id, actor: actorOf(request.principal), ...request.body });
      } catch (error) {
        // a refund task can outlive its order's workflow (money that came after the settlement window)
        if (!(error instanceof OrderClosedError)) throw error;
        const command = { taskId: found.id, actor: actorOf(request.principal), ...request.body };
        await settleClosedOrder(deps, found.orderId, completeTaskUpdate, command, { orderId: found.orderId, settings: orderSettings(deps.config) });
      }
      return (await getTask(db, found.id)) as TaskView;
    },
  );
};

// My tasks: the list, and completing one. A task someone else finished meanwhile shows why nothing happened.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { completeTaskBody } from '../../api/schemas.ts';
import { check, FormErrors, one, refusalOf, type Form } from '../forms.ts';
import { TASKS_STEP, TasksPage, type TaskListData } from '../pages/tasks.tsx';
import type { WebContext } from '../context.ts';

const html = 'text/html; charset=utf-8';

/** How many tasks of each list the page shows: `?mine=` and `?queue=`, grown by the "show more" links. */
type Shown = { mine?: string; queue?: string };

const MOST_SHOWN = 500;

function shownOf(text: string | undefined): number {
  const n = Number(text);
  return Number.isInteger(n) && n > 0 ? Math.min(n, MOST_SHOWN) : TASKS_STEP;
}

export async function taskRoutes(app: FastifyInstance, context: WebContext) {
  const { services } = context;

  const page = async (request: FastifyRequest<{ Querystring: Shown }>, notice?: TaskListData['notice']) => {
    const { principal } = context.session(request);
    const limits = { mine: shownOf(request.query.mine), queue: shownOf(request.query.queue) };
    const { mine, queue } = await services.tasksOf(principal, limits);
    const orders = await services.ordersOf(principal, [...mine.items, ...queue.items].map((task) => task.orderId));
    return TasksPage({ view: context.view(request), data: { mine, queue, limits, orders, ...(notice ? { notice } : {}) } });
  };

  app.get<{ Querystring: Shown & { done?: string } }>('/tasks', async (request, reply) => {
    const view = context.view(request);
    return reply.type(html).send(await page(request, request.query.done ? { ok: view.words.tasks.completed } : undefined));
  });

  app.post<{ Params: { id: string }; Body: Form; Querystring: Shown }>('/tasks/:id/complete', async (request, reply) => {
    const view = context.view(request);
    const { principal } = context.session(request);
    try {
      const body = check(
        completeTaskBody,
        { comment: one(request.body, 'comment'), trackingNumber: one(request.body, 'trackingNumber'), notifyClient: one(request.body, 'notifyClient') === 'true' ? true : undefined },
        view.words,
      );
      await services.completeTask(principal, request.params.id, body);
    } catch (error) {
      const message = error instanceof FormErrors ? view.words.errors.fix : refusalOf(error, view.words);
      if (!message) throw error;
      const status = error instanceof FormErrors ? 422 : (error as { status: number }).status;
      return reply.code(status).type(html).send(await page(request, { error: message, taskId: request.params.id }));
    }
    return reply.redirect('/tasks?done=1', 303);
  });
}

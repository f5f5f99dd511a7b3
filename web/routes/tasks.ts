// My tasks: the list, and completing one. A task someone else finished meanwhile shows why nothing happened.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { completeTaskBody } from '../../api/schemas.ts';
import { check, FormErrors, one, refusalOf, type Form } from '../forms.ts';
import { TasksPage, type TaskListData } from '../pages/tasks.tsx';
import type { WebContext } from '../context.ts';

const html = 'text/html; charset=utf-8';

export async function taskRoutes(app: FastifyInstance, context: WebContext) {
  const { services } = context;

  const page = async (request: FastifyRequest, notice?: TaskListData['notice']) => {
    const { principal } = context.session(request);
    const { mine, queue } = await services.tasksOf(principal);
    const orders = await services.ordersOf(principal, [...mine, ...queue].slice(0, 100).map((task) => task.orderId));
    return TasksPage({ view: context.view(request), data: { mine, queue, orders, ...(notice ? { notice } : {}) } });
  };

  app.get<{ Querystring: { done?: string } }>('/tasks', async (request, reply) => {
    const view = context.view(request);
    return reply.type(html).send(await page(request, request.query.done ? { ok: view.words.tasks.completed } : undefined));
  });

  app.post<{ Params: { id: string }; Body: Form }>('/tasks/:id/complete', async (request, reply) => {
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

// The board, the catalogue, the employees and the reports: reading pages, with the admin's forms.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../api/errors.ts';
import { createEmployeeBody, createProductBody } from '../../api/schemas.ts';
import { insertInvitation } from '../../db/queries/sessions.ts';
import { STAGES, CLOSED_STAGES, type Stage } from '../../domain/funnel.ts';
import { parseMoney } from '../format.ts';
import { check, fieldErrorsOf, FormErrors, one, refusalOf, valuesOf, type Form } from '../forms.ts';
import { BoardPage, type BoardData, type BoardFilter } from '../pages/board.tsx';
import { CataloguePage, EmployeesPage, type Issued } from '../pages/reference.tsx';
import { ReportsPage } from '../pages/reports.tsx';
import type { WebContext } from '../context.ts';
import { digest, newToken } from '../session.ts';

const html = 'text/html; charset=utf-8';
const FIRST_CARDS = 20;
const MORE_CARDS = 50;
const INVITATION_TTL_MS = 72 * 3_600_000;
const OPEN_STAGES = STAGES.filter((stage) => !CLOSED_STAGES.includes(stage));

type BoardQuery = { mine?: string; managerId?: string; overdue?: string; q?: string; stage?: string; cursor?: string };

export async function referenceRoutes(app: FastifyInstance, context: WebContext) {
  const { services, deps } = context;

  app.get<{ Querystring: BoardQuery }>('/board', async (request, reply) => {
    const { principal } = context.session(request);
    const query = request.query;
    const filter: BoardFilter = {
      ...(query.mine === '1' ? { mine: true } : {}),
      ...(query.managerId && /^[0-9a-f-]{36}$/i.test(query.managerId) ? { managerId: query.managerId } : {}),
      ...(query.overdue === '1' ? { overdue: true } : {}),
      ...(query.q?.trim() ? { q: query.q.trim().slice(0, 200) } : {}),
    };
    const managerId = filter.mine && principal.kind === 'employee' ? principal.id : filter.managerId;
    // "more" of one column: that column only, the next page after the cursor
    const single = query.stage && (OPEN_STAGES as string[]).includes(query.stage) ? (query.stage as Stage) : undefined;
    const stages = single ? [single] : OPEN_STAGES;
    const [funnel, managers, pages] = await Promise.all([
      services.funnel(principal),
      services.managers(principal),
      Promise.all(
        stages.map((stage) =>
          services.orders(principal, { stage, ...(managerId ? { managerId } : {}), ...(filter.overdue ? { overdue: true } : {}), ...(filter.q ? { q: filter.q } : {}), limit: single ? MORE_CARDS : FIRST_CARDS, ...(single && query.cursor ? { cursor: query.cursor } : {}) }),
        ),
      ),
    ]);
    const totals = new Map(funnel.stages.map((s) => [s.stage, s]));
    const data: BoardData = {
      filter,
      managers,
      columns: stages.map((stage, index) => ({ stage, count: totals.get(stage)?.count ?? 0, amount: totals.get(stage)?.amount ?? 0, items: pages[index]!.items, nextCursor: pages[index]!.nextCursor })),
    };
    return reply.type(html).send(await BoardPage({ view: context.view(request), data }));
  });

  app.get('/reports', async (request, reply) => {
    const funnel = await services.funnel(context.session(request).principal);
    const byStage = new Map(funnel.stages.map((s) => [s.stage, s]));
    const stages = OPEN_STAGES.map((stage) => ({ stage, count: byStage.get(stage)?.count ?? 0, amount: byStage.get(stage)?.amount ?? 0 }));
    return reply.type(html).send(await ReportsPage({ view: context.view(request), funnel: { stages, overdueTasks: funnel.overdueTasks } }));
  });

  const catalogue = async (request: FastifyRequest, reply: FastifyReply, form: { values?: Record<string, string | undefined>; errors?: Record<string, string>; error?: string; ok?: string } = {}, status = 200) => {
    const products = await services.products(context.session(request).principal);
    return reply.code(status).type(html).send(await CataloguePage({ view: context.view(request), products, form }));
  };
  app.get<{ Querystring: { done?: string } }>('/catalogue', async (request, reply) => catalogue(request, reply, request.query.done ? { ok: context.view(request).words.saved } : {}));
  app.post<{ Body: Form }>('/catalogue', async (request, reply) => {
    const view = context.view(request);
    const form = request.body;
    const money = (name: string) => {
      const text = one(form, name);
      return text === undefined ? undefined : (parseMoney(text) ?? Number.NaN);
    };
    try {
      const vat = one(form, 'vatRate');
      const body = check(
        createProductBody,
        { sku: one(form, 'sku'), name: one(form, 'name'), unit: one(form, 'unit'), price: money('price'), vatRate: vat === 'none' ? null : vat === undefined ? undefined : Number(vat), costPrice: money('costPrice'), productionDays: one(form, 'productionDays') === undefined ? undefined : Number(one(form, 'productionDays')) },
        view.words,
      );
      await services.createProduct(context.session(request).principal, body);
    } catch (error) {
      return refused(error, view, (errors, message, status) => catalogue(request, reply, { values: valuesOf(form), ...(errors ? { errors } : {}), error: message }, status));
    }
    return reply.redirect('/catalogue?done=1', 303);
  });

  const employees = async (request: FastifyRequest, reply: FastifyReply, form: { values?: Record<string, string | undefined>; errors?: Record<string, string>; error?: string; ok?: string } = {}, status = 200, issued?: Issued) => {
    const rows = await services.employees(context.session(request).principal);
    return reply.code(status).type(html).send(await EmployeesPage({ view: context.view(request), employees: rows, form, ...(issued ? { issued } : {}) }));
  };
  const invite = async (employeeId: string) => {
    const token = newToken();
    await insertInvitation(deps.db, { tokenHash: digest(token), employeeId, expiresAt: new Date(Date.now() + INVITATION_TTL_MS) });
    return `${deps.config.publicBaseUrl}/invite/${token}`;
  };
  app.get('/employees', async (request, reply) => employees(request, reply));
  app.post<{ Body: Form }>('/employees', async (request, reply) => {
    const view = context.view(request);
    const form = request.body;
    try {
      const body = check(createEmployeeBody, { name: one(form, 'name'), email: one(form, 'email'), department: one(form, 'department'), isHead: one(form, 'isHead') === 'true' }, view.words);
      const created = await services.createEmployee(context.session(request).principal, body);
      return employees(request, reply, { ok: view.words.saved }, 201, { apiKey: created.apiKey, inviteUrl: await invite(created.id) });
    } catch (error) {
      return refused(error, view, (errors, message, status) => employees(request, reply, { values: valuesOf(form), ...(errors ? { errors } : {}), error: message }, status));
    }
  });
  app.post<{ Params: { id: string }; Body: Form }>('/employees/:id/active', async (request, reply) => {
    await services.setEmployeeActive(context.session(request).principal, request.params.id, one(request.body, 'active') === 'true');
    return reply.redirect('/employees', 303);
  });
  app.post<{ Params: { id: string } }>('/employees/:id/invite', async (request, reply) => {
    const employee = await services.employee(context.session(request).principal, request.params.id);
    return employees(request, reply, {}, 200, { inviteUrl: await invite(employee.id) });
  });
}

/** A form refusal rendered by `render`; anything that is not a refusal goes on to the error page. */
function refused(error: unknown, view: ReturnType<WebContext['view']>, render: (errors: Record<string, string> | undefined, message: string, status: number) => Promise<FastifyReply>) {
  if (error instanceof FormErrors) return render(error.errors, view.words.errors.fix, 422);
  const message = refusalOf(error, view.words);
  if (!message || !(error instanceof AppError)) throw error;
  return render(fieldErrorsOf(error, view.words), message, error.status === 400 ? 422 : error.status);
}

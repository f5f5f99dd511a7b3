// The board and the catalogue: reading pages, with the admin's form for products.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createProductBody } from '../../api/schemas.ts';
import { STAGES, CLOSED_STAGES, type Stage } from '../../domain/funnel.ts';
import { parseMoney } from '../format.ts';
import { check, one, refused, valuesOf, type Form } from '../forms.ts';
import { BoardPage, type BoardData, type BoardFilter } from '../pages/board.tsx';
import { CataloguePage } from '../pages/reference.tsx';
import type { WebContext } from '../context.ts';

const html = 'text/html; charset=utf-8';
const FIRST_CARDS = 20;
const MORE_CARDS = 50;
const OPEN_STAGES = STAGES.filter((stage) => !CLOSED_STAGES.includes(stage));

type BoardQuery = { mine?: string; managerId?: string; overdue?: string; q?: string; stage?: string; cursor?: string };

export async function referenceRoutes(app: FastifyInstance, context: WebContext) {
  const { services } = context;

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
    const [stageTotals, managers, pages] = await Promise.all([
      services.stageTotals(principal),
      services.managers(principal),
      Promise.all(
        stages.map((stage) =>
          services.orders(principal, { stage, ...(managerId ? { managerId } : {}), ...(filter.overdue ? { overdue: true } : {}), ...(filter.q ? { q: filter.q } : {}), limit: single ? MORE_CARDS : FIRST_CARDS, ...(single && query.cursor ? { cursor: query.cursor } : {}) }),
        ),
      ),
    ]);
    const totals = new Map(stageTotals.map((s) => [s.stage, s]));
    const deadlines = await services.deadlines(principal, pages.flatMap((p) => p.items.map((order) => order.id)));
    const data: BoardData = {
      filter,
      managers,
      deadlines,
      columns: stages.map((stage, index) => ({ stage, count: totals.get(stage)?.count ?? 0, amount: totals.get(stage)?.amount ?? 0, items: pages[index]!.items, nextCursor: pages[index]!.nextCursor })),
    };
    return reply.type(html).send(await BoardPage({ view: context.view(request), data }));
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
}

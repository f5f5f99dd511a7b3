// The reports page: the funnel for everyone, and the margin by month and by product for roles that may read
// costs, over a period chosen in a plain GET form.
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../api/errors.ts';
import { calendarDate } from '../../api/schemas.ts';
import { dateIn } from '../../domain/calendar.ts';
import { CLOSED_STAGES, STAGES } from '../../domain/funnel.ts';
import type { Principal } from '../../domain/roles.ts';
import type { WebContext } from '../context.ts';
import { ReportsPage, type MarginPart } from '../pages/reports.tsx';
import type { Words } from '../words.ts';

const html = 'text/html; charset=utf-8';
const OPEN_STAGES = STAGES.filter((stage) => !CLOSED_STAGES.includes(stage));

export async function reportRoutes(app: FastifyInstance, context: WebContext) {
  const { services, deps } = context;

  app.get<{ Querystring: { from?: string; to?: string } }>('/reports', async (request, reply) => {
    const view = context.view(request);
    const { principal } = context.session(request);
    const funnel = await services.funnel(principal);
    const byStage = new Map(funnel.stages.map((s) => [s.stage, s]));
    const stages = OPEN_STAGES.map((stage) => ({ stage, count: byStage.get(stage)?.count ?? 0, amount: byStage.get(stage)?.amount ?? 0 }));
    const margin = view.may('readCosts') ? await marginPart(principal, request.query, view.words) : undefined;
    return reply
      .code(margin?.form.errors ? 422 : 200)
      .type(html)
      .send(await ReportsPage({ view, funnel: { stages, overdueTasks: funnel.overdueTasks }, ...(margin ? { margin } : {}) }));
  });
  /** The margin of the period asked for; a wrong period is marked on the form and the default one shown. */
  const marginPart = async (principal: Principal, query: { from?: string; to?: string }, words: Words): Promise<MarginPart> => {
    const asked = { from: query.from?.trim() || undefined, to: query.to?.trim() || undefined };
    const errors: Record<string, string> = {};
    for (const field of ['from', 'to'] as const) if (asked[field] !== undefined && !calendarDate.safeParse(asked[field]).success) errors[field] = words.errors.invalid;
    if (!errors.from && !errors.to && asked.from && asked.to && asked.to < asked.from) errors.to = words.errors.invalid;
    const values = { from: query.from, to: query.to };
    if (Object.keys(errors).length > 0) return { data: await services.margin(principal, lastYear()), form: { values, errors } };
    try {
      return { data: await services.margin(principal, { ...lastYear(), ...(asked.from ? { from: asked.from } : {}), ...(asked.to ? { to: asked.to } : {}) }), form: {} };
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'VALIDATION_FAILED') throw error;
      return { data: await services.margin(principal, lastYear()), form: { values, errors: { from: words.errors.invalid } } };
    }
  };
  // the page opens on twelve months, this one included, so the chart has a trend to show
  const lastYear = () => {
    const today = dateIn(deps.config.timezone, new Date());
    const [year, month] = [Number(today.slice(0, 4)), Number(today.slice(5, 7))];
    const start = new Date(Date.UTC(year, month - 12, 1)).toISOString().slice(0, 10);
    return { from: start, to: today };
  };

}

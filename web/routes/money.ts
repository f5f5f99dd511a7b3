// The accountant's page "Деньги" (docs/money.md, In the workspace): money to match, each entry matched to an
// invoice by its number or dismissed; a bank statement to load; the receivables. Every form posts plainly and
// is answered with the page and what was done in words; a refusal keeps what was typed and marks the field.
// A second submit of the same form changes nothing: the services answer a repeated decision as the first.
import multipart from '@fastify/multipart';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../api/errors.ts';
import { dismissBody } from '../../api/reconciliation-schemas.ts';
import { OrderClosedError } from '../../api/services/commands.ts';
import type { Principal } from '../../domain/roles.ts';
import type { WebContext } from '../context.ts';
import { check, one, refused, valuesOf, type Form } from '../forms.ts';
import type { MoneyForm } from '../components/money-entry.tsx';
import { statementSummary, type StatementResult } from '../components/money-tables.tsx';
import { MoneyPage } from '../pages/money.tsx';
import type { View } from '../view.ts';

const html = 'text/html; charset=utf-8';
/** As the JSON route: a year of one account's statements is far below this. */
const MAX_FILE = 10 * 1024 * 1024;

export async function moneyRoutes(app: FastifyInstance, context: WebContext) {
  const { services } = context;

  const page = async (request: FastifyRequest, reply: FastifyReply, form: MoneyForm = {}, status = 200, statement?: StatementResult[]) => {
    const { principal } = context.session(request);
    const [entries, receivables] = await Promise.all([services.money.unmatched(principal), services.money.receivables(principal)]);
    const body = await MoneyPage({ view: context.view(request), entries, receivables, form, ...(statement ? { statement } : {}) });
    // a form's answer is the page itself: htmx shows its address, not the form's action
    if (request.method === 'POST') reply.header('hx-push-url', '/money');
    return reply.code(status).type(html).send(body);
  };

  /** Why a decision on the entry was refused: how it was decided already. */
  const decidedAlready = async (principal: Principal, view: View, id: string): Promise<string> => {
    const decision = await services.money.decision(principal, id);
    const safeM = view.words.money;
    if (decision?.status === 'matched' && decision.invoice) return safeM.alreadyMatched(decision.invoice.number, decision.invoice.orderNumber);
    if (decision?.status === 'dismissed') return safeM.alreadyDismissed(safeM.dismissReasons[decision.dismissReason ?? ''] ?? '');
    return decision ? view.words.errors.conflict : safeM.gone;
  };

  app.get('/money', async (request, reply) => page(request, reply));

  app.post<{ Params: { id: string }; Body: Form }>('/money/:id/match', async (request, reply) => {
    const view = context.view(request);
    const { principal } = context.session(request);
    const { id } = request.params;
    const kept = { entryId: id, of: 'match' as const, values: valuesOf(request.body) };
    const markField = (message: string, status: number) => page(request, reply, { ...kept, errors: { invoiceNumber: message }, error: message }, status);
    const typed = one(request.body, 'invoiceNumber');
    if (!typed) return markField(view.words.errors.required, 422);
    const found = await services.money.invoice(principal, typed);
    if (!found) return markField(view.words.money.unknownInvoice(typed), 422);
    try {
      const entry = await services.money.match(principal, id, found.invoice.id, request.log);
      const ok = view.words.money.matched(view.fmt.money(entry.amount, entry.currency), found.invoice.number, found.order.number);
      return await page(request, reply, { ok, order: { id: found.order.id, number: found.order.number } });
    } catch (error) {
      if (error instanceof OrderClosedError) return markField(view.words.money.orderClosed(found.order.number), 409);
      // the one field the engine checks here: the invoice's currency against the money's
      if (error instanceof AppError && error.code === 'VALIDATION_FAILED') return markField(view.words.money.otherCurrency(found.invoice.number, found.invoice.currency), 422);
      if (error instanceof AppError && error.code === 'CONFLICT') return page(request, reply, { error: await decidedAlready(principal, view, id) }, 409);
      return refused(error, view, (_errors, message, status) => page(request, reply, { ...kept, error: message }, status));
    }
  });

  app.post<{ Params: { id: string }; Body: Form }>('/money/:id/dismiss', async (request, reply) => {
    const view = context.view(request);
    const { principal } = context.session(request);
    const { id } = request.params;
    const form = request.body;
    try {
      const body = check(dismissBody, { reason: one(form, 'reason'), comment: one(form, 'comment') }, view.words);
      const entry = await services.money.dismiss(principal, id, body);
      const ok = view.words.money.dismissed(view.fmt.money(entry.amount, entry.currency), view.words.money.dismissReasons[body.reason] ?? body.reason);
      return await page(request, reply, { ok });
    } catch (error) {
      if (error instanceof AppError && error.code === 'CONFLICT') return page(request, reply, { error: await decidedAlready(principal, view, id) }, 409);
      return refused(error, view, (errors, message, status) => page(request, reply, { entryId: id, of: 'dismiss', values: valuesOf(form), ...(errors ? { errors } : {}), error: message }, status));
    }
  });

  // the upload in a scope of its own: only this route reads multipart bodies, and its fields (the form token
  // among them) are in the body before the token is checked
  await app.register(async (scope) => {
    await scope.register(multipart, { attachFieldsToBody: 'keyValues', limits: { fileSize: MAX_FILE, files: 1, fields: 4 } });
    const refuse = (request: FastifyRequest, reply: FastifyReply, message: string, status: number) => page(request, reply, { of: 'statement', errors: { file: message }, error: message }, status);
    scope.setErrorHandler(async (error: FastifyError, request, reply) => {
      if (error.code === 'FST_REQ_FILE_TOO_LARGE') return refuse(request, reply, context.view(request).words.money.tooLarge, 413);
      // anything else is the workspace's own error page
      throw error;
    });

    scope.post<{ Body: Record<string, unknown> | undefined }>('/money/statement', async (request, reply) => {
      const view = context.view(request);
      const file = request.body?.file;
      if (!Buffer.isBuffer(file) || file.length === 0) return refuse(request, reply, view.words.money.noFile, 422);
      try {
        const loaded = await services.money.loadStatement(context.session(request).principal, file, request.log);
        return await page(request, reply, { of: 'statement', ok: view.words.money.loaded(statementSummary(view, loaded.results)) }, 200, loaded.results);
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== 'VALIDATION_FAILED') throw error;
        const detail = Array.isArray(error.details) ? String((error.details[0] as { message?: string } | undefined)?.message ?? '') : error.message;
        return refuse(request, reply, view.words.money.notStatement(view.words.money.reasonOf(detail)), 422);
      }
    });
  });
}

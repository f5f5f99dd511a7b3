// The admin's employees page: add one (they are mailed an invitation), activate or deactivate, send the
// invitation again, issue a new API key, set a password. Each form answers with the page and what was done.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { createEmployeeBody } from '../../api/schemas.ts';
import type { WebContext } from '../context.ts';
import { check, one, refused, valuesOf, type Form } from '../forms.ts';
import { EmployeesPage, type EmployeesForm, type Issued } from '../pages/employees.tsx';
import { MIN_PASSWORD_LENGTH } from '../passwords.ts';

const html = 'text/html; charset=utf-8';
const passwordForm = z.object({ employeeId: z.uuid(), password: z.string().min(MIN_PASSWORD_LENGTH).max(200) });

export async function employeeRoutes(app: FastifyInstance, context: WebContext) {
  const { services } = context;

  const page = async (request: FastifyRequest, reply: FastifyReply, form: EmployeesForm = {}, status = 200, issued?: Issued) => {
    const rows = await services.employees(context.session(request).principal);
    return reply.code(status).type(html).send(await EmployeesPage({ view: context.view(request), employees: rows, form, ...(issued ? { issued } : {}) }));
  };

  app.get('/employees', async (request, reply) => page(request, reply));

  app.post<{ Body: Form }>('/employees', async (request, reply) => {
    const view = context.view(request);
    const form = request.body;
    try {
      const body = check(createEmployeeBody, { name: one(form, 'name'), email: one(form, 'email'), department: one(form, 'department'), isHead: one(form, 'isHead') === 'true' }, view.words);
      const created = await services.createEmployee(context.session(request).principal, body);
      return page(request, reply, { ok: view.words.employees.inviteSent(created.invitation.sentTo) }, 201, { apiKey: created.apiKey, inviteUrl: created.invitation.url });
    } catch (error) {
      return refused(error, view, (errors, message, status) => page(request, reply, { of: 'add', values: valuesOf(form), ...(errors ? { errors } : {}), error: message }, status));
    }
  });

  app.post<{ Params: { id: string }; Body: Form }>('/employees/:id/active', async (request, reply) => {
    await services.setEmployeeActive(context.session(request).principal, request.params.id, one(request.body, 'active') === 'true');
    return reply.redirect('/employees', 303);
  });

  app.post<{ Params: { id: string } }>('/employees/:id/invite', async (request, reply) => {
    const view = context.view(request);
    try {
      const invitation = await services.inviteEmployee(context.session(request).principal, request.params.id);
      return page(request, reply, { ok: view.words.employees.inviteSent(invitation.sentTo) }, 200, { inviteUrl: invitation.url });
    } catch (error) {
      return refused(error, view, (_errors, message, status) => page(request, reply, { error: message }, status));
    }
  });

  app.post<{ Params: { id: string } }>('/employees/:id/api-key', async (request, reply) => {
    const view = context.view(request);
    const issued = await services.regenerateApiKey(context.session(request).principal, request.params.id);
    return page(request, reply, { ok: view.words.employees.keyIssued(issued.name) }, 200, { apiKey: issued.apiKey });
  });

  app.post<{ Body: Form }>('/employees/password', async (request, reply) => {
    const view = context.view(request);
    const form = request.body;
    const { principal } = context.session(request);
    try {
      // the password is taken as typed: spaces at either end are part of it
      const password = typeof form.password === 'string' ? form.password : undefined;
      const body = check(passwordForm, { employeeId: one(form, 'employeeId'), password }, view.words);
      const employee = await services.employee(principal, body.employeeId);
      await services.setEmployeePassword(principal, employee.id, body.password);
      return page(request, reply, { ok: view.words.employees.passwordSet(employee.name) });
    } catch (error) {
      return refused(error, view, (errors, message, status) => page(request, reply, { of: 'password', values: { employeeId: one(form, 'employeeId') }, ...(errors ? { errors } : {}), error: message }, status));
    }
  });
}

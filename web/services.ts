// The one place where pages reach the engine: the same functions and role rules the JSON routes use.
// After the core reorganisation merges, these calls point at api/services/ instead; pages do not change.
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { AppDeps } from '../api/app.ts';
import { generateApiKey, hashApiKey } from '../api/auth.ts';
import { sendCommand } from '../api/commands.ts';
import { AppError, conflict, forbidden, notFound, validationFailed } from '../api/errors.ts';
import { createOrder, priceItems } from '../api/intake.ts';
import { acceptPayment } from '../api/payments-in.ts';
import { actorOf } from '../api/routes/orders.ts';
import type { cancelBody, commentBody, completeTaskBody, createEmployeeBody, createOrderBody, createProductBody, deliveryBody, manualPaymentBody, qualifyBody } from '../api/schemas.ts';
import { orderView } from '../api/views.ts';
import { decodeCursor, page } from '../api/pagination.ts';
import { getEmployee, insertEmployee, listEmployees, updateEmployee } from '../db/queries/employees.ts';
import { getInvoice } from '../db/queries/invoices.ts';
import { getOrder, listOrders, toOrderSummary, type OrderFilter } from '../db/queries/orders.ts';
import { insertProduct, listProducts } from '../db/queries/products.ts';
import { funnelCounts } from '../db/queries/reports.ts';
import { getTask, listTasks, toTaskView } from '../db/queries/tasks.ts';
import { getTimeline } from '../db/queries/timeline.ts';
import { dateIn, endOfDay } from '../domain/calendar.ts';
import { prepaymentFor } from '../domain/qualification.ts';
import { may, mayCompleteTask, type Action, type Principal } from '../domain/roles.ts';
import { cancelUpdate, commentUpdate, completeTaskUpdate, qualifyUpdate, saveDeliveryUpdate } from '../workflows/shared.ts';

export type OrderCard = ReturnType<typeof orderView>;
export type OrderSummary = ReturnType<typeof toOrderSummary>;
export type Services = ReturnType<typeof createServices>;

// ids come from the address bar: anything else is simply not found, not a database error
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_SHIP_AHEAD_MS = 366 * 86_400_000;

export function createServices(deps: AppDeps) {
  const { db, config } = deps;
  const require = (principal: Principal, action: Action) => {
    if (!may(principal, action)) throw forbidden();
  };
  const requireOrder = async (id: string) => {
    if (!UUID.test(id)) throw notFound('Order');
    const found = await getOrder(db, id);
    if (!found) throw notFound('Order');
    return found;
  };
  /** The delivery form checked against today's date in the company's time zone, as the JSON route does. */
  const deliveryData = (body: z.infer<typeof deliveryBody>, field: string) => {
    if (body.shipDate < dateIn(config.timezone, new Date())) throw validationFailed([{ field: `${field}shipDate`, message: 'the ship date is in the past' }]);
    if (body.shipDate > dateIn(config.timezone, new Date(Date.now() + MAX_SHIP_AHEAD_MS))) throw validationFailed([{ field: `${field}shipDate`, message: 'the ship date is more than a year ahead' }]);
    return {
      delivery: { method: body.method, carrier: body.carrier ?? null, address: body.address ?? null, shipDate: body.shipDate, comment: body.comment ?? null },
      shipDeadline: endOfDay(config.timezone, body.shipDate).toISOString(),
    };
  };

  return {
    async order(principal: Principal, id: string) {
      require(principal, 'read');
      const found = await requireOrder(id);
      return { order: orderView(config, found), timeline: await getTimeline(db, id) };
    },
    /** One page of orders, newest first, with the cursor of the next page. */
    async orders(principal: Principal, filter: OrderFilter & { limit: number; cursor?: string }) {
      require(principal, 'read');
      const { cursor, ...rest } = filter;
      return page(await listOrders(db, { ...rest, cursor: decodeCursor(cursor) }), filter.limit, toOrderSummary);
    },
    async managers(principal: Principal) {
      require(principal, 'read');
      return listEmployees(db, { department: 'sales', active: true, limit: 200 });
    },
    async funnel(principal: Principal) {
      require(principal, 'read');
      return funnelCounts(db);
    },
    /** Open tasks assigned to the employee, and their department's open tasks that nobody has yet. */
    async tasksOf(principal: Principal) {
      if (principal.kind !== 'employee') return { mine: [], queue: [] };
      const [mine, department] = await Promise.all([
        listTasks(db, { assigneeId: principal.id, status: 'open', limit: 200 }),
        listTasks(db, { department: principal.department, status: 'open', limit: 200 }),
      ]);
      return { mine: mine.slice(0, 200).map(toTaskView), queue: department.slice(0, 200).filter((task) => task.assigneeId === null).map(toTaskView) };
    },
    /** The orders the tasks are about, to say what each task concerns. */
    async ordersOf(ids: string[]) {
      const found = await Promise.all([...new Set(ids)].map((id) => getOrder(db, id)));
      return new Map(found.flatMap((entry) => (entry ? [[entry.order.id, orderView(config, entry)] as const] : [])));
    },
    async completeTask(principal: Principal, id: string, body: z.infer<typeof completeTaskBody>) {
      const found = UUID.test(id) ? await getTask(db, id) : undefined;
      if (!found) throw notFound('Task');
      if (!mayCompleteTask(principal, { assigneeId: found.assignee?.id ?? null, department: found.department })) throw forbidden('Only the assignee or a head of the department may complete this task');
      if (found.status !== 'open') throw new AppError(409, 'CONFLICT', `The task is ${found.status} already`);
      await sendCommand(deps, found.orderId, completeTaskUpdate, { taskId: found.id, actor: actorOf(principal), ...body });
      return found;
    },
    async createOrder(principal: Principal, body: z.infer<typeof createOrderBody>, idempotencyKey: string) {
      require(principal, 'createOrder');
      return orderView(config, await createOrder(deps, principal, body, idempotencyKey));
    },
    async qualify(principal: Principal, id: string, body: z.infer<typeof qualifyBody>) {
      require(principal, 'salesCommand');
      await requireOrder(id);
      const items = await priceItems(db, body.items);
      const prepayment = prepaymentFor(body.paymentScheme, items.reduce((sum, item) => sum + item.amount, 0), body.prepaymentAmount);
      if (!prepayment.ok) throw validationFailed([{ field: `body.${prepayment.field}`, message: prepayment.message }]);
      await sendCommand(deps, id, qualifyUpdate, { actor: actorOf(principal), items, paymentScheme: body.paymentScheme, prepaymentAmount: prepayment.prepaymentAmount });
    },
    async saveDelivery(principal: Principal, id: string, body: z.infer<typeof deliveryBody>) {
      require(principal, 'salesCommand');
      await requireOrder(id);
      await sendCommand(deps, id, saveDeliveryUpdate, { actor: actorOf(principal), ...deliveryData(body, 'body.') });
    },
    async cancel(principal: Principal, id: string, body: z.infer<typeof cancelBody>) {
      require(principal, 'salesCommand');
      await requireOrder(id);
      await sendCommand(deps, id, cancelUpdate, { actor: actorOf(principal), reason: body.reason });
    },
    async comment(principal: Principal, id: string, body: z.infer<typeof commentBody>) {
      require(principal, 'salesCommand');
      await requireOrder(id);
      await sendCommand(deps, id, commentUpdate, { actor: actorOf(principal), text: body.text, notifyClient: body.notifyClient ?? false });
    },
    async recordPayment(principal: Principal, invoiceId: string, body: z.infer<typeof manualPaymentBody>) {
      require(principal, 'recordPayment');
      const invoice = UUID.test(invoiceId) ? await getInvoice(db, invoiceId) : undefined;
      if (!invoice) throw notFound('Invoice');
      return acceptPayment(deps, {
        invoice,
        amount: body.amount,
        source: 'manual',
        externalId: body.reference ?? null,
        receivedAt: body.paidAt ? new Date(body.paidAt) : new Date(),
        recordedBy: actorOf(principal),
        whenClosed: 'refuse',
      });
    },
    async products(principal: Principal) {
      require(principal, 'read');
      return listProducts(db, { limit: 200 });
    },
    async createProduct(principal: Principal, body: z.infer<typeof createProductBody>) {
      require(principal, 'manageReference');
      const row = await insertProduct(db, { id: randomUUID(), ...body, createdAt: new Date() });
      if (!row) throw conflict(`A product with SKU ${body.sku} exists already`);
      return row;
    },
    async employees(principal: Principal) {
      require(principal, 'manageReference');
      return listEmployees(db, { limit: 200 });
    },
    async employee(principal: Principal, id: string) {
      require(principal, 'manageReference');
      const row = UUID.test(id) ? await getEmployee(db, id) : undefined;
      if (!row) throw notFound('Employee');
      return row;
    },
    async createEmployee(principal: Principal, body: z.infer<typeof createEmployeeBody>) {
      require(principal, 'manageReference');
      const apiKey = generateApiKey();
      const row = await insertEmployee(db, { id: randomUUID(), ...body, email: body.email.toLowerCase(), isHead: body.isHead ?? false, apiKeyHash: hashApiKey(apiKey).toString('hex'), createdAt: new Date() });
      if (!row) throw conflict(`An employee with e-mail ${body.email} exists already`);
      return { ...row, apiKey };
    },
    async setEmployeeActive(principal: Principal, id: string, active: boolean) {
      require(principal, 'manageReference');
      if (!UUID.test(id) || !(await updateEmployee(db, id, { active }))) throw notFound('Employee');
    },
  };
}

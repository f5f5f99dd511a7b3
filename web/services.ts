// The one place where pages reach the engine: the application services of api/services/, the same the JSON
// routes call, behind the same role rules (domain/roles.ts), the accountant's in money-services.ts. Pages hold
// no rule, no SQL and no Temporal call.
import type { z } from 'zod';
import type { AppDeps } from '../api/deps.ts';
import type { cancelBody, commentBody, completeTaskBody, createEmployeeBody, createOrderBody, createProductBody, deliveryBody, manualPaymentBody, qualifyBody } from '../api/schemas.ts';
import type { customerChangeBody } from '../api/change-schemas.ts';
import { createOrder } from '../api/services/intake.ts';
import { changeCustomer, changeDelivery } from '../api/services/order-changes.ts';
import { recordManualPayment } from '../api/services/invoices.ts';
import { cancelOrder, commentOrder, findOrder, findOrders, listOrders, orderTimeline, qualifyOrder, saveDelivery } from '../api/services/orders.ts';
import { createProduct, listProducts } from '../api/services/products.ts';
import { funnelReport, marginReport, stageTotals } from '../api/services/reports.ts';
import { createInvitedEmployee, inviteEmployee } from '../api/services/invitations.ts';
import { changeEmployee, findEmployee, listEmployees, regenerateApiKey, setEmployeePassword } from '../api/services/staff.ts';
import { completeTask, findTask, workOf } from '../api/services/tasks.ts';
import { orderView } from '../api/services/views.ts';
import { reissueClientLink } from '../api/services/client-links.ts';
import { openTaskDeadlines } from '../db/queries/board.ts';
import type { OrderFilter } from '../db/queries/orders.ts';
import type { Principal } from '../domain/roles.ts';
import { allow, known, PAGE, UUID } from './guards.ts';
import { createMoneyServices } from './money-services.ts';

export type OrderCard = Awaited<ReturnType<typeof findOrder>>;
export type OrderSummary = Awaited<ReturnType<typeof listOrders>>['items'][number];
export type Services = ReturnType<typeof createServices>;
export type ProductView = Awaited<ReturnType<Services['products']>>[number];
export type EmployeeView = Awaited<ReturnType<Services['employees']>>[number];

export function createServices(deps: AppDeps) {
  return {
    /** The accountant's: money to match, bank statements, receivables. */
    money: createMoneyServices(deps),
    async order(principal: Principal, id: string) {
      allow(principal, 'read');
      known(id, 'Order');
      const [order, timeline] = await Promise.all([findOrder(deps, principal, id), orderTimeline(deps, principal, id)]);
      return { order, timeline };
    },
    /** One page of orders, newest first, with the cursor of the next page. */
    async orders(principal: Principal, filter: OrderFilter & { limit: number; cursor?: string }) {
      allow(principal, 'read');
      return listOrders(deps, principal, filter);
    },
    /** When each order's open work is due: the earliest deadline of its open tasks. */
    async deadlines(principal: Principal, orderIds: string[]) {
      allow(principal, 'read');
      return new Map((await openTaskDeadlines(deps.db, orderIds)).map((row) => [row.orderId, row.deadline]));
    },
    async managers(principal: Principal) {
      allow(principal, 'read');
      return (await listEmployees(deps, { department: 'sales', active: true, limit: PAGE })).items;
    },
    async funnel(principal: Principal) {
      allow(principal, 'read');
      return funnelReport(deps);
    },
    async stageTotals(principal: Principal) {
      allow(principal, 'read');
      return stageTotals(deps);
    },
    async margin(principal: Principal, period: { from?: string; to?: string }) {
      allow(principal, 'readCosts');
      // without `by` the report carries every breakdown
      const report = await marginReport(deps, period);
      return { ...report, months: report.months ?? [], products: report.products ?? [] };
    },
    /** Open tasks assigned to the employee, and their department's open tasks that nobody has yet: the first `limits` of each, most urgent first. */
    async tasksOf(principal: Principal, limits: { mine: number; queue: number }) {
      if (principal.kind !== 'employee') return { mine: { items: [], total: 0 }, queue: { items: [], total: 0 } };
      return workOf(deps, principal, limits);
    },
    /** The orders the tasks are about, as `principal` may see them, to say what each task concerns: read together, not one by one. */
    async ordersOf(principal: Principal, ids: string[]) {
      const found = await findOrders(deps, principal, [...new Set(ids)].filter((id) => UUID.test(id)));
      return new Map(found.map((order) => [order.id, order] as const));
    },
    async completeTask(principal: Principal, id: string, body: z.infer<typeof completeTaskBody>) {
      known(id, 'Task');
      const before = await findTask(deps, id);
      await completeTask(deps, principal, id, body);
      return before;
    },
    async createOrder(principal: Principal, body: z.infer<typeof createOrderBody>, idempotencyKey: string) {
      allow(principal, 'createOrder');
      return orderView(deps.config, await createOrder(deps, principal, body, idempotencyKey), principal);
    },
    async qualify(principal: Principal, id: string, body: z.infer<typeof qualifyBody>) {
      allow(principal, 'salesCommand');
      known(id, 'Order');
      await qualifyOrder(deps, principal, id, body);
    },
    async saveDelivery(principal: Principal, id: string, body: z.infer<typeof deliveryBody>) {
      allow(principal, 'salesCommand');
      known(id, 'Order');
      await saveDelivery(deps, principal, id, body);
    },
    async changeCustomer(principal: Principal, id: string, body: z.infer<typeof customerChangeBody>) {
      allow(principal, 'changeOrder');
      known(id, 'Order');
      await changeCustomer(deps, principal, id, body);
    },
    async changeDelivery(principal: Principal, id: string, body: z.infer<typeof deliveryBody>) {
      allow(principal, 'changeOrder');
      known(id, 'Order');
      await changeDelivery(deps, principal, id, body);
    },
    /** The same rule as POST /api/v1/orders/:id/client-link: sales, management and the admin. */
    async reissueClientLink(principal: Principal, id: string) {
      allow(principal, 'salesCommand');
      known(id, 'Order');
      return reissueClientLink(deps, id);
    },
    async cancel(principal: Principal, id: string, body: z.infer<typeof cancelBody>) {
      allow(principal, 'salesCommand');
      known(id, 'Order');
      await cancelOrder(deps, principal, id, body);
    },
    async comment(principal: Principal, id: string, body: z.infer<typeof commentBody>) {
      allow(principal, 'salesCommand');
      known(id, 'Order');
      await commentOrder(deps, principal, id, body);
    },
    async recordPayment(principal: Principal, invoiceId: string, body: z.infer<typeof manualPaymentBody>) {
      allow(principal, 'recordPayment');
      known(invoiceId, 'Invoice');
      return recordManualPayment(deps, principal, invoiceId, body);
    },
    async products(principal: Principal) {
      allow(principal, 'read');
      return (await listProducts(deps, principal, { limit: PAGE })).items;
    },
    async createProduct(principal: Principal, body: z.infer<typeof createProductBody>) {
      allow(principal, 'manageReference');
      return createProduct(deps, principal, body);
    },
    async employees(principal: Principal) {
      allow(principal, 'manageReference');
      return (await listEmployees(deps, { limit: PAGE })).items;
    },
    async employee(principal: Principal, id: string) {
      allow(principal, 'manageReference');
      known(id, 'Employee');
      return findEmployee(deps, id);
    },
    /** The new employee with their API key, and the invitation mailed to them. */
    async createEmployee(principal: Principal, body: z.infer<typeof createEmployeeBody>) {
      allow(principal, 'manageReference');
      return createInvitedEmployee(deps, body);
    },
    async inviteEmployee(principal: Principal, id: string) {
      allow(principal, 'manageReference');
      known(id, 'Employee');
      return inviteEmployee(deps, id);
    },
    async regenerateApiKey(principal: Principal, id: string) {
      allow(principal, 'manageReference');
      known(id, 'Employee');
      return regenerateApiKey(deps, id);
    },
    async setEmployeePassword(principal: Principal, id: string, password: string) {
      allow(principal, 'manageReference');
      known(id, 'Employee');
      await setEmployeePassword(deps, id, password);
    },
    async setEmployeeActive(principal: Principal, id: string, active: boolean) {
      allow(principal, 'manageReference');
      known(id, 'Employee');
      await changeEmployee(deps, id, { active }, principal);
    },
  };
}

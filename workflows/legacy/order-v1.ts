// LEGACY: the order workflow as it ran before the reorganisation, kept byte for byte but for import paths and
// still registered as `orderWorkflow`, because orders started on it replay its command sequence. New orders
// start `orderWorkflowV2` (workflows/order/). Delete this file, its registration in workflows/index.ts and
// the histories of type orderWorkflow only when no execution of the type is left running:
//   temporal workflow count --query 'WorkflowType="orderWorkflow" AND ExecutionStatus="Running"'
// answers 0 on every namespace that ran it. A change that alters the command sequence never goes here.
//
// One order's life as a durable workflow: the funnel of docs/funnel.md from `new` to `won` or `lost`.
// Deterministic: no I/O, no clock or randomness but the workflow API's.
//
// A single main loop takes one event at a time (a staff command, a payment, a deadline) and writes its
// effects to the read model in one change, so changes reach the database in order. Update handlers only
// queue their command and wait until the loop has carried it out: the caller then reads the new state.
import {
  allHandlersFinished,
  ApplicationFailure,
  CancellationScope,
  condition,
  isCancellation,
  log,
  patched,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  sleep,
  upsertSearchAttributes,
  uuid4,
} from '@temporalio/workflow';
import type { NotifyInput, OrderActivities, OrderChange, Recipient, TaskWrite, TimelineWrite } from '../../activities/index.ts';
import type { TaskType, TimelineType } from '../../domain/funnel.ts';
import { CLOSED_STAGES, TASK_DEPARTMENT } from '../../domain/funnel.ts';
import { dueOf, marginOf, overpaidOf, productionCostOf } from '../../domain/money.ts';
import { invoiceStatus } from '../../domain/qualification.ts';
import { taskTitle } from '../../domain/texts.ts';
import { initialState, openTasks, refusalOf, view, type Command, type OrderState, type Refusal, type TaskState } from '../order-state.ts';
import {
  cancelUpdate,
  commentUpdate,
  completeTaskUpdate,
  intakeUpdate,
  orderWorkflowId,
  paymentFailedSignal,
  paymentSignal,
  qualifyUpdate,
  saveDeliveryUpdate,
  searchAttributes,
  stateQuery,
  type Actor,
  type CommandActor,
  type OrderWorkflowInput,
  type PaymentFailure,
  type PaymentNotice,
} from '../shared.ts';

const { assignManager, pickAssignees, issueInvoice, recordChange, costPrices } = proxyActivities<OrderActivities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '500ms', backoffCoefficient: 2, maximumInterval: '30s' },
});

// A provider outage must not hold up the order (or the manager's qualify call waiting on it): after ten
// seconds the invoice goes out with the link to our payment page, which asks the provider again when opened.
const { createPaymentLink } = proxyActivities<OrderActivities>({
  startToCloseTimeout: '5s',
  scheduleToCloseTimeout: '10s',
  retry: { initialInterval: '500ms', backoffCoefficient: 2, maximumInterval: '4s' },
});

// Mail goes out beside the order's work, never in its way: retried with backoff for up to two days.
const { notify: sendNotification } = proxyActivities<OrderActivities>({
  startToCloseTimeout: '1 minute',
  scheduleToCloseTimeout: '2 days',
  retry: { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

type Event =
  | { kind: 'command'; id: number; command: Command }
  | { kind: 'payment'; payment: PaymentNotice }
  | { kind: 'paymentFailed'; failure: PaymentFailure }
  | { kind: 'taskDeadline'; taskId: string }
  | { kind: 'invoiceDue'; invoiceId: string; reminder: number };

type Draft = Omit<OrderChange, 'orderId' | 'seq' | 'at'>;

/** Orders started before the window was configurable keep this one. */
const DEFAULT_SETTLEMENT_WINDOW_MS = 30 * 86_400_000;

export async function orderWorkflow(input: OrderWorkflowInput): Promise<void> {
  const { orderId, number, locale, settings } = input;
  const workflowKey = orderWorkflowId(orderId);
  const state: OrderState = initialState(input);
  const inbox: Event[] = [];
  const results = new Map<number, { refusal: Refusal } | { value: unknown }>();
  const timers = new Map<string, CancellationScope>();
  let seq = 0;
  let entrySeq = 0;
  let commandSeq = 0;
  let intakeDone = false;
  let draft: Draft = {};
  let mailSeq = 0;
  const outgoing = new Set<Promise<void>>();

  const now = () => new Date(Date.now()).toISOString();

  // ---- the read model: effects of one event gathered into one change -------------------------------

  const entry = (type: TimelineType, data: Record<string, unknown>, actor: CommandActor = null): TimelineWrite => {
    const written: TimelineWrite = { key: `${workflowKey}:${++entrySeq}`, type, data, actor };
    (draft.timeline ??= []).push(written);
    return written;
  };

  const flush = async () => {
    if (Object.keys(draft).length === 0) return;
    const change = draft;
    draft = {};
    await recordChange({ orderId, seq: ++seq, at: now(), ...change });
  };

  const patchOrder = (patch: NonNullable<Draft['order']>) => {
    draft.order = { ...draft.order, ...patch };
  };

  const publish = () => {
    const due = dueOf(state.total, state.paid);
    upsertSearchAttributes([
      { key: searchAttributes.stage, value: state.stage },
      { key: searchAttributes.managerId, value: state.manager?.id ?? null },
      { key: searchAttributes.amountDue, value: due },
      { key: searchAttributes.overdue, value: state.overdue },
    ]);
    const open = openTasks(state).map(
      (t) => `- ${t.type} → ${t.assignee?.name ?? `${t.department} queue`}, deadline ${t.deadline}${t.overdue ? ' **OVERDUE**' : ''}`,
    );
    setCurrentDetails(
      [
        `**Stage:** ${state.stage}`,
        `**Total:** ${state.total} · **paid:** ${state.paid} · **due:** ${due} (${input.currency}, minor units)`,
        ...(state.costs ? [`**Production cost:** ${state.costs.productionCost} · **margin:** ${state.costs.margin} (${state.costs.marginPercent ?? '—'} %)`] : []),
        `**Open tasks:**`,
        ...(open.length ? open : ['- none']),
      ].join('\n'),
    );
  };

  // ---- notifications: started, not awaited, so the order moves on while mail is sent ------------------

  const notify = (template: NotifyInput['template'], to: Recipient, data: NotifyInput['data'] = {}, invoice?: { id: string; attach?: boolean }) => {
    if (!patched('notifications')) return;
    const key = `${workflowKey}:mail:${++mailSeq}:${template}`;
    const sending = sendNotification({
      key,
      orderId,
      template,
      to,
      data: { number, customerName: input.customerName, currency: input.currency, ...data },
      ...(invoice ? { invoiceId: invoice.id, attachInvoice: invoice.attach ?? false } : {}),
    }).then(
      () => undefined,
      (error: unknown) => log.error('a notification could not be sent', { orderId, key, error: String(error) }),
    );
    outgoing.add(sending);
    void sending.then(() => outgoing.delete(sending));
  };

  // ---- timers: one per open deadline, cancelled with what it guards -------------------------------------

  const arm = (id: string, atMs: number, event: Event) => {
    const scope = new CancellationScope();
    timers.set(id, scope);
    scope.run(() => sleep(Math.max(1, atMs - Date.now()))).then(
      () => {
        timers.delete(id);
        inbox.push(event);
      },
      (error: unknown) => {
        if (!isCancellation(error)) throw error;
      },
    );
  };

  const disarm = (id: string) => {
    timers.get(id)?.cancel();
    timers.delete(id);
  };

  // ---- tasks -------------------------------------------------------------------------------------------

  const openTask = (
    type: TaskType,
    assignee: Actor | null,
    deadlineMs: number,
    details: { itemId?: string; subject?: string; description?: string } = {},
  ): TaskState => {
    const task: TaskState = {
      id: uuid4(),
      type,
      itemId: details.itemId ?? null,
      department: TASK_DEPARTMENT[type],
      assignee,
      deadline: new Date(deadlineMs).toISOString(),
      status: 'open',
      overdue: false,
    };
    state.tasks.push(task);
    const write: TaskWrite = {
      id: task.id,
      type,
      title: taskTitle(locale, type, number, details.subject),
      description: details.description ?? '',
      department: task.department,
      assigneeId: assignee?.id ?? null,
      itemId: task.itemId,
      deadline: task.deadline,
    };
    (draft.tasks ??= []).push(write);
    entry('task_created', {
      taskId: task.id,
      taskType: type,
      title: write.title,
      itemId: task.itemId,
      assigneeId: assignee?.id ?? null,
      assigneeName: assignee?.name ?? null,
      deadline: task.deadline,
    });
    arm(`task:${task.id}`, deadlineMs, { kind: 'taskDeadline', taskId: task.id });
    if (assignee) notify('task_assigned', { kind: 'employee', employeeId: assignee.id }, { taskType: type, subject: details.subject ?? null, deadline: task.deadline });
    return task;
  };

  const closeTask = (task: TaskState, status: 'done' | 'cancelled', actor: CommandActor, comment?: string) => {
    disarm(`task:${task.id}`);
    task.status = status;
    (draft.taskUpdates ??= []).push({
      id: task.id,
      status,
      ...(status === 'done' ? { completedAt: now(), completedById: actor?.id ?? null, comment: comment ?? null } : {}),
    });
    entry(status === 'done' ? 'task_completed' : 'task_cancelled', { taskId: task.id, taskType: task.type, comment: comment ?? null }, actor);
  };

  const syncOverdue = () => {
    const overdue = openTasks(state).some((t) => t.overdue);
    if (overdue !== state.overdue) {
      state.overdue = overdue;
      patchOrder({ overdue });
    }
  };

  const refundTask = async (amount: number, why: string) => {
    state.refundsTasked += amount;
    const [accountant] = await pickAssignees({ department: 'accounting', count: 1 });
    openTask('refund', accountant ?? null, Date.now() + settings.paymentTermMs, {
      subject: `${amount / 100} ${input.currency}`,
      description: why,
    });
  };

  // ---- stages ------------------------------------------------------------------------------------------

  const setStage = (to: OrderState['stage'], actor: CommandActor = null) => {
    const from = state.stage;
    state.stage = to;
    patchOrder({ stage: to });
    entry('stage_changed', { from, to }, actor);
  };

  const issue = async (kind: 'prepayment' | 'postpayment', amount: number) => {
    // the invoice freezes the rows as the read model holds them: write pending changes first
    await flush();
    const invoiceId = uuid4();
    const dueAtMs = Date.now() + settings.paymentTermMs;
    const issued = await issueInvoice({
      invoiceId,
      orderId,
      kind,
      amount,
      currency: input.currency,
      issuedAt: now(),
      dueAt: new Date(dueAtMs).toISOString(),
      timezone: settings.timezone,
    });
    if (patched('payment-link')) {
      try {
        await createPaymentLink({ invoiceId });
      } catch (error) {
        log.warn('no payment link from the provider; the invoice links to our payment page', { orderId, invoiceId, error: String(error) });
      }
    }
    state.invoices.push({ id: invoiceId, number: issued.number, kind, amount, paid: 0, status: 'issued' });
    entry('invoice_issued', { invoiceId, number: issued.number, kind, amount, dueDate: issued.dueDate });
    notify('invoice_issued', { kind: 'client' }, { invoiceNumber: issued.number, amount, dueDate: issued.dueDate }, { id: invoiceId, attach: true });
    arm(`invoice:${invoiceId}`, dueAtMs, { kind: 'invoiceDue', invoiceId, reminder: 0 });
  };

  const enterQualification = (actor: CommandActor) => {
    setStage('qualification', actor);
    openTask('qualify', state.manager, Date.now() + settings.sla.qualifyMs);
  };

  /** Cost and margin at the moment production starts: the cost prices are frozen on the items. */
  const computeCosts = async () => {
    const prices = await costPrices({ productIds: [...new Set(state.items.map((item) => item.productId))] });
    const itemCosts = state.items.map((item) => {
      const costPrice = prices[item.productId] ?? 0;
      return { id: item.id, costPrice, productionCost: productionCostOf(costPrice, item.quantityMilli) };
    });
    const productionCost = itemCosts.reduce((sum, item) => sum + item.productionCost, 0);
    const vat = state.items.reduce((sum, item) => sum + item.vat, 0);
    const figures = marginOf(state.total - vat, productionCost);
    state.costs = figures;
    draft.itemCosts = itemCosts;
    patchOrder({
      productionCost,
      margin: figures.margin,
      marginBasisPoints: figures.marginPercent === null ? null : Math.round(figures.marginPercent * 100),
      productionStartedAt: now(),
    });
    entry('costs_computed', { ...figures });
  };

  const enterProduction = async () => {
    setStage('production');
    if (patched('production-costs')) await computeCosts();
    const assignees = await pickAssignees({ department: 'production', count: state.items.length });
    state.items.forEach((item, index) => {
      item.status = 'in_production';
      // a row made in zero days is still due by the end of one production day
      const days = Math.max(1, item.productionDays);
      openTask('production', assignees[index] ?? null, Date.now() + days * settings.productionDayMs, {
        itemId: item.id,
        subject: `${item.name} × ${item.quantityMilli / 1000} ${item.unit}`,
      });
    });
    draft.itemStatuses = state.items.map((item) => ({ id: item.id, status: item.status }));
  };

  const enterDeliveryData = () => {
    setStage('delivery_data');
    openTask('enter_delivery_data', state.manager, Date.now() + settings.sla.enterDeliveryDataMs);
  };

  const leaveProduction = async () => {
    if (dueOf(state.total, state.paid) > 0) {
      setStage('postpayment');
      await issue('postpayment', dueOf(state.total, state.paid));
    } else {
      enterDeliveryData();
    }
  };

  /** Moves on when money has reached what the stage waits for. */
  const advanceOnPayment = async () => {
    if (state.stage === 'prepayment' && state.paid >= state.prepaymentAmount) await enterProduction();
    else if (state.stage === 'postpayment' && dueOf(state.total, state.paid) === 0) enterDeliveryData();
  };

  const close = (stage: 'won' | 'lost', actor: CommandActor, data: Record<string, unknown>) => {
    setStage(stage, actor);
    patchOrder({ closedAt: now() });
    entry(stage === 'won' ? 'order_won' : 'order_cancelled', data, actor);
  };

  // ---- commands ----------------------------------------------------------------------------------------

  const completeTask = async (command: Extract<Command, { kind: 'completeTask' }>) => {
    const task = state.tasks.find((t) => t.id === command.taskId)!;
    closeTask(task, 'done', command.actor, command.comment);
    switch (task.type) {
      case 'take_in_work':
        enterQualification(command.actor);
        break;
      case 'production': {
        const item = state.items.find((i) => i.id === task.itemId);
        if (item) {
          item.status = 'produced';
          (draft.itemStatuses ??= []).push({ id: item.id, status: 'produced' });
          entry('item_produced', { itemId: item.id, name: item.name, taskId: task.id }, command.actor);
        }
        if (item && command.notifyClient) notify('item_produced', { kind: 'client' }, { itemName: item.name });
        if (state.stage === 'production' && state.items.every((i) => i.status === 'produced')) {
          notify('production_complete', { kind: 'client' });
          await leaveProduction();
        }
        break;
      }
      case 'delivery':
        if (state.delivery && command.trackingNumber) {
          state.delivery = { ...state.delivery, trackingNumber: command.trackingNumber };
          patchOrder({ delivery: state.delivery });
        }
        if (state.stage === 'delivery') {
          close('won', command.actor, { trackingNumber: command.trackingNumber ?? null });
          notify('order_completed', { kind: 'client' }, { trackingNumber: command.trackingNumber ?? null });
        }
        break;
      default:
        break;
    }
  };

  const qualify = async (command: Extract<Command, { kind: 'qualify' }>) => {
    const task = openTasks(state).find((t) => t.type === 'qualify');
    if (task) closeTask(task, 'done', command.actor);
    state.items = command.items.map((item) => ({ ...item, status: 'pending' as const }));
    state.total = command.items.reduce((sum, item) => sum + item.amount, 0);
    state.paymentScheme = command.paymentScheme;
    state.prepaymentAmount = command.prepaymentAmount;
    draft.items = command.items;
    patchOrder({
      amount: state.total,
      vat: command.items.reduce((sum, item) => sum + item.vat, 0),
      paymentScheme: command.paymentScheme,
      prepaymentAmount: command.prepaymentAmount,
      ...(command.delivery ? { delivery: { ...command.delivery, trackingNumber: null } } : {}),
    });
    if (command.delivery) state.delivery = { ...command.delivery, trackingNumber: null };
    entry(
      'qualified',
      { paymentScheme: command.paymentScheme, prepaymentAmount: command.prepaymentAmount, total: state.total, items: command.items.length },
      command.actor,
    );
    if (command.prepaymentAmount > 0) {
      setStage('prepayment', command.actor);
      await issue('prepayment', command.prepaymentAmount);
    } else {
      await enterProduction();
    }
  };

  const saveDelivery = async (command: Extract<Command, { kind: 'saveDelivery' }>) => {
    const task = openTasks(state).find((t) => t.type === 'enter_delivery_data');
    if (task) closeTask(task, 'done', command.actor);
    state.delivery = { ...command.delivery, trackingNumber: null };
    patchOrder({ delivery: state.delivery });
    entry('delivery_saved', { ...command.delivery }, command.actor);
    notify('delivery_scheduled', { kind: 'client' }, { ...command.delivery });
    setStage('delivery', command.actor);
    const [logistician] = await pickAssignees({ department: 'logistics', count: 1 });
    openTask('delivery', logistician ?? null, Date.parse(command.shipDeadline), {
      subject: command.delivery.method === 'pickup' ? 'pickup' : (command.delivery.carrier ?? undefined),
    });
  };

  const cancel = async (command: Extract<Command, { kind: 'cancel' }>) => {
    // refund tasks already given stay: that money is on its way back and is not refunded twice
    const keepRefunds = patched('cancel-keeps-refund-tasks');
    for (const task of openTasks(state)) if (!(keepRefunds && task.type === 'refund')) closeTask(task, 'cancelled', command.actor);
    for (const invoice of state.invoices) {
      if (invoice.status === 'issued' || invoice.status === 'partially_paid') {
        disarm(`invoice:${invoice.id}`);
        invoice.status = 'cancelled';
        (draft.invoiceUpdates ??= []).push({ id: invoice.id, status: 'cancelled' });
        entry('invoice_cancelled', { invoiceId: invoice.id, number: invoice.number }, command.actor);
      }
    }
    close('lost', command.actor, { reason: command.reason });
    notify('order_cancelled', { kind: 'client' }, { reason: command.reason, paid: state.paid });
    const toRefund = keepRefunds ? state.paid - state.refundsTasked : state.paid;
    if (toRefund > 0) await refundTask(toRefund, `Order cancelled: ${command.reason}`);
  };

  const comment = (command: Extract<Command, { kind: 'comment' }>) => {
    const written = entry('comment', { text: command.text, notifyClient: command.notifyClient }, command.actor);
    if (command.notifyClient) notify('comment', { kind: 'client' }, { text: command.text });
    return { key: written.key };
  };

  const execute = async (command: Command): Promise<unknown> => {
    switch (command.kind) {
      case 'completeTask':
        return completeTask(command);
      case 'qualify':
        return qualify(command);
      case 'saveDelivery':
        return saveDelivery(command);
      case 'cancel':
        return cancel(command);
      case 'comment':
        return comment(command);
    }
  };

  // ---- payments and deadlines --------------------------------------------------------------------------

  const onPayment = async (payment: PaymentNotice) => {
    if (state.countedPayments.includes(payment.paymentId)) return;
    state.countedPayments.push(payment.paymentId);
    const overpaidBefore = overpaidOf(state.total, state.paid);
    state.paid += payment.amount;
    patchOrder({ paid: state.paid });
    const invoice = state.invoices.find((i) => i.id === payment.invoiceId);
    if (invoice) {
      invoice.paid += payment.amount;
      if (invoice.status !== 'cancelled') {
        invoice.status = invoiceStatus(invoice.amount, invoice.paid);
        if (invoice.status === 'paid') disarm(`invoice:${invoice.id}`);
      }
      (draft.invoiceUpdates ??= []).push({ id: invoice.id, paid: invoice.paid, status: invoice.status });
    }
    entry(payment.amount < 0 ? 'refund_recorded' : 'payment_received', {
      paymentId: payment.paymentId,
      invoiceId: payment.invoiceId,
      invoiceNumber: invoice?.number ?? null,
      amount: payment.amount,
      source: payment.source,
      paid: state.paid,
      due: dueOf(state.total, state.paid),
    }, payment.recordedBy ?? null);
    if (payment.amount <= 0) return;
    if (state.stage !== 'lost') notify('payment_received', { kind: 'client' }, { amount: payment.amount, due: dueOf(state.total, state.paid) });
    if (state.stage === 'lost' || invoice?.status === 'cancelled') {
      await refundTask(payment.amount, 'Payment received for a cancelled order or invoice');
      return;
    }
    const overpaid = overpaidOf(state.total, state.paid);
    if (overpaid > overpaidBefore) {
      entry('overpayment', { amount: overpaid - overpaidBefore, overpaid });
      await refundTask(overpaid - overpaidBefore, 'Overpayment');
    }
    await advanceOnPayment();
  };

  const onPaymentFailed = (failure: PaymentFailure) => {
    if (state.failedPayments.includes(failure.transactionId)) return;
    state.failedPayments.push(failure.transactionId);
    const invoice = state.invoices.find((i) => i.id === failure.invoiceId);
    entry('payment_failed', { ...failure, invoiceNumber: invoice?.number ?? null });
  };

  const onTaskDeadline = (taskId: string) => {
    const task = state.tasks.find((t) => t.id === taskId);
    if (!task || task.status !== 'open' || task.overdue) return;
    task.overdue = true;
    (draft.taskUpdates ??= []).push({ id: task.id, overdue: true });
    entry('task_overdue', { taskId: task.id, taskType: task.type, deadline: task.deadline, assigneeId: task.assignee?.id ?? null });
    const about = { taskType: task.type, deadline: task.deadline, assigneeName: task.assignee?.name ?? null };
    if (task.assignee) notify('task_overdue', { kind: 'employee', employeeId: task.assignee.id }, about);
    // a head who is the assignee has been told already
    notify('task_overdue', { kind: 'heads', department: task.department, ...(task.assignee ? { except: task.assignee.id } : {}) }, about);
  };

  const onInvoiceDue = (invoiceId: string, reminder: number) => {
    const invoice = state.invoices.find((i) => i.id === invoiceId);
    if (!invoice || invoice.status === 'paid' || invoice.status === 'cancelled') return;
    // money paid against another invoice may have settled the order: then nobody is reminded
    if (dueOf(state.total, state.paid) === 0 && patched('no-reminders-when-settled')) return;
    entry('invoice_overdue', { invoiceId, number: invoice.number, due: invoice.amount - invoice.paid, reminder });
    const about = { invoiceNumber: invoice.number, due: invoice.amount - invoice.paid, reminder };
    notify('payment_reminder', { kind: 'client' }, about, { id: invoiceId });
    if (state.manager) notify('payment_overdue', { kind: 'employee', employeeId: state.manager.id }, about);
    arm(`invoice:${invoiceId}`, Date.now() + settings.paymentReminderIntervalMs, { kind: 'invoiceDue', invoiceId, reminder: reminder + 1 });
  };

  const handle = async (event: Event) => {
    let result: { refusal: Refusal } | { value: unknown } | undefined;
    switch (event.kind) {
      case 'command': {
        const refusal = refusalOf(state, event.command);
        result = refusal ? { refusal } : { value: await execute(event.command) };
        break;
      }
      case 'payment':
        await onPayment(event.payment);
        break;
      case 'paymentFailed':
        onPaymentFailed(event.failure);
        break;
      case 'taskDeadline':
        onTaskDeadline(event.taskId);
        break;
      case 'invoiceDue':
        onInvoiceDue(event.invoiceId, event.reminder);
        break;
    }
    syncOverdue();
    await flush();
    publish();
    // the caller hears back only once the read model shows the change
    if (event.kind === 'command' && result) results.set(event.id, result);
  };

  // ---- messages ----------------------------------------------------------------------------------------

  let loopEnded = false;
  const CLOSED: Refusal = { type: 'WRONG_STAGE', message: 'The order is closed' };

  const refuse = (refusal: Refusal | null) => {
    if (loopEnded) refusal = CLOSED;
    if (refusal) throw ApplicationFailure.create({ type: refusal.type, message: refusal.message, nonRetryable: true });
  };

  /** Queues a command for the main loop and answers once the loop has carried it out (or refused it). */
  const run = async <R>(command: Command): Promise<R> => {
    const id = ++commandSeq;
    inbox.push({ kind: 'command', id, command });
    await condition(() => results.has(id));
    const result = results.get(id)!;
    results.delete(id);
    if ('refusal' in result) refuse(result.refusal);
    return ('value' in result && result.value !== undefined ? result.value : view(state)) as R;
  };

  setHandler(stateQuery, () => view(state));
  setHandler(intakeUpdate, async () => {
    await condition(() => intakeDone);
    return view(state);
  });
  setHandler(completeTaskUpdate, (c) => run({ kind: 'completeTask', ...c }), {
    validator: (c) => refuse(refusalOf(state, { kind: 'completeTask', ...c })),
  });
  setHandler(qualifyUpdate, (c) => run({ kind: 'qualify', ...c }), {
    validator: (c) => refuse(refusalOf(state, { kind: 'qualify', ...c })),
  });
  setHandler(saveDeliveryUpdate, (c) => run({ kind: 'saveDelivery', ...c }), {
    validator: (c) => refuse(refusalOf(state, { kind: 'saveDelivery', ...c })),
  });
  setHandler(cancelUpdate, (c) => run({ kind: 'cancel', ...c }), {
    validator: (c) => refuse(refusalOf(state, { kind: 'cancel', ...c })),
  });
  setHandler(commentUpdate, (c) => run({ kind: 'comment', ...c }), { validator: (_c) => refuse(null) });
  setHandler(paymentSignal, (payment) => {
    inbox.push({ kind: 'payment', payment });
  });
  setHandler(paymentFailedSignal, (failure) => {
    inbox.push({ kind: 'paymentFailed', failure });
  });

  // ---- stage `new`: a responsible manager, and the manager's task to take the order in work --------------

  state.manager = await assignManager({ orderId });
  patchOrder({ managerId: state.manager?.id ?? null });
  entry('manager_assigned', { managerId: state.manager?.id ?? null, managerName: state.manager?.name ?? null });
  openTask('take_in_work', state.manager, Date.now() + settings.sla.takeInWorkMs);
  notify('order_received', { kind: 'client' });
  await flush();
  publish();
  intakeDone = true;
  log.info('order taken into the funnel', { orderId, number, managerId: state.manager?.id ?? null });

  // ---- the main loop: until the order is closed and nothing is left to do ------------------------------

  const finished = () => CLOSED_STAGES.includes(state.stage) && openTasks(state).length === 0;
  // mail still going out keeps the loop taking events, so nothing that arrives meanwhile is left unhandled
  const mailKeepsLoop = patched('loop-waits-for-mail');
  const idle = () => finished() && inbox.length === 0 && (!mailKeepsLoop || outgoing.size === 0);
  for (;;) {
    if (idle()) {
      // A closed order stays reachable for a while: money that still arrives is counted and refunded.
      if (!patched('settlement-window')) break;
      const more = await condition(() => inbox.length > 0, settings.settlementWindowMs ?? DEFAULT_SETTLEMENT_WINDOW_MS);
      if (!more) break;
    }
    await condition(() => inbox.length > 0 || idle());
    const event = inbox.shift();
    if (event) await handle(event);
  }
  loopEnded = true;
  for (const scope of timers.values()) scope.cancel();
  await Promise.all(outgoing);
  await condition(allHandlersFinished);
}

// Drives an order to `won` the way people and the payment provider would when things break under them:
// look at the order, do the next step, and on 503 or a refusal look again. Every step is safe to repeat
// (payments carry their reference or TransactionId), so a step whose answer was lost is simply redone.
import { sign } from '../../integrations/cloudpayments.ts';
import { shipDateAhead, type OrderJson, type Staff } from './funnel.ts';

type Headers = Record<string, string>;

export interface Transport {
  request(method: 'GET' | 'POST', url: string, headers: Headers, body?: string | object): Promise<{ status: number; body: string }>;
}

export interface DriveOptions {
  staff: Staff;
  webhookSecret: string;
  prepaymentAmount: number;
  /** Whole lifecycle deadline. */
  timeoutMs?: number;
  /** Stops driving (before won) once this answers true. */
  stop?: () => boolean;
}

export interface DriveStats {
  requests: number;
  unavailable: number;
  refused: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A CloudPayments `pay` notification for the whole invoice, form-encoded and signed as the provider does. */
export function signedPayNotice(invoice: { number: string; amount: number }, transactionId: string, secret: string) {
  const body = new URLSearchParams({ TransactionId: transactionId, Amount: (invoice.amount / 100).toFixed(2), Currency: 'RUB', InvoiceId: invoice.number }).toString();
  return { body, headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-hmac': sign(body, secret) } };
}

/** One step toward `won` for the order as it is now; false once it is won. */
async function step(http: Transport, order: OrderJson, options: DriveOptions, stats: DriveStats): Promise<boolean> {
  const { staff } = options;
  const send = async (method: 'GET' | 'POST', url: string, headers: Headers, body?: string | object) => {
    stats.requests += 1;
    const response = await http.request(method, url, headers, body);
    if (response.status === 503) stats.unavailable += 1;
    else if (response.status === 409) stats.refused += 1;
    else if (response.status >= 300) throw new Error(`${method} ${url} answered ${response.status}: ${response.body}`);
  };
  const open = (type: string) => order.tasks.find((t) => t.type === type && t.status === 'open');
  const complete = (type: string, headers: Headers, body: object = {}) => {
    const task = open(type);
    return task ? send('POST', `/api/v1/tasks/${task.id}/complete`, headers, body) : sleep(100);
  };
  const unpaid = () => order.invoices.find((i) => i.status === 'issued' || i.status === 'partially_paid');
  switch (order.stage) {
    case 'new':
      await complete('take_in_work', staff.manager.headers);
      return true;
    case 'qualification':
      await send('POST', `/api/v1/orders/${order.id}/qualify`, staff.manager.headers, {
        items: order.items.map((item) => ({ productId: item.productId, quantity: item.quantity })),
        paymentScheme: 'partial_prepayment',
        prepaymentAmount: options.prepaymentAmount,
      });
      return true;
    case 'prepayment': {
      // the prepayment comes by card, through the provider's webhook
      const invoice = unpaid();
      if (invoice) {
        const notice = signedPayNotice(invoice, `tx-${invoice.id}`, options.webhookSecret);
        await send('POST', '/webhooks/cloudpayments/pay', notice.headers, notice.body);
      }
      await sleep(100);
      return true;
    }
    case 'production':
      await complete('production', staff.productionHead.headers);
      return true;
    case 'postpayment': {
      // the rest is paid by bank transfer, entered by accounting
      const invoice = unpaid();
      if (invoice) await send('POST', `/api/v1/invoices/${invoice.id}/payments`, staff.accountant.headers, { amount: invoice.amount, reference: `rest-${invoice.id}` });
      await sleep(100);
      return true;
    }
    case 'delivery_data':
      await send('POST', `/api/v1/orders/${order.id}/delivery`, staff.manager.headers, { method: 'pickup', shipDate: shipDateAhead() });
      return true;
    case 'delivery':
      await complete('delivery', staff.logistician.headers, { trackingNumber: `T-${order.number}` });
      return true;
    case 'won':
      return false;
    default:
      throw new Error(`order ${order.id} went to ${order.stage}`);
  }
}

export async function driveToWon(http: Transport, orderId: string, options: DriveOptions, stats: DriveStats): Promise<OrderJson> {
  const deadline = Date.now() + (options.timeoutMs ?? 240_000);
  for (;;) {
    const read = await http.request('GET', `/api/v1/orders/${orderId}`, options.staff.manager.headers);
    stats.requests += 1;
    if (read.status === 503) {
      stats.unavailable += 1;
      await sleep(250);
      continue;
    }
    if (read.status !== 200) throw new Error(`GET order ${orderId} answered ${read.status}: ${read.body}`);
    const order = JSON.parse(read.body) as OrderJson;
    if (options.stop?.()) return order;
    if (!(await step(http, order, options, stats))) return order;
    if (Date.now() > deadline) throw new Error(`order ${orderId} is stuck in ${order.stage}`);
  }
}

/** Real HTTP against a listening API. */
export function httpTransport(baseUrl: string): Transport {
  return {
    async request(method, url, headers, body) {
      const response = await fetch(`${baseUrl}${url}`, {
        method,
        headers: { ...(body !== undefined && typeof body !== 'string' ? { 'content-type': 'application/json' } : {}), ...headers },
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      });
      return { status: response.status, body: await response.text() };
    },
  };
}

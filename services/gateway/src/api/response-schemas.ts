import type { Operation } from '../domain/access-policy';
import { ORDER_STATUSES } from '../domain/requests';
import { ADMIN_RESPONSE_SCHEMAS } from './dashboard-routes';

/** OpenAPI descriptions of what each route answers (API.md); the services own the data, the gateway passes it on. */

const str = (example?: string) => ({ type: 'string', ...(example !== undefined ? { example } : {}) });
const nullableStr = (example?: string) => ({ ...str(example), nullable: true });
const int = (example?: number) => ({ type: 'integer', ...(example !== undefined ? { example } : {}) });
const time = { type: 'string', format: 'date-time', example: '2025-01-31T10:00:00.000Z' };
const status = { type: 'string', enum: [...ORDER_STATUSES] };
const object = (properties: Record<string, unknown>) => ({ type: 'object', properties });
const list = (items: unknown) => ({ type: 'array', items });

const address = object({
  line1: str('1 Analytical Way'),
  line2: nullableStr(),
  city: str('London'),
  state: nullableStr(),
  postalCode: str('N1 1AA'),
  countryCode: str('GB'),
});

const payment = object({
  id: str('12'),
  orderId: str('42'),
  merchantId: str('77'),
  attempt: int(1),
  status: str('CAPTURED'),
  amountCents: int(5000),
  currency: str('USD'),
  provider: str('simulated'),
  providerRef: nullableStr('sim_ch_1'),
  failureCode: nullableStr('card declined'),
  idempotencyKey: str('order-42-attempt-1'),
  createdAt: time,
  updatedAt: time,
});

/** A payment attempt as an Order lists it: the order and its merchant are the Order's own. */
const { orderId: _orderId, merchantId: _merchantId, ...orderPaymentFields } = payment.properties;
const orderPayment = object(orderPaymentFields);

const order = object({
  id: str('42'),
  customerId: str('7'),
  merchantId: str('77'),
  status,
  currency: str('USD'),
  subtotalCents: int(5000),
  taxCents: int(0),
  shippingCents: int(0),
  totalCents: int(5000),
  placedAt: time,
  updatedAt: time,
  cancelledAt: { ...time, nullable: true },
  trackingNumber: { ...nullableStr('1Z999AA10123456784'), description: 'The carrier\'s tracking number it was shipped with; null until then, and when shipped without one' },
  shippingAddress: address,
  lineItems: list(
    object({ skuId: str('11'), skuCode: str('WIDGET-M'), name: str('Widget'), quantity: int(2), unitPriceCents: int(2500), currency: str('USD') }),
  ),
  itemCount: int(1),
  totalUnits: int(2),
  paymentAttempt: int(1),
  payments: { ...list(orderPayment), description: 'Absent only from a command whose order committed while the payments service could not be reached' },
});

const sku = object({
  id: str('11'),
  productId: str('5'),
  merchantId: str('77'),
  skuCode: str('WIDGET-M'),
  attributes: { type: 'object' },
  priceCents: int(2500),
  currency: str('USD'),
  inventoryCount: int(10),
  reservedCount: int(2),
  available: int(8),
  createdAt: time,
  updatedAt: time,
});

const customer = object({ id: str('7'), email: str('ada@example.com'), fullName: str('Ada Lovelace'), createdAt: time });
const savedAddress = { ...address, properties: { id: str('3'), customerId: str('7'), ...(address.properties as object), createdAt: time, updatedAt: time } };
const product = object({ id: str('5'), merchantId: str('77'), name: str('Widget'), description: nullableStr(), createdAt: time, updatedAt: time });
const availability = object({ skuId: str('11'), available: int(8), inventoryCount: int(10), reservedCount: int(2) });
const history = object({
  items: list(object({ id: str('42'), status, placedAt: time, totalCents: int(5000), currency: str('USD'), itemCount: int(1), totalUnits: int(2) })),
  nextCursor: nullableStr('MjAyNS0wMS0zMVQxMDowMDowMFp8NDI'),
});
const timeline = object({
  orderId: str('42'),
  entries: list(
    object({
      type: str('orders.order-confirmed'),
      fromStatus: { ...status, nullable: true },
      toStatus: { ...status, nullable: true },
      at: time,
      actor: str('system:saga'),
      reason: nullableStr(),
      secondsInState: { type: 'number', nullable: true },
    }),
  ),
});
const queue = object({
  items: list(object({ id: str('42'), status, placedAt: time, customerId: str('7'), totalCents: int(5000), currency: str('USD') })),
  nextCursor: nullableStr(),
});
const revenue = object({
  rows: list(object({ merchantId: str('77'), day: str('2025-01-31'), currency: str('USD'), orderCount: int(3), revenueCents: int(15000) })),
  asOf: { ...time, nullable: true, description: 'Time of the newest payment event the revenue projection applied; null before its first' },
});

/** What each operation answers; undefined for an answer without a body (204). */
export const RESPONSE_SCHEMAS: Record<Operation, Record<string, unknown> | undefined> = {
  createCustomer: customer,
  getCustomer: customer,
  addAddress: savedAddress,
  updateAddress: savedAddress,
  deleteAddress: undefined,
  createProduct: product,
  createSku: sku,
  getSku: sku,
  updateSku: sku,
  restockSku: sku,
  skuAvailability: availability,
  placeOrder: order,
  getOrder: order,
  orderByTrackingNumber: order,
  customerOrders: history,
  transitionOrder: order,
  cancelOrder: order,
  orderTimeline: timeline,
  retryPayment: order,
  fulfillmentQueue: queue,
  paymentByKey: payment,
  revenue,
  ...ADMIN_RESPONSE_SCHEMAS,
};

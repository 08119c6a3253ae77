import type { Principal, Role } from '@shop/service-kit';

/** Operator routes behind the dashboard (src/dashboard): admin only. */
export const ADMIN_OPERATIONS = ['recentOrders', 'busStatus', 'deadLetters', 'redriveDeadLetters'] as const;
export type AdminOperation = (typeof ADMIN_OPERATIONS)[number];

/** Every public operation (one per route of API.md, plus the look-ups the gateway adds, plus the operator routes). */
export const OPERATIONS = [
  'createCustomer',
  'getCustomer',
  'addAddress',
  'updateAddress',
  'deleteAddress',
  'createProduct',
  'createSku',
  'getSku',
  'updateSku',
  'restockSku',
  'skuAvailability',
  'placeOrder',
  'getOrder',
  'orderByTrackingNumber',
  'customerOrders',
  'transitionOrder',
  'cancelOrder',
  'orderTimeline',
  'retryPayment',
  'fulfillmentQueue',
  'paymentByKey',
  'revenue',
  ...ADMIN_OPERATIONS,
] as const;
export type Operation = (typeof OPERATIONS)[number];

/**
 * How a role may use an operation:
 * - `allow` / `deny` (403)
 * - `self-path`: the customer id in the path is the token's `sub`, else 404 (another customer does not exist)
 * - `self-body`: the body's `customerId` is the token's `sub`, else 403 (a customer orders only for itself)
 * - `own-order`: customers their own orders, merchant and fulfillment their merchant's; else 404
 * - `own-sku`: the SKU belongs to the token's merchant, else 404
 * - `own-merchant-query`: the `merchantId` asked for is the token's, else 403
 * - `own-payment`: customers payments of their own orders, merchants their merchant's; else 404
 */
export type Rule = 'allow' | 'deny' | 'self-path' | 'self-body' | 'own-order' | 'own-sku' | 'own-merchant-query' | 'own-payment';

const admin = { admin: 'allow' } as const;
const adminOnly: Record<Role, Rule> = { ...admin, customer: 'deny', merchant: 'deny', fulfillment: 'deny', finance: 'deny' };

/** The authorisation table: operation x role. Admin may do everything. */
export const POLICY: Readonly<Record<Operation, Readonly<Record<Role, Rule>>>> = {
  createCustomer: adminOnly,
  getCustomer: { ...adminOnly, customer: 'self-path' },
  addAddress: { ...adminOnly, customer: 'self-path' },
  updateAddress: { ...adminOnly, customer: 'self-path' },
  deleteAddress: { ...adminOnly, customer: 'self-path' },
  createProduct: adminOnly,
  createSku: adminOnly,
  getSku: { ...admin, customer: 'allow', merchant: 'own-sku', fulfillment: 'own-sku', finance: 'deny' },
  updateSku: adminOnly,
  restockSku: adminOnly,
  skuAvailability: { ...admin, customer: 'allow', merchant: 'own-sku', fulfillment: 'own-sku', finance: 'deny' },
  placeOrder: { ...adminOnly, customer: 'self-body' },
  getOrder: { ...admin, customer: 'own-order', merchant: 'own-order', fulfillment: 'own-order', finance: 'deny' },
  // The same order detail found another way, so the same rule: the look-up tells nobody whether a number is on an order they may not see.
  orderByTrackingNumber: { ...admin, customer: 'own-order', merchant: 'own-order', fulfillment: 'own-order', finance: 'deny' },
  customerOrders: { ...adminOnly, customer: 'self-path' },
  transitionOrder: { ...admin, customer: 'deny', merchant: 'own-order', fulfillment: 'own-order', finance: 'deny' },
  cancelOrder: { ...admin, customer: 'own-order', merchant: 'own-order', fulfillment: 'own-order', finance: 'deny' },
  orderTimeline: { ...admin, customer: 'own-order', merchant: 'own-order', fulfillment: 'own-order', finance: 'deny' },
  retryPayment: { ...adminOnly, customer: 'own-order' },
  fulfillmentQueue: { ...admin, customer: 'deny', merchant: 'own-merchant-query', fulfillment: 'own-merchant-query', finance: 'deny' },
  paymentByKey: { ...admin, customer: 'own-payment', merchant: 'own-payment', fulfillment: 'deny', finance: 'allow' },
  revenue: { ...admin, customer: 'deny', merchant: 'deny', fulfillment: 'deny', finance: 'allow' },
  recentOrders: adminOnly,
  busStatus: adminOnly,
  deadLetters: adminOnly,
  redriveDeadLetters: adminOnly,
};

/** What the gateway knows about the request and the resources it touches; loaded only when a rule asks. */
export interface AccessFacts {
  pathCustomerId?: string;
  bodyCustomerId?: string;
  queryMerchantId?: string;
  order?: { customerId: string; merchantId: string };
  sku?: { merchantId: string };
  payment?: { merchantId: string };
  /** The order a payment belongs to (for customers). */
  paymentOrder?: { customerId: string };
}

export type Fact = 'order' | 'sku' | 'payment' | 'paymentOrder';
export type Resource = 'customer' | 'order' | 'sku' | 'payment';

export type Decision =
  | { effect: 'allow' }
  /** 404s read like the resource does not exist, so nobody learns about other customers' or merchants' data. */
  | { effect: 'deny'; status: 404; resource: Resource }
  | { effect: 'deny'; status: 403; detail: string }
  /** Load this fact and ask again. */
  | { effect: 'need'; fact: Fact };

const ALLOW: Decision = { effect: 'allow' };
const forbidden = (detail: string): Decision => ({ effect: 'deny', status: 403, detail });
const hidden = (resource: Resource): Decision => ({ effect: 'deny', status: 404, resource });
const NO_MERCHANT = forbidden('this token has no merchantId claim');

/** The rule of a role for an operation; `deny` rules are enforced before the request is even validated. */
export function ruleFor(operation: Operation, role: Role): Rule {
  return POLICY[operation][role];
}

/** Decides whether `principal` may perform `operation`, given the facts gathered so far. Pure. */
export function authorize(operation: Operation, principal: Principal, facts: AccessFacts): Decision {
  const rule = ruleFor(operation, principal.role);
  const isCustomer = principal.role === 'customer';
  switch (rule) {
    case 'allow':
      return ALLOW;
    case 'deny':
      return forbidden(`the ${principal.role} role may not ${describe(operation)}`);
    case 'self-path':
      return facts.pathCustomerId === principal.sub ? ALLOW : hidden('customer');
    case 'self-body':
      return facts.bodyCustomerId === principal.sub ? ALLOW : forbidden('a customer may place orders only for itself');
    case 'own-order':
      if (!isCustomer && principal.merchantId === undefined) return NO_MERCHANT;
      if (!facts.order) return { effect: 'need', fact: 'order' };
      return (isCustomer ? facts.order.customerId === principal.sub : facts.order.merchantId === principal.merchantId) ? ALLOW : hidden('order');
    case 'own-sku':
      if (principal.merchantId === undefined) return NO_MERCHANT;
      if (!facts.sku) return { effect: 'need', fact: 'sku' };
      return facts.sku.merchantId === principal.merchantId ? ALLOW : hidden('sku');
    case 'own-merchant-query':
      if (principal.merchantId === undefined) return NO_MERCHANT;
      return facts.queryMerchantId === principal.merchantId ? ALLOW : forbidden(`a ${principal.role} token may read only its own merchant's data`);
    case 'own-payment':
      if (!isCustomer && principal.merchantId === undefined) return NO_MERCHANT;
      if (!facts.payment) return { effect: 'need', fact: 'payment' };
      if (!isCustomer) return facts.payment.merchantId === principal.merchantId ? ALLOW : hidden('payment');
      if (!facts.paymentOrder) return { effect: 'need', fact: 'paymentOrder' };
      return facts.paymentOrder.customerId === principal.sub ? ALLOW : hidden('payment');
  }
}

function describe(operation: Operation): string {
  return operation.replace(/[A-Z]/g, (letter) => ` ${letter.toLowerCase()}`);
}

/** Payments a principal may see of an order it may already see: merchants only their own merchant's. */
export function visiblePayments<P extends { merchantId?: string }>(principal: Principal, payments: P[]): P[] {
  if (principal.role === 'merchant' || principal.role === 'fulfillment') return payments.filter((payment) => payment.merchantId === principal.merchantId);
  return payments;
}

/**
 * The rule a transition is held to: one to CANCELLED releases stock and refunds the payment, exactly as the cancel
 * route does, so it must pass `cancelOrder`'s rule too (fulfillment may ship an order but not cancel it).
 */
export function transitionOperations(to: unknown): Operation[] {
  return to === 'CANCELLED' ? ['cancelOrder', 'transitionOrder'] : ['transitionOrder'];
}

/**
 * Who acts: the value of the `x-actor` header services record in the order timeline, and the rate limiter's key.
 * `<role>:<sub>`, and `@merchant:<id>` for a principal acting for a merchant: one login may act for several, and
 * each merchant's requests must count apart (at most 11 + 1 + 150 + 10 + 19 characters: an event's actor holds 200).
 */
export function actorOf(principal: Principal): string {
  const actsForMerchant = (principal.role === 'merchant' || principal.role === 'fulfillment') && principal.merchantId !== undefined;
  const merchant = actsForMerchant ? `@merchant:${principal.merchantId}` : '';
  return `${principal.role}:${principal.sub}${merchant}`;
}

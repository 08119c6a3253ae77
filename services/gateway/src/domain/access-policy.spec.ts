import { ROLES, type Principal, type Role } from '@shop/service-kit';
import { AccessFacts, Decision, Fact, OPERATIONS, Operation, actorOf, authorize, transitionOperations, visiblePayments } from './access-policy';

const PRINCIPALS: Record<Role, Principal> = {
  admin: { sub: 'ops-1', role: 'admin' },
  customer: { sub: '7', role: 'customer' },
  merchant: { sub: 'm-user', role: 'merchant', merchantId: '77' },
  fulfillment: { sub: 'f-user', role: 'fulfillment', merchantId: '77' },
  finance: { sub: 'fin-user', role: 'finance' },
};

/** Facts about resources that belong to the caller (customer 7, merchant 77) ... */
const OWN: Required<AccessFacts> = {
  pathCustomerId: '7',
  bodyCustomerId: '7',
  queryMerchantId: '77',
  order: { customerId: '7', merchantId: '77' },
  sku: { merchantId: '77' },
  payment: { merchantId: '77' },
  paymentOrder: { customerId: '7' },
};
/** ... and to somebody else (customer 8, merchant 88). */
const FOREIGN: Required<AccessFacts> = {
  pathCustomerId: '8',
  bodyCustomerId: '8',
  queryMerchantId: '88',
  order: { customerId: '8', merchantId: '88' },
  sku: { merchantId: '88' },
  payment: { merchantId: '88' },
  paymentOrder: { customerId: '8' },
};

type Outcome = 'allow' | 403 | 404;
/** A: allowed; X: 403; O4: own allowed, foreign 404; O3: own allowed, foreign 403. */
type Cell = 'A' | 'X' | 'O4' | 'O3';

/** The expected matrix, written out independently of POLICY: operation x (admin, customer, merchant, fulfillment, finance). */
const EXPECTED: Record<Operation, [Cell, Cell, Cell, Cell, Cell]> = {
  createCustomer: ['A', 'X', 'X', 'X', 'X'],
  getCustomer: ['A', 'O4', 'X', 'X', 'X'],
  addAddress: ['A', 'O4', 'X', 'X', 'X'],
  updateAddress: ['A', 'O4', 'X', 'X', 'X'],
  deleteAddress: ['A', 'O4', 'X', 'X', 'X'],
  createProduct: ['A', 'X', 'X', 'X', 'X'],
  createSku: ['A', 'X', 'X', 'X', 'X'],
  getSku: ['A', 'A', 'O4', 'O4', 'X'],
  updateSku: ['A', 'X', 'X', 'X', 'X'],
  restockSku: ['A', 'X', 'X', 'X', 'X'],
  skuAvailability: ['A', 'A', 'O4', 'O4', 'X'],
  placeOrder: ['A', 'O3', 'X', 'X', 'X'],
  getOrder: ['A', 'O4', 'O4', 'O4', 'X'],
  orderByTrackingNumber: ['A', 'O4', 'O4', 'O4', 'X'],
  customerOrders: ['A', 'O4', 'X', 'X', 'X'],
  transitionOrder: ['A', 'X', 'O4', 'O4', 'X'],
  cancelOrder: ['A', 'O4', 'O4', 'O4', 'X'],
  orderTimeline: ['A', 'O4', 'O4', 'O4', 'X'],
  retryPayment: ['A', 'O4', 'X', 'X', 'X'],
  fulfillmentQueue: ['A', 'X', 'O3', 'O3', 'X'],
  paymentByKey: ['A', 'O4', 'O4', 'X', 'A'],
  revenue: ['A', 'X', 'X', 'X', 'A'],
  recentOrders: ['A', 'X', 'X', 'X', 'X'],
  busStatus: ['A', 'X', 'X', 'X', 'X'],
  deadLetters: ['A', 'X', 'X', 'X', 'X'],
  redriveDeadLetters: ['A', 'X', 'X', 'X', 'X'],
};

const outcomes = (cell: Cell): { own: Outcome; foreign: Outcome } =>
  cell === 'A' ? { own: 'allow', foreign: 'allow' } : cell === 'X' ? { own: 403, foreign: 403 } : { own: 'allow', foreign: cell === 'O4' ? 404 : 403 };

/** Runs the policy like the use cases do: request facts up front, resource facts loaded when asked for. */
function resolve(operation: Operation, principal: Principal, world: Required<AccessFacts>): { outcome: Outcome; loaded: Fact[] } {
  const facts: AccessFacts = { pathCustomerId: world.pathCustomerId, bodyCustomerId: world.bodyCustomerId, queryMerchantId: world.queryMerchantId };
  const loaded: Fact[] = [];
  for (;;) {
    const decision: Decision = authorize(operation, principal, facts);
    if (decision.effect === 'allow') return { outcome: 'allow', loaded };
    if (decision.effect === 'deny') return { outcome: decision.status, loaded };
    if (loaded.includes(decision.fact)) throw new Error(`asked for ${decision.fact} twice`);
    loaded.push(decision.fact);
    Object.assign(facts, { [decision.fact]: world[decision.fact] });
  }
}

describe('access policy', () => {
  it('has an expectation for every operation', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...OPERATIONS].sort());
  });

  const cases = OPERATIONS.flatMap((operation) =>
    ROLES.flatMap((role, index) => {
      const { own, foreign } = outcomes(EXPECTED[operation][index]);
      return [[operation, role, 'own', own] as const, [operation, role, 'foreign', foreign] as const];
    }),
  );

  it.each(cases)('%s by %s on %s data -> %s', (operation, role, whose, expected) => {
    expect(resolve(operation, PRINCIPALS[role], whose === 'own' ? OWN : FOREIGN).outcome).toBe(expected);
  });

  it.each(OPERATIONS)('admin never needs a resource loaded for %s', (operation) => {
    expect(resolve(operation, PRINCIPALS.admin, FOREIGN).loaded).toEqual([]);
  });

  it.each([
    ['getOrder', 'merchant'],
    ['orderByTrackingNumber', 'fulfillment'],
    ['transitionOrder', 'fulfillment'],
    ['cancelOrder', 'merchant'],
    ['getSku', 'merchant'],
    ['fulfillmentQueue', 'fulfillment'],
    ['paymentByKey', 'merchant'],
  ] as const)('%s by a %s token without a merchantId claim is forbidden', (operation, role) => {
    expect(authorize(operation, { sub: 'x', role }, OWN)).toMatchObject({ effect: 'deny', status: 403 });
  });

  it("hides another customer's order as a missing order, not a forbidden one", () => {
    expect(authorize('getOrder', PRINCIPALS.customer, { order: FOREIGN.order })).toEqual({ effect: 'deny', status: 404, resource: 'order' });
  });

  it('asks for the payment, then the order it belongs to, before a customer sees a payment', () => {
    expect(resolve('paymentByKey', PRINCIPALS.customer, OWN).loaded).toEqual(['payment', 'paymentOrder']);
    expect(resolve('paymentByKey', PRINCIPALS.merchant, OWN).loaded).toEqual(['payment']);
  });

  it.each([
    ['CANCELLED', ['cancelOrder', 'transitionOrder']],
    ['SHIPPED', ['transitionOrder']],
    ['DELIVERED', ['transitionOrder']],
    [undefined, ['transitionOrder']],
  ])('holds a transition to %s to the rules of %j', (to, operations) => {
    expect(transitionOperations(to)).toEqual(operations);
  });

  it("holds a transition to CANCELLED to the cancel route's rule too: fulfillment ships and cancels its merchant's orders only", () => {
    const outcomes = (to: string, world: Required<AccessFacts>) => transitionOperations(to).map((operation) => resolve(operation, PRINCIPALS.fulfillment, world).outcome);
    expect(transitionOperations('SHIPPED')).toEqual(['transitionOrder']);
    expect(transitionOperations('CANCELLED')).toEqual(['cancelOrder', 'transitionOrder']);
    expect(outcomes('SHIPPED', OWN)).toEqual(['allow']);
    expect(outcomes('CANCELLED', OWN)).toEqual(['allow', 'allow']);
    expect(outcomes('CANCELLED', FOREIGN)).toEqual([404, 404]);
  });

  it('checks the customer path before anything is loaded', () => {
    expect(resolve('customerOrders', PRINCIPALS.customer, FOREIGN)).toEqual({ outcome: 404, loaded: [] });
  });
});

describe('visiblePayments', () => {
  const payments = [
    { id: '1', merchantId: '77' },
    { id: '2', merchantId: '88' },
  ];
  it.each([
    ['admin', ['1', '2']],
    ['customer', ['1', '2']],
    ['finance', ['1', '2']],
    ['merchant', ['1']],
    ['fulfillment', ['1']],
  ] as const)('%s sees %j', (role, ids) => {
    expect(visiblePayments(PRINCIPALS[role], payments).map((payment) => payment.id)).toEqual(ids);
  });
});

describe('actorOf', () => {
  it.each([
    [PRINCIPALS.customer, 'customer:7'],
    [PRINCIPALS.merchant, 'merchant:m-user@merchant:77'],
    [PRINCIPALS.admin, 'admin:ops-1'],
    [{ sub: 'ops-2', role: 'admin', merchantId: '77' } as Principal, 'admin:ops-2'],
  ])('%j -> %s', (principal, actor) => {
    expect(actorOf(principal)).toBe(actor);
  });
});

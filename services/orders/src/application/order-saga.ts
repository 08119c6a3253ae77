import type { EventContext } from '@shop/contracts';
import type { Tx } from '@shop/postgres';
import type { HandlerContext } from '@shop/messaging';
import { SagaDecision, SagaInput, SagaState, decide } from '../domain/checkout-saga';
import { OrderLogEntry, OrderSagaRow, PgOrderRepository } from '../infrastructure/postgres/pg-order.repository';
import { sagaEntries } from './order-event.factory';

export type SagaOutcome = SagaDecision | { kind: 'missing' };

/**
 * Applies one saga input to an order inside the caller's transaction: lock the row, decide, store the new state
 * and append the events. The caller must hold the order's aggregate lock (see libs/messaging aggregate-lock).
 */
export async function advanceSaga(tx: Tx, orderId: string, input: SagaInput, actor: string, context: EventContext, newPaymentToken?: string): Promise<SagaOutcome> {
  const [outcome] = await advanceSagaRun(tx, [{ orderId, input, context, newPaymentToken }], actor);
  return outcome;
}

type SagaChange = { id: string; fromVersion: number; state: SagaState & { paymentToken?: string }; entries: OrderLogEntry[] };

/** One saga input of a consumer batch's run. */
export interface SagaStepRequest {
  orderId: string;
  input: SagaInput;
  context: EventContext;
  /** A payment retry's new provider token, stored with the step. */
  newPaymentToken?: string;
}

/**
 * advanceSaga for a run of inputs (a consumer batch): the orders' rows locked in one statement, the inputs
 * decided in log order against state that each applied step updates in memory (two inputs for one order
 * chain), and every changed order saved with its events in one more statement. Two round trips per run
 * instead of two per input. A consumer batch may pass the rows, `locked` under the same lock by its prefetch
 * (covering at least these orders), and its atCommit, which sends the save with the COMMIT: then none.
 */
export async function advanceSagaRun(
  tx: Tx,
  steps: SagaStepRequest[],
  actor: string,
  batch: { locked?: OrderSagaRow[]; atCommit?: HandlerContext['atCommit'] } = {},
): Promise<SagaOutcome[]> {
  const { locked, atCommit } = batch;
  const orders = new PgOrderRepository();
  const rows = new Map((locked ?? (await orders.lockManyForSaga(tx, [...new Set(steps.map((step) => step.orderId))]))).map((row) => [row.id, row]));
  const changes = new Map<string, SagaChange>();
  const outcomes: SagaOutcome[] = [];
  for (const step of steps) {
    const order = rows.get(step.orderId);
    if (!order) {
      outcomes.push({ kind: 'missing' });
      continue;
    }
    const decision = decide({ status: order.status, step: order.saga_step, attempt: order.payment_attempt, deadline: order.saga_deadline }, step.input);
    outcomes.push(decision);
    if (decision.kind !== 'apply') continue;
    const paymentToken = step.newPaymentToken ?? order.payment_token;
    const entries = sagaEntries(order, order.status, decision.records, actor, step.context, paymentToken);
    const change: SagaChange = changes.get(order.id) ?? { id: order.id, fromVersion: order.version, state: decision.state, entries: [] };
    // A new token is kept for the order's later steps in the run too.
    change.state = { ...decision.state, paymentToken: step.newPaymentToken ?? change.state.paymentToken };
    change.entries.push(...entries);
    changes.set(order.id, change);
    // The next input for this order sees the state this one left.
    order.status = decision.state.status;
    order.saga_step = decision.state.step;
    order.payment_attempt = decision.state.attempt;
    order.payment_token = paymentToken;
  }
  await orders.saveManyWithEvents(tx, [...changes.values()], atCommit);
  return outcomes;
}

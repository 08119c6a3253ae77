import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req } from '@nestjs/common';
import { LOGGER, TransitionBody, cancelBody, orderLookupQuery, placeOrderBody, retryPaymentBody, transitionBody, ValidBody, ValidId } from '@shop/service-kit';
import type { FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { OrderCommands } from '../application/order-commands';
import { OrderQueries, orderView } from '../application/order-queries';
import { PlaceOrder, PlaceOrderCommand } from '../application/place-order';
import { idempotencyKey, requestContext } from './request-context';

/** Internal order API: checkout, reads, transitions, cancel, payment retry. Bodies are validated as the gateway does. */
@Controller('internal/orders')
export class OrdersController {
  constructor(
    @Inject(LOGGER) private readonly log: Logger,
    @Inject(PlaceOrder) private readonly placeOrder: PlaceOrder,
    @Inject(OrderCommands) private readonly commands: OrderCommands,
    @Inject(OrderQueries) private readonly queries: OrderQueries,
  ) {}

  @Post()
  @HttpCode(202)
  async place(@Body(new ValidBody(placeOrderBody)) body: PlaceOrderCommand, @Req() request: FastifyRequest) {
    const context = requestContext(request);
    const { orderId, placed } = await this.placeOrder.execute(body, idempotencyKey(request), context);
    // Fastify's own request logger is off (bootstrap.ts); these lines are how an order's commands reach the log.
    this.log.info({ orderId, customerId: body.customerId, requestId: context.requestId, replayed: !placed }, 'order placed');
    // A new order's 202 body comes from its write; a replayed key reads the order it placed.
    return placed ? orderView(placed) : this.queries.detail(orderId);
  }

  /** The order shipped with a tracking number (the query is validated as the gateway validates it). */
  @Get()
  byTrackingNumber(@Query(new ValidBody(orderLookupQuery)) query: { trackingNumber: string }) {
    return this.queries.detailByTrackingNumber(query.trackingNumber);
  }

  @Get(':id')
  detail(@Param('id', new ValidId('order')) id: string) {
    return this.queries.detail(id);
  }

  @Get(':id/timeline')
  timeline(@Param('id', new ValidId('order')) id: string) {
    return this.queries.timeline(id);
  }

  @Post(':id/transitions')
  @HttpCode(200)
  async transition(
    @Param('id', new ValidId('order')) id: string,
    @Body(new ValidBody(transitionBody)) body: TransitionBody,
    @Req() request: FastifyRequest,
  ) {
    const context = requestContext(request);
    await this.commands.transition(id, body, context);
    this.log.info({ orderId: id, to: body.to, actor: context.actor, requestId: context.requestId }, 'order transitioned');
    return this.queries.detail(id);
  }

  @Post(':id/cancel')
  @HttpCode(202)
  async cancel(@Param('id', new ValidId('order')) id: string, @Body(new ValidBody(cancelBody, { optional: true })) body: { reason?: string | null }, @Req() request: FastifyRequest) {
    const context = requestContext(request);
    await this.commands.cancel(id, body.reason ?? 'cancelled on request', context);
    this.log.info({ orderId: id, actor: context.actor, requestId: context.requestId }, 'order cancelled on request');
    return this.queries.detail(id);
  }

  @Post(':id/payments')
  @HttpCode(202)
  async retryPayment(@Param('id', new ValidId('order')) id: string, @Body(new ValidBody(retryPaymentBody)) body: { token: string }, @Req() request: FastifyRequest) {
    const context = requestContext(request);
    await this.commands.retryPayment(id, body.token, idempotencyKey(request), context);
    this.log.info({ orderId: id, actor: context.actor, requestId: context.requestId }, 'payment retry requested');
    return this.queries.detail(id);
  }
}

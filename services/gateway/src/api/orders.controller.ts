import { Controller, Header, Inject } from '@nestjs/common';
import type { GatewayContext } from '../application/gateway-context';
import { OrdersService } from '../application/orders.service';
import { Route } from './route.decorator';
import { Ctx } from './request-state';

/** Checkout, order reads, transitions, cancellation and payment retries. */
@Controller()
export class OrdersController {
  constructor(@Inject(OrdersService) private readonly orders: OrdersService) {}

  @Route('placeOrder')
  placeOrder(@Ctx() context: GatewayContext) {
    return this.orders.place(context);
  }

  @Route('getOrder')
  // The use case answers JSON text (serialised once per cached order); Fastify sends a JSON-typed string as is.
  @Header('content-type', 'application/json; charset=utf-8')
  getOrder(@Ctx() context: GatewayContext) {
    return this.orders.detail(context);
  }

  @Route('orderByTrackingNumber')
  @Header('content-type', 'application/json; charset=utf-8')
  orderByTrackingNumber(@Ctx() context: GatewayContext) {
    return this.orders.byTrackingNumber(context);
  }

  @Route('customerOrders')
  customerOrders(@Ctx() context: GatewayContext) {
    return this.orders.history(context);
  }

  @Route('transitionOrder')
  transitionOrder(@Ctx() context: GatewayContext) {
    return this.orders.transition(context);
  }

  @Route('cancelOrder')
  cancelOrder(@Ctx() context: GatewayContext) {
    return this.orders.cancel(context);
  }

  @Route('orderTimeline')
  orderTimeline(@Ctx() context: GatewayContext) {
    return this.orders.timeline(context);
  }

  @Route('retryPayment')
  retryPayment(@Ctx() context: GatewayContext) {
    return this.orders.retryPayment(context);
  }
}

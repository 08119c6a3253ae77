import { Controller, Header, Inject } from '@nestjs/common';
import { FulfillmentFinanceService } from '../application/fulfillment-finance.service';
import type { GatewayContext } from '../application/gateway-context';
import { Route } from './route.decorator';
import { Ctx } from './request-state';

/** The fulfillment queue, payment look-ups and revenue. */
@Controller()
export class FulfillmentFinanceController {
  constructor(@Inject(FulfillmentFinanceService) private readonly service: FulfillmentFinanceService) {}

  @Route('fulfillmentQueue')
  fulfillmentQueue(@Ctx() context: GatewayContext) {
    return this.service.queue(context);
  }

  @Route('paymentByKey')
  paymentByKey(@Ctx() context: GatewayContext) {
    return this.service.paymentByKey(context);
  }

  @Route('revenue')
  // The projections' JSON text, passed on so a sum past 2^53 - 1 keeps its digits; Fastify sends it as is.
  @Header('content-type', 'application/json; charset=utf-8')
  revenue(@Ctx() context: GatewayContext) {
    return this.service.revenue(context);
  }
}

import { Controller, Inject } from '@nestjs/common';
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
  revenue(@Ctx() context: GatewayContext) {
    return this.service.revenue(context);
  }
}

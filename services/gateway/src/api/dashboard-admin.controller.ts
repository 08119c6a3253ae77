import { Controller, Inject } from '@nestjs/common';
import type { GatewayContext } from '../application/gateway-context';
import { OperationsService } from '../dashboard/operations.service';
import { Route } from './route.decorator';
import { Ctx } from './request-state';

/** Operator routes behind the dashboard: recent orders with saga progress, bus lag, dead letters and redrive. */
@Controller()
export class DashboardAdminController {
  constructor(@Inject(OperationsService) private readonly operations: OperationsService) {}

  @Route('recentOrders')
  recentOrders(@Ctx() context: GatewayContext) {
    return this.operations.recentOrders(context);
  }

  @Route('busStatus')
  busStatus(@Ctx() context: GatewayContext) {
    return this.operations.bus(context);
  }

  @Route('deadLetters')
  deadLetters(@Ctx() context: GatewayContext) {
    return this.operations.deadLetters(context);
  }

  @Route('redriveDeadLetters')
  redriveDeadLetters(@Ctx() context: GatewayContext) {
    return this.operations.redrive(context);
  }
}

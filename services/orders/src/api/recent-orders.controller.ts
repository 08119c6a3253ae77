import { Controller, Get, Inject, Query } from '@nestjs/common';
import { RecentOrdersQuery, recentLimit } from '../application/recent-orders.query';

/**
 * GET /internal/orders/recent?limit= for the operator dashboard. A controller of its own so OrdersController
 * stays the checkout API; Fastify matches the static `recent` segment before OrdersController's `:id`.
 */
@Controller('internal/orders')
export class RecentOrdersController {
  constructor(@Inject(RecentOrdersQuery) private readonly query: RecentOrdersQuery) {}

  @Get('recent')
  recent(@Query('limit') limit?: string) {
    return this.query.recent(recentLimit(limit));
  }
}

import { Controller, Get, Header, Inject, Param, Query } from '@nestjs/common';
import { problems } from '@shop/service-kit';
import { FulfillmentQueueQuery } from '../application/fulfillment-queue.query';
import { ProjectionStatusQuery } from '../application/projection-status.query';
import { RevenueQuery } from '../application/revenue.query';
import { TimelineQuery } from '../application/timeline.query';
import { RawQuery, parseId, parseQueueQuery, parseRevenueQuery } from './query-params';

/** Internal read-model API (see docs/INTERNAL-API.md); the gateway authorises before it calls these. */
@Controller('internal')
export class ReadModelsController {
  constructor(
    @Inject(FulfillmentQueueQuery) private readonly queue: FulfillmentQueueQuery,
    @Inject(RevenueQuery) private readonly revenue: RevenueQuery,
    @Inject(TimelineQuery) private readonly timeline: TimelineQuery,
    @Inject(ProjectionStatusQuery) private readonly status: ProjectionStatusQuery,
  ) {}

  @Get('fulfillment/queue')
  fulfillmentQueue(@Query() query: RawQuery) {
    return this.queue.page(parseQueueQuery(query));
  }

  @Get('finance/revenue')
  // JSON text, so a sum past 2^53 - 1 keeps its digits; Fastify sends a JSON-typed string as is.
  @Header('content-type', 'application/json; charset=utf-8')
  financeRevenue(@Query() query: RawQuery) {
    return this.revenue.rows(parseRevenueQuery(query));
  }

  @Get('orders/:id/timeline')
  orderTimeline(@Param('id') id: string) {
    const orderId = parseId(id);
    if (!orderId) throw problems.notFound(`order ${id}`);
    return this.timeline.ofOrder(orderId);
  }

  @Get('projections')
  projections() {
    return this.status.all();
  }
}

import { DynamicModule, Module } from '@nestjs/common';
import { BusAdminController } from '@shop/messaging';
import { HealthController, MESSAGE_BUS, PG_POOL, Readiness } from '@shop/service-kit';
import type { Pool } from 'pg';
import { ReadModelsController } from './api/read-models.controller';
import { FulfillmentQueueQuery } from './application/fulfillment-queue.query';
import { ProjectionBuses } from './application/projection-buses';
import { ProjectionStatusQuery } from './application/projection-status.query';
import { RevenueQuery } from './application/revenue.query';
import { TimelineQuery } from './application/timeline.query';

@Module({})
export class ProjectionsModule {
  static register(deps: { pool: Pool; buses: ProjectionBuses; readiness: Readiness }): DynamicModule {
    return {
      module: ProjectionsModule,
      controllers: [HealthController, ReadModelsController, BusAdminController],
      providers: [
        { provide: PG_POOL, useValue: deps.pool },
        // The shared /internal/bus controller serves one bus; ProjectionBuses answers for all three groups.
        { provide: MESSAGE_BUS, useValue: deps.buses },
        { provide: Readiness, useValue: deps.readiness },
        { provide: FulfillmentQueueQuery, useValue: new FulfillmentQueueQuery(deps.pool) },
        { provide: RevenueQuery, useValue: new RevenueQuery(deps.pool) },
        { provide: TimelineQuery, useValue: new TimelineQuery(deps.pool) },
        { provide: ProjectionStatusQuery, useValue: new ProjectionStatusQuery(deps.pool, deps.buses) },
      ],
    };
  }
}

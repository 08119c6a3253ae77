import { DynamicModule, Module } from '@nestjs/common';
import { BusAdminController, MessageBus } from '@shop/messaging';
import { HealthController, MESSAGE_BUS, PG_POOL, Readiness } from '@shop/service-kit';
import type { Pool } from 'pg';
import { CatalogController } from './api/catalog.controller';
import { CatalogService } from './application/catalog.service';

@Module({})
export class InventoryModule {
  static register(deps: { pool: Pool; bus: MessageBus; readiness: Readiness }): DynamicModule {
    return {
      module: InventoryModule,
      controllers: [HealthController, CatalogController, BusAdminController],
      providers: [
        { provide: PG_POOL, useValue: deps.pool },
        { provide: MESSAGE_BUS, useValue: deps.bus },
        { provide: Readiness, useValue: deps.readiness },
        { provide: CatalogService, useValue: new CatalogService(deps.pool) },
      ],
    };
  }
}

import { DynamicModule, Module } from '@nestjs/common';
import { BusAdminController, MessageBus } from '@shop/messaging';
import { HealthController, MESSAGE_BUS, PG_POOL, Readiness } from '@shop/service-kit';
import type { Pool } from 'pg';
import { PaymentsController } from './api/payments.controller';

@Module({})
export class PaymentsModule {
  static register(deps: { pool: Pool; bus: MessageBus; readiness: Readiness }): DynamicModule {
    return {
      module: PaymentsModule,
      controllers: [HealthController, PaymentsController, BusAdminController],
      providers: [
        { provide: PG_POOL, useValue: deps.pool },
        { provide: MESSAGE_BUS, useValue: deps.bus },
        { provide: Readiness, useValue: deps.readiness },
      ],
    };
  }
}

import { DynamicModule, Module } from '@nestjs/common';
import { BusAdminController, MessageBus } from '@shop/messaging';
import { HealthController, LOGGER, MESSAGE_BUS, PG_POOL, Readiness } from '@shop/service-kit';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { CustomersController } from './api/customers.controller';
import { OrdersController } from './api/orders.controller';
import { RecentOrdersController } from './api/recent-orders.controller';
import { Customers } from './application/customers';
import { OrderCommands } from './application/order-commands';
import { OrderQueries } from './application/order-queries';
import { PlaceOrder } from './application/place-order';
import { RecentOrdersQuery } from './application/recent-orders.query';
import type { OrdersConfig } from './orders.config';

@Module({})
export class OrdersModule {
  static register(deps: { pool: Pool; bus: MessageBus; readiness: Readiness; config: OrdersConfig; logger: Logger }): DynamicModule {
    const { pool, config } = deps;
    return {
      module: OrdersModule,
      controllers: [HealthController, CustomersController, OrdersController, RecentOrdersController, BusAdminController],
      providers: [
        { provide: PG_POOL, useValue: pool },
        { provide: LOGGER, useValue: deps.logger },
        { provide: MESSAGE_BUS, useValue: deps.bus },
        { provide: Readiness, useValue: deps.readiness },
        { provide: Customers, useValue: new Customers(pool) },
        { provide: OrderQueries, useValue: new OrderQueries(pool) },
        { provide: RecentOrdersQuery, useValue: new RecentOrdersQuery(pool) },
        { provide: OrderCommands, useValue: new OrderCommands(pool, config.idempotencyTtlSeconds) },
        { provide: PlaceOrder, useValue: new PlaceOrder(pool, { reservationTtlSeconds: config.reservationTtlSeconds, idempotencyTtlSeconds: config.idempotencyTtlSeconds }) },
      ],
    };
  }
}

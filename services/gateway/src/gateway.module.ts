import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { LOGGER } from '@shop/service-kit';
import type { Logger } from 'pino';
import { CatalogController } from './api/catalog.controller';
import { DashboardAdminController } from './api/dashboard-admin.controller';
import { DashboardController } from './api/dashboard.controller';
import { FulfillmentFinanceController } from './api/fulfillment-finance.controller';
import { GatewayGuard } from './api/gateway.guard';
import { HealthController } from './api/health.controller';
import { OrdersController } from './api/orders.controller';
import { CatalogService } from './application/catalog.service';
import { FulfillmentFinanceService } from './application/fulfillment-finance.service';
import { exposeOrderCacheMetrics } from './application/gateway-metrics';
import { OrderDetail, OrdersService } from './application/orders.service';
import { PlatformHealthService } from './application/platform-health.service';
import { UpstreamClient } from './application/upstream.client';
import { OperationsService } from './dashboard/operations.service';
import { WebAssets } from './dashboard/web-assets';
import { OrderDetailCache } from './domain/order-detail-cache';
import { TokenBuckets } from './domain/token-bucket';
import type { GatewayConfig } from './gateway.config';
import { GATEWAY_CONFIG, RATE_LIMITER } from './gateway.tokens';
import { OrderChangeListener } from './infrastructure/order-change-listener';

/** Probes of /health and /metrics wait at most this long per service. */
const PROBE_TIMEOUT_MS = 2_000;

@Module({})
export class GatewayModule {
  static register(deps: { config: GatewayConfig; logger: Logger; fetch?: typeof fetch }): DynamicModule {
    const upstream = new UpstreamClient(deps.config, deps.fetch);
    const details = new OrderDetailCache<OrderDetail>({ maxEntries: deps.config.orderCacheEntries, ttlMs: deps.config.orderCacheTtlMs });
    exposeOrderCacheMetrics(details);
    // Without a database to listen on (or with the cache turned off) the cache is never enabled: every read goes to the services.
    const listener =
      deps.config.databaseUrl && deps.config.orderCacheEntries > 0 && deps.config.orderCacheTtlMs > 0
        ? [{ provide: OrderChangeListener, useValue: new OrderChangeListener(deps.config.databaseUrl, details, deps.logger) }]
        : [];
    return {
      module: GatewayModule,
      controllers: [HealthController, CatalogController, OrdersController, FulfillmentFinanceController, DashboardAdminController, DashboardController],
      providers: [
        { provide: GATEWAY_CONFIG, useValue: deps.config },
        { provide: LOGGER, useValue: deps.logger },
        { provide: RATE_LIMITER, useValue: new TokenBuckets(deps.config.rateLimitPerMinute) },
        { provide: UpstreamClient, useValue: upstream },
        { provide: CatalogService, useValue: new CatalogService(upstream) },
        { provide: OrdersService, useValue: new OrdersService(upstream, details) },
        ...listener,
        { provide: FulfillmentFinanceService, useValue: new FulfillmentFinanceService(upstream) },
        { provide: OperationsService, useValue: new OperationsService(upstream) },
        { provide: WebAssets, useValue: WebAssets.locate() },
        { provide: PlatformHealthService, useValue: new PlatformHealthService(upstream, Math.min(PROBE_TIMEOUT_MS, deps.config.upstreamTimeoutMs)) },
        { provide: APP_GUARD, useClass: GatewayGuard },
      ],
    };
  }
}

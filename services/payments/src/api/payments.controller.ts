import { Controller, Get, Inject, Query } from '@nestjs/common';
import { PG_POOL, isId, problems } from '@shop/service-kit';
import type { Pool } from 'pg';
import { PgPaymentRepository, paymentView } from '../infrastructure/postgres/pg-payment.repository';

/** Internal payment look-ups: an order's attempts, or one attempt by idempotency key (pattern 9). */
@Controller('internal/payments')
export class PaymentsController {
  private readonly payments = new PgPaymentRepository();

  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  @Get()
  async find(@Query('orderId') orderId?: string, @Query('idempotencyKey') idempotencyKey?: string) {
    if (idempotencyKey) {
      const row = await this.payments.byKey(this.pool, idempotencyKey);
      if (!row) throw problems.notFound(`payment with idempotency key ${idempotencyKey}`);
      return paymentView(row);
    }
    if (isId(orderId)) return { items: (await this.payments.byOrder(this.pool, orderId)).map(paymentView) };
    throw problems.validation([{ field: 'orderId', message: 'give orderId or idempotencyKey' }]);
  }
}

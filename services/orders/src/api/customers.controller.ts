import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { addressBody, addressPatchBody, createCustomerBody, ValidBody, ValidId } from '@shop/service-kit';
import { Customers } from '../application/customers';
import { OrderQueries } from '../application/order-queries';
import type { AddressFields } from '../infrastructure/postgres/pg-customer.repository';

/** Internal customer API (the gateway validates and authorises first; bodies are validated again here). */
@Controller('internal/customers')
export class CustomersController {
  constructor(@Inject(Customers) private readonly customers: Customers, @Inject(OrderQueries) private readonly queries: OrderQueries) {}

  @Post()
  @HttpCode(201)
  create(@Body(new ValidBody(createCustomerBody)) body: { email: string; fullName: string }) {
    return this.customers.create(body.email, body.fullName);
  }

  @Get(':id')
  get(@Param('id', new ValidId('customer')) id: string) {
    return this.customers.get(id);
  }

  @Post(':id/addresses')
  @HttpCode(201)
  addAddress(@Param('id', new ValidId('customer')) id: string, @Body(new ValidBody(addressBody)) body: AddressFields) {
    return this.customers.addAddress(id, body);
  }

  @Patch(':id/addresses/:addressId')
  updateAddress(@Param('id', new ValidId('customer')) id: string, @Param('addressId', new ValidId('address')) addressId: string, @Body(new ValidBody(addressPatchBody)) body: Partial<AddressFields>) {
    return this.customers.updateAddress(id, addressId, body);
  }

  @Delete(':id/addresses/:addressId')
  @HttpCode(204)
  async deleteAddress(@Param('id', new ValidId('customer')) id: string, @Param('addressId', new ValidId('address')) addressId: string): Promise<void> {
    await this.customers.deleteAddress(id, addressId);
  }

  @Get(':id/orders')
  history(@Param('id', new ValidId('customer')) id: string, @Query('limit') limit?: string, @Query('cursor') cursor?: string) {
    return this.queries.history(id, Math.min(100, Math.max(1, Number(limit) || 20)), cursor || undefined);
  }
}

import { problems } from '@shop/service-kit';
import type { Pool } from 'pg';
import { AddressFields, PgCustomerRepository, addressView } from '../infrastructure/postgres/pg-customer.repository';

/** Customers and their saved addresses. Editing or deleting a saved address never touches the snapshots of placed orders. */
export class Customers {
  private readonly repository = new PgCustomerRepository();

  constructor(private readonly pool: Pool) {}

  async create(email: string, fullName: string) {
    const row = await this.repository.insertCustomer(this.pool, email, fullName);
    if (!row) throw problems.conflict(`a customer with email ${email} already exists`, 'duplicate-email');
    return { id: row.id, email: row.email, fullName: row.full_name, createdAt: row.created_at.toISOString() };
  }

  async get(id: string) {
    const row = await this.repository.findCustomer(this.pool, id);
    if (!row) throw problems.notFound(`customer ${id}`);
    return { id: row.id, email: row.email, fullName: row.full_name, createdAt: row.created_at.toISOString() };
  }

  async addAddress(customerId: string, address: AddressFields) {
    await this.get(customerId);
    return addressView((await this.repository.insertAddress(this.pool, customerId, address, false))!);
  }

  async updateAddress(customerId: string, addressId: string, patch: Partial<AddressFields>) {
    const row = await this.repository.updateSavedAddress(this.pool, customerId, addressId, patch);
    if (!row) throw problems.notFound(`address ${addressId} of customer ${customerId}`);
    return addressView(row);
  }

  /** Soft delete: the row is kept, marked deleted; it can no longer be changed or shipped to. */
  async deleteAddress(customerId: string, addressId: string): Promise<void> {
    if (!(await this.repository.deleteSavedAddress(this.pool, customerId, addressId))) throw problems.notFound(`address ${addressId} of customer ${customerId}`);
  }
}

import { Queryable, Tx, runOne, sql } from '@shop/postgres';

export interface CustomerRow {
  id: string;
  email: string;
  full_name: string;
  created_at: Date;
}

export interface AddressRow {
  id: string;
  customer_id: string | null;
  line1: string;
  line2: string | null;
  city: string;
  state: string | null;
  postal_code: string;
  country_code: string;
  created_at: Date;
  updated_at: Date;
}

export interface AddressFields {
  line1: string;
  line2?: string | null;
  city: string;
  state?: string | null;
  postalCode: string;
  countryCode: string;
}

const ADDRESS_COLUMNS = 'id, customer_id, line1, line2, city, state, postal_code, country_code, created_at, updated_at';

const INSERT_CUSTOMER = sql<CustomerRow>(
  'orders.customers.insert',
  `INSERT INTO orders.customers (email, full_name) VALUES ($1, $2) ON CONFLICT ((lower(email))) DO NOTHING RETURNING id, email, full_name, created_at`,
);
const FIND_CUSTOMER = sql<CustomerRow>('orders.customers.find', `SELECT id, email, full_name, created_at FROM orders.customers WHERE id = $1`);
const INSERT_ADDRESS = sql<AddressRow>(
  'orders.addresses.insert',
  `INSERT INTO orders.addresses (customer_id, line1, line2, city, state, postal_code, country_code, is_snapshot)
   VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${ADDRESS_COLUMNS}`,
);
const FIND_SAVED_ADDRESS = sql<AddressRow>(
  'orders.addresses.find_saved',
  `SELECT ${ADDRESS_COLUMNS} FROM orders.addresses WHERE id = $1 AND customer_id = $2 AND NOT is_snapshot AND deleted_at IS NULL`,
);
// COALESCE keeps a field when the patch omits it; line2/state can be cleared with an explicit null ($8/$9 flags).
const UPDATE_SAVED_ADDRESS = sql<AddressRow>(
  'orders.addresses.update_saved',
  `UPDATE orders.addresses SET
     line1 = COALESCE($3, line1), line2 = CASE WHEN $8 THEN $4 ELSE line2 END, city = COALESCE($5, city),
     state = CASE WHEN $9 THEN $6 ELSE state END, postal_code = COALESCE($7, postal_code), country_code = COALESCE($10, country_code),
     updated_at = now()
   WHERE id = $1 AND customer_id = $2 AND NOT is_snapshot AND deleted_at IS NULL RETURNING ${ADDRESS_COLUMNS}`,
);
const DELETE_SAVED_ADDRESS = sql<{ id: string }>(
  'orders.addresses.delete_saved',
  `UPDATE orders.addresses SET deleted_at = now(), updated_at = now()
    WHERE id = $1 AND customer_id = $2 AND NOT is_snapshot AND deleted_at IS NULL RETURNING id`,
);

/** Customers and their addresses: saved ones (mutable) and order snapshots (immutable, enforced by a trigger). */
export class PgCustomerRepository {
  /** Undefined when the email is taken. */
  insertCustomer(db: Queryable, email: string, fullName: string) {
    return runOne(db, INSERT_CUSTOMER, [email, fullName]);
  }

  findCustomer(db: Queryable, id: string) {
    return runOne(db, FIND_CUSTOMER, [id]);
  }

  insertAddress(db: Queryable, customerId: string, address: AddressFields, snapshot: boolean) {
    return runOne(db, INSERT_ADDRESS, [customerId, address.line1, address.line2 ?? null, address.city, address.state ?? null, address.postalCode, address.countryCode, snapshot]);
  }

  findSavedAddress(db: Queryable | Tx, customerId: string, addressId: string) {
    return runOne(db, FIND_SAVED_ADDRESS, [addressId, customerId]);
  }

  updateSavedAddress(db: Queryable, customerId: string, addressId: string, patch: Partial<AddressFields>) {
    return runOne(db, UPDATE_SAVED_ADDRESS, [
      addressId, customerId, patch.line1 ?? null, patch.line2 ?? null, patch.city ?? null, patch.state ?? null, patch.postalCode ?? null,
      'line2' in patch, 'state' in patch, patch.countryCode ?? null,
    ]);
  }

  /** Marks a saved address deleted; false when there is no such live saved address of this customer. */
  async deleteSavedAddress(db: Queryable, customerId: string, addressId: string): Promise<boolean> {
    return (await runOne(db, DELETE_SAVED_ADDRESS, [addressId, customerId])) !== undefined;
  }
}

export function addressView(row: AddressRow) {
  return {
    id: row.id, customerId: row.customer_id, line1: row.line1, line2: row.line2, city: row.city, state: row.state,
    postalCode: row.postal_code, countryCode: row.country_code, createdAt: row.created_at.toISOString(), updatedAt: row.updated_at.toISOString(),
  };
}

import type { EventContract } from './contract';
import { InventoryReservedV1Contract } from './orders/inventory-reserved.v1';
import { OrderCancelledV1Contract } from './orders/order-cancelled.v1';
import { OrderConfirmedV1Contract } from './orders/order-confirmed.v1';
import { OrderDeliveredV1Contract } from './orders/order-delivered.v1';
import { OrderPlacedV1Contract } from './orders/order-placed.v1';
import { OrderShippedV1Contract } from './orders/order-shipped.v1';
import { OrderShippedV2Contract } from './orders/order-shipped.v2';
import { PaymentDeclinedV1Contract } from './orders/payment-declined.v1';
import { PaymentRequestedV1Contract } from './orders/payment-requested.v1';
import { SkuChangedV1Contract } from './inventory/sku-changed.v1';
import { StockCommittedV1Contract } from './inventory/stock-committed.v1';
import { StockRejectedV1Contract } from './inventory/stock-rejected.v1';
import { StockReleasedV1Contract } from './inventory/stock-released.v1';
import { StockReservedV1Contract } from './inventory/stock-reserved.v1';
import { PaymentCapturedV1Contract } from './payments/payment-captured.v1';
import { PaymentCapturedV2Contract } from './payments/payment-captured.v2';
import { PaymentDeclinedByProviderV1Contract } from './payments/payment-declined.v1';
import { PaymentRefundedV1Contract } from './payments/payment-refunded.v1';

/** Every published event type and version. Adding a version adds an entry; none is ever removed. */
export const ALL_CONTRACTS: readonly EventContract[] = [
  OrderPlacedV1Contract,
  InventoryReservedV1Contract,
  PaymentRequestedV1Contract,
  PaymentDeclinedV1Contract,
  OrderConfirmedV1Contract,
  OrderShippedV1Contract,
  OrderShippedV2Contract,
  OrderDeliveredV1Contract,
  OrderCancelledV1Contract,
  StockReservedV1Contract,
  StockRejectedV1Contract,
  StockReleasedV1Contract,
  StockCommittedV1Contract,
  SkuChangedV1Contract,
  PaymentCapturedV1Contract,
  PaymentCapturedV2Contract,
  PaymentDeclinedByProviderV1Contract,
  PaymentRefundedV1Contract,
];

export function contractKey(type: string, version: number): string {
  return `${type}@v${version}`;
}

const byKey = new Map(ALL_CONTRACTS.map((contract) => [contractKey(contract.type, contract.version), contract]));

export function findContract(type: string, version: number): EventContract | undefined {
  return byKey.get(contractKey(type, version));
}

import { isCountryCode } from './countries';
import { isActiveCurrency } from './currencies';
import { Output, array, checkedText, id, integer, money, nullable, object, oneOf, optional, scalarRecord, text } from './schema';
import { trackingNumber } from './tracking-number';

/**
 * The bodies of the commands the public API and the services' internal APIs take (API.md, INTERNAL-API.md): the
 * gateway refuses a bad one before it calls a service, and the service refuses it again for any other caller, with
 * the same 422 and field messages. The OpenAPI document is built from these.
 */

export const ORDER_STATUSES = ['PENDING', 'CONFIRMED', 'SHIPPED', 'DELIVERED', 'CANCELLED'] as const;

/** Units of one SKU per order line (and per restock call). */
export const MAX_QUANTITY = 1000;
export const MAX_ORDER_LINES = 100;
/** Units one SKU may hold on hand: room below the int column's limit, so no restock can overflow it. */
export const MAX_STOCK = 1_000_000_000;

const quantity = () => integer({ min: 1, max: MAX_QUANTITY, description: `Units, 1 to ${MAX_QUANTITY}` });

const currency = () =>
  checkedText({
    min: 3,
    max: 3,
    accept: isActiveCurrency,
    message: 'must be an active ISO 4217 currency code in upper case, e.g. USD',
    description: 'ISO 4217 code',
    example: 'USD',
  });

const countryCode = () =>
  checkedText({
    min: 2,
    max: 2,
    accept: isCountryCode,
    message: 'must be an ISO 3166-1 alpha-2 country code in upper case, e.g. GB',
    description: 'ISO 3166-1 alpha-2',
    example: 'GB',
  });

const email = () =>
  text({ max: 254, pattern: /^[^\s@]+@[^\s@]+\.[^\s@]+$/, patternMessage: 'must be an email address such as ada@example.com', example: 'ada@example.com' });

/**
 * The token a checkout or a payment retry carries (`tok_visa`; card details themselves are never accepted): exactly
 * what the `orders.payment-requested` contract carries on to payments (`payment-token.spec.ts` holds them together). A wider pattern here let an order be accepted and its
 * stock reserved, then stopped the saga at a payment request it could not publish.
 */
export const PAYMENT_TOKEN_PATTERN = /^tok_[A-Za-z0-9_]{1,100}$/;

const paymentToken = () =>
  text({
    max: 104,
    pattern: PAYMENT_TOKEN_PATTERN,
    patternMessage: 'must be a payment provider token such as tok_visa; card details are never accepted',
    example: 'tok_visa',
  });

const reason = () => optional(nullable(text({ min: 0, max: 500, description: 'Free text kept in the order timeline' })));

const addressFields = {
  line1: text({ max: 255, example: '1 Analytical Way' }),
  line2: optional(nullable(text({ min: 0, max: 255 }))),
  city: text({ max: 100, example: 'London' }),
  state: optional(nullable(text({ min: 0, max: 100 }))),
  postalCode: text({ max: 20, example: 'N1 1AA' }),
  countryCode: countryCode(),
};

export const addressBody = object(addressFields, { description: 'A postal address' });
export const addressPatchBody = object(
  {
    line1: optional(addressFields.line1),
    line2: addressFields.line2,
    city: optional(addressFields.city),
    state: addressFields.state,
    postalCode: optional(addressFields.postalCode),
    countryCode: optional(countryCode()),
  },
  { minProperties: 1, description: 'Any of the address fields; placed orders keep their snapshot' },
);

export const createCustomerBody = object({ email: email(), fullName: text({ max: 255, example: 'Ada Lovelace' }) });

export const createProductBody = object({
  merchantId: id('Merchant id'),
  name: text({ max: 255, example: 'Widget' }),
  description: optional(nullable(text({ min: 0, max: 10_000 }))),
});

export const createSkuBody = object({
  productId: id('Product id'),
  skuCode: text({ max: 100, pattern: /^[\x21-\x7e]+$/, patternMessage: 'must be printable ASCII without spaces', example: 'WIDGET-RED-M' }),
  attributes: optional(scalarRecord({ maxKeys: 50, keyMax: 50, valueMax: 500, description: 'Flat attributes such as { "size": "M" }' })),
  priceCents: money('Unit price in minor units'),
  currency: currency(),
  inventoryCount: integer({ min: 0, max: MAX_STOCK, description: 'Units on hand' }),
});

export const updateSkuBody = object({ priceCents: optional(money('New unit price in minor units')) }, { minProperties: 1 });

// Units arriving at once: a pallet is not an order line, so only the stock limit bounds it (an order line takes 1 to 1000).
export const restockBody = object({ quantity: integer({ min: 1, max: MAX_STOCK, description: `Units arriving, 1 to ${MAX_STOCK} (on hand stays within it too)` }) });

export const placeOrderBody = object(
  {
    customerId: id('Customer id (a customer may order only for itself)'),
    shippingAddressId: optional(id('A saved address of the customer')),
    shippingAddress: optional(addressBody),
    items: array(object({ skuId: id('SKU id'), quantity: quantity() }), {
      min: 1,
      max: MAX_ORDER_LINES,
      description: 'One merchant and one currency per order',
    }),
    payment: object({ token: paymentToken() }),
  },
  {
    description: 'Give exactly one of shippingAddressId and shippingAddress',
    refine(value, path, errors) {
      const given = [value.shippingAddressId, value.shippingAddress].filter((field) => field !== undefined).length;
      if (given !== 1)
        errors.push({ field: path ? `${path}.shippingAddressId` : 'shippingAddressId', message: 'give exactly one of shippingAddressId or shippingAddress' });
    },
  },
);

export const transitionBody = object(
  {
    to: oneOf(ORDER_STATUSES, 'Target status'),
    expectedFrom: optional(oneOf(ORDER_STATUSES, 'Refuse with 409 unless the order is in this status')),
    reason: reason(),
    trackingNumber: optional(trackingNumber('Only with to SHIPPED: the carrier\'s tracking number, unique among orders (409 when another order has it)')),
  },
  {
    // A tracking number belongs to the shipment: recorded with any other status it would describe nothing.
    refine(value, path, errors) {
      if (value.trackingNumber !== undefined && value.to !== 'SHIPPED')
        errors.push({ field: path ? `${path}.trackingNumber` : 'trackingNumber', message: 'is allowed only with to SHIPPED' });
    },
  },
);

export const cancelBody = object({ reason: reason() });

export const retryPaymentBody = object({ token: paymentToken() });

export type PlaceOrderBody = Output<typeof placeOrderBody>;
export type TransitionBody = Output<typeof transitionBody>;

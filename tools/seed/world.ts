import { Rng, hash32 } from './random';

/** The first id each seeded table may use; the loader reserves the ranges before it writes anything. */
export interface IdBases {
  merchant: number;
  product: number;
  sku: number;
  customer: number;
  address: number;
  order: number;
  line: number;
  event: number;
  payment: number;
  refund: number;
  paymentOutbox: number;
  inventoryOutbox: number;
  reservation: number;
}

export const EMPTY_DATABASE_BASES: IdBases = {
  merchant: 1, product: 1, sku: 1, customer: 1, address: 1, order: 1, line: 1, event: 1, payment: 1, refund: 1, paymentOutbox: 1, inventoryOutbox: 1, reservation: 1,
};

export interface Merchant {
  id: number;
  currency: string;
  /** Index of its first SKU in World.skus, and how many it has (at least 5: orders have up to 5 distinct lines). */
  skuStart: number;
  skuCount: number;
}

export interface Product {
  id: number;
  merchantId: number;
  name: string;
  description: string;
}

export interface Sku {
  id: number;
  productId: number;
  merchantId: number;
  code: string;
  /** Product name plus attributes: what a line item snapshots. */
  name: string;
  attributes: Record<string, string>;
  priceCents: number;
  currency: string;
  inventoryCount: number;
}

export interface Address {
  id: number;
  customerId: number;
  line1: string;
  line2: string | null;
  city: string;
  state: string | null;
  postalCode: string;
  countryCode: string;
}

export interface Customer {
  id: number;
  email: string;
  fullName: string;
  createdAt: number;
  /** Index of its first saved address in World.addresses, and how many it has. */
  addressStart: number;
  addressCount: number;
}

/** Everything orders are drawn from: merchants with their catalog, customers with their saved addresses. */
export interface World {
  seed: number;
  /** Where this world's ids start (every table's range was reserved for it). */
  bases: IdBases;
  now: number;
  merchants: Merchant[];
  /** Cumulative popularity of merchants (a few big ones, a long tail). */
  merchantWeights: Float64Array;
  products: Product[];
  skus: Sku[];
  customers: Customer[];
  addresses: Address[];
  catalogCreatedAt: number;
}

export interface WorldSizes {
  merchants: number;
  customers: number;
}

/** Proportions of a marketplace: ~1 merchant per 1,000 orders, ~1 customer per 8. */
export function sizesFor(orders: number): WorldSizes {
  return { merchants: Math.max(3, Math.min(5_000, Math.round(orders / 1_000))), customers: Math.max(20, Math.round(orders / 8)) };
}

const DAY = 86_400_000;
const ADJECTIVES = ['Classic', 'Organic', 'Compact', 'Deluxe', 'Everyday', 'Vintage', 'Modern', 'Rugged', 'Silky', 'Bright', 'Quiet', 'Travel'];
const NOUNS = ['Mug', 'Backpack', 'Lamp', 'Notebook', 'Sneaker', 'Jacket', 'Kettle', 'Headphones', 'Blanket', 'Bottle', 'Chair', 'Candle', 'Scarf', 'Watch'];
const COLORS = ['black', 'white', 'navy', 'olive', 'red', 'sand'];
const SIZES = ['S', 'M', 'L', 'XL'];
const FIRST = ['Ada', 'Ben', 'Chloe', 'Dev', 'Elena', 'Finn', 'Grace', 'Hugo', 'Iris', 'Jonas', 'Kira', 'Liam', 'Maya', 'Noah', 'Olga', 'Priya', 'Rui', 'Sara', 'Tom', 'Yuki'];
const LAST = ['Adams', 'Becker', 'Costa', 'Dubois', 'Evans', 'Fischer', 'Garcia', 'Hansen', 'Ito', 'Jones', 'Kowalski', 'Lopez', 'Meyer', 'Nguyen', 'Okafor', 'Rossi', 'Smith', 'Tanaka'];
const STREETS = ['Main', 'Oak', 'Maple', 'Station', 'Mill', 'Park', 'Church', 'High', 'River', 'Lake'];
const PLACES: { country: string; currency: string; cities: [string, string | null, string][] }[] = [
  { country: 'US', currency: 'USD', cities: [['Austin', 'TX', '78701'], ['Portland', 'OR', '97205'], ['Boston', 'MA', '02110'], ['Denver', 'CO', '80202']] },
  { country: 'DE', currency: 'EUR', cities: [['Berlin', null, '10115'], ['Hamburg', null, '20095'], ['Munich', null, '80331']] },
  { country: 'GB', currency: 'GBP', cities: [['London', null, 'EC1A 1BB'], ['Leeds', null, 'LS1 4DY']] },
  { country: 'FR', currency: 'EUR', cities: [['Lyon', null, '69002'], ['Paris', null, '75003']] },
];
/** Where merchants sell from: mostly the US. */
const MERCHANT_PLACE_WEIGHTS = [70, 15, 10, 5];
const CUSTOMER_PLACE_WEIGHTS = [60, 20, 12, 8];

/** A shelf price ending in 99, from 4.99 to about 300.00, more cheap items than dear ones. */
function shelfPrice(rng: Rng): number {
  const units = Math.round(Math.exp(Math.log(5) + rng.next() * (Math.log(300) - Math.log(5))));
  return units * 100 - 1;
}

/** Builds the world of a seed run; ids start at `bases`, so a second run adds a world beside the first. */
export function buildWorld(seed: number, sizes: WorldSizes, bases: IdBases, now: number): World {
  const rng = new Rng(hash32(seed, 0x51ed));
  const merchants: Merchant[] = [];
  const products: Product[] = [];
  const skus: Sku[] = [];
  for (let m = 0; m < sizes.merchants; m++) {
    const place = PLACES[rng.weighted(MERCHANT_PLACE_WEIGHTS)];
    const merchant: Merchant = { id: bases.merchant + m, currency: place.currency, skuStart: skus.length, skuCount: 0 };
    const productCount = rng.int(5, 20);
    for (let p = 0; p < productCount; p++) {
      const product: Product = { id: bases.product + products.length, merchantId: merchant.id, name: `${rng.pick(ADJECTIVES)} ${rng.pick(NOUNS)}`, description: `Seeded product of merchant ${merchant.id}` };
      products.push(product);
      const variants = rng.int(1, 4);
      const price = shelfPrice(rng);
      for (let v = 0; v < variants; v++) {
        const id = bases.sku + skus.length;
        const attributes = { color: COLORS[(p + v) % COLORS.length], size: SIZES[v % SIZES.length] };
        skus.push({
          id, productId: product.id, merchantId: merchant.id, code: `SEED-${id}`, name: `${product.name} (${attributes.color}, ${attributes.size})`, attributes,
          priceCents: price + v * 200, currency: merchant.currency, inventoryCount: rng.int(200, 5_000),
        });
      }
    }
    merchant.skuCount = skus.length - merchant.skuStart;
    merchants.push(merchant);
  }
  const merchantWeights = new Float64Array(merchants.length);
  let cumulative = 0;
  for (let m = 0; m < merchants.length; m++) merchantWeights[m] = cumulative += 1 / Math.pow(m + 1, 0.8);

  const customers: Customer[] = [];
  const addresses: Address[] = [];
  for (let c = 0; c < sizes.customers; c++) {
    const id = bases.customer + c;
    const first = rng.pick(FIRST);
    const last = rng.pick(LAST);
    const customer: Customer = {
      id, email: `${first.toLowerCase()}.${last.toLowerCase()}.${id}@seed.example`, fullName: `${first} ${last}`,
      createdAt: now - 450 * DAY + Math.floor(rng.next() * 80 * DAY), addressStart: addresses.length, addressCount: rng.chance(0.3) ? 2 : 1,
    };
    const place = PLACES[rng.weighted(CUSTOMER_PLACE_WEIGHTS)];
    for (let a = 0; a < customer.addressCount; a++) {
      const [city, state, postalCode] = rng.pick(place.cities);
      addresses.push({
        id: bases.address + addresses.length, customerId: id, line1: `${rng.int(1, 2_500)} ${rng.pick(STREETS)} Street`, line2: rng.chance(0.25) ? `Apt ${rng.int(1, 40)}` : null,
        city, state, postalCode, countryCode: place.country,
      });
    }
    customers.push(customer);
  }
  return { seed, bases, now, merchants, merchantWeights, products, skus, customers, addresses, catalogCreatedAt: now - 460 * DAY };
}

/** A merchant drawn by popularity. */
export function pickMerchant(world: World, rng: Rng): Merchant {
  const weights = world.merchantWeights;
  const roll = rng.next() * weights[weights.length - 1];
  let low = 0;
  let high = weights.length - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (weights[middle] > roll) high = middle;
    else low = middle + 1;
  }
  return world.merchants[low];
}

/** The rebuildable tables of schema readmodels. */
export type ReadModelTable = 'fulfillment_queue' | 'fulfillment_closed' | 'fulfillment_early' | 'revenue_entries' | 'revenue_daily' | 'order_timeline';

/** Maps a read-model table to the schema-qualified name a store writes: the live table or a rebuild's shadow. */
export type TableResolver = (table: ReadModelTable) => string;

export const READMODELS_SCHEMA = 'readmodels';
/** Suffix of a rebuild's shadow tables and their indexes while they are loaded. */
export const SHADOW_SUFFIX = '_rebuild';

export const liveTables: TableResolver = (table) => `${READMODELS_SCHEMA}.${table}`;
export const shadowTables: TableResolver = (table) => `${READMODELS_SCHEMA}.${table}${SHADOW_SUFFIX}`;

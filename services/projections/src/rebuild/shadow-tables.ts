import { Queryable, run, sql } from '@shop/postgres';
import { READMODELS_SCHEMA, ReadModelTable, SHADOW_SUFFIX, liveTables, shadowTables } from '../infrastructure/postgres/readmodel-tables';

interface IndexRow {
  name: string;
  definition: string;
  constraint_type: string | null;
}

const INDEXES_OF = sql<IndexRow>(
  'readmodels.rebuild.indexes_of',
  `SELECT i.relname AS name, pg_get_indexdef(i.oid) AS definition, c.contype::text AS constraint_type
     FROM pg_index x
     JOIN pg_class i ON i.oid = x.indexrelid
     LEFT JOIN pg_constraint c ON c.conindid = x.indexrelid AND c.conrelid = x.indrelid
    WHERE x.indrelid = $1::regclass
    ORDER BY i.relname`,
);

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;
const MAX_IDENTIFIER = 63;

function shadowName(name: string): string {
  if (!IDENTIFIER.test(name) || name.length + SHADOW_SUFFIX.length > MAX_IDENTIFIER) throw new Error(`cannot derive a shadow name from ${name}`);
  return name + SHADOW_SUFFIX;
}

/**
 * The shadow copy of one read-model table that a rebuild loads while the live table keeps serving. The live
 * table is the template (columns, defaults, CHECKs, indexes, constraint names), so a migration that changes it
 * needs no change here. Indexes are built after the load, which is several times faster than maintaining them
 * row by row, and keep their live names with a suffix until the swap.
 */
export class ShadowTable {
  readonly live: string;
  readonly shadow: string;

  constructor(readonly table: ReadModelTable) {
    this.live = liveTables(table);
    this.shadow = shadowTables(table);
  }

  /** Drops a leftover of an interrupted rebuild and creates the empty shadow, without indexes. */
  async create(db: Queryable): Promise<void> {
    await db.query(`DROP TABLE IF EXISTS ${this.shadow}`);
    await db.query(`CREATE TABLE ${this.shadow} (LIKE ${this.live} INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE)`);
  }

  /** Builds the live table's indexes (and the constraints they back) on the loaded shadow, then its statistics. */
  async index(db: Queryable): Promise<void> {
    for (const index of await run(db, INDEXES_OF, [this.live])) {
      const target = shadowName(index.name);
      const prefix = new RegExp(`^CREATE (UNIQUE )?INDEX ${index.name} ON ${this.live.replace('.', '\\.')} `);
      if (!prefix.test(index.definition)) throw new Error(`unexpected index definition: ${index.definition}`);
      await db.query(index.definition.replace(prefix, (_match, unique: string | undefined) => `CREATE ${unique ?? ''}INDEX ${target} ON ${this.shadow} `));
      if (index.constraint_type === 'p') await db.query(`ALTER TABLE ${this.shadow} ADD CONSTRAINT ${target} PRIMARY KEY USING INDEX ${target}`);
      else if (index.constraint_type === 'u') await db.query(`ALTER TABLE ${this.shadow} ADD CONSTRAINT ${target} UNIQUE USING INDEX ${target}`);
      else if (index.constraint_type !== null) throw new Error(`index ${index.name} backs a constraint of type ${index.constraint_type}, which a rebuild cannot copy`);
    }
    await db.query(`ANALYZE ${this.shadow}`);
  }

  /**
   * Inside the swap transaction: the live table goes, the shadow takes its name, and its indexes (renaming an
   * index renames the constraint it backs) take theirs. Sessions that prepared statements on the old table
   * re-plan them against the new one by name.
   */
  async swapIn(db: Queryable): Promise<void> {
    const indexes = await run(db, INDEXES_OF, [this.shadow]);
    await db.query(`DROP TABLE ${this.live}`);
    await db.query(`ALTER TABLE ${this.shadow} RENAME TO ${this.table}`);
    for (const index of indexes) {
      if (!index.name.endsWith(SHADOW_SUFFIX)) throw new Error(`shadow index ${index.name} lacks the ${SHADOW_SUFFIX} suffix`);
      await db.query(`ALTER INDEX ${READMODELS_SCHEMA}.${index.name} RENAME TO ${index.name.slice(0, -SHADOW_SUFFIX.length)}`);
    }
  }

  async discard(db: Queryable): Promise<void> {
    await db.query(`DROP TABLE IF EXISTS ${this.shadow}`);
  }
}

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, TestDatabase } from '@shop/testing';
import { migrate } from './migrations';

describe('migration runner', () => {
  let db: TestDatabase;
  beforeAll(async () => (db = await createTestDatabase()));
  afterAll(() => db.drop());

  function setWith(files: Record<string, string>) {
    const dir = mkdtempSync(join(tmpdir(), 'migrations-'));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return { service: `t${Math.random().toString(36).slice(2, 8)}`, dir };
  }

  it('applies pending files once; a second run is a no-op', async () => {
    const set = setWith({ '0001_a.sql': 'CREATE TABLE public.mig_a (id int);', '0002_b.sql': 'INSERT INTO public.mig_a VALUES (1);' });
    expect((await migrate(db.adminUrl, [set])).applied).toHaveLength(2);
    const again = await migrate(db.adminUrl, [set]);
    expect(again).toEqual({ applied: [], skipped: 2 });
    const { rows } = await db.pool('admin').query('SELECT count(*)::int AS n FROM public.mig_a');
    expect(rows[0].n).toBe(1);
  });

  it('rolls a failing file back whole and keeps the ones before it', async () => {
    const set = setWith({
      '0001_ok.sql': 'CREATE TABLE public.mig_ok (id int);',
      '0002_bad.sql': 'CREATE TABLE public.mig_half (id int); SELECT no_such_function();',
    });
    await expect(migrate(db.adminUrl, [set])).rejects.toThrow(/0002_bad.sql failed and was rolled back/);
    const { rows } = await db.pool('admin').query("SELECT to_regclass('public.mig_ok') AS ok, to_regclass('public.mig_half') AS half");
    expect(rows[0]).toEqual({ ok: 'mig_ok', half: null });
  });

  it('names the migrations a newer version applied, when older code starts on its database (a rollback)', async () => {
    const set = setWith({ '0001_r.sql': 'CREATE TABLE public.mig_r (id int);', '0002_r.sql': 'ALTER TABLE public.mig_r ADD COLUMN note text;' });
    await migrate(db.adminUrl, [set]);
    const { unlinkSync } = await import('node:fs');
    unlinkSync(join(set.dir, '0002_r.sql'));
    const lines: string[] = [];
    const older = await migrate(db.adminUrl, [set], (line) => lines.push(line));
    expect(older).toEqual({ applied: [], skipped: 1, newer: [`${set.service}/0002_r.sql`] });
    expect(lines).toEqual([expect.stringMatching(new RegExp(`^warning: this database has 1 migration\\(s\\) this code does not \\(${set.service}/0002_r.sql\\)`))]);
  });

  it('refuses a file that changed after it was applied', async () => {
    const set = setWith({ '0001_x.sql': 'CREATE TABLE public.mig_x (id int);' });
    await migrate(db.adminUrl, [set]);
    writeFileSync(join(set.dir, '0001_x.sql'), 'CREATE TABLE public.mig_x (id bigint);');
    await expect(migrate(db.adminUrl, [set])).rejects.toThrow(/changed after it was applied/);
  });

  it('lets concurrent migrators wait for each other instead of racing', async () => {
    const set = setWith({ '0001_c.sql': 'CREATE TABLE public.mig_c (id int); SELECT pg_sleep(0.2);' });
    const results = await Promise.all([migrate(db.adminUrl, [set]), migrate(db.adminUrl, [set])]);
    expect(results.map((result) => result.applied.length).sort()).toEqual([0, 1]);
  });
});

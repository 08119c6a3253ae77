import { createPool } from '@shop/postgres';
import { Client, Pool } from 'pg';

export const PROJECTIONS_ROLE = 'projections_svc';

/** Whether the URL's role is projections_svc itself or may become it (a superuser or a member). */
async function roleOf(databaseUrl: string): Promise<{ me: string; member: boolean }> {
  const client = new Client({ connectionString: databaseUrl, application_name: 'projections-rebuild' });
  await client.connect();
  try {
    const { rows } = await client.query<{ me: string; member: boolean }>(`SELECT current_user AS me, pg_has_role(current_user, $1, 'MEMBER') AS member`, [PROJECTIONS_ROLE]);
    return rows[0];
  } finally {
    await client.end();
  }
}

/**
 * The connections of a rebuild, all acting as the projections role: it owns the read-model tables (a swap drops
 * and renames them) and so owns the shadows it creates. Given an admin URL (a superuser or a member of
 * projections_svc), each session switches to that role; any other role is refused up front.
 */
export async function openRebuildPool(databaseUrl: string, max = 8): Promise<Pool> {
  const { me, member } = await roleOf(databaseUrl);
  if (me !== PROJECTIONS_ROLE && !member) throw new Error(`role ${me} cannot act as ${PROJECTIONS_ROLE}: use the projections_svc URL, or a superuser or member of it`);
  return createPool({ url: me === PROJECTIONS_ROLE ? databaseUrl : actingAs(databaseUrl, PROJECTIONS_ROLE), applicationName: 'projections-rebuild', max, statementTimeoutMs: 0, idleInTransactionTimeoutMs: 0 });
}

/** The URL with `SET ROLE` done by the server at connection start (the `options` startup parameter). */
export function actingAs(databaseUrl: string, role: string): string {
  const url = new URL(databaseUrl);
  url.searchParams.set('options', `${url.searchParams.get('options') ?? ''} -c role=${role}`.trim());
  return url.toString();
}

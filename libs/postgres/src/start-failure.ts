/** Why the embedded server did not start, as far as its reason and last log lines tell. */
export type StartFailureKind = 'password' | 'version' | 'port-or-folder' | 'unknown';

/** The reason waitUntilAccepting gives when the cluster's own server refuses the superuser password. */
export const PASSWORD_REFUSED = 'the server refused the superuser password (SQLSTATE 28P01)';

const VERSION_MISMATCH = /database files are incompatible with server|initialized by PostgreSQL version/;
// Another process on the port (bind fails), a lock left in the folder, or another server answering for ours.
const PORT_OR_FOLDER = /could not bind|could not create any TCP\/IP sockets|Address already in use|lock file .* already exists|another server \(data in|is another process/;

export function startFailureKind(reason: string, log: readonly string[]): StartFailureKind {
  if (reason.includes(PASSWORD_REFUSED)) return 'password';
  const text = [reason, ...log].join('\n');
  if (VERSION_MISMATCH.test(text)) return 'version';
  if (PORT_OR_FOLDER.test(text)) return 'port-or-folder';
  return 'unknown';
}

/**
 * The closing sentence of a failed start: what to do about that kind of failure. `passwordSource` names where
 * the caller keeps the superuser password (npm start: DATA_DIR/secrets.json).
 */
export function startFailureHint(kind: StartFailureKind, passwordSource?: string): string {
  switch (kind) {
    case 'password':
      return `The superuser password${passwordSource ? ` in ${passwordSource}` : ''} does not match this cluster (initdb was given another one): restore ${passwordSource ?? 'the password'} from a backup of the time the cluster was created, or start with an empty DATA_DIR.`;
    case 'version':
      return 'The data folder was initialised by another PostgreSQL major version than this embedded server (see the DETAIL line above): use a DATA_DIR made by this version, or move the data with pg_dump from the version that made it.';
    case 'port-or-folder':
      return 'Is another server using that port or data folder? Stop it, or set PGPORT / DATA_DIR, or point DATABASE_URL at an existing server.';
    case 'unknown':
      return 'The lines above are the server\'s last log lines: they name the cause.';
  }
}

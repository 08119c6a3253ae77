/** What the page shows about the pasted token. It does not verify anything: the gateway does, on every call. */
export interface TokenInfo {
  role: string;
  sub: string;
  /** Milliseconds since the epoch, when the token says it expires. */
  expiresAt?: number;
}

/** Reads the claims of a JWT (`header.payload.signature`, base64url); undefined when it is not shaped like one. */
export function readToken(token: string): TokenInfo | undefined {
  const parts = token.trim().split('.');
  if (parts.length !== 3 || parts.some((part) => !/^[A-Za-z0-9_-]+$/.test(part))) return undefined;
  try {
    const base64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
    const json = decodeURIComponent(
      [...atob(base64.padEnd(base64.length + ((4 - (base64.length % 4)) % 4), '='))]
        .map((char) => `%${char.charCodeAt(0).toString(16).padStart(2, '0')}`)
        .join(''),
    );
    const claims = JSON.parse(json) as Record<string, unknown>;
    if (typeof claims !== 'object' || claims === null) return undefined;
    return {
      role: typeof claims.role === 'string' ? claims.role : '?',
      sub: typeof claims.sub === 'string' ? claims.sub : '?',
      ...(typeof claims.exp === 'number' ? { expiresAt: claims.exp * 1000 } : {}),
    };
  } catch {
    return undefined;
  }
}

/** Why a token cannot drive the dashboard, or undefined when it can (as far as the page can tell). */
export function tokenProblem(info: TokenInfo | undefined, nowMs: number): string | undefined {
  if (!info) return 'That is not a JWT: paste the whole token (three parts separated by dots).';
  if (info.expiresAt !== undefined && info.expiresAt <= nowMs) return 'This token has expired: mint a new one.';
  if (info.role !== 'admin') return `This is a ${info.role} token; the dashboard needs an admin token.`;
  return undefined;
}

import { Role, signJwt } from '@shop/service-kit';

/**
 * Tokens signed once before measuring (an HMAC per request would be the client's CPU, not the platform's). Many
 * distinct subjects, as in real traffic: the gateway rate-limits per role and subject, and one shared finance
 * token at full speed would be throttled (429) rather than measured.
 */
export class TokenBook {
  private readonly tokens = new Map<string, string>();

  constructor(private readonly secret: string) {}

  customer(customerId: string): string {
    return this.sign({ sub: customerId, role: 'customer' });
  }

  /** Staff of a merchant; `merchantId` is the claim the gateway checks the query against. */
  fulfillment(merchantId: string): string {
    return this.sign({ sub: `picker-${merchantId}`, role: 'fulfillment', merchantId });
  }

  /** One of a team of analysts (or support agents, for admin). */
  staff(role: Extract<Role, 'finance' | 'admin'>, index: number): string {
    return this.sign({ sub: `${role}-${index % 32}`, role });
  }

  private sign(claims: { sub: string; role: Role; merchantId?: string }): string {
    const key = `${claims.role}:${claims.sub}`;
    let token = this.tokens.get(key);
    if (!token) this.tokens.set(key, (token = signJwt(claims, this.secret, 24 * 3600)));
    return token;
  }
}

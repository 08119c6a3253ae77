/** The gateway's public API as the page calls it: same origin, the pasted bearer token, problem details as errors. */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface Api {
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body: unknown): Promise<T>;
}

export function createApi(token: string, fetchImpl: typeof fetch = (input, init) => fetch(input, init)): Api {
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetchImpl(path, {
        method,
        headers: { authorization: `Bearer ${token}`, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new ApiError(0, 'the gateway cannot be reached');
    }
    const text = await response.text();
    let parsed: any;
    try {
      // Revenue sums may pass 2^53, which JSON.parse would round (API.md): they are kept as their digits.
      parsed = text ? JSON.parse(text.replace(EXACT_INTEGERS, '$1"$2"')) : undefined;
    } catch {
      parsed = undefined;
    }
    if (!response.ok) throw new ApiError(response.status, problemText(response.status, parsed));
    return parsed as T;
  }
  return { get: (path) => call('GET', path), post: (path, body) => call('POST', path, body) };
}

/** A `revenueCents` value as the gateway writes it (an unescaped key, so never text inside a string). */
const EXACT_INTEGERS = /("revenueCents":\s*)(-?\d+)/g;

/** `422: merchantId is required for an admin token`: the problem's detail, with field errors when it has them. */
export function problemText(status: number, problem: any): string {
  const fields = Array.isArray(problem?.errors) ? problem.errors.map((error: any) => `${error.field} ${error.message}`).join('; ') : '';
  const detail = typeof problem?.detail === 'string' ? problem.detail : `HTTP ${status}`;
  return fields ? `${status}: ${fields}` : `${status}: ${detail}`;
}

/** `/v1/finance/revenue?merchantId=7&from=...`, leaving out empty values. */
export function pathWithQuery(path: string, query: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

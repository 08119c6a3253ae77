/** An RFC 9457 problem document, the body of every error response. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

export interface FieldError {
  field: string;
  message: string;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** An expected failure that maps to a problem response; anything else thrown is a bug and becomes a 500. */
export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly slug: string,
    detail: string,
    readonly errors?: FieldError[],
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail);
    this.name = 'ProblemError';
  }

  /** Seconds a client should wait before repeating the request, sent as Retry-After (503, 504). */
  retryAfterSeconds?: number;

  retryAfter(seconds: number): this {
    this.retryAfterSeconds = seconds;
    return this;
  }

  toProblem(): Problem {
    return {
      type: `https://errors.shop.local/${this.slug}`,
      title: TITLES[this.status] ?? 'Error',
      status: this.status,
      detail: this.message,
      ...(this.errors && this.errors.length > 0 ? { errors: this.errors } : {}),
      ...this.extensions,
    };
  }
}

export const CARD_NUMBER_DETAIL =
  'Card numbers are never accepted by this API: pay with a token from the payment provider (e.g. tok_visa). The value was discarded and not logged.';
export const CARD_NUMBER_MESSAGE = 'looks like a card number; card numbers are never accepted';

/** The most field errors one answer lists. */
export const MAX_FIELD_ERRORS = 50;

export const problems = {
  // At most MAX_FIELD_ERRORS listed: a 1 MB body of unknown keys would otherwise get a larger answer than it sent.
  validation: (errors: FieldError[], detail = 'The request has invalid fields; see errors.') =>
    errors.length > MAX_FIELD_ERRORS
      ? new ProblemError(422, 'validation', `${detail} (the first ${MAX_FIELD_ERRORS} of ${errors.length} are listed)`, errors.slice(0, MAX_FIELD_ERRORS))
      : new ProblemError(422, 'validation', detail, errors),
  notFound: (what: string) => new ProblemError(404, 'not-found', `${what} was not found`),
  conflict: (detail: string, slug = 'conflict') => new ProblemError(409, slug, detail),
  badRequest: (detail: string, slug = 'bad-request') => new ProblemError(400, slug, detail),
  unauthorized: (detail = 'A valid bearer token is required') => new ProblemError(401, 'unauthorized', detail),
  forbidden: (detail = 'Your role may not do this') => new ProblemError(403, 'forbidden', detail),
  unavailable: (detail: string) => new ProblemError(503, 'unavailable', detail),
  // The refusals of a request body, one wording each whoever refuses it (Fastify's parser or a guard).
  unsupportedMediaType: () => new ProblemError(415, 'unsupported-media-type', 'Send JSON with content-type application/json'),
  malformedJson: (why: 'empty' | 'not-utf8' | 'syntax' = 'syntax') =>
    new ProblemError(
      400,
      'malformed-json',
      why === 'not-utf8'
        ? 'The body is not valid UTF-8, so it is not JSON: send a JSON object encoded as UTF-8 with content-type application/json'
        : `${why === 'empty' ? 'The body is empty, which' : 'The body'} is not valid JSON: send a JSON object with content-type application/json`,
    ),
  bodyTooLarge: () => new ProblemError(413, 'body-too-large', 'The request body is over 1 MB'),
  // The same answer from the gateway and from every service behind it; the value is never echoed.
  cardNumber: (field: string) => problems.validation([{ field, message: CARD_NUMBER_MESSAGE }], CARD_NUMBER_DETAIL),
};

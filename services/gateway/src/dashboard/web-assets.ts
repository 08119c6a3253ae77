import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { repoRoot } from '@shop/config';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
};

/** Where services/gateway/web/build.mjs puts the dashboard: next to the compiled gateway, or under dist/ when the gateway runs from sources (jest). */
export function webRootCandidates(): string[] {
  const candidates = [join(__dirname, '..', '..', 'public')];
  try {
    candidates.push(join(repoRoot(), 'dist', 'services', 'gateway', 'public'));
  } catch {
    /* not inside the repository (a packaged gateway): only the sibling directory counts */
  }
  return candidates;
}

export interface Asset {
  body: Buffer;
  contentType: string;
}

/**
 * The built dashboard: a flat directory of files, listed once at start-up. Requests are looked up by exact name
 * in that list, so no request path is ever joined onto the file system (no traversal to think about).
 */
export class WebAssets {
  private readonly files: ReadonlyMap<string, string>;

  constructor(readonly root: string | undefined) {
    const names = root ? readdirSync(root, { withFileTypes: true }).filter((entry) => entry.isFile() && CONTENT_TYPES[extname(entry.name)]) : [];
    this.files = new Map(names.map((entry) => [entry.name, join(root!, entry.name)]));
  }

  static locate(candidates = webRootCandidates()): WebAssets {
    return new WebAssets(candidates.find((dir) => existsSync(join(dir, 'index.html'))));
  }

  get built(): boolean {
    return this.files.has('index.html');
  }

  async read(name: string): Promise<Asset | undefined> {
    const path = this.files.get(name);
    if (!path) return undefined;
    return { body: await readFile(path), contentType: CONTENT_TYPES[extname(name)] };
  }
}

/**
 * Same-origin only: the page loads nothing from elsewhere (no CDN) and may only call this gateway. Inline
 * scripts and style attributes are refused, so text from the API can never become markup that runs.
 */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

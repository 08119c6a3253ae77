import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '@shop/config';

export interface StartOutcome {
  /** Exit code; undefined when it was still running after the time allowed (it is then stopped). */
  code: number | undefined;
  stderr: string;
}

/** Runs `dist/tools/start.js` with this environment on top of the test's, for a start expected to end by itself. */
export async function runStart(env: Record<string, string>, allowMs = 30_000): Promise<StartOutcome> {
  const child = spawn(process.execPath, [join(repoRoot(), 'dist/tools/start.js')], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let overran = false;
  // SIGTERM, not SIGKILL: a start that went too far has services to stop.
  const stop = setTimeout(() => {
    overran = true;
    child.kill('SIGTERM');
  }, allowMs);
  const code = await new Promise<number | null>((resolve) => child.once('exit', (exitCode) => resolve(exitCode)));
  clearTimeout(stop);
  return { code: overran ? undefined : (code ?? undefined), stderr };
}

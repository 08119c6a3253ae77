import { existsSync, writeFileSync } from 'node:fs';

/**
 * FAULT_KILL_AFTER_PROVIDER_CALL=<marker file>: the first capture after start-up that finds no marker file
 * writes it and kills this process with SIGKILL right after the provider answered and before the result is
 * recorded, the worst moment for exactly-once. Only the chaos suite sets it.
 */
export function killAfterProviderCallOnce(markerFile: string | undefined): () => void {
  if (!markerFile) return () => undefined;
  return () => {
    if (existsSync(markerFile)) return;
    writeFileSync(markerFile, `killed after a provider call at ${new Date().toISOString()}\n`);
    process.kill(process.pid, 'SIGKILL');
  };
}

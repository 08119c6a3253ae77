/** One progress line on stderr, rewritten in place on a terminal and printed every few seconds otherwise. */
export function progress(label: string): { update(text: string): void; done(text: string): void } {
  const tty = process.stderr.isTTY;
  let last = 0;
  return {
    update(text) {
      const now = Date.now();
      if (tty) process.stderr.write(`\r\x1b[K${label}: ${text}`);
      else if (now - last > 5_000) {
        process.stderr.write(`${label}: ${text}\n`);
        last = now;
      }
    },
    done(text) {
      process.stderr.write(`${tty ? '\r\x1b[K' : ''}${label}: ${text}\n`);
    },
  };
}

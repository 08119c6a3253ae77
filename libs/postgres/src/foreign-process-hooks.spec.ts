import { withoutNewProcessHooks } from './foreign-process-hooks';

describe('withoutNewProcessHooks', () => {
  it.each(['SIGINT', 'SIGTERM', 'SIGHUP', 'beforeExit', 'exit'] as const)('removes a %s listener the load added and keeps the earlier ones', (event) => {
    const ours = () => undefined;
    const theirs = () => undefined;
    process.on(event, ours);
    try {
      const result = withoutNewProcessHooks(() => {
        process.on(event, theirs);
        return 'loaded';
      });
      expect(result).toBe('loaded');
      const listeners = process.listeners(event as NodeJS.Signals);
      expect(listeners).toContain(ours);
      expect(listeners).not.toContain(theirs);
    } finally {
      process.removeListener(event, ours);
      process.removeListener(event, theirs);
    }
  });

  it('removes what the load added even when it throws', () => {
    const theirs = () => undefined;
    expect(() => withoutNewProcessHooks(() => {
      process.on('SIGINT', theirs);
      throw new Error('load failed');
    })).toThrow('load failed');
    expect(process.listeners('SIGINT')).not.toContain(theirs);
  });
});

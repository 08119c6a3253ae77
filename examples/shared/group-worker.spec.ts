import { GroupWorker } from './group-worker';

describe('GroupWorker', () => {
  const logged = () => {
    const errors: string[] = [];
    return { errors, log: { error: (message: string) => void errors.push(message) } };
  };

  it('settles stopped when stopped by its owner, and a second stop is harmless', async () => {
    const { log, errors } = logged();
    const worker = new GroupWorker(log);
    expect(worker.isStopping).toBe(false);
    await worker.stop();
    await expect(worker.stopped).resolves.toBeUndefined();
    await expect(worker.stop()).resolves.toBeUndefined();
    expect(worker.isStopping).toBe(true);
    expect(errors).toEqual([]);
  });

  it('rejects stopped with the error that stopped it, and says so in the log', async () => {
    const { log, errors } = logged();
    const worker = new GroupWorker(log);
    worker.fail(new Error('the orders API refused the token'));
    await expect(worker.stopped).rejects.toThrow('the orders API refused the token');
    expect(worker.isStopping).toBe(true);
    expect(errors).toEqual(['stopping: the orders API refused the token']);
  });

  it('a stop after a failure still resolves for the caller (the failure is reported through stopped)', async () => {
    const worker = new GroupWorker(logged().log);
    worker.fail(new Error('boom'));
    await expect(worker.stop()).resolves.toBeUndefined();
    await expect(worker.stopped).rejects.toThrow('boom');
  });
});

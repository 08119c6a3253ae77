import { checkServiceNodeArgs, serviceNodeArgs } from './node-args';

describe('serviceNodeArgs', () => {
  it.each([
    { name: 'the heap bounds alone', env: {}, args: ['--max-old-space-size=160'] },
    { name: 'blank SERVICE_NODE_ARGS adds nothing', env: { SERVICE_NODE_ARGS: '   ' }, args: ['--max-old-space-size=160'] },
    {
      name: 'SERVICE_NODE_ARGS after the bounds, so it can override them',
      env: { SERVICE_NODE_ARGS: ' --cpu-prof  --max-old-space-size=512 ' },
      args: ['--max-old-space-size=160', '--cpu-prof', '--max-old-space-size=512'],
    },
  ])('$name', ({ env, args }) => {
    expect(serviceNodeArgs(env)).toEqual(args);
  });
});

describe('checkServiceNodeArgs', () => {
  it.each([[{}], [{ SERVICE_NODE_ARGS: '' }], [{ SERVICE_NODE_ARGS: '--max-semi-space-size=16 --stack-size=2000' }]])('lets %j through', (env) => {
    expect(() => checkServiceNodeArgs(env)).not.toThrow();
  });

  it('refuses a flag node does not know, naming SERVICE_NODE_ARGS and node\'s complaint', () => {
    expect(() => checkServiceNodeArgs({ SERVICE_NODE_ARGS: '--bogus-flag' })).toThrow(/config: SERVICE_NODE_ARGS holds flags node refuses \(.*bad option: --bogus-flag\)/);
  });
});

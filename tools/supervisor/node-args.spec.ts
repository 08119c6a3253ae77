import { serviceNodeArgs } from './node-args';

describe('serviceNodeArgs', () => {
  it.each([
    { name: 'the heap bounds alone', env: {}, args: ['--max-semi-space-size=8', '--max-old-space-size=256'] },
    { name: 'blank SERVICE_NODE_ARGS adds nothing', env: { SERVICE_NODE_ARGS: '   ' }, args: ['--max-semi-space-size=8', '--max-old-space-size=256'] },
    {
      name: 'SERVICE_NODE_ARGS after the bounds, so it can override them',
      env: { SERVICE_NODE_ARGS: ' --cpu-prof  --max-old-space-size=512 ' },
      args: ['--max-semi-space-size=8', '--max-old-space-size=256', '--cpu-prof', '--max-old-space-size=512'],
    },
  ])('$name', ({ env, args }) => {
    expect(serviceNodeArgs(env)).toEqual(args);
  });
});

import { serviceNodeArgs } from './node-args';

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

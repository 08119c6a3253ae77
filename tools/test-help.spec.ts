import { selectedProjects, selectionHelp } from './test-help';

describe('selectedProjects', () => {
  it.each([
    [['--help'], undefined],
    [['--selectProjects', 'e2e', '--help'], ['e2e']],
    [['--selectProjects', 'config', 'tools'], ['config', 'tools']],
    [['--ci', '--selectProjects', 'orders', '--runInBand', 'x.spec.ts'], ['orders']],
  ])('%j selects %j', (args, projects) => {
    expect(selectedProjects(args)).toEqual(projects);
  });
});

describe('selectionHelp', () => {
  it.each([
    [['e2e'], /^usage: npm run test:e2e /, /only the end-to-end suites/],
    [['config', 'tools'], /^usage: npm run test:unit /, /only the specs of config, tools \(no end-to-end suite/],
  ])('%j', (projects, usage, what) => {
    const help = selectionHelp(projects);
    expect(help).toMatch(usage);
    expect(help).toMatch(what);
    expect(help).not.toMatch(/every suite/);
  });
});

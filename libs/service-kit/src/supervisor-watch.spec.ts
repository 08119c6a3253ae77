import { supervisorGone } from './supervisor-watch';

describe('supervisorGone', () => {
  it.each([
    { supervisorPid: undefined, parentPid: 1, expected: false, why: 'not started by npm start' },
    { supervisorPid: '', parentPid: 1, expected: false, why: 'an empty setting names no supervisor' },
    { supervisorPid: '0', parentPid: 1, expected: false, why: 'pid 0 is no process' },
    { supervisorPid: 'npm', parentPid: 1, expected: false, why: 'a setting that is not a pid' },
    { supervisorPid: '4242x', parentPid: 1, expected: false, why: 'a pid with something after it' },
    { supervisorPid: '4242', parentPid: 4242, expected: false, why: 'its supervisor is its parent' },
    { supervisorPid: '4242', parentPid: 1, expected: true, why: 'handed to init' },
    { supervisorPid: '4242', parentPid: 977, expected: true, why: 'handed to a subreaper' },
  ])('$why', ({ supervisorPid, parentPid, expected }) => {
    expect(supervisorGone(supervisorPid, parentPid)).toBe(expected);
  });
});

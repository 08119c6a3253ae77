import { machineSpeedRow } from './machine';

describe('machineSpeedRow', () => {
  it.each([
    { name: 'steady', start: { cpuLoopMs: 520, roundTripUs: 61 }, end: { cpuLoopMs: 520, roundTripUs: 61 }, text: 'CPU loop 520 / 520 ms (+0%), SELECT 1 round trip 61 / 61 µs (+0%)' },
    { name: 'slower at the end', start: { cpuLoopMs: 500, roundTripUs: 60 }, end: { cpuLoopMs: 950, roundTripUs: 113 }, text: 'CPU loop 500 / 950 ms (+90%), SELECT 1 round trip 60 / 113 µs (+88%)' },
    { name: 'faster at the end', start: { cpuLoopMs: 1000, roundTripUs: 120 }, end: { cpuLoopMs: 500, roundTripUs: 60 }, text: 'CPU loop 1000 / 500 ms (-50%), SELECT 1 round trip 120 / 60 µs (-50%)' },
    { name: 'a zero start has no drift', start: { cpuLoopMs: 0, roundTripUs: 0 }, end: { cpuLoopMs: 5, roundTripUs: 5 }, text: 'CPU loop 0 / 5 ms, SELECT 1 round trip 0 / 5 µs' },
  ])('$name', ({ start, end, text }) => {
    expect(machineSpeedRow(start, end)).toEqual(['machine speed at start / end (lower is faster)', text, '']);
  });
});

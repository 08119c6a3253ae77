import { replaceBetweenMarkers } from './report';

describe('replaceBetweenMarkers', () => {
  const readme = 'intro\n<!-- bench:start -->\nold\n<!-- bench:end -->\nmiddle\n<!-- bench-reads:start -->\nold reads\n<!-- bench-reads:end -->\nend';

  it.each([
    {
      marker: 'bench',
      content: 'new',
      expected: 'intro\n<!-- bench:start -->\nnew\n<!-- bench:end -->\nmiddle\n<!-- bench-reads:start -->\nold reads\n<!-- bench-reads:end -->\nend',
    },
    {
      marker: 'bench-reads',
      content: 'new',
      expected: 'intro\n<!-- bench:start -->\nold\n<!-- bench:end -->\nmiddle\n<!-- bench-reads:start -->\nnew\n<!-- bench-reads:end -->\nend',
    },
    // `$` sequences are text, not RegExp replacement patterns.
    {
      marker: 'bench',
      content: "cost $& $1 $'",
      expected: "intro\n<!-- bench:start -->\ncost $& $1 $'\n<!-- bench:end -->\nmiddle\n<!-- bench-reads:start -->\nold reads\n<!-- bench-reads:end -->\nend",
    },
    { marker: 'absent', content: 'new', expected: readme },
  ])('$marker', ({ marker, content, expected }) => {
    expect(replaceBetweenMarkers(readme, marker, content)).toBe(expected);
  });

  it('leaves a text with only one marker of the pair alone', () => {
    expect(replaceBetweenMarkers('a <!-- x:start --> b', 'x', 'new')).toBe('a <!-- x:start --> b');
    expect(replaceBetweenMarkers('<!-- x:end --> <!-- x:start -->', 'x', 'new')).toBe('<!-- x:end --> <!-- x:start -->');
  });
});

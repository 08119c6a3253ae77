import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@shop/config';

/** A horizontal bar chart as standalone SVG (no dependencies), e.g. measured value against its target. */
export function barChart(title: string, bars: { label: string; value: number; target?: number; unit: string }[]): string {
  const width = 640;
  const rowHeight = 34;
  const height = 40 + bars.length * rowHeight;
  const max = Math.max(1, ...bars.flatMap((bar) => [bar.value, bar.target ?? 0])) * 1.1;
  const scale = (value: number) => Math.round((value / max) * 380);
  const rows = bars
    .map((bar, index) => {
      const y = 30 + index * rowHeight;
      const target = bar.target === undefined ? '' : `<line x1="${200 + scale(bar.target)}" y1="${y - 4}" x2="${200 + scale(bar.target)}" y2="${y + 22}" stroke="#d33" stroke-width="2"/>`;
      return `<text x="8" y="${y + 14}" font-size="12">${escape(bar.label)}</text><rect x="200" y="${y}" width="${scale(bar.value)}" height="18" fill="#3b7dd8"/>` +
        `<text x="${206 + scale(bar.value)}" y="${y + 14}" font-size="12">${bar.value} ${escape(bar.unit)}</text>${target}`;
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif"><text x="8" y="18" font-size="14" font-weight="bold">${escape(title)}</text>${rows}</svg>`;
}

function escape(text: string): string {
  return text.replace(/[<>&"]/g, (char) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[char]!);
}

/** Writes bench/results/<stamp>.json, .md and the charts; returns the Markdown. */
export function writeReport(stamp: string, result: unknown, markdown: string, charts: Record<string, string>): string {
  const dir = join(repoRoot(), 'bench/results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${stamp}.json`), JSON.stringify(result, null, 2));
  let links = '';
  for (const [name, svg] of Object.entries(charts)) {
    writeFileSync(join(dir, `${stamp}-${name}.svg`), svg);
    links += `\n![${name}](${stamp}-${name}.svg)`;
  }
  const text = `${markdown}\n${links}\n`;
  writeFileSync(join(dir, `${stamp}.md`), text);
  return text;
}

/**
 * Replaces the README's figures between `<!-- <marker>:start -->` and `<!-- <marker>:end -->` with the latest
 * summary; each suite owns its own pair of markers. A README without them is left alone.
 */
export function updateReadme(summaryMarkdown: string, marker = 'bench'): void {
  const path = join(repoRoot(), 'README.md');
  const readme = readFileSync(path, 'utf8');
  const updated = replaceBetweenMarkers(readme, marker, summaryMarkdown);
  if (updated !== readme) writeFileSync(path, updated);
}

/** The text with what lies between one pair of markers replaced; unchanged when either marker is missing. */
export function replaceBetweenMarkers(text: string, marker: string, content: string): string {
  const start = `<!-- ${marker}:start -->`;
  const end = `<!-- ${marker}:end -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(end, from);
  if (from < 0 || to < 0) return text;
  // Index arithmetic, not a RegExp replace: a `$` in the content stays literal.
  return `${text.slice(0, from)}${start}\n${content}\n${end}${text.slice(to + end.length)}`;
}

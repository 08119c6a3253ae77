/**
 * Merges Prometheus text expositions of several processes into one valid document: every sample gets a
 * `service` label, and each metric family appears once (HELP and TYPE of its first source) with the samples of
 * all sources, so families the services share (process_*, http_request_duration_seconds) do not clash.
 */
export interface ExpositionSource {
  service: string;
  text: string;
}

interface Family {
  help?: string;
  type?: string;
  samples: string[];
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})?(\s+.*)$/;
const SUFFIXES = ['_bucket', '_sum', '_count', '_created', '_total', '_info'];

export function mergeExpositions(sources: ExpositionSource[]): string {
  const families = new Map<string, Family>();
  const family = (name: string): Family => {
    let found = families.get(name);
    if (!found) {
      found = { samples: [] };
      families.set(name, found);
    }
    return found;
  };
  for (const source of sources) {
    const label = `service="${escapeLabel(source.service)}"`;
    const declared = new Set<string>();
    for (const rawLine of source.text.split('\n')) {
      const line = rawLine.trimEnd();
      if (line === '') continue;
      const meta = /^#\s+(HELP|TYPE)\s+([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(.*)$/.exec(line);
      if (meta) {
        const [, kind, name, rest] = meta;
        declared.add(name);
        const target = family(name);
        if (kind === 'HELP') target.help ??= rest;
        else target.type ??= rest;
        continue;
      }
      if (line.startsWith('#')) continue;
      const sample = SAMPLE.exec(line);
      if (!sample) continue;
      const [, name, given, rest] = sample;
      // A label the source named `service` itself would repeat the name, which fails the whole scrape; it is kept
      // as `exported_service`, as Prometheus does when it keeps a target's own label.
      const labels = given?.replace(/([{,]\s*)service=/g, '$1exported_service=');
      const labelled = labels && labels !== '{}' ? `${name}{${label},${labels.slice(1)}${rest}` : `${name}{${label}}${rest}`;
      family(familyOf(name, declared)).samples.push(labelled);
    }
  }
  const lines: string[] = [];
  for (const [name, entry] of families) {
    if (entry.samples.length === 0) continue;
    if (entry.help !== undefined) lines.push(`# HELP ${name} ${entry.help}`);
    if (entry.type !== undefined) lines.push(`# TYPE ${name} ${entry.type}`);
    lines.push(...entry.samples);
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

/** The family a sample belongs to: `x_bucket` belongs to the declared histogram `x`. */
function familyOf(sampleName: string, declared: Set<string>): string {
  if (declared.has(sampleName)) return sampleName;
  for (const suffix of SUFFIXES) {
    if (sampleName.endsWith(suffix)) {
      const base = sampleName.slice(0, -suffix.length);
      if (declared.has(base)) return base;
    }
  }
  return sampleName;
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

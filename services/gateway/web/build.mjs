#!/usr/bin/env node
// Builds the operator dashboard the gateway serves at `/`: compiles web/src/*.ts (not the specs) to browser ES
// modules with swc, which the workspace build already installs, and copies index.html and dashboard.css. The
// output is one flat directory, dist/services/gateway/public, so the gateway can serve it by exact file name.
// Usage: node services/gateway/web/build.mjs [--out <dir>]   (tools/build.mjs runs it after the swc step)
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const webDir = dirname(fileURLToPath(import.meta.url));
const root = resolve(webDir, '../../..');
const outIndex = process.argv.indexOf('--out');
const outDir = outIndex > 0 ? resolve(process.argv[outIndex + 1]) : join(root, 'dist/services/gateway/public');
const swc = createRequire(join(root, 'package.json'))('@swc/core');

const sources = readdirSync(join(webDir, 'src')).filter((name) => name.endsWith('.ts') && !/\.(spec|int-spec|e2e-spec)\.ts$/.test(name));
// Files are overwritten in place rather than the directory recreated, so a gateway already serving it never
// finds index.html missing mid-build; files the sources no longer produce are removed afterwards.
mkdirSync(outDir, { recursive: true });
const written = new Set(['index.html', 'dashboard.css']);
for (const name of sources) {
  const { code } = swc.transformFileSync(join(webDir, 'src', name), {
    swcrc: false,
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'es6' },
    sourceMaps: false,
  });
  // The sources import each other without extensions (as the rest of the workspace does); browsers need the file name.
  const browserCode = code.replace(/(\bfrom\s+|\bimport\s+)(['"])(\.\.?\/[^'"]+?)(?<!\.js)\2/g, '$1$2$3.js$2');
  writeFileSync(join(outDir, name.replace(/\.ts$/, '.js')), browserCode);
  written.add(name.replace(/\.ts$/, '.js'));
}
for (const name of ['index.html', 'dashboard.css']) copyFileSync(join(webDir, name), join(outDir, name));
for (const stale of readdirSync(outDir).filter((name) => !written.has(name))) rmSync(join(outDir, stale), { recursive: true, force: true });
if (process.env.BUILD_QUIET !== '1') console.error(`build: dashboard (${sources.length} modules) to ${outDir}`);

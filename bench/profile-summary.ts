// Summarises a V8 .cpuprofile (from BENCH_CPU_PROF_DIR): self and inclusive time by area (package or source folder), hottest functions.
// Usage: npx tsx bench/profile-summary.ts <file.cpuprofile> [top]
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function areaOf(url: string): string {
  if (!url) return '(native/gc/idle)';
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1]!;
  const src = /\/(src\/[^/]+|bench|test\/[^/]+)\//.exec(url);
  if (src) return src[1]!;
  // node:internal/crypto/util → node:internal/crypto: which part of Node, not just "internal".
  if (url.startsWith('node:')) return url.split('/').slice(0, 2).join('/');
  return url.replace(/^file:\/\//, '').slice(-50);
}

const [file, topArg] = process.argv.slice(2);
if (!file) throw new Error('usage: profile-summary <file.cpuprofile> [top]');
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const selfMs = new Map<number, number>();
profile.samples.forEach((id, index) => selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0) / 1000));
const total = [...selfMs.values()].reduce((a, b) => a + b, 0);
const idle = [...selfMs.entries()].filter(([id]) => byId.get(id)!.callFrame.functionName === '(idle)').reduce((a, [, v]) => a + v, 0);

const areas = new Map<string, number>();
const functions = new Map<string, number>();
for (const [id, ms] of selfMs) {
  const frame = byId.get(id)!.callFrame;
  if (frame.functionName === '(idle)') continue;
  const area = areaOf(frame.url);
  areas.set(area, (areas.get(area) ?? 0) + ms);
  const key = `${frame.functionName || '(anonymous)'} ${area}:${frame.lineNumber + 1}`;
  functions.set(key, (functions.get(key) ?? 0) + ms);
}
const busy = total - idle;
const pct = (ms: number) => `${((100 * ms) / busy).toFixed(1)}%`;

// Inclusive: a sample counts for every area (and function of ours) on its stack, once each.
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
const inclusiveAreas = new Map<string, number>();
const inclusiveOwn = new Map<string, number>();
for (const [id, ms] of selfMs) {
  if (byId.get(id)!.callFrame.functionName === '(idle)') continue;
  const seenAreas = new Set<string>();
  const seenOwn = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const frame = byId.get(at)!.callFrame;
    if (!frame.url) continue;
    const area = areaOf(frame.url);
    seenAreas.add(area);
    if (area.startsWith('src/')) seenOwn.add(`${frame.functionName || '(anonymous)'} ${area}`);
  }
  for (const area of seenAreas) inclusiveAreas.set(area, (inclusiveAreas.get(area) ?? 0) + ms);
  for (const own of seenOwn) inclusiveOwn.set(own, (inclusiveOwn.get(own) ?? 0) + ms);
}

console.log(`busy ${busy.toFixed(0)} ms of ${total.toFixed(0)} ms sampled`);
console.log('\nself time by area:');
for (const [area, ms] of [...areas].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  ${pct(ms).padStart(6)}  ${area}`);
console.log('\ninclusive time by area (the area is anywhere on the stack):');
for (const [area, ms] of [...inclusiveAreas].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  ${pct(ms).padStart(6)}  ${area}`);
console.log('\ninclusive time of our own functions (src/):');
for (const [name, ms] of [...inclusiveOwn].sort((a, b) => b[1] - a[1]).slice(0, Number(topArg ?? 25))) console.log(`  ${pct(ms).padStart(6)}  ${name}`);
// What kind of work each busy sample is: the categories a login's cost splits into (first match wins).
const WORK: [string, (urls: string[], names: string[]) => boolean][] = [
  ['garbage collection', (_urls, names) => names[0] === '(garbage collector)'],
  ['benchmark probe', (urls, names) => urls.some((url) => url.includes('/bench/')) || names.includes('memoryUsage')],
  ['socket writes (syscalls)', (_urls, names) => /^(writev|writeLatin1String|writeUtf8String|writeBuffer)$/.test(names[0]!)],
  ['JWS signing and verification', (_urls, names) => names.some((name) => name === 'rsaSignVerify' || name === 'ecdsaSignVerify' || name === 'createSignature')],
  ['upstream HTTP client (openid-client, undici)', (urls) => urls.some((url) => /undici|oauth4webapi|openid-client/.test(url))],
  ['the journey (src/journey, incl. provider calls from it)', (urls) => urls.some((url) => url.includes('/src/journey/'))],
  ['oidc-provider', (urls) => urls.some((url) => url.includes('oidc-provider'))],
  ['other own code (src/)', (urls) => urls.some((url) => url.includes('/src/'))],
  ['HTTP server and Koa plumbing', (urls) => urls.some((url) => /koa|_http_|node:net/.test(url))],
  ['module loading (start-up)', (_urls, names) => names.some((name) => /compile|Loader|wrapSafe/.test(name))],
];
const work = new Map<string, number>();
for (const [id, ms] of selfMs) {
  if (byId.get(id)!.callFrame.functionName === '(idle)') continue;
  const urls: string[] = [];
  const names: string[] = [];
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    urls.push(byId.get(at)!.callFrame.url);
    names.push(byId.get(at)!.callFrame.functionName);
  }
  const kind = WORK.find(([, matches]) => matches(urls, names))?.[0] ?? 'other (native, microtasks)';
  work.set(kind, (work.get(kind) ?? 0) + ms);
}
console.log('\nbusy time by kind of work:');
for (const [kind, ms] of [...work].sort((a, b) => b[1] - a[1])) console.log(`  ${pct(ms).padStart(6)}  ${kind}`);

console.log('\nhottest functions (self):');
for (const [name, ms] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, Number(topArg ?? 25))) console.log(`  ${pct(ms).padStart(6)}  ${name}`);

// Loading the directory section of a world file: demo world, defaults, and clear errors naming the bad entry's path.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DirectoryWorldError, loadDirectoryWorld, parseDirectoryWorld } from '../../src/directory/world.ts';
import { DEMO_DOCUMENT, DEMO_WORLD_FILE } from './demo-fixtures.ts';

const made: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'kontekst-world-'));
  made.push(dir);
  return dir;
};
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A deep copy of the demo document to break in one place. */
function demoCopy(): { directory: { organisations: Record<string, unknown>[]; businessUsers: Record<string, unknown>[] } } {
  return structuredClone(DEMO_DOCUMENT) as never;
}

/** The zod issues of the rejection (prettifyError's form: `✖ message` then `→ at path`), one string each. */
function issuesOf(document: unknown): string[] {
  try {
    parseDirectoryWorld(document, 'test.json');
  } catch (error) {
    expect(error).toBeInstanceOf(DirectoryWorldError);
    const [problem, ...rest] = (error as DirectoryWorldError).problems;
    expect(rest).toEqual([]);
    expect(problem).toMatch(/^test\.json: invalid directory/);
    return problem!.split('\n').slice(1).join('\n').split(/\n(?=\s*✖)/).map((text) => text.trim());
  }
  throw new Error('expected the world to be rejected');
}

/** How one issue reads in the start-up error. */
const issue = (path: string, message: string) => `✖ ${message}\n      → at ${path}`;

describe('loadDirectoryWorld', () => {
  it('loads the demo world with its organisations and business users', async () => {
    const world = await loadDirectoryWorld(DEMO_WORLD_FILE);
    expect(world.organisations.map((org) => org.cvr)).toEqual(['12345674', '34567891', '29876541']);
    expect(world.businessUsers).toHaveLength(5);
    const nordisk = world.organisations.find((org) => org.cvr === '34567891')!;
    expect(nordisk).toMatchObject({ name: 'Nordisk Revision A/S', privateMitIdAllowed: false, sharedMeansAllowed: true });
  });

  it('applies defaults: required LoA substantial, connected, active, no dedicated user IDs', async () => {
    const world = await loadDirectoryWorld(DEMO_WORLD_FILE);
    for (const org of world.organisations) expect(org).toMatchObject({ requiredLoa: 'substantial', status: 'connected' });
    const jens = world.businessUsers.find((user) => user.uuid === '3240a090-fde3-4e45-8018-edbecd0706b7')!;
    expect(jens).toMatchObject({ status: 'active', dedicatedMitIdUuids: [], rid: '93847562' });
    expect(jens.privileges).toEqual([
      { cvr: '12345674', privileges: ['urn:dk:digitalpost:privilege:read', 'urn:dk:digitalpost:privilege:send', 'urn:dk:skat:privilege:vat-reporting'] },
    ]);
  });

  it('keeps explicit values over defaults', () => {
    const document = demoCopy();
    Object.assign(document.directory.organisations[0]!, { requiredLoa: 'high', status: 'disconnected' });
    Object.assign(document.directory.businessUsers[0]!, { status: 'blocked' });
    const world = parseDirectoryWorld(document);
    expect(world.organisations[0]).toMatchObject({ requiredLoa: 'high', status: 'disconnected' });
    expect(world.businessUsers[0]!.status).toBe('blocked');
  });

  it('names the file when it cannot be read or is not JSON', async () => {
    const dir = tempDir();
    await expect(loadDirectoryWorld(join(dir, 'missing.json'))).rejects.toThrow(/missing\.json[\s\S]*cannot be read \(ENOENT\)/);
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{ "directory": { "personCpr": 1505801234 ');
    const error = await loadDirectoryWorld(broken).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DirectoryWorldError);
    expect(String(error)).toMatch(/broken\.json[\s\S]*not valid JSON/);
    expect(String(error)).not.toContain('1505801234');
  });

  it('reports errors from a file with the path of the bad entry', async () => {
    const dir = tempDir();
    const file = join(dir, 'world.json');
    const document = demoCopy();
    document.directory.organisations[2]!.cvr = '29876542';
    writeFileSync(file, JSON.stringify(document));
    await expect(loadDirectoryWorld(file)).rejects.toThrow(/must be a valid CVR number.*\n\s+→ at directory\.organisations\[2\]\.cvr/);
  });
});

describe('parseDirectoryWorld rejects bad entries, naming their path', () => {
  it('a CVR failing the modulus-11 check', () => {
    const document = demoCopy();
    document.directory.organisations[1]!.cvr = '34567890';
    expect(issuesOf(document)).toContain(issue('directory.organisations[1].cvr', 'must be a valid CVR number (8 digits, modulus 11)'));
  });

  it('a business user naming an unknown organisation', () => {
    const document = demoCopy();
    document.directory.businessUsers[3]!.cvr = '10000009';
    expect(issuesOf(document)).toEqual([issue('directory.businessUsers[3].cvr', 'names no organisation in the directory')]);
  });

  it('a duplicate business-user uuid', () => {
    const document = demoCopy();
    document.directory.businessUsers[4]!.uuid = document.directory.businessUsers[1]!.uuid;
    expect(issuesOf(document)).toEqual([issue('directory.businessUsers[4].uuid', 'duplicate of businessUsers[1].uuid')]);
  });

  it('a duplicate organisation CVR', () => {
    const document = demoCopy();
    document.directory.organisations.push({ ...document.directory.organisations[0]!, name: 'Copy' });
    expect(issuesOf(document)).toEqual([issue('directory.organisations[3].cvr', 'duplicate of organisations[0].cvr')]);
  });

  it('a malformed CPR without echoing it', () => {
    const document = demoCopy();
    document.directory.businessUsers[0]!.personCpr = '150580-1234';
    const issues = issuesOf(document);
    expect(issues).toEqual([issue('directory.businessUsers[0].personCpr', 'must be 10 digits')]);
    expect(issues.join()).not.toContain('150580');
  });

  it('unknown means, unknown keys and a missing directory section', () => {
    const document = demoCopy();
    document.directory.organisations[0]!.allowedMeans = ['app', 'smoke_signal'];
    document.directory.businessUsers[2]!.nickname = 'x';
    const issues = issuesOf(document);
    expect(issues.some((text) => text.endsWith('→ at directory.organisations[0].allowedMeans[1]'))).toBe(true);
    expect(issues.some((text) => text.endsWith('→ at directory.businessUsers[2]') && text.includes('nickname'))).toBe(true);
    expect(issuesOf({ mitid: {} })).toEqual([expect.stringMatching(/→ at directory$/)]);
  });

  it('a privilege scoped to an invalid CVR', () => {
    const document = demoCopy();
    document.directory.businessUsers[0]!.privileges = [{ cvr: '12345675', privileges: ['x'] }];
    expect(issuesOf(document)).toContain(issue('directory.businessUsers[0].privileges[0].cvr', 'must be a valid CVR number (8 digits, modulus 11)'));
  });
});

// The CVR register fixture (development): the world file's `cvrRegister` section, companies with their management.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { byName, cprInputSchema, cvrNumberSchema, validCpr, type CvrRegister, type RepresentedOrganisation } from './register.ts';

const companySchema = z.strictObject({
  cvr: cvrNumberSchema,
  name: z.string().trim().min(1).max(200),
  managementRepresentatives: z
    .array(z.strictObject({ cpr: cprInputSchema, role: z.string().trim().min(1).max(100) }))
    .min(1, 'a company has at least one management representative'),
});

export const cvrRegisterFixtureSchema = z
  .strictObject({ $comment: z.string().optional(), companies: z.array(companySchema) })
  .superRefine((fixture, ctx) => {
    const seen = new Set<string>();
    fixture.companies.forEach((company, index) => {
      if (seen.has(company.cvr)) ctx.addIssue({ code: 'custom', path: ['companies', index, 'cvr'], message: 'duplicate company' });
      seen.add(company.cvr);
    });
  });

export type CvrRegisterFixture = z.infer<typeof cvrRegisterFixtureSchema>;

export class FixtureCvrRegister implements CvrRegister {
  readonly #byCpr = new Map<string, RepresentedOrganisation[]>();

  constructor(fixture: CvrRegisterFixture) {
    for (const company of cvrRegisterFixtureSchema.parse(fixture).companies) {
      for (const { cpr, role } of company.managementRepresentatives) {
        const list = this.#byCpr.get(cpr) ?? [];
        list.push({ cvr: company.cvr, name: company.name, role });
        this.#byCpr.set(cpr, list);
      }
    }
    for (const list of this.#byCpr.values()) list.sort(byName);
  }

  async organisationsRepresentedBy(cpr: string): Promise<RepresentedOrganisation[]> {
    return (this.#byCpr.get(validCpr(cpr)) ?? []).map((organisation) => ({ ...organisation }));
  }
}

/** Reads the `cvrRegister` section of a world file; a file without one is an empty register. Errors name paths, never CPRs. */
export async function loadCvrRegisterFixture(worldFile: string): Promise<FixtureCvrRegister> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(worldFile, 'utf8'));
  } catch {
    throw new Error(`${worldFile}: not readable JSON`);
  }
  const section = (json as { cvrRegister?: unknown } | null)?.cvrRegister ?? { companies: [] };
  const parsed = cvrRegisterFixtureSchema.safeParse(section);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `cvrRegister.${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`${worldFile}: invalid CVR register fixture:\n  - ${issues.join('\n  - ')}`);
  }
  return new FixtureCvrRegister(parsed.data);
}

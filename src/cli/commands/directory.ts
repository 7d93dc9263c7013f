// `kontekst orgs|rights|audit|directory …`: the operator's directory commands, through the same admin service and storage as the server.
import type { Command } from 'commander';
import type { z } from 'zod';
import { verifyAudit, allEvents, scopeOf } from '../../admin/commands/audit-log.ts';
import { AdminError } from '../../admin/errors.ts';
import { connectOrganisationSchema, rightBodySchema } from '../../admin/schemas.ts';
import { createAdminService, type AdminService, type Principal } from '../../admin/service.ts';
import { MEANS } from '../../domain/mitid.ts';
import type { DirectoryRepository } from '../../directory/repository.ts';
import { DirectoryWorldError, loadDirectoryWorld } from '../../directory/world.ts';
import { CliError } from '../errors.ts';
import { table, type Answer } from '../output.ts';
import type { CliRuntime } from '../runtime.ts';
import type { Action } from './action.ts';

/** The CLI acts as the operator: whoever holds storage access runs Kontekst. */
export const CLI_OPERATOR: Principal = { kind: 'operator', clientId: 'kontekst-cli' };

export async function serviceOf(runtime: CliRuntime): Promise<{ service: AdminService; directory: DirectoryRepository }> {
  if (runtime.storageKind !== 'redis')
    throw new CliError("directory commands work on the server's storage: set REDIS_URL (or REDIS_CLUSTER_NODES / REDIS_SENTINELS)", 78);
  const storage = await runtime.storage();
  return {
    service: createAdminService({ directory: storage.directory, publicUrl: runtime.config.publicUrl }),
    directory: storage.directory,
  };
}

/** A refused command is the operator's to fix: its code and message, exit 1 (2 for bad input). */
export async function refusedAsCliError<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof AdminError)
      throw new CliError(`${error.code}${error.field ? ` (${error.field})` : ''}: ${error.message}`, error.status === 400 ? 2 : 1);
    throw error;
  }
}

function parsed<T>(schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw new CliError(`${issue.path.join('.') || 'input'}: ${issue.message}`, 2);
}

function splitName(name: string): { givenName: string; familyName: string } {
  const words = name.trim().split(/\s+/);
  const familyName = words.length > 1 ? words.pop()! : words[0]!;
  return { givenName: words.join(' ') || familyName, familyName };
}

function orgRows(orgs: { cvr: string; name: string; state: string; settings: { allowedMeans: string[] } }[]): string {
  return table(
    ['CVR', 'NAME', 'STATE', 'MEANS'],
    orgs.map((org) => [org.cvr, org.name, org.state, org.settings.allowedMeans.join(',')]),
  );
}

export function registerDirectoryCommands(program: Command, action: Action): void {
  const orgs = program.command('orgs').description('organisations in the MitID Erhverv directory');
  orgs
    .command('connect')
    .description('connect an organisation and name its first organisation administrator (an activation link goes out by e-mail)')
    .requiredOption('--cvr <cvr>', 'CVR number')
    .requiredOption('--name <name>', "the organisation's name")
    .requiredOption('--admin-email <email>', "the first organisation administrator's work e-mail")
    .option('--admin-name <name>', "the administrator's name (default: from the e-mail)")
    .option('--admin-cpr <cpr>', "the administrator's CPR (confirms with private MitID; kept only as a keyed hash)")
    .option('--admin-birthdate <date>', "the administrator's birth date YYYY-MM-DD (confirms with a code, printed once)")
    .option('--means <list>', `connect at once with these allowed means (${MEANS.join(',')}); otherwise the setup wizard decides`)
    .option('--private-mitid', 'with --means: allow private MitID for business use')
    .option('--shared-means', 'with --means: allow shared dedicated means')
    .action(
      action(async (runtime, options) => {
        const email = String(options['adminEmail']);
        const names = splitName(
          typeof options['adminName'] === 'string' ? options['adminName'] : email.split('@')[0]!.replace(/[._-]+/g, ' '),
        );
        const input = parsed(connectOrganisationSchema, {
          cvr: options['cvr'],
          name: options['name'],
          administrator: { ...names, email, cpr: options['adminCpr'], birthDate: options['adminBirthdate'] },
          ...(typeof options['means'] === 'string'
            ? {
                settings: {
                  allowedMeans: options['means'].split(',').filter(Boolean),
                  privateMitIdAllowed: options['privateMitid'] === true,
                  sharedMeansAllowed: options['sharedMeans'] === true,
                  requiredLoa: 'substantial',
                },
              }
            : {}),
        });
        const { service } = await serviceOf(runtime);
        const answer = await refusedAsCliError(() => service.connectOrganisation(CLI_OPERATOR, input));
        const code =
          'code' in answer && answer.code ? `\nActivation code for ${email} (shown once; hand it over in person): ${answer.code}` : '';
        return {
          human: `Connected ${answer.organisation.cvr} ${answer.organisation.name} (${answer.organisation.state}); ${email} is its first organisation administrator (${answer.administrator.state}).${code}`,
          json: answer,
        };
      }),
    );
  orgs
    .command('list')
    .description('list organisations')
    .action(
      action(async (runtime) => {
        const { service } = await serviceOf(runtime);
        const all = await service.listOrganisations(CLI_OPERATOR);
        return { human: all.length ? orgRows(all) : 'No organisations.', json: all };
      }),
    );
  orgs
    .command('show <cvr>')
    .description('show one organisation')
    .action(
      action(async (runtime, _options, cvr) => {
        const { service } = await serviceOf(runtime);
        const org = await refusedAsCliError(() => service.readOrganisation(CLI_OPERATOR, cvr!));
        const settings = org.settings;
        return {
          human: `${orgRows([org])}\nprivate MitID allowed: ${settings.privateMitIdAllowed ? 'yes' : 'no'}; shared means: ${settings.sharedMeansAllowed ? 'yes' : 'no'}; required LoA: ${settings.requiredLoa}`,
          json: org,
        };
      }),
    );
  orgs
    .command('disconnect <cvr>')
    .description('disconnect an organisation (final: its users are no longer offered)')
    .action(
      action(async (runtime, _options, cvr) => {
        const { service } = await serviceOf(runtime);
        const org = await refusedAsCliError(() => service.disconnectOrganisation(CLI_OPERATOR, cvr!));
        return { human: `Disconnected ${org.cvr} ${org.name}.`, json: org };
      }),
    );

  const rights = program.command('rights').description('the rights catalogue (released as professional.privileges)');
  rights
    .command('add')
    .description('add a right to the catalogue')
    .requiredOption('--urn <urn>', "the right's URN")
    .requiredOption('--da <name>', 'Danish name')
    .requiredOption('--en <name>', 'English name')
    .action(
      action(async (runtime, options) => {
        const input = parsed(rightBodySchema, { urn: options['urn'], nameDa: options['da'], nameEn: options['en'] });
        const { service } = await serviceOf(runtime);
        const right = await refusedAsCliError(() => service.addRight(CLI_OPERATOR, input));
        return { human: `Added ${right.urn} (${right.nameDa} / ${right.nameEn}).`, json: right };
      }),
    );
  rights
    .command('list')
    .description('list the rights catalogue')
    .action(
      action(async (runtime) => {
        const { service } = await serviceOf(runtime);
        const all = await service.listRights(CLI_OPERATOR);
        return {
          human: all.length
            ? table(
                ['URN', 'DANSK', 'ENGLISH'],
                all.map((right) => [right.urn, right.nameDa, right.nameEn]),
              )
            : 'The catalogue is empty.',
          json: all,
        };
      }),
    );

  const audit = program.command('audit').description("the audit log: one hash chain per organisation, and the operator's");
  audit
    .command('export')
    .description('print an audit chain as JSON lines')
    .requiredOption('--scope <scope>', 'a CVR number or "operator"')
    .action(
      action(async (runtime, options) => {
        const { directory } = await serviceOf(runtime);
        const events = await allEvents(directory, scopeOf(String(options['scope'])));
        return { human: events.map((event) => JSON.stringify(event)).join('\n'), json: events };
      }),
    );
  audit
    .command('verify')
    .description('verify every audit chain (or one): a changed or missing event fails')
    .option('--scope <scope>', 'a CVR number or "operator"')
    .action(
      action(async (runtime, options) => {
        const { directory } = await serviceOf(runtime);
        const results = await verifyAudit(directory, typeof options['scope'] === 'string' ? scopeOf(options['scope']) : undefined);
        const broken = results.filter((result) => !result.verdict.ok);
        const lines = results.map(({ scope, verdict }) =>
          verdict.ok ? `${scope}: ok (${verdict.events} events)` : `${scope}: BROKEN at event ${verdict.seq} (${verdict.problem})`,
        );
        if (broken.length > 0) throw new CliError(`audit chain verification failed:\n${lines.join('\n')}`, 1);
        return { human: results.length ? lines.join('\n') : 'No audit chains yet.', json: results };
      }),
    );

  const directory = program.command('directory').description('the directory as a whole');
  directory
    .command('import <file>')
    .description("import a world file's organisations, users and rights; what the directory has already is left as it is")
    .action(
      action(async (runtime, _options, file): Promise<Answer> => {
        let world: Awaited<ReturnType<typeof loadDirectoryWorld>>;
        try {
          world = await loadDirectoryWorld(file!);
        } catch (error) {
          if (error instanceof DirectoryWorldError) throw new CliError(error.message, 2);
          throw error;
        }
        const { service } = await serviceOf(runtime);
        const report = await refusedAsCliError(() => service.importDirectory(CLI_OPERATOR, world));
        return {
          human: `Imported ${report.organisationsImported} organisation(s) with ${report.usersImported} user(s) and ${report.rightsImported} right(s); ${report.organisationsSkipped} organisation(s) already there were left alone.`,
          json: report,
        };
      }),
    );
  directory
    .command('init')
    .description('mark a new, empty directory as present (production without WORLD_FILE); an emptied one stays not ready until you do')
    .action(
      action(async (runtime) => {
        const { directory: repo } = await serviceOf(runtime);
        await repo.markPresent();
        return { human: 'The directory is marked present; /readyz can report ready.', json: { present: true } };
      }),
    );
}

// `kontekst initial-access-token issue`: a token a developer presents to register a client dynamically (RFC 7591).
import type { Command } from 'commander';
import { z } from 'zod';
import { DEFAULT_INITIAL_ACCESS_TOKEN_TTL_SECONDS, issueInitialAccessToken } from '../../oidc/registration.ts';
import { CliError } from '../errors.ts';
import type { Action } from './action.ts';

const expiresInSchema = z.coerce
  .number()
  .int()
  .min(60, 'at least 60 seconds')
  .max(30 * 24 * 3600, 'at most 30 days');

export function registerInitialAccessTokenCommands(program: Command, action: Action): void {
  const iat = program.command('initial-access-token').description('initial access tokens for dynamic client registration');
  iat
    .command('issue')
    .description('issue a token that allows registering clients at /reg until it expires (prints it once)')
    .option('--expires-in <seconds>', 'lifetime in seconds', String(DEFAULT_INITIAL_ACCESS_TOKEN_TTL_SECONDS))
    .action(
      action(async (runtime, raw) => {
        const expiresIn = expiresInSchema.safeParse(raw['expiresIn']);
        if (!expiresIn.success) throw new CliError(`--expires-in: ${expiresIn.error.issues[0]!.message}`, 2);
        if (runtime.storageKind !== 'redis') {
          throw new CliError(
            'initial access tokens live in the storage every Kontekst process shares; with in-memory storage each process ' +
              'has its own. Set REDIS_URL (as the server does), or register the client with "kontekst clients create".',
          );
        }
        const { token, expiresAt } = await issueInitialAccessToken(await runtime.provider(), { expiresInSeconds: expiresIn.data });
        const registrationEndpoint = `${runtime.config.issuer}/reg`;
        return {
          human: [
            `Initial access token (shown once; valid until ${new Date(expiresAt * 1000).toISOString()}):`,
            `  ${token}`,
            `Register with: POST ${registrationEndpoint}  Authorization: Bearer <token>  (JSON client metadata, RFC 7591)`,
          ].join('\n'),
          json: { initial_access_token: token, expires_at: expiresAt, registration_endpoint: registrationEndpoint },
        };
      }),
    );
}

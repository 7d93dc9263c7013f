// The production CVR register adapter: one JSON POST per look-up to a configured endpoint (the CPR in the body, never the URL).
import { z } from 'zod';
import { byName, CvrRegisterError, representedOrganisationSchema, validCpr, type CvrRegister, type RepresentedOrganisation } from './register.ts';

/**
 * The contract with the endpoint (CVR_REGISTER_URL), e.g. a small service in front of the CVR register's
 * participant data:
 *   POST <url>   Content-Type: application/json   {"cpr":"DDMMYYXXXX"}
 *   200          {"organisations":[{"cvr":"31627583","name":"Kirk & Co. Bogføring ApS","role":"direktør"}]}
 * Anything else (another status, a body that does not fit, a timeout) is "the register is unavailable".
 */
const responseSchema = z.object({ organisations: z.array(representedOrganisationSchema) });

export interface HttpCvrRegisterOptions {
  url: string;
  timeoutMs: number;
  /** Extra request headers, e.g. an API key. */
  headers?: Record<string, string>;
}

export class HttpCvrRegister implements CvrRegister {
  constructor(private readonly options: HttpCvrRegisterOptions) {}

  async organisationsRepresentedBy(cpr: string): Promise<RepresentedOrganisation[]> {
    const body = JSON.stringify({ cpr: validCpr(cpr) });
    let response: Response;
    try {
      response = await fetch(this.options.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...this.options.headers },
        body,
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (error) {
      throw new CvrRegisterError('cvr_register_unavailable', 'the CVR register did not answer', { cause: error });
    }
    if (response.status !== 200) {
      await response.body?.cancel();
      throw new CvrRegisterError('cvr_register_unavailable', `the CVR register answered ${response.status}`);
    }
    let json: unknown;
    try {
      json = await response.json();
    } catch (error) {
      throw new CvrRegisterError('cvr_register_unavailable', 'the CVR register answered no JSON', { cause: error });
    }
    const parsed = responseSchema.safeParse(json);
    if (!parsed.success) throw new CvrRegisterError('cvr_register_unavailable', 'the CVR register answered an unexpected shape');
    return parsed.data.organisations.sort(byName);
  }
}

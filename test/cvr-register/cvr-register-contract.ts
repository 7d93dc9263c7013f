// One contract for every CVR register adapter, on the demo world's fixture data.
import { expect, it } from 'vitest';
import { CvrRegisterError, type CvrRegister } from '../../src/cvr-register/index.ts';

export const ANDERS_KIRK_CPR = '0907781235';

export function cvrRegisterContract(makeRegister: () => CvrRegister): void {
  it('lists every organisation a representative may represent, by name, with the role', async () => {
    expect(await makeRegister().organisationsRepresentedBy(ANDERS_KIRK_CPR)).toEqual([
      { cvr: '31627583', name: 'Kirk & Co. Bogføring ApS', role: 'direktør' },
      { cvr: '38472615', name: 'Kirk Ejendomme ApS', role: 'bestyrelsesformand' },
    ]);
  });

  it('lists an already connected company too (the page decides what to offer)', async () => {
    expect(await makeRegister().organisationsRepresentedBy('1505801234')).toEqual([{ cvr: '12345674', name: 'Tømrermester Hansen ApS', role: 'direktør' }]);
  });

  it('answers an empty list for a person who represents nobody', async () => {
    expect(await makeRegister().organisationsRepresentedBy('2411851240')).toEqual([]);
  });

  it('refuses a malformed CPR without repeating it', async () => {
    const error = await makeRegister()
      .organisationsRepresentedBy('090778-1235')
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CvrRegisterError);
    expect((error as CvrRegisterError).code).toBe('invalid_cpr');
    expect((error as Error).message).not.toContain('090778');
  });
}

// The permission matrix as data: the operator never administers users; every command has someone who may run it.
import { describe, expect, it } from 'vitest';
import { COMMANDS, mayRun, PERMISSIONS } from '../../src/admin/roles.ts';

describe('roles', () => {
  it('gives every command to at least one role and names only known commands', () => {
    for (const command of COMMANDS) expect(Object.values(PERMISSIONS).some((commands) => commands.includes(command))).toBe(true);
    for (const commands of Object.values(PERMISSIONS)) for (const command of commands) expect(COMMANDS).toContain(command);
  });

  it('never lets the operator administer users inside an organisation', () => {
    for (const command of COMMANDS.filter((name) => /^(users|activations|means|roles|rights\.(assign|remove))/.test(name))) {
      expect(mayRun(['operator'], command)).toBe(false);
    }
  });

  it('lets a user with several roles do what any of them may', () => {
    expect(mayRun(['rights_administrator'], 'users.create')).toBe(false);
    expect(mayRun(['rights_administrator', 'user_administrator'], 'users.create')).toBe(true);
    expect(mayRun([], 'users.read')).toBe(false);
  });
});

import { EnrolClientCommand } from '../../apps/api/src/clients/enrol-client/enrol-client.command';
import { CreateEnrolmentTokenCommand } from '../../apps/api/src/enrolment-tokens/create-enrolment-token/create-enrolment-token.command';
import type { CreatedEnrolmentToken } from '../../apps/api/src/enrolment-tokens/create-enrolment-token/create-enrolment-token.handler';
import { EnrolWithTokenCommand } from '../../apps/api/src/enrolment-tokens/enrol-with-token/enrol-with-token.command';
import { DefineProfileCommand } from '../../apps/api/src/profiles/define-profile/define-profile.command';
import { DeleteProfileCommand } from '../../apps/api/src/profiles/delete-profile/delete-profile.command';
import { makeCsr } from '../clients/client-fixtures';
import { Medium, startMedium } from './medium-harness';

const PROFILE = { keyTypes: ['ec-p256'], extendedKeyUsages: ['clientAuth'], subject: { commonName: '{name}' } };
const ROUNDS = 40;

/**
 * Deleting a profile races enrolments that already resolved it (by POST /clients and by an enrolment
 * token): whichever commits second sees the first, so a round ends with the delete refused
 * (PROFILE_IN_USE) or every enrolment refused (UNKNOWN_PROFILE), never a live client under a deleted
 * profile.
 */
describe('medium: deleting a profile while clients enrol under it', () => {
  let m: Medium;
  beforeAll(async () => {
    m = await startMedium({ CERTPLANE_ENROLMENT_MIN_ANSWER_MS: '0' });
  });
  afterAll(() => m.stop());

  const codeOf = (o: PromiseSettledResult<unknown>) =>
    o.status === 'fulfilled' ? 'ok' : ((o.reason as { code?: string }).code ?? String(o.reason));

  it(`of ${ROUNDS} rounds run at once, none ends with both the delete and an enrolment committed`, async () => {
    const names = Array.from({ length: ROUNDS }, (_, i) => `race-${i}`);
    const csrs = await Promise.all(names.map((name) => makeCsr({ name: `CN=${name}-token` })));
    const tokens: CreatedEnrolmentToken[] = [];
    for (const name of names) {
      await m.commands.execute(new DefineProfileCommand(name, PROFILE, m.context()));
      tokens.push(
        await m.commands.execute(
          new CreateEnrolmentTokenCommand({ name: `${name}-token`, profile: name }, m.context('token:admin')),
        ),
      );
    }

    const rounds = await Promise.all(
      names.map(async (name, i) => {
        // The delete starts 0 to 14 ms after the enrolments, so rounds fall on both sides of the race and
        // some right on it, however fast either side is on this machine.
        const [deleted, ...enrolled] = await Promise.allSettled([
          new Promise((resolve) => setTimeout(resolve, (i % 8) * 2)).then(() =>
            m.commands.execute(new DeleteProfileCommand(name, m.context())),
          ),
          m.commands.execute(
            new EnrolClientCommand({ name: `${name}-a`, profile: name }, m.context(), { topicsRequired: false }),
          ),
          m.commands.execute(
            new EnrolClientCommand({ name: `${name}-b`, profile: name }, m.context(), { topicsRequired: false }),
          ),
          m.commands.execute(new EnrolWithTokenCommand(tokens[i].token, { csr: csrs[i].pem }, m.context())),
        ]);
        return { name, deleted: codeOf(deleted), enrolled: enrolled.map(codeOf) };
      }),
    );

    for (const round of rounds) {
      const [{ live }] = await m.ds.query(
        `SELECT count(*)::int AS live FROM client_registry WHERE profile = $1 AND active`,
        [round.name],
      );
      const [{ defined }] = await m.ds.query(
        `SELECT count(*)::int AS defined FROM profile_registry WHERE name = $1 AND active`,
        [round.name],
      );
      if (round.deleted === 'ok') {
        expect({ ...round, live, defined }).toEqual({
          ...round,
          enrolled: ['UNKNOWN_PROFILE', 'UNKNOWN_PROFILE', 'UNKNOWN_PROFILE'],
          live: 0,
          defined: 0,
        });
      } else {
        expect(round.deleted).toBe('PROFILE_IN_USE');
        expect({ ...round, live, defined }).toEqual({ ...round, enrolled: ['ok', 'ok', 'ok'], live: 3, defined: 1 });
      }
    }
    // Both outcomes happen: the race was run, not decided before it started.
    expect(new Set(rounds.map((r) => r.deleted))).toEqual(new Set(['ok', 'PROFILE_IN_USE']));
  });
});

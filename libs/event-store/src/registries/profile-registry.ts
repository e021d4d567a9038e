import { DataSource } from 'typeorm';
import { ProfileAlreadyExistsError, ProfileInUseError, ProfileNotFoundError } from '@certplane/domain';
import { StatementWrite } from '@certplane/persistence';
import { SideStep } from '../store/event-store';
import { releaseUnlessInUse } from './release-unless-in-use';

export interface LiveProfile {
  profileId: string;
  name: string;
}

/**
 * Which profiles are live, kept in the transaction of the events that define and delete them; the
 * partial unique index holds a live name once. Deleting takes the row's lock and only then counts the
 * live clients under the profile; an enrolment's client_registry row takes a share lock on the same row
 * in the enrolment's own statement (the client_registry_live_profile trigger) and fails when it is no
 * longer live, so neither can slip past the other (test/medium/profile-delete-race.test.ts).
 */
export class ProfileRegistry {
  constructor(private readonly ds: DataSource) {}

  reserve(profileId: string, name: string): StatementWrite {
    return {
      sql: (appended, p) =>
        `INSERT INTO profile_registry (profile_id, name) SELECT ${p(profileId)}::text, ${p(name)}::text WHERE ${appended}`,
      refused: (constraint) =>
        constraint === 'profile_registry_live_name' ? new ProfileAlreadyExistsError(name) : undefined,
    };
  }

  /** Frees the name; refuses while live clients are under the profile (counted after the lock). */
  release(profile: LiveProfile): SideStep {
    return releaseUnlessInUse(
      {
        sql: `UPDATE profile_registry SET active = false WHERE profile_id = $1 AND active`,
        params: [profile.profileId],
      },
      { sql: `SELECT count(*)::int AS n FROM client_registry WHERE profile = $1 AND active`, params: [profile.name] },
      (n) => new ProfileInUseError(profile.name, n),
    );
  }

  async findLive(name: string): Promise<string | undefined> {
    const [row] = await this.ds.query(`SELECT profile_id FROM profile_registry WHERE name = $1 AND active`, [name]);
    return row?.profile_id;
  }

  async assertLive(name: string): Promise<string> {
    const id = await this.findLive(name);
    if (!id) throw new ProfileNotFoundError(name);
    return id;
  }

  /**
   * Every profile that has had the name, oldest first: a name deleted and defined again has had several.
   * Each was defined in the transaction that reserved its row, so created_at is its ProfileDefined's recordedAt.
   */
  async everHeld(name: string): Promise<string[]> {
    const rows = await this.ds.query(
      `SELECT profile_id FROM profile_registry WHERE name = $1 ORDER BY created_at, profile_id`,
      [name],
    );
    return rows.map((r: { profile_id: string }) => r.profile_id);
  }

  /**
   * The profile that had the name at `at`, if any was defined by then: the latest defined (a live name is
   * held once). To the millisecond, as the events' recordedAt reach a reader.
   */
  async heldAt(name: string, at: Date): Promise<string | undefined> {
    const [row] = await this.ds.query(
      `SELECT profile_id FROM profile_registry WHERE name = $1 AND date_trunc('milliseconds', created_at) <= $2 ORDER BY created_at DESC LIMIT 1`,
      [name, at],
    );
    return row?.profile_id;
  }

  async listLive(): Promise<LiveProfile[]> {
    const rows = await this.ds.query(`SELECT profile_id, name FROM profile_registry WHERE active ORDER BY name`);
    return rows.map((r: { profile_id: string; name: string }) => ({ profileId: r.profile_id, name: r.name }));
  }
}

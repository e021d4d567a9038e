import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CertplaneConfig, ConfigError, CONFIG } from '@certplane/config';
import { DomainError } from '@certplane/domain';
import { ReplaceProfileCommand } from '../replace-profile/replace-profile.command';

/**
 * CERTPLANE_PROFILES_FILE: `{"<name>": <profile>, ...}`, each put as PUT /profiles/<name> would, at
 * every start: unchanged profiles record nothing, so a restart or a second replica appends nothing.
 * Profiles missing from the file are left alone (deleting is an admin's decision). A file that cannot
 * be read or holds a bad profile stops the start, naming the setting and the profile.
 */
@Injectable()
export class ProfilesFileLoader implements OnApplicationBootstrap {
  constructor(
    private readonly commands: CommandBus,
    @Inject(CONFIG) private readonly config: CertplaneConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const file = this.config.profilesFile;
    if (file === undefined) return;
    const requestId = randomUUID();
    const context = { requestId, correlationId: requestId, actor: 'config:profiles-file' };
    for (const [name, profile] of Object.entries(readProfilesFile(file))) {
      try {
        await this.commands.execute(new ReplaceProfileCommand(name, profile, context));
      } catch (e) {
        if (e instanceof DomainError)
          throw new ConfigError('CERTPLANE_PROFILES_FILE', `profile ${JSON.stringify(name)}: ${e.code}: ${e.message}`);
        throw e;
      }
    }
  }
}

export function readProfilesFile(file: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ConfigError('CERTPLANE_PROFILES_FILE', `cannot read ${file} as JSON: ${(e as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError('CERTPLANE_PROFILES_FILE', 'must hold a JSON object of profiles by name');
  }
  return parsed as Record<string, unknown>;
}

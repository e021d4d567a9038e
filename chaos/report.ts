/** The figures of a run, printed as the last line; the checks are what must hold. */
export interface ChaosFigures {
  accepted: number;
  issued: number;
  lost: number;
  duplicated: number;
  read_model_diff: number;
  dead_lettered: number;
  unexpected_5xx: number;
  crashed: number;
  secrets_found: number;
  /** Accepted, not left, issued, and still no certificate from details once quiet. */
  details_missing: number;
  poison_published: number;
  duplicates_published: number;
  answers: number;
  seconds: number;
}

export function failedChecks(f: ChaosFigures): string[] {
  const failed: string[] = [];
  if (f.accepted === 0) failed.push('accepted=0: the load generator got no enrolment through');
  if (f.lost !== 0) failed.push(`lost=${f.lost}`);
  if (f.duplicated !== 0) failed.push(`duplicated=${f.duplicated}`);
  if (f.read_model_diff !== 0) failed.push(`read_model_diff=${f.read_model_diff}`);
  if (f.dead_lettered !== f.poison_published || f.poison_published === 0)
    failed.push(`dead_lettered=${f.dead_lettered} of ${f.poison_published} poison messages`);
  if (f.unexpected_5xx !== 0) failed.push(`unexpected_5xx=${f.unexpected_5xx}`);
  if (f.crashed !== 0) failed.push(`crashed=${f.crashed}`);
  if (f.secrets_found !== 0) failed.push(`secrets_found=${f.secrets_found}`);
  if (f.details_missing !== 0) failed.push(`details_missing=${f.details_missing}`);
  return failed;
}

export function keyValueLine(f: object): string {
  return Object.entries(f)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
}

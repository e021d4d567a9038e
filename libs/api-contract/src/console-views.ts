/** GET /overview: counts and series from the read models, the CA and the pipeline's lag. */
export interface FleetOverview {
  at: string;
  clients: { enabled: number; disabled: number; removed: number };
  certificates: { valid: number; expiring_7d: number; expiring_30d: number; expired: number; revoked: number };
  /** 60 counts, one per minute, the oldest first; the last is the minute that ends now. */
  issued_per_minute: number[];
  /** 90 counts of valid certificates, one per day from now, by the day their validity ends. */
  expiring_per_day: number[];
  ca: { subject: string; not_after: string };
  /** Events committed but not yet on the bus, and messages each durable consumer has not settled (null: unknown to this bus). */
  lag: { outbox: number; consumers: Record<string, number | null> };
}

/** GET /whoami: the actor events record for the caller, how it authenticated and its roles; never the token. */
export interface Caller {
  actor: string;
  method: string;
  roles: string[];
}

/** GET /console-settings: how the console may sign people in besides an API token. Nothing secret. */
export interface ConsoleSettings {
  oidc: {
    issuer: string;
    client_id: string;
    scope: string;
    /** RFC 8707's resource indicator, which must be an absolute URI; null when the audience is a plain name. */
    resource: string | null;
  } | null;
}

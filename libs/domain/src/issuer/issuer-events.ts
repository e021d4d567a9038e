import { EventOf } from '../shared/event-registry';
import { IssuerActivated } from './events/issuer-activated.event';
import { IssuerCertificateInstalled } from './events/issuer-certificate-installed.event';
import { IssuerCreated } from './events/issuer-created.event';
import { IssuerRetired } from './events/issuer-retired.event';
import { IssuerSuperseded } from './events/issuer-superseded.event';

export const ISSUER_EVENTS = [
  IssuerCreated,
  IssuerCertificateInstalled,
  IssuerActivated,
  IssuerSuperseded,
  IssuerRetired,
] as const;

/** Every event of an issuer, its payload typed by its name: a switch on `type` narrows `data`. */
export type IssuerEvent = EventOf<(typeof ISSUER_EVENTS)[number]>;

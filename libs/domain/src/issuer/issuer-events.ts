import { IssuerActivated } from './events/issuer-activated.event';
import { IssuerCertificateInstalled } from './events/issuer-certificate-installed.event';
import { IssuerCreated } from './events/issuer-created.event';
import { IssuerSuperseded } from './events/issuer-superseded.event';

export const ISSUER_EVENTS = [IssuerCreated, IssuerCertificateInstalled, IssuerActivated, IssuerSuperseded] as const;

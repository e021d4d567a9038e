import { eventRegistry } from '../event-catalog';
import { UnknownEventTypeError } from './event-registry';

describe('event registry', () => {
  it('knows every event by explicit name and version', () => {
    expect(
      eventRegistry
        .types()
        .map((d) => `${d.category}.${d.type}@${d.schemaVersion}`)
        .sort(),
    ).toEqual([
      'channel.ChannelCreated@1',
      'channel.ChannelDeleted@1',
      'channel.ChannelUpdated@1',
      'channel.ClientsConnected@1',
      'channel.ClientsDisconnected@1',
      'client.CertificateHoldReleased@1',
      'client.CertificateIssued@1',
      'client.CertificateRegistered@1',
      'client.CertificateRenewed@1',
      'client.CertificateRevoked@1',
      'client.ClientDeleted@1',
      'client.ClientDisabled@1',
      'client.ClientEnabled@1',
      'client.ClientEnrolled@1',
      'client.ClientParentGroupSet@1',
      'client.ClientRemoved@1',
      'client.ClientUpdated@1',
      'client_roles.ClientRoleActionsAdded@1',
      'client_roles.ClientRoleActionsRemoved@1',
      'client_roles.ClientRoleAdded@1',
      'client_roles.ClientRoleMembersAdded@1',
      'client_roles.ClientRoleMembersRemoved@1',
      'client_roles.ClientRoleRemoved@1',
      'client_roles.ClientRoleRenamed@1',
      'enrolment_token.EnrolmentTokenCreated@1',
      'enrolment_token.EnrolmentTokenRevoked@1',
      'enrolment_token.EnrolmentTokenUsed@1',
      'group.GroupCreated@1',
      'group.GroupDeleted@1',
      'group.GroupParentChanged@1',
      'issuer.IssuerActivated@1',
      'issuer.IssuerCertificateInstalled@1',
      'issuer.IssuerCreated@1',
      'issuer.IssuerRetired@1',
      'issuer.IssuerSuperseded@1',
      'namespace.NamespaceCreated@1',
      'namespace.NamespaceDeleted@1',
      'profile.ProfileChanged@1',
      'profile.ProfileDefined@1',
      'profile.ProfileDeleted@1',
      'tunnel.TunnelCreated@1',
      'tunnel.TunnelDeleted@1',
      'tunnel.TunnelTokenRotated@1',
      'tunnel.TunnelUpdated@1',
    ]);
  });
  it('refuses unknown types and bad payloads', () => {
    expect(() => eventRegistry.parse('Nope', 1, {})).toThrow(UnknownEventTypeError);
    expect(() => eventRegistry.parse('ClientEnrolled', 2, {})).toThrow(UnknownEventTypeError);
    expect(() => eventRegistry.parse('ClientEnrolled', 1, { clientId: 1 })).toThrow();
    expect(eventRegistry.parse('ClientRemoved', 1, { clientId: 'a', name: 'n', reason: 'left' }).data).toEqual({
      clientId: 'a',
      name: 'n',
      reason: 'left',
    });
  });
});

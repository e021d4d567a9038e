import { Duration } from '../shared/duration';
import { ClientEnrolled } from '../client/events/client-enrolled.event';
import { profileValidity } from './certificate-profile';

describe('profileValidity', () => {
  const deployment = Duration.parse('365d');
  const seconds = (p: { validity?: string; maxValidity?: string }) => {
    const { validity, maxValidity } = profileValidity(p, deployment);
    return [validity.seconds, maxValidity.seconds];
  };

  it("is the deployment's validity and limit when the profile sets neither (the default profile)", () => {
    expect(seconds({})).toEqual([deployment.seconds, deployment.seconds]);
  });

  it("takes the profile's validity, and its maxValidity as the limit, else the longer of its validity and the deployment's", () => {
    expect(seconds({ validity: '24h' })).toEqual([86_400, deployment.seconds]);
    expect(seconds({ validity: '24h', maxValidity: '7d' })).toEqual([86_400, 7 * 86_400]);
    expect(seconds({ validity: '400d' })).toEqual([400 * 86_400, 400 * 86_400]);
  });
});

describe('ClientEnrolled under a profile', () => {
  it('reads a stored validityDays as validitySeconds, keeping profile and sans', () => {
    const stored = {
      clientId: 'c',
      name: 'n',
      topics: {},
      validityDays: 2,
      profile: 'spiffe',
      sans: [{ type: 'uri' as const, value: 'spiffe://example.org/a' }],
    };
    expect(ClientEnrolled.schema.parse(stored)).toEqual({
      clientId: 'c',
      name: 'n',
      topics: {},
      validitySeconds: 172_800,
      profile: 'spiffe',
      sans: stored.sans,
    });
  });
});

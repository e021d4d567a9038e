import fc from 'fast-check';
import { rejectionOf } from './delivered-event';
import { EventEnvelope, toEnvelope, toOutgoingMessage } from '../store/event-envelope';
import { StoredEvent } from '../store/stored-event';

const json = fc.jsonValue();

const storedEvent: fc.Arbitrary<StoredEvent> = fc.record({
  position: fc.bigInt({ min: 1n, max: 1n << 62n }).map(String),
  transactionId: fc.bigInt({ min: 1n, max: 1n << 62n }).map(String),
  eventId: fc.uuid(),
  streamId: fc.stringMatching(/^[0-9a-f]{32}$/).map((id) => `client-${id}`),
  streamVersion: fc.integer({ min: 1, max: 1_000_000 }),
  type: fc.constantFrom('ClientEnrolled', 'ClientUpdated', 'ClientDeleted', 'CertificateIssued'),
  schemaVersion: fc.constant(1),
  // JSON's own values: the store hands back what JSON.parse made of the column.
  data: fc.dictionary(fc.string(), json).map((d) => JSON.parse(JSON.stringify(d))),
  metadata: fc.record({
    eventId: fc.uuid(),
    correlationId: fc.string(),
    actor: fc.string(),
    timestamp: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  }),
  recordedAt: fc.date({ min: new Date(0), max: new Date(8.64e15), noInvalidDate: true }),
});

/** What a consumer decodes from the relay's message of e. */
const relayed = (e: StoredEvent): EventEnvelope =>
  JSON.parse(Buffer.from(toOutgoingMessage(e, 'cp.events').data).toString('utf8'));

describe("rejectionOf: a message is news of a stored event only when it is exactly the relay's message of it", () => {
  it("accepts the relay's message of the stored event, whatever order its keys come in", () => {
    fc.assert(
      fc.property(storedEvent, (e) => {
        const reordered = Object.fromEntries(Object.entries(relayed(e)).reverse()) as EventEnvelope;
        expect(rejectionOf(e.eventId, relayed(e), e)).toBeUndefined();
        expect(rejectionOf(e.eventId, reordered, e)).toBeUndefined();
      }),
    );
  });

  it('rejects any change to any field, and any field added', () => {
    const fields = Object.keys(toEnvelope({ recordedAt: new Date() } as StoredEvent));
    fc.assert(
      fc.property(storedEvent, fc.constantFrom(...fields, 'extra'), json, (e, field, value) => {
        const claimed = relayed(e) as unknown as Record<string, unknown>;
        fc.pre(JSON.stringify(claimed[field]) !== JSON.stringify(value));
        expect(rejectionOf(e.eventId, { ...claimed, [field]: value } as unknown as EventEnvelope, e)).toBe('mismatch');
      }),
    );
  });

  it('rejects a change deep inside the body', () => {
    fc.assert(
      fc.property(storedEvent, fc.string(), json, (e, key, value) => {
        const claimed = relayed(e);
        const data: Record<string, unknown> = Object.assign({}, claimed.data);
        fc.pre(!(key in data) || JSON.stringify(data[key]) !== JSON.stringify(value));
        expect(rejectionOf(e.eventId, { ...claimed, data: { ...data, [key]: value } }, e)).toBe('mismatch');
      }),
    );
  });

  it('rejects what the store does not hold, and the stored event under any message id but its own', () => {
    fc.assert(
      fc.property(storedEvent, fc.option(fc.string(), { nil: undefined }), (e, msgId) => {
        expect(rejectionOf(e.eventId, relayed(e), undefined)).toBe('unknown_event');
        fc.pre(msgId !== e.eventId);
        expect(rejectionOf(msgId, relayed(e), e)).toBe('republished');
      }),
    );
  });
});

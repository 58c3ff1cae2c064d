import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { AesGcmPayloadCodec } from '../../temporal/codec.ts';

describe('AES-256-GCM payload codec', () => {
  const codec = new AesGcmPayloadCodec(randomBytes(32));
  const payload = defaultPayloadConverter.toPayload({ name: 'Jansen', bsn: '999900006' });

  it('round-trips a payload and hides its content', async () => {
    const [encoded] = await codec.encode([payload]);
    expect(Buffer.from(encoded!.data!).toString('latin1')).not.toContain('Jansen');
    expect(Buffer.from(encoded!.metadata!.encoding!).toString()).toBe('binary/encrypted');
    const [decoded] = await codec.decode([encoded!]);
    expect(defaultPayloadConverter.fromPayload(decoded!)).toEqual({ name: 'Jansen', bsn: '999900006' });
  });

  it('uses a fresh IV per payload', async () => {
    const [a, b] = await codec.encode([payload, payload]);
    expect(Buffer.from(a!.data!).equals(Buffer.from(b!.data!))).toBe(false);
  });

  it('refuses a tampered payload and a payload from another key', async () => {
    const [encoded] = await codec.encode([payload]);
    const tampered = Buffer.from(encoded!.data!);
    tampered[20] = tampered[20]! ^ 0xff;
    await expect(codec.decode([{ ...encoded!, data: tampered }])).rejects.toThrow();
    await expect(new AesGcmPayloadCodec(randomBytes(32)).decode([encoded!])).rejects.toThrow(/unknown key/);
  });

  it('keeps its key out of anything that serialises it, as the SDK does when it logs the worker options', () => {
    const key = randomBytes(32);
    const serialised = JSON.stringify({ payloadCodecs: [new AesGcmPayloadCodec(key)] });
    expect(serialised).not.toContain(key.toString('base64'));
    expect(serialised).not.toContain(JSON.stringify([...key]).slice(1, -1));
    expect(serialised).toContain('keyId');
  });

  it('passes through payloads it did not encode', async () => {
    const [decoded] = await codec.decode([payload]);
    expect(decoded).toBe(payload);
  });
});

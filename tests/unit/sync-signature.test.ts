import { describe, expect, it } from 'vitest';
import { fromBase64, toBase64 } from '../../lib/sync/bytes';
import {
  generateKeyPair,
  keyIdOf,
  parseSignatureFile,
  parseTrustedKeys,
  signBytes,
  verifySignature,
  type KeyPair,
  type TrustedKey,
} from '../../lib/sync/signature';

const data = new TextEncoder().encode('{"format":"backstory-catalogue","packs":[]}\n');

const trust = (pair: KeyPair, role: TrustedKey['role'] = 'current'): TrustedKey => ({ keyId: pair.keyId, role, publicKey: pair.publicKey });

describe('signatures', async () => {
  const current = await generateKeyPair();
  const next = await generateKeyPair();
  const stranger = await generateKeyPair();
  const trusted = [trust(current), trust(next, 'next')];

  it('names a key by 16 hex digits of its thumbprint, the same for the public and private halves', async () => {
    expect(current.keyId).toMatch(/^[0-9a-f]{16}$/);
    expect(await keyIdOf(current.publicKey)).toBe(current.keyId);
    expect(current.keyId).not.toBe(next.keyId);
    expect(current.privateKey.d).toBeTypeOf('string');
    expect(current.publicKey).not.toHaveProperty('d');
  });

  it('verifies what it signed (round trip through the signature file text)', async () => {
    const signature = await signBytes(data, current.privateKey);
    expect(signature).toMatchObject({ format: 'backstory-signature', algorithm: 'ECDSA-P256-SHA256', keyId: current.keyId });
    expect(fromBase64(signature.signature)).toHaveLength(64);
    expect(await verifySignature(data, JSON.stringify(signature), trusted)).toEqual({ ok: true, keyId: current.keyId });
  });

  it('accepts a signature by the key pinned as "next"', async () => {
    const signature = await signBytes(data, next.privateKey);
    expect(await verifySignature(data, JSON.stringify(signature), trusted)).toEqual({ ok: true, keyId: next.keyId });
  });

  it('refuses the data with one byte flipped', async () => {
    const text = JSON.stringify(await signBytes(data, current.privateKey));
    for (const index of [0, data.length >> 1, data.length - 1]) {
      const tampered = data.slice();
      tampered[index] = (tampered[index] ?? 0) ^ 0x01;
      const result = await verifySignature(tampered, text, trusted);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error).toMatch(/does not match/);
    }
    expect((await verifySignature(data.subarray(0, data.length - 1), text, trusted)).ok).toBe(false);
  });

  it('refuses a signature with one byte flipped', async () => {
    const signature = await signBytes(data, current.privateKey);
    const raw = fromBase64(signature.signature);
    raw[10] = (raw[10] ?? 0) ^ 0x80;
    const result = await verifySignature(data, JSON.stringify({ ...signature, signature: toBase64(raw) }), trusted);
    expect(result.ok).toBe(false);
  });

  it('refuses a signature by a key it does not trust, even a valid one', async () => {
    const text = JSON.stringify(await signBytes(data, stranger.privateKey));
    const result = await verifySignature(data, text, trusted);
    expect(result).toEqual({ ok: false, error: expect.stringContaining(`key ${stranger.keyId}`) });
    // Claiming a trusted key id does not help: the trusted key does not verify it.
    const claimed = JSON.stringify({ ...JSON.parse(text), keyId: current.keyId });
    expect((await verifySignature(data, claimed, trusted)).ok).toBe(false);
  });

  it('refuses malformed signature files without throwing', async () => {
    const good = await signBytes(data, current.privateKey);
    const bad = [
      'not json',
      'null',
      '[]',
      JSON.stringify({ ...good, format: 'other' }),
      JSON.stringify({ ...good, algorithm: 'RSA' }),
      JSON.stringify({ ...good, keyId: 'ABC' }),
      JSON.stringify({ ...good, signature: '***' }),
      JSON.stringify({ ...good, signature: toBase64(new Uint8Array(63)) }),
      JSON.stringify({ ...good, signature: 'A'.repeat(300) }),
      JSON.stringify({ format: good.format, algorithm: good.algorithm, keyId: good.keyId }),
    ];
    for (const text of bad) {
      const result = await verifySignature(data, text, trusted);
      expect(result.ok, text).toBe(false);
      if (!result.ok) expect(result.error.length).toBeGreaterThan(0);
    }
    expect(parseSignatureFile('{').ok).toBe(false);
    expect(parseSignatureFile(JSON.stringify(good))).toEqual({ ok: true, signature: good });
  });

  it('parseTrustedKeys accepts a well-formed list and rejects a wrong thumbprint', async () => {
    expect(await parseTrustedKeys({ keys: trusted })).toEqual(trusted);
    await expect(parseTrustedKeys({ keys: [{ ...trust(current), keyId: next.keyId }] })).rejects.toThrow(/thumbprint/);
    await expect(parseTrustedKeys({ keys: [] })).rejects.toThrow(TypeError);
    await expect(parseTrustedKeys({ keys: [{ ...trust(current), role: 'old' }] })).rejects.toThrow(TypeError);
    // A private JWK pasted by mistake is read as its public half only.
    const [pasted] = await parseTrustedKeys({ keys: [{ ...trust(current), publicKey: current.privateKey }] });
    expect(pasted?.publicKey).not.toHaveProperty('d');
    await expect(parseTrustedKeys(null)).rejects.toThrow(TypeError);
  });
});

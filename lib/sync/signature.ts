/**
 * Detached signatures for catalogues and pack files: ECDSA P-256 with SHA-256 through WebCrypto, which
 * Chrome, Firefox and Node all have. Keys travel as JWK; a key is named by its id, the first 16 hex
 * digits of its RFC 7638 thumbprint, so a signature says which pinned key must verify it.
 */
import * as v from 'valibot';
import { fromBase64, sha256Hex, toBase64 } from './bytes';

export const SIGNATURE_ALGORITHM = 'ECDSA-P256-SHA256';
const ECDSA = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const ECDSA_SHA256 = { name: 'ECDSA', hash: 'SHA-256' } as const;

/** The detached signature file (`index.json.sig`, `<pack>.json.gz.sig`). */
export interface SignatureFile {
  format: 'backstory-signature';
  algorithm: typeof SIGNATURE_ALGORITHM;
  keyId: string;
  /** Base64 of the IEEE P1363 signature (r || s, 64 bytes) over the exact bytes of the signed file. */
  signature: string;
}

/** A public key the extension trusts, pinned at build time. */
export interface TrustedKey {
  keyId: string;
  /** "current" signs today; "next" is pinned ahead so the signing key can rotate without an extension update. */
  role: 'current' | 'next';
  publicKey: JsonWebKey;
}

export interface KeyPair {
  keyId: string;
  privateKey: JsonWebKey;
  publicKey: JsonWebKey;
}

const KEY_ID = /^[0-9a-f]{16}$/;

const SignatureFileSchema = v.object({
  format: v.literal('backstory-signature'),
  algorithm: v.literal(SIGNATURE_ALGORITHM),
  keyId: v.pipe(v.string(), v.regex(KEY_ID, 'must be 16 hex digits')),
  signature: v.pipe(v.string(), v.maxLength(200)),
});

const PublicJwkSchema = v.object({
  kty: v.literal('EC'),
  crv: v.literal('P-256'),
  x: v.pipe(v.string(), v.maxLength(100)),
  y: v.pipe(v.string(), v.maxLength(100)),
});

const TrustedKeysSchema = v.object({
  keys: v.pipe(
    v.array(v.object({ keyId: v.pipe(v.string(), v.regex(KEY_ID)), role: v.picklist(['current', 'next']), publicKey: PublicJwkSchema })),
    v.minLength(1, 'at least one key must be trusted'),
  ),
});

/** RFC 7638 thumbprint of an EC public key, shortened to 16 hex digits. */
export async function keyIdOf(publicKey: JsonWebKey): Promise<string> {
  const { crv, kty, x, y } = publicKey;
  if (kty !== 'EC' || crv !== 'P-256' || !x || !y) throw new TypeError('expected a P-256 public key (JWK)');
  return (await sha256Hex(JSON.stringify({ crv, kty, x, y }))).slice(0, 16);
}

export async function generateKeyPair(): Promise<KeyPair> {
  const pair = (await crypto.subtle.generateKey(ECDSA, true, ['sign', 'verify'])) as CryptoKeyPair;
  const privateKey = await crypto.subtle.exportKey('jwk', pair.privateKey);
  const exported = await crypto.subtle.exportKey('jwk', pair.publicKey);
  const publicKey: JsonWebKey = { kty: 'EC', crv: 'P-256', x: exported.x, y: exported.y };
  return { keyId: await keyIdOf(publicKey), privateKey, publicKey };
}

export async function signBytes(bytes: Uint8Array, privateKey: JsonWebKey): Promise<SignatureFile> {
  const key = await crypto.subtle.importKey('jwk', privateKey, ECDSA, false, ['sign']);
  const signature = new Uint8Array(await crypto.subtle.sign(ECDSA_SHA256, key, bytes as BufferSource));
  const { kty, crv, x, y } = privateKey;
  return {
    format: 'backstory-signature',
    algorithm: SIGNATURE_ALGORITHM,
    keyId: await keyIdOf({ kty, crv, x, y }),
    signature: toBase64(signature),
  };
}

/** Parse a signature file's text; the error says what is wrong with it. */
export function parseSignatureFile(text: string): { ok: true; signature: SignatureFile } | { ok: false; error: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, error: 'the signature file is not JSON' };
  }
  const parsed = v.safeParse(SignatureFileSchema, json);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const path = issue.path?.map((item) => String(item.key)).join('.') ?? '';
    return { ok: false, error: `the signature file is malformed${path ? ` (${path}: ${issue.message})` : ` (${issue.message})`}` };
  }
  return { ok: true, signature: parsed.output as SignatureFile };
}

/** Check the pinned key list itself (a build-time configuration error should fail loudly). */
export async function parseTrustedKeys(json: unknown): Promise<TrustedKey[]> {
  const parsed = v.safeParse(TrustedKeysSchema, json);
  if (!parsed.success) throw new TypeError(`trusted keys: ${parsed.issues[0].message}`);
  const keys = parsed.output.keys as TrustedKey[];
  for (const key of keys) {
    const actual = await keyIdOf(key.publicKey);
    if (actual !== key.keyId) throw new TypeError(`trusted keys: key "${key.keyId}" has the thumbprint ${actual}`);
  }
  return keys;
}

export type Verification = { ok: true; keyId: string } | { ok: false; error: string };

/** Verify `bytes` against a signature file's text with one of the trusted keys. Never throws. */
export async function verifySignature(bytes: Uint8Array, signatureText: string, trusted: readonly TrustedKey[]): Promise<Verification> {
  const parsed = parseSignatureFile(signatureText);
  if (!parsed.ok) return parsed;
  const { keyId, signature } = parsed.signature;
  const key = trusted.find((candidate) => candidate.keyId === keyId);
  if (!key) return { ok: false, error: `signed by key ${keyId}, which this version of Backstory does not trust` };
  let raw: Uint8Array;
  try {
    raw = fromBase64(signature);
  } catch {
    return { ok: false, error: 'the signature is not valid base64' };
  }
  if (raw.length !== 64) return { ok: false, error: `the signature has ${raw.length} bytes instead of 64` };
  try {
    const publicKey = await crypto.subtle.importKey('jwk', key.publicKey, ECDSA, false, ['verify']);
    const valid = await crypto.subtle.verify(ECDSA_SHA256, publicKey, raw as BufferSource, bytes as BufferSource);
    return valid ? { ok: true, keyId } : { ok: false, error: `the signature does not match the signed file (key ${keyId})` };
  } catch (error) {
    return { ok: false, error: `the signature could not be checked (${error instanceof Error ? error.message : String(error)})` };
  }
}

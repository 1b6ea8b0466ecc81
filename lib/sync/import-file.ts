/**
 * Reading a pack file the reader picked (options page): check its detached signature when there is one,
 * decompress it when it is gzip, parse it. A valid signature by a pinned key installs at once; no
 * signature, or one by a key Backstory does not pin, needs the reader's explicit confirmation; a
 * signature that does not match the file is an error. Validation and install happen afterwards.
 */
import type { ImportPhase, ImportRequest, ImportResult } from '../messages';
import { fromBase64, looksGzipped } from './bytes';
import { CATALOGUE_LIMITS } from './catalogue';
import { DownloadError, gunzipBounded, parseJsonBytes } from './download';
import { parseSignatureFile, verifySignature, type TrustedKey } from './signature';

export type DecodedImport = { ok: true; input: unknown; signedBy?: string } | Extract<ImportResult, { ok: false }>;

export async function decodeImport(
  request: ImportRequest,
  trustedKeys: readonly TrustedKey[],
  onPhase: (phase: ImportPhase) => void = () => undefined,
): Promise<DecodedImport> {
  let bytes: Uint8Array;
  try {
    bytes = fromBase64(request.data);
  } catch {
    return { ok: false, errors: [`${request.name}: the file could not be read; nothing was installed.`] };
  }

  onPhase('verifying');
  let signedBy: string | undefined;
  if (request.signature !== undefined) {
    const parsed = parseSignatureFile(request.signature);
    if (!parsed.ok) return { ok: false, errors: [`${request.name}.sig: ${parsed.error}; nothing was installed.`] };
    const pinned = trustedKeys.some((key) => key.keyId === parsed.signature.keyId);
    if (pinned) {
      const verified = await verifySignature(bytes, request.signature, trustedKeys);
      if (!verified.ok) return { ok: false, errors: [`${request.name}: ${verified.error}; nothing was installed.`] };
      signedBy = verified.keyId;
    } else if (!request.allowUnsigned) {
      return {
        ok: false,
        needsConfirmation: 'unsigned',
        errors: [`${request.name} is signed by key ${parsed.signature.keyId}, which Backstory does not trust.`],
      };
    }
  } else if (!request.allowUnsigned) {
    return { ok: false, needsConfirmation: 'unsigned', errors: [`${request.name} is not signed.`] };
  }

  try {
    if (looksGzipped(bytes)) {
      onPhase('decompressing');
      bytes = await gunzipBounded(bytes, CATALOGUE_LIMITS.decodedBytes);
    }
    const input = parseJsonBytes(bytes);
    return signedBy ? { ok: true, input, signedBy } : { ok: true, input };
  } catch (error) {
    const reason = error instanceof DownloadError ? error.message : String(error);
    return { ok: false, errors: [`${request.name} ${reason}; nothing was installed.`] };
  }
}

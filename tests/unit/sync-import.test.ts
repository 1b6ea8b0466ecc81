/** Reading a pack file the reader picked: signature, confirmation for unsigned files, gzip, JSON. */
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeImport } from '../../lib/sync/import-file';
import { gzipBytes } from '../../lib/sync/publish';
import { signBytes } from '../../lib/sync/signature';
import { toBase64 } from '../../lib/sync/bytes';
import { basePack } from './kb-fixtures';
import { makeKeys, type Keys } from './sync-fixtures';

let keys: Keys;
const bytes = new TextEncoder().encode(JSON.stringify(basePack()));

beforeAll(async () => {
  keys = await makeKeys();
});

describe('decodeImport', () => {
  it('installs a file signed by a pinned key without asking, and reports each phase', async () => {
    const signature = JSON.stringify(await signBytes(bytes, keys.trusted.privateKey));
    const phases: string[] = [];
    const decoded = await decodeImport({ name: 'base.json', data: toBase64(bytes), signature }, keys.pinned, (phase) => phases.push(phase));
    expect(decoded).toMatchObject({ ok: true, signedBy: keys.trusted.keyId, input: { manifest: { id: 'test.base' } } });
    expect(phases).toEqual(['verifying']);
  });

  it('refuses a signature that does not match the file', async () => {
    const signature = JSON.stringify(await signBytes(bytes, keys.trusted.privateKey));
    const changed = bytes.slice();
    changed[20] = changed[20]! ^ 1;
    const decoded = await decodeImport({ name: 'base.json', data: toBase64(changed), signature, allowUnsigned: true }, keys.pinned);
    expect(decoded).toMatchObject({ ok: false, errors: [expect.stringMatching(/signature does not match.*nothing was installed/)] });
    expect('needsConfirmation' in decoded && decoded.needsConfirmation).toBeFalsy();
  });

  it('asks before installing an unsigned file or one signed by a key it does not pin, then installs it as unsigned', async () => {
    expect(await decodeImport({ name: 'base.json', data: toBase64(bytes) }, keys.pinned)).toMatchObject({ ok: false, needsConfirmation: 'unsigned' });
    const foreign = JSON.stringify(await signBytes(bytes, keys.stranger.privateKey));
    const asked = await decodeImport({ name: 'base.json', data: toBase64(bytes), signature: foreign }, keys.pinned);
    expect(asked).toMatchObject({ ok: false, needsConfirmation: 'unsigned', errors: [expect.stringContaining(keys.stranger.keyId)] });
    const confirmed = await decodeImport({ name: 'base.json', data: toBase64(bytes), signature: foreign, allowUnsigned: true }, keys.pinned);
    expect(confirmed).toMatchObject({ ok: true });
    expect(confirmed.ok && confirmed.signedBy).toBeUndefined();
  });

  it('decompresses a gzip file, and says what is wrong with a broken one', async () => {
    const gz = await gzipBytes(bytes);
    const phases: string[] = [];
    const decoded = await decodeImport({ name: 'base.json.gz', data: toBase64(gz), allowUnsigned: true }, keys.pinned, (p) => phases.push(p));
    expect(decoded).toMatchObject({ ok: true, input: { manifest: { id: 'test.base' } } });
    expect(phases).toEqual(['verifying', 'decompressing']);
    const broken = gz.slice(0, gz.length - 20);
    expect(await decodeImport({ name: 'base.json.gz', data: toBase64(broken), allowUnsigned: true }, keys.pinned)).toMatchObject({
      ok: false,
      errors: [expect.stringMatching(/base\.json\.gz is not valid gzip/)],
    });
    expect(await decodeImport({ name: 'x.json', data: '%%%', allowUnsigned: true }, keys.pinned)).toMatchObject({ ok: false, errors: [expect.stringMatching(/could not be read/)] });
  });
});

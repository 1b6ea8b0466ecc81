/**
 * Build-time sync configuration: the public keys the extension trusts (`#trusted-keys`, which
 * wxt.config.ts points at keys/trusted-keys.json or at BACKSTORY_TRUSTED_KEYS) and the default pack
 * server (BACKSTORY_PACK_SERVER, empty for none). Both are baked into the build: a page or a pack cannot
 * change which keys are trusted.
 */
import keysFile from '#trusted-keys';
import type { TrustedKey } from '@/lib/sync/signature';

export const trustedKeys: readonly TrustedKey[] = (keysFile as { keys: TrustedKey[] }).keys;

export const buildPackServer: string = import.meta.env.BACKSTORY_PACK_SERVER ?? '';

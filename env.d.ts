/** Build-time inputs wired in wxt.config.ts. */
declare module '#trusted-keys' {
  /** The trusted-keys JSON ({ keys: TrustedKey[] }), checked by tests/unit/sync-keys.test.ts. */
  const value: unknown;
  export default value;
}

interface ImportMetaEnv {
  /** The default pack server baked into the build; empty for none. */
  readonly BACKSTORY_PACK_SERVER?: string;
}

/** Each test file drops what it created; nothing is shared across files to clean up here. */
export default async function globalTeardown(): Promise<void> {}

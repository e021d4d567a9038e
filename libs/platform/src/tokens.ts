/** Injection tokens for what the platform provides that has no class of its own to inject by. */
export const MESSAGE_BUS = Symbol('certplane.message-bus');
export const APP_LOGGER = Symbol('certplane.logger');
export const EMBEDDED_POSTGRES = Symbol('certplane.embedded-postgres');

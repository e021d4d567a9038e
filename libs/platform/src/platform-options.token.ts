export const PLATFORM_OPTIONS = Symbol('certplane.platform-options');

/**
 * The shapes of certplane's answers, declared once: the api builds them, the CLI and the console
 * read them. Types only, importing nothing, so the browser's build and the CLI take none of the
 * server's code with them (the layer rules hold it to that).
 */
export * from './page';
export * from './client-views';
export * from './certificate-views';
export * from './channel-views';
export * from './client-role-views';
export * from './group-views';
export * from './profile-views';
export * from './console-views';
export * from './tunnel-views';
export * from './event-views';

// maestro's version, set by the build (MAESTRO_VERSION); a leaf, so commands that print it do
// not import the entry.
declare const MAESTRO_VERSION: string;
export const VERSION = typeof MAESTRO_VERSION === "string" ? MAESTRO_VERSION : "0.0.0-dev";

// Constants shared by the seed, the app-source generator and the SSH stand-in's git objects. A module
// of its own so that seed.mjs can hash the deployed code without an import cycle through appSource.mjs.

/** The DE4 host name the seeded apps claim (URLs, env vars, the deploy commit's e-mail). */
export const DE4_HOST = 'de4.example.com';

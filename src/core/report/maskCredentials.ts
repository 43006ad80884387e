/** A URL in running text: scheme, `://`, then everything up to a blank or a quote. */
const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s'"<>`]+/gi;
/** `scheme://user:password@`; the password may not hold `/` or `@` unencoded. */
const PASSWORD = /^([a-z][a-z0-9+.-]*:\/\/[^/@:]*):[^/@]+@/i;
/** `http(s)://token@`: a token given as the user name, as git hosts take it. */
const HTTP_USER = /^(https?:\/\/)[^/@:]+@/i;
/** Anaconda's token channel path, `/t/<token>/`. */
const CONDA_TOKEN = /\/t\/[^/?#]{6,}(?=[/?#]|$)/;

/**
 * Text that is shown or saved (findings, diffs, messages, reports) with the credentials that URLs
 * from users' files carry replaced by `***`: a URL password, a token as an HTTP user name, an
 * Anaconda channel token. The URL stays recognisable; the secret does not travel into logs.
 */
export function maskUrlCredentials(text: string): string {
  if (!text.includes('://')) {
    return text;
  }
  return text.replace(URL_IN_TEXT, (url) => url.replace(PASSWORD, '$1:***@').replace(HTTP_USER, '$1***@').replace(CONDA_TOKEN, '/t/***'));
}

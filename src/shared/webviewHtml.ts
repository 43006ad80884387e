// The report panel's page, shared so the host and the webview tests load exactly the same HTML and
// Content Security Policy. Nothing but the bundle (script with the nonce, its CSS) may load: no
// inline script or style, no remote content, no fonts or images.

export interface WebviewPage {
  /** `webview.cspSource`: the origin the webview's local resources are served from. */
  readonly cspSource: string;
  /** Fresh for every page load: 128 random bits, base64 (the host's crypto.randomBytes(16)). */
  readonly nonce: string;
  /** `webview.asWebviewUri(dist/webview-ui/main.js)`. */
  readonly scriptUri: string;
  /** `webview.asWebviewUri(dist/webview-ui/main.css)`. */
  readonly styleUri: string;
  readonly title: string;
}

/** `default-src 'none'`; scripts only with the nonce; styles only from the webview's own resources. */
export function webviewCsp(cspSource: string, nonce: string): string {
  return `default-src 'none'; script-src 'nonce-${nonce}'; style-src ${cspSource}`;
}

function attr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function webviewHtml(p: WebviewPage): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${attr(webviewCsp(p.cspSource, p.nonce))}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<link rel="stylesheet" href="${attr(p.styleUri)}">`,
    `<title>${attr(p.title)}</title>`,
    '</head>',
    '<body>',
    '<div id="root"></div>',
    `<script nonce="${attr(p.nonce)}" src="${attr(p.scriptUri)}"></script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

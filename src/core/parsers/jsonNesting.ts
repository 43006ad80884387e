import { createScanner, SyntaxKind } from 'jsonc-parser';

/** Far deeper than any real app.json, far below the ~2,000 levels where jsonc-parser overflows the stack. */
export const MAX_JSON_DEPTH = 200;

/**
 * Offset of the first `[` or `{` that jsonc-parser's `parseTree` could enter more than
 * `MAX_JSON_DEPTH` levels deep, or undefined. The parser recurses once per level, so a file of a few
 * thousand `[` throws a stack overflow instead of a syntax error; callers check this first. The
 * brackets come from jsonc-parser's own scanner (strings and comments are skipped as it skips them),
 * and a closer counts only when it matches the innermost opener, as in the parser, so this depth is
 * never below the parser's.
 */
export function jsonNestingOverflow(text: string): number | undefined {
  const scanner = createScanner(text, true);
  const open: SyntaxKind[] = [];
  for (let token = scanner.scan(); token !== SyntaxKind.EOF; token = scanner.scan()) {
    if (token === SyntaxKind.OpenBraceToken || token === SyntaxKind.OpenBracketToken) {
      open.push(token);
      if (open.length > MAX_JSON_DEPTH) {
        return scanner.getTokenOffset();
      }
    } else if (
      (token === SyntaxKind.CloseBraceToken && open[open.length - 1] === SyntaxKind.OpenBraceToken) ||
      (token === SyntaxKind.CloseBracketToken && open[open.length - 1] === SyntaxKind.OpenBracketToken)
    ) {
      open.pop();
    }
  }
  return undefined;
}

// The webview's own tests live in webview-ui/test (STYLE §2); importing them here puts them in the unit
// tier: the root tsconfig compiles them through this import and .mocharc.json's spec finds this file.
import '../../../webview-ui/test/reportPanel.test';
